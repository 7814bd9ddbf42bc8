"""Nothing lost, nothing written where it must not be: which dossier a command changes,
commands at the same time, kills at every write, and what a page states of its date."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from evidence.dossier import ENV_VAR, find_dossier
from evidence.fsio import sweep_temporaries, write_atomic
from evidence.pagedate import stated_date
from tests.conftest import REPO
from tests.faults import snapshot

runner = CliRunner()
DRAFTING = Path(sys.executable).parent / "drafting"
CUTTING = "A cutting\n\nThe council said 240 cases were unallocated in October 2019, up from 232.\n"


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder in no dossier, with no dossier named in the environment."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv(ENV_VAR, raising=False)
    return folder


# --- which dossier ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["evidence", "add", "cutting.txt", "--no-input"],
        ["evidence", "accept", "letter-to-anne-longfield:6.2", "--id", "new-fact"],
        ["evidence", "curate", "letter-to-anne-longfield"],
        ["evidence", "rehash", "letter-to-anne-longfield"],
    ],
)
def test_a_command_that_writes_refuses_the_bundled_dossier(outside, args):
    """Run outside any dossier, a command that changes one says so and changes nothing."""
    (outside / "cutting.txt").write_text(CUTTING, encoding="utf-8")
    before = snapshot(REPO / "seeds"), (REPO / "facts.yaml").read_bytes()
    result = runner.invoke(app, args, input="")
    assert result.exit_code == 2, result.output
    assert "changes a dossier, and there is none here" in result.output
    assert "drafting init" in result.output and "--dossier" in result.output
    assert (snapshot(REPO / "seeds"), (REPO / "facts.yaml").read_bytes()) == before


def test_reading_commands_keep_the_bundled_default(outside):
    """Listing and verifying need no dossier of the user's."""
    result = runner.invoke(app, ["evidence", "verify"])
    assert result.exit_code == 0 and "(bundled)" in result.output


def test_a_draft_belongs_to_the_dossier_that_holds_it(make_dossier, tmp_path, monkeypatch):
    """Reviewed or rendered from another folder (or with another dossier in the
    environment), a draft is checked against the dossier above it; --dossier overrides."""
    root = make_dossier(
        facts=(
            "facts:\n  - id: tiny-figure\n    statement: The figure was 232.\n    kind: statistic\n"
            "    citations:\n      - {source: src-0, quote: The figure was 232.}\n"
        )
    )
    (root / "drafts").mkdir()
    draft = root / "drafts" / "letter.yaml"
    draft.write_text(
        "kind: letter\nsenders:\n  - {name: Jo Bloggs, role: Councillor}\n"
        "recipient: {name: Anne Longfield, honorific: Ms}\nsubject: Figures\n"
        "body:\n  - The figure was 232 [@tiny-figure].\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv(ENV_VAR, str(REPO))
    result = runner.invoke(app, ["review", str(draft), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert str(root.resolve()) in data["dossier"]
    assert not [f for f in data["findings"] if f["code"] == "unknown-fact"]
    out = tmp_path / "letter.docx"
    assert runner.invoke(app, ["render", str(draft), "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["--dossier", str(REPO), "review", str(draft)])
    assert result.exit_code == 1 and "unknown-fact" in result.output
    assert find_dossier(near=draft, env={}, cwd=elsewhere).root == root.resolve()
    assert find_dossier(near=tmp_path / "loose.yaml", env={}, cwd=root).root == root.resolve()


# --- bad input before anything is written -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        (".hidden.txt", [], "is a hidden file"),
        ("cutting.txt", ["--id", "UPPER"], "--id: 'UPPER' should be lower-case letters"),
        ("cutting.txt", ["--id", "x" * 81], "(at most 80)"),
    ],
)
def test_add_refuses_before_writing(bundled_copy, tmp_path, name, args, message):
    """A name or id the manifest cannot take: one line, exit 2, the dossier as it was."""
    (tmp_path / name).write_text(CUTTING, encoding="utf-8")
    before = snapshot(bundled_copy)
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(bundled_copy),
            "evidence",
            "add",
            str(tmp_path / name),
            "--no-input",
            *args,
        ],
    )
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output
    assert snapshot(bundled_copy) == before
    assert runner.invoke(app, ["--dossier", str(bundled_copy), "evidence", "verify"]).exit_code == 0


def test_a_file_left_by_an_interrupted_add_is_adopted_or_named(bundled_copy, tmp_path):
    """The same bytes are adopted; other bytes under that name are named, not overwritten."""
    doc = tmp_path / "cutting.txt"
    doc.write_text(CUTTING, encoding="utf-8")
    stray = bundled_copy / "seeds" / "cutting.txt"
    stray.write_text("Something else entirely, 17 times.\n", encoding="utf-8")
    args = ["--dossier", str(bundled_copy), "evidence", "add", str(doc), "--no-input"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "no source in the manifest names it" in result.output
    assert stray.read_text(encoding="utf-8").startswith("Something else")
    stray.write_text(CUTTING, encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "file: cutting.txt" in (bundled_copy / "seeds" / "sources.yaml").read_text()


# --- kills and concurrency (real processes) -----------------------------------------------

KILLER = """
import os, signal, sys
from pathlib import Path
import evidence.candidates
import evidence.fsio
calls = [0]
at, where = int(os.environ["KILL_AT"]), os.environ["KILL_WHERE"]
def dying(*args, real=None, **kwargs):
    real = real or globals()["real"]
    if where == "replace" and ".drafting-cache" in Path(args[0]).parts:
        return real(*args, **kwargs)  # a cache's write: counted are the dossier's own
    calls[0] += 1
    if calls[0] == at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
if where == "replace":  # the temporary file is written, not yet renamed (or linked: a new file)
    real = Path.replace
    Path.replace = dying
    link = os.link
    os.link = lambda *args, **kwargs: dying(*args, real=link, **kwargs)
else:  # inside the register's load: while a new fact is being verified
    import evidence.dossier
    real = evidence.dossier.Dossier.load
    evidence.dossier.Dossier.load = dying
from drafting.cli import main
sys.argv = ["drafting", *sys.argv[1:]]
main()
"""


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", KILLER, *args] if env else [str(DRAFTING), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def _temporaries(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*.tmp") if ".drafting-cache" not in p.parts]


@pytest.mark.slow
@pytest.mark.parametrize("at", [1, 2])
def test_a_kill_at_any_write_of_add_leaves_a_whole_dossier(bundled_copy, tmp_path, at):
    """Killed as it writes the document (1) or the manifest (2): the dossier still loads,
    adding again finishes the job, and the temporary file left is cleaned up."""
    doc = tmp_path / "cutting.txt"
    doc.write_text(CUTTING, encoding="utf-8")
    args = ["--dossier", str(bundled_copy), "evidence", "add", str(doc), "--no-input"]
    killed = _run(args, tmp_path, KILL_AT=str(at), KILL_WHERE="replace")
    assert killed.returncode == -9
    assert _temporaries(bundled_copy)
    assert _run(["--dossier", str(bundled_copy), "evidence", "verify"], tmp_path).returncode == 0
    again = _run(args, tmp_path)
    assert again.returncode == 0, again.stderr
    assert (bundled_copy / "seeds" / "sources.yaml").read_text().count("file: cutting.txt") == 1
    assert not _temporaries(bundled_copy)


@pytest.mark.slow
@pytest.mark.parametrize(("where", "at"), [("load", 2), ("replace", 1)])
def test_a_kill_during_accept_leaves_the_register_whole(bundled_copy, tmp_path, where, at):
    """Killed while the new fact is verified, or as facts.yaml is written: facts.yaml is
    as it was, and the next accept succeeds."""
    facts = (bundled_copy / "facts.yaml").read_bytes()
    args = [
        "--dossier",
        str(bundled_copy),
        "evidence",
        "accept",
        "letter-to-anne-longfield:6.2",
        "--id",
        "new-fact",
    ]
    assert _run(args, tmp_path, KILL_AT=str(at), KILL_WHERE=where).returncode == -9
    assert (bundled_copy / "facts.yaml").read_bytes() == facts
    again = _run(args, tmp_path)
    assert again.returncode == 0, again.stderr
    assert not _temporaries(bundled_copy)


def test_a_fact_that_does_not_verify_is_never_written(bundled_copy):
    """The new text is verified before it is written: a changed source fails the fact and
    facts.yaml is left untouched (no write and put back)."""
    seed = bundled_copy / "seeds" / "004_7bd80a9f28212646.txt"
    seed.write_bytes(seed.read_bytes() + b"A line added after the hash was recorded.\n")
    facts = bundled_copy / "facts.yaml"
    before, mtime = facts.read_bytes(), facts.stat().st_mtime_ns
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(bundled_copy),
            "evidence",
            "accept",
            "trust-plan-news:3.1",
            "--id",
            "zz-new-fact",
        ],
    )
    assert result.exit_code == 2 and "does not verify" in result.output
    assert "nothing was written" in result.output
    assert facts.read_bytes() == before and facts.stat().st_mtime_ns == mtime


def _at_once(commands: list[list[str]], root: Path) -> None:
    """Start the commands together on dossier ``root``; each must succeed."""
    procs = [
        subprocess.Popen(
            [str(DRAFTING), "--dossier", str(root), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    outcomes = [(p.communicate(timeout=120), p.returncode) for p in procs]
    assert [code for _, code in outcomes] == [0] * len(commands), outcomes


@pytest.mark.slow
def test_two_adds_and_two_accepts_at_once_are_both_kept(bundled_copy, tmp_path):
    """Each command holds the dossier while it changes it: no entry is lost."""
    for trial in range(3):
        docs = []
        for name, text in (
            (
                "a",
                "First cutting\n\nThe council said 240 cases were unallocated in October 2019.\n",
            ),
            (
                "b",
                "Second cutting\n\nOfsted visited the service again in March "
                "2020, the director said.\n",
            ),
        ):
            doc = tmp_path / f"{name}{trial}.txt"
            doc.write_text(text.replace("cutting", f"cutting {trial}"), encoding="utf-8")
            docs.append(doc)
        _at_once([["evidence", "add", str(d), "--no-input"] for d in docs], bundled_copy)
        manifest = (bundled_copy / "seeds" / "sources.yaml").read_text(encoding="utf-8")
        assert all(f"file: {d.name}" in manifest for d in docs)
    _at_once(
        [
            ["evidence", "accept", handle, "--id", fact_id]
            for handle, fact_id in (
                ("letter-to-anne-longfield:6.2", "accepted-one"),
                ("letter-to-anne-longfield:6.1", "accepted-two"),
            )
        ],
        bundled_copy,
    )
    facts = (bundled_copy / "facts.yaml").read_text(encoding="utf-8")
    assert "id: accepted-one" in facts and "id: accepted-two" in facts
    assert runner.invoke(app, ["--dossier", str(bundled_copy), "evidence", "verify"]).exit_code == 0


def test_temporaries_of_dead_processes_are_swept_and_no_others(tmp_path):
    """Only write_atomic's own names, only when their process is gone."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    left = tmp_path / f".letter.docx.{dead}.abc12345.tmp"
    mine = tmp_path / f".letter.docx.{os.getpid()}.abc12345.tmp"
    other = tmp_path / ".notes.tmp"
    for path in (left, mine, other):
        path.write_text("x", encoding="utf-8")
    write_atomic(tmp_path / "letter.docx", b"new")
    assert not left.exists() and mine.exists() and other.exists()
    assert sweep_temporaries(tmp_path) == []


# --- what a page states of its date ----------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<meta property="article:published_time" content="2019-07-30T09:12:00+01:00">',
            ("2019-07-30", "article:published_time"),
        ),
        ('<meta name="DC.date" content="2018-03">', ("2018-03", "dc.date")),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
            '"datePublished": "2020-01-02"}]}</script>',
            ("2020-01-02", "structured data"),
        ),
        ('<time datetime="2017-11-05" pubdate>5 Nov</time>', ("2017-11-05", "time element")),
        (
            '<span itemprop="datePublished">yesterday</span><meta itemprop="datePublished" '
            'content="2016-02-29">',
            ("2016-02-29", "datepublished"),
        ),
    ],
)
def test_a_page_states_its_date_in_standard_markup(html, expected):
    """Each standard place a publisher states the date, and where it was read."""
    found = stated_date(f"<html><head>{html}</head><body><p>Text.</p></body></html>")
    assert found is not None
    assert found[0].iso() == expected[0] and expected[1] in found[1]


@pytest.mark.parametrize(
    "html",
    [
        "<p>The council said 232 cases were unallocated in 2019.</p>",
        '<meta name="description" content="2019-07-30 news">',
        '<meta property="article:published_time" content="not a date">',
        '<time datetime="2019-07-30">a time that is not the publication date</time>',
        '<script type="application/ld+json">' + "[" * 5000 + "</script>",
        '<script type="application/ld+json">{"datePublished": "2019-02-30"}</script>',
    ],
)
def test_a_page_that_states_no_date_has_none(html):
    """Words, descriptions, other times and broken data state no publication date."""
    assert stated_date(f"<html><body>{html}</body></html>") is None


def _add_page(root: Path, page: Path, answers: str) -> str:
    result = runner.invoke(
        app, ["--dossier", str(root), "evidence", "add", str(page)], input=answers
    )
    assert result.exit_code == 0, result.output
    return (root / "seeds" / "sources.yaml").read_text(encoding="utf-8")


def test_a_guessed_date_is_never_recorded_as_stated(bundled_copy, tmp_path):
    """No date in the markup: blank answers leave it unknown; typing the guess records it as
    inferred, saying it was a guess."""
    page = tmp_path / "plain.html"
    page.write_text(
        "<html><head><title>Council cuts</title></head><body><article><p>The council said 232 "
        "cases were unallocated in 2019, according to the report.</p><p>The director said "
        "more staff would be hired over the coming year to reduce it.</p></article></body>"
        "</html>",
        encoding="utf-8",
    )
    manifest = _add_page(bundled_copy, page, "\n" * 10)
    entry = manifest[manifest.index("added_from: plain.html") - 400 :]
    assert "how: unknown" in entry and "how: stated" not in entry


def test_a_stated_date_is_offered_and_recorded_with_where_it_was_read(bundled_copy, tmp_path):
    """A date in article:published_time is the default answer, recorded as stated."""
    page = tmp_path / "dated.html"
    page.write_text(
        '<html><head><title>Council cuts</title><meta property="article:published_time" '
        'content="2019-10-03T08:00:00Z"></head><body><article><p>The council said 232 cases '
        "were unallocated, according to the report.</p><p>The director said more staff would "
        "be hired over the coming year.</p></article></body></html>",
        encoding="utf-8",
    )
    manifest = _add_page(bundled_copy, page, "\n" * 10)
    assert "value: '2019-10-03'" in manifest or "value: 2019-10-03" in manifest
    assert "how: stated" in manifest and "article:published_time" in manifest


def test_a_wrong_answer_is_asked_again_and_earlier_answers_kept(bundled_copy, tmp_path):
    """At the terminal, a kind or a date that is not one is asked again."""
    doc = tmp_path / "cutting.txt"
    doc.write_text(CUTTING, encoding="utf-8")
    answers = (
        "\n".join(
            [
                "My title",
                "newspaper",
                "news",
                "Northants Post",
                "",
                "17/09/2019",
                "2019-09-17",
                "",
                "",
            ]
        )
        + "\n"
    )
    result = runner.invoke(
        app, ["--dossier", str(bundled_copy), "evidence", "add", str(doc)], input=answers
    )
    assert result.exit_code == 0, result.output
    assert "'newspaper' is not a kind of source" in result.output
    assert "write it as 2019-09-17" in result.output
    manifest = (bundled_copy / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    assert 'title: "My title"' in manifest and "publisher: Northants Post" in manifest
    assert "2019-09-17" in manifest

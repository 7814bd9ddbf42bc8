"""Mail merge: one document per CSV row, each the same as rendering that draft alone."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import yaml

from drafting.merge import merge
from drafting.render import render_draft
from drafting.review.document import review_docx
from evidence.dossier import open_dossier
from tests.conftest import REPO, drafting

LETTER = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
QUESTION = REPO / "drafts" / "question-unallocated-cases.yaml"
CSV = REPO / "drafts" / "recipients.csv"


cli = drafting


def text(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def parts(path: Path, *names: str) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n) for n in names]


def test_one_letter_per_row_each_reviewed_clean(tmp_path):
    """Three rows, three letters; each addressed to its row, with all 18 footnotes; a row
    with only a title is not addressed to the draft's named recipient."""
    result = cli("render", LETTER, "--recipients", CSV, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "3 written, 0 skipped (already there), 0 failed, of 3 row(s)" in result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["001-anne-longfield.docx", "002-malcolm-newsam.docx", "003.docx"]
    second = text(tmp_path / "out" / "002-malcolm-newsam.docx")
    assert "Dear Mr Newsam," in second and "Mr Malcolm Newsam" in second
    third = text(tmp_path / "out" / "003.docx")
    assert "Dear Sir or Madam," in third and not any("Longfield" in t for t in third)
    register = open_dossier(REPO).load()
    for name in names:
        review = review_docx(tmp_path / "out" / name, register)
        assert len(review.citations) == 18 and not [
            f for f in review.findings if f.severity != "info"
        ]


def test_a_merged_letter_is_the_letter_rendered_alone(tmp_path):
    """The row that repeats the draft's own recipient gives the same document, footnotes and
    record as rendering the draft by itself."""
    dossier = open_dossier(REPO)
    alone = tmp_path / "alone.docx"
    render_draft(LETTER, dossier, out=alone)
    same = tmp_path / "same.csv"
    same.write_text(
        "name,honorific,title,organisation,address\nAnne Longfield,Ms,Children's "
        "Commissioner for England,Office of the Children's Commissioner,Sanctuary "
        "Buildings; 20 Great Smith Street; London SW1P 3BT\n"
        "Someone Else,Dr,,,\n",
        encoding="utf-8",
    )
    merge(LETTER, same, tmp_path / "out", dossier)
    merged = tmp_path / "out" / "001-anne-longfield.docx"
    names = ("word/document.xml", "word/footnotes.xml", "docProps/custom.xml")
    assert parts(merged, *names) == parts(alone, *names)


def test_two_processes_write_the_same_documents(tmp_path, monkeypatch):
    """--jobs 2, made to use both processes for 8 rows: the same files as one process, byte
    for byte in their text."""
    import drafting.merge

    monkeypatch.setattr(drafting.merge, "MIN_ROWS_PER_JOB", 1)
    rows = ["name,title"] + [f"Person {i},Councillor" for i in range(8)]
    many = tmp_path / "many.csv"
    many.write_text("\n".join(rows) + "\n", encoding="utf-8")
    dossier = open_dossier(REPO)
    one = merge(LETTER, many, tmp_path / "one", dossier, jobs=1)
    two = merge(LETTER, many, tmp_path / "two", dossier, jobs=2)
    assert [r.status for r in one] == [r.status for r in two] == ["written"] * 8
    for a, b in zip(one, two, strict=True):
        assert a.out is not None and b.out is not None and a.out.name == b.out.name
        assert parts(a.out, "word/document.xml", "word/footnotes.xml") == parts(
            b.out, "word/document.xml", "word/footnotes.xml"
        )


def test_the_same_question_to_several_cabinet_members(tmp_path):
    """Every kind: a question's recipient is its 'to'; other columns by dotted path."""
    members = tmp_path / "cabinet.csv"
    members.write_text(
        "name,title,meeting.body\nCllr A Jones,Cabinet Member for Finance,"
        "Cabinet\nCllr B Khan,Cabinet Member for Children,\n",
        encoding="utf-8",
    )
    result = cli(
        "render",
        QUESTION,
        "--recipients",
        members,
        "-o",
        tmp_path / "q",
        "--name-template",
        "{row}-{title}",
    )
    assert result.exit_code == 0, result.output
    first = text(tmp_path / "q" / "001-cabinet-member-for-finance.docx")
    assert any("Cllr A Jones" in t for t in first) and any("Cabinet" in t for t in first)
    second = text(tmp_path / "q" / "002-cabinet-member-for-children.docx")
    assert any("Full Council" in t for t in second)  # an empty cell keeps the draft's value


def test_a_bad_row_is_reported_and_the_others_written(tmp_path):
    """Row 2 has an impossible date: named by its row, the others written, exit 1; then a
    re-run with --skip-existing does only what is missing."""
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,meeting.date\nA One,2019-09-19\nB Two,2019-13-40\nC Three,\n", encoding="utf-8"
    )
    out = tmp_path / "q"
    result = cli("render", QUESTION, "--recipients", bad, "-o", out)
    assert result.exit_code == 1
    assert "row 2:" in result.output and "meeting.date" in result.output
    assert "2 written, 0 skipped (already there), 1 failed, of 3 row(s)" in result.output
    (out / "001-a-one.docx").unlink()
    again = cli("render", QUESTION, "--recipients", bad, "-o", out, "--skip-existing")
    assert "1 written, 1 skipped (already there), 1 failed" in again.output
    plain = cli("render", QUESTION, "--recipients", bad, "-o", out)
    assert (
        plain.exit_code == 1 and "already exists (use --force or --skip-existing)" in plain.output
    )


def test_mistakes_are_refused_before_anything_is_written(tmp_path):
    """An unknown column, two rows to one file, no -o, -o a file, an empty CSV: exit 2 and
    no output folder."""
    cases = {
        "name,colour\nA,red\n": "column 'colour' names no field of a letter",
        "name\nA\nA\n": "rows 1 and 2 would both be written to 001-a.docx",
        "name\n": "has a header but no rows",
    }
    for i, (content, message) in enumerate(cases.items()):
        recipients = tmp_path / f"r{i}.csv"
        recipients.write_text(content, encoding="utf-8")
        pattern = "{name}" if "rows 1 and 2" in message else "{row}-{name}"
        result = cli(
            "render",
            LETTER,
            "--recipients",
            recipients,
            "-o",
            tmp_path / f"o{i}",
            "--name-template",
            pattern,
        )
        assert result.exit_code == 2 and message.replace("001-a", "a") in result.output, (
            result.output
        )
        assert not (tmp_path / f"o{i}").exists()
    assert "give the folder with -o" in cli("render", LETTER, "--recipients", CSV).output
    afile = tmp_path / "x.docx"
    afile.write_text("x")
    assert "is a file" in cli("render", LETTER, "--recipients", CSV, "-o", afile).output
    assert yaml.safe_load(LETTER.read_text(encoding="utf-8"))["kind"] == "letter"


# --- durability: whole letters under their names, synced once per batch ------------------------

SYNC_SPY = """
import sys
from pathlib import Path
import evidence.batch
marker = Path(sys.argv[1])
synced = evidence.batch.sync_files
def spy(paths):
    paths = list(paths)
    synced(paths)
    marker.write_text("\\n".join(p.name for p in paths))
evidence.batch.sync_files = spy
from drafting.cli import main
sys.argv = ["drafting", *sys.argv[2:]]
main()
"""


def _recipients(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "many.csv"
    path.write_text(
        "name,title\n" + "".join(f"Person {i},Councillor\n" for i in range(count)), encoding="utf-8"
    )
    return path


def _stop_mid_batch(tmp_path: Path, sig: int, count: int = 400) -> tuple[Path, Path, int]:
    """A merge of ``count`` letters in its own process, sent ``sig`` once 5 letters are out."""
    import os
    import subprocess
    import sys
    import time

    out, marker = tmp_path / "out", tmp_path / "synced.txt"
    spy = tmp_path / "spy.py"
    spy.write_text(SYNC_SPY, encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            str(spy),
            str(marker),
            "--dossier",
            str(REPO),
            "render",
            str(LETTER),
            "--recipients",
            str(_recipients(tmp_path, count)),
            "-o",
            str(out),
            "--jobs",
            "1",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DRAFTING_DEBUG": ""},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and len(list(out.glob("*.docx"))) < 5:
        time.sleep(0.01)
    proc.send_signal(sig)
    return out, marker, proc.wait(60)


def _all_whole(out: Path) -> list[str]:
    names = sorted(p.name for p in out.glob("*.docx"))
    for name in names:
        with zipfile.ZipFile(out / name) as archive:
            assert archive.testzip() is None
            assert b"Person" in archive.read("word/document.xml")
    return names


def test_a_killed_merge_leaves_only_whole_letters_and_resumes(tmp_path):
    """SIGKILL mid-batch: every letter under its final name is whole (at most a temporary
    file is left over); --skip-existing then finishes the batch and sweeps the temporary."""
    import signal

    out, _, status = _stop_mid_batch(tmp_path, signal.SIGKILL, count=120)
    assert status == -signal.SIGKILL
    done = _all_whole(out)
    assert 5 <= len(done) < 120
    assert all(p.suffix in (".docx", ".tmp") for p in out.iterdir())
    again = cli(
        "render",
        LETTER,
        "--recipients",
        tmp_path / "many.csv",
        "-o",
        out,
        "--skip-existing",
        "--jobs",
        "1",
    )
    assert f"{120 - len(done)} written, {len(done)} skipped" in again.output, again.output
    assert len(_all_whole(out)) == 120 and not list(out.glob(".*.tmp"))


def test_sigterm_syncs_what_was_written_then_ends_the_process(tmp_path):
    """SIGTERM mid-batch: the letters written so far are synced, then the process ends by
    SIGTERM; every letter under its final name is whole and none is left unsynced."""
    import signal

    out, marker, status = _stop_mid_batch(tmp_path, signal.SIGTERM)
    assert status == -signal.SIGTERM
    done = _all_whole(out)
    assert 5 <= len(done) < 400
    assert set(marker.read_text(encoding="utf-8").split()) == set(done)


def test_letters_are_synced_once_at_the_end_of_the_batch_or_when_it_fails(tmp_path, monkeypatch):
    """No fsync while letters are written; one sync of every letter at the end, and of those
    written when the batch is stopped by an exception."""
    import os

    import pytest

    import evidence.batch

    fsyncs: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (fsyncs.append(fd), real(fd)))
    synced: list[list[str]] = []
    monkeypatch.setattr(
        evidence.batch, "sync_files", lambda paths: synced.append(sorted(p.name for p in paths))
    )
    dossier = open_dossier(REPO)
    seen: list[int] = []

    def progress(result):
        seen.append(len(fsyncs))
        if result.row == 3:
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        merge(LETTER, _recipients(tmp_path, 6), tmp_path / "out", dossier, progress=progress)
    assert seen == [0, 0, 0]
    assert synced == [["001-person-0.docx", "002-person-1.docx", "003-person-2.docx"]]
    merge(LETTER, _recipients(tmp_path, 6), tmp_path / "all", dossier)
    assert len(synced) == 2 and len(synced[1]) == 6 and not fsyncs


def test_skip_existing_does_not_skip_a_letter_cut_short(tmp_path):
    """A letter left empty or cut short by a power cut is reported, not skipped as done."""
    out = tmp_path / "out"
    merge(LETTER, _recipients(tmp_path, 3), out, open_dossier(REPO))
    (out / "002-person-1.docx").write_bytes(b"")
    data = (out / "003-person-2.docx").read_bytes()
    (out / "003-person-2.docx").write_bytes(data[: len(data) // 2])
    results = merge(LETTER, _recipients(tmp_path, 3), out, open_dossier(REPO), skip_existing=True)
    assert [r.status for r in results] == ["skipped", "failed", "failed"]
    assert "is not a whole .docx (cut short by a crash?)" in results[1].message

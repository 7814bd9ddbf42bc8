"""Reading the user's files safely: regular files only, bounded, inside the dossier.

Every file the commands read (drafts, templates, sources, the YAML of a dossier, a
recipients CSV, a .docx under review, the caches) may be a FIFO, a device, a folder, a
link out of the dossier, huge, or damaged. Each is one clear line and exit 2, never a
hang, a crash or memory run out; a cache that is wrong is rebuilt, never trusted.

A test that would hang on a FIFO before the fix feeds the FIFO an end of file after a
few seconds (:func:`fifo`), so the test fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafting.cli import app
from tests.conftest import REPO, refused
from tests.faults import snapshot

runner = CliRunner()
LETTER = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
MOTION = REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"


def cli(*args: object, dossier: Path = REPO):
    return runner.invoke(app, ["--dossier", str(dossier), *map(str, args)])


@contextmanager
def fifo(path: Path, seconds: float = 4.0) -> Iterator[list[str]]:
    """Make a FIFO at ``path``; a reader still blocked on it after ``seconds`` is fed EOF.

    The list yielded records each time a blocked reader had to be fed: it must stay empty.
    """
    os.mkfifo(path)
    fed: list[str] = []
    stop = threading.Event()

    def feed() -> None:
        if stop.wait(seconds):
            return
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader (yet)
                time.sleep(0.05)
                continue
            fed.append("a reader blocked on the FIFO")
            os.close(fd)
            time.sleep(0.05)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    try:
        yield fed
    finally:
        stop.set()
        thread.join()


def not_regular(path: Path, kind: str) -> None:
    """Put something that is not a regular file at ``path`` (FIFOs: use :func:`fifo`)."""
    if path.is_dir() and not path.is_symlink():
        path.rmdir()
    path.unlink(missing_ok=True)
    if kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        raise AssertionError(kind)


# --- 1. regular files only ------------------------------------------------------------------------


def test_read_input_refuses_what_is_not_a_regular_file(tmp_path):
    """A FIFO (opened without blocking), a device behind a symlink and a folder are refused."""
    from evidence.errors import SchemaError
    from evidence.fsio import read_input

    pipe = tmp_path / "pipe.yaml"
    with (
        fifo(pipe) as fed,
        pytest.raises(SchemaError, match=r"pipe\.yaml: is a FIFO \(named pipe\), not a YAML file"),
    ):
        read_input(pipe, limit=100, what="YAML file", error=SchemaError)
    assert not fed
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    with pytest.raises(SchemaError, match=r"zero\.txt: is a device, not a YAML file"):
        read_input(zero, limit=100, what="YAML file", error=SchemaError)
    with pytest.raises(SchemaError, match="is a folder, not a YAML file"):
        read_input(tmp_path, limit=100, what="YAML file", error=SchemaError)
    with pytest.raises(SchemaError, match="YAML file not found"):
        read_input(tmp_path / "none.yaml", limit=100, what="YAML file", error=SchemaError)


def test_read_input_refuses_a_file_over_its_limit_saying_the_limit(tmp_path):
    """A file over the limit is refused before it is read, with both sizes and the hint."""
    from evidence.fsio import read_input

    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 3000)
    with pytest.raises(
        Exception,
        match=r"big.csv: is 3,000 bytes, over the 2 KB limit for a CSV "
        r"file; not read. Split it",
    ):
        read_input(big, limit=2048, what="CSV file", hint="Split it")
    assert read_input(big, limit=3000) == b"x" * 3000


@pytest.mark.parametrize(
    "file", ["facts.yaml", "people.yaml", "seeds/sources.yaml", "dossier.yaml"]
)
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_dossier_yaml_that_is_not_a_regular_file(bundled_copy, file, kind):
    """facts.yaml, people.yaml, the manifest or dossier.yaml as a FIFO, /dev/zero or a folder."""
    path = bundled_copy / file
    path.unlink()
    what = {"fifo": "a FIFO (named pipe)", "device": "a device", "folder": "a folder"}[kind]
    before = snapshot(bundled_copy)
    if kind == "fifo":
        with fifo(path) as fed:
            result = cli("evidence", "verify", dossier=bundled_copy)
        assert not fed
    else:
        not_regular(path, kind)
        result = cli("evidence", "verify", dossier=bundled_copy)
    refused(result, 2, f"{Path(file).name}: is {what}, not a YAML file")
    assert snapshot(bundled_copy) == before


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_source_file_that_is_not_a_regular_file(bundled_copy, kind):
    """A source that is a FIFO, a folder or a symlink to /dev/zero is refused (verify, search, rehash)."""
    manifest = bundled_copy / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + (
            "  - id: endless\n    file: endless.txt\n    description: A source without end\n"
            "    kind: news\n    date: {how: unknown}\n"
        ),
        encoding="utf-8",
    )
    path = bundled_copy / "seeds" / "endless.txt"
    why = {
        "fifo": "endless.txt: is a FIFO (named pipe), not a source file",
        "folder": "endless.txt: is a folder, not a source file",
        "device": "endless.txt is a link to /dev/zero, outside the sources folder",
    }[kind]
    commands = (
        ("evidence", "verify"),
        ("evidence", "search", "ofsted"),
        ("evidence", "rehash", "endless"),
    )
    for command in commands:
        before = snapshot(bundled_copy)
        if kind == "fifo":
            with fifo(path) as fed:
                result = cli(*command, dossier=bundled_copy)
            path.unlink()
            assert not fed, command
        else:
            not_regular(path, kind)
            result = cli(*command, dossier=bundled_copy)
        refused(result, 2, why)
        assert snapshot(bundled_copy) == before


def test_command_line_files_that_are_fifos(tmp_path, bundled_copy):
    """Typer's exists=True lets a FIFO through: each file argument is refused when read."""
    cases = [
        (("render", "{}"), "draft.yaml", "not a YAML file"),
        (("review", "{}"), "draft.yaml", "not a draft or Word document"),
        (("review", "{}"), "letter.docx", "not a Word document"),
        (("check", "{}"), "motion.yaml", "not a YAML file"),
        (("amend", "{}", MOTION, "-o", tmp_path / "out.yaml"), "motion.yaml", "not a YAML file"),
        (
            ("render", LETTER, "--recipients", "{}", "-o", tmp_path / "out"),
            "people.csv",
            "not a CSV file",
        ),
        (
            ("new", "letter", "--answers", "{}", "-o", tmp_path / "new.yaml"),
            "answers.yaml",
            "not a YAML file",
        ),
        (("evidence", "add", "{}", "--no-input"), "cutting.txt", "not a source file"),
        (("evidence", "add", "{}", "--no-input"), "page.html", "not a page"),
    ]
    for args, name, fragment in cases:
        path = tmp_path / name
        before = snapshot(bundled_copy)
        with fifo(path) as fed:
            result = cli(*(str(path) if a == "{}" else a for a in args), dossier=bundled_copy)
        path.unlink()
        assert not fed, args
        refused(result, 2, f"{name}: is a FIFO (named pipe), {fragment}")
        assert snapshot(bundled_copy) == before
        assert not (tmp_path / "out.yaml").exists() and not (tmp_path / "new.yaml").exists()
    path = tmp_path / "letterhead.docx"
    with fifo(path) as fed:  # a template with a problem is listed as such: exit 1
        result = cli("templates", "show", path, dossier=bundled_copy)
    assert not fed
    refused(result, 1, "is a FIFO (named pipe), not a template")


def test_template_and_council_profile_that_are_fifos(tmp_path, bundled_copy):
    """A draft's template and a council profile in the dossier, as FIFOs, are refused."""
    draft = tmp_path / "draft.yaml"
    text = LETTER.read_text(encoding="utf-8")
    assert "template: letter\n" in text
    draft.write_text(
        text.replace("template: letter\n", "template: letterhead.docx\n"), encoding="utf-8"
    )
    with fifo(tmp_path / "letterhead.docx") as fed:
        result = cli("render", draft, "-o", tmp_path / "out.docx", dossier=bundled_copy)
    assert not fed
    refused(result, 2, "letterhead.docx: is a FIFO (named pipe), not a template")
    assert not (tmp_path / "out.docx").exists()
    (bundled_copy / "councils").mkdir()
    with fifo(bundled_copy / "councils" / "ours.yaml") as fed:
        result = cli("check", MOTION, "--council", "ours", dossier=bundled_copy)
    assert not fed
    refused(result, 2, "ours.yaml: is a FIFO (named pipe), not a YAML file")


def test_yaml_over_its_limit_says_the_limit(bundled_copy, monkeypatch):
    """A YAML file over the limit names its size and the limit."""
    import evidence.yamlio

    monkeypatch.setattr(evidence.yamlio, "MAX_BYTES", 2**18)
    (bundled_copy / "people.yaml").write_text("people: []\norganisations: []\n" + "#" * 2**18)
    refused(
        cli("evidence", "verify", dossier=bundled_copy),
        2,
        "people.yaml: is 262,173 bytes, over the 256 KB limit for a YAML file; not read",
    )


# --- 2. sources stay inside the sources folder ------------------------------------------------


def _link_source(root: Path, target: Path, name: str = "linked.txt") -> None:
    manifest = root / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + (
            f"  - id: linked\n    file: {name}\n    description: A linked source\n"
            "    kind: news\n    date: {how: unknown}\n"
        ),
        encoding="utf-8",
    )
    (root / "seeds" / name).symlink_to(target)


def test_a_source_linked_out_of_the_sources_folder_is_refused(bundled_copy, tmp_path):
    """A symlink in seeds/ to a file outside is refused naming the entry; its text never shown."""
    outside = tmp_path / "secret.txt"
    outside.write_text("Zanzibarian passwords are kept here.\n", encoding="utf-8")
    _link_source(bundled_copy, outside)
    line = (bundled_copy / "seeds" / "sources.yaml").read_text(encoding="utf-8").splitlines().index(
        "    file: linked.txt"
    ) + 1
    for command in (
        ("evidence", "verify"),
        ("evidence", "search", "zanzibarian"),
        ("evidence", "rehash", "linked"),
        ("evidence", "sources"),
    ):
        output = refused(
            cli(*command, dossier=bundled_copy),
            2,
            f"sources.yaml:{line}: sources[",
            f"].file (linked): linked.txt is a link to {outside}, outside the sources folder",
        )
        assert "Zanzibarian" not in output


def test_a_source_linked_inside_the_sources_folder_is_read(make_dossier):
    """A symlink to another file in the sources folder is allowed."""
    root = make_dossier()
    _link_source(root, root / "seeds" / "a.txt", name="alias.txt")
    result = cli("evidence", "search", "figure", dossier=root)
    assert result.exit_code == 0, result.output
    assert "linked, para. 2" in result.output


# --- 3. a source's size, and the time it takes --------------------------------------------------


def test_a_text_source_over_the_limit_says_what_to_do(bundled_copy, tmp_path):
    """A .txt source over 4 MB is refused by verify and by add: its size, the limit, split it."""
    big = "A paragraph of the long report.\n\n" * (4 * 2**20 // 33 + 100)
    (bundled_copy / "seeds" / "long.txt").write_text(big, encoding="utf-8")
    manifest = bundled_copy / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + (
            "  - id: long\n    file: long.txt\n    description: A long report\n"
            "    kind: report\n    date: {how: unknown}\n"
        ),
        encoding="utf-8",
    )
    refused(
        cli("evidence", "verify", dossier=bundled_copy),
        2,
        "bytes, over the 4 MB limit for a source file; not read. Split the "
        "document into parts of at most 4 MB and add each as its own source",
    )
    manifest.write_text(
        manifest.read_text(encoding="utf-8").split("  - id: long")[0], encoding="utf-8"
    )
    (tmp_path / "report.txt").write_text(big, encoding="utf-8")
    before = snapshot(bundled_copy)
    refused(
        cli("evidence", "add", tmp_path / "report.txt", "--no-input", dossier=bundled_copy),
        2,
        "report.txt: is 4,197,",
        "bytes, over the 4 MB limit for a source file",
        "Split the document",
    )
    assert snapshot(bundled_copy) == before


def _old_sentence_spans(body: str) -> list[tuple[int, int]]:
    """sentence_spans as it was: the word before each stop searched in all the text before it."""
    import re

    from evidence.segment import _ABBREVIATIONS, _SENTENCE_END

    cuts = [0]
    for match in _SENTENCE_END.finditer(body):
        word = re.search(r"([\w.]+)$", body[: match.start()])
        if word and body[match.start()] == ".":
            token = word.group(1).lower()
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        cuts.append(match.start(1))
        cuts.append(match.end(1))
    cuts.append(len(body))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    return [(a, b) for a, b in pairs if b > a]


_PROSE = st.lists(
    st.sampled_from(
        [
            "Cllr.",
            "Mr.",
            "e.g.",
            "J.",
            "a",
            "word",
            "232.",
            "Dr",
            "said.",
            "“Yes.”",
            "(see",
            "it).",
            "…",
            "No.",
            "x" * 40 + ".",
            "Thirty-two",
            "\n",
            "\n\n",
            "  ",
            ":",
            "- item",
            "etc.",
            "Approx.",
            "end!",
            "Why?",
            "£4m.",
        ]
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_PROSE)
def test_sentence_spans_are_unchanged_by_the_bounded_look_back(body):
    """Looking back a bounded window for the word before a stop finds the same sentences."""
    from evidence.segment import sentence_spans

    assert sentence_spans(body) == _old_sentence_spans(body)


class _Counting:
    """A compiled pattern that counts the characters it is asked to search."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.chars = pattern, 0

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        self.chars += (args[1] if len(args) > 1 else len(text)) - (args[0] if args else 0)
        return self.pattern.search(text, *args)

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.pattern.match(text, *args)


@pytest.mark.parametrize(
    ("shape", "size"), [("one line", 400_000), ("hard-wrapped, no stops", 1_000_000)]
)
def test_a_long_paragraph_is_segmented_in_linear_time(shape, size, monkeypatch):
    """The rules that look back from a full stop or a line end look at a bounded window,
    not all of the paragraph before it: the text they search grows with the paragraph,
    not with its square.

    Before, each sentence (or line) searched all the paragraph before it: 400 KB on one
    line took 40 s, 1 MB of lines 17 s (timed in bench, not here).
    """
    from evidence import segment as module

    words = "the council said the children's services were inadequate in every area"
    if shape == "one line":
        text = (words.capitalize() + ". ") * (size // 73)
    else:
        text = (words + "\n") * (size // 73)
    counters = {name: _Counting(getattr(module, name)) for name in ("_LAST_WORD", "_LINE_END")}
    for name, counter in counters.items():
        monkeypatch.setattr(module, name, counter)
    seg = module.segment(text)
    assert seg.size(citable=True) > size * 0.95
    searched = sum(c.chars for c in counters.values())
    assert searched <= 2 * len(text), f"{searched:,} characters searched for {len(text):,}"


def _old_locate(source, quote):
    """locate as it was: each citable paragraph normalised and searched in turn."""
    from evidence.normalise import normalise, normalise_with_map
    from evidence.verify import _locator, find_words

    wanted = normalise(quote)
    if not wanted:
        return None
    for para in source.segmentation.citable:
        norm, offsets = normalise_with_map(source.text[para.start : para.end])
        at = find_words(norm, wanted)
        if at >= 0:
            return _locator(
                source.segmentation,
                para,
                para.start + offsets[at],
                para.start + offsets[at + len(wanted) - 1] + 1,
            )
    return None


def _source(text: str):
    from evidence.segment import segment
    from evidence.sources import Source, SourceMeta

    meta = SourceMeta.model_validate(
        {"id": "s", "file": "s.txt", "description": "S", "kind": "news", "date": {"how": "unknown"}}
    )
    return Source(meta, Path("s.txt"), text, "0" * 64, segment(text))


@settings(max_examples=300, deadline=None)
@given(_PROSE, st.integers(0, 200), st.integers(1, 40))
def test_locating_in_the_whole_normalised_text_finds_what_each_paragraph_did(text, at, size):
    """One search of all the citable text gives the locator the paragraph-by-paragraph search gave."""
    from evidence.verify import locate

    source = _source(text)
    quote = text[at : at + size]
    assert locate(source, quote) == _old_locate(source, quote)
    for para in source.segmentation.citable[:3]:
        piece = text[para.start : para.end][:30]
        assert locate(source, piece) == _old_locate(source, piece)


def test_locating_quotes_in_a_source_of_many_paragraphs_is_fast(monkeypatch):
    """200 quotes in a source of 8,000 paragraphs: each is one search of the source's
    normalised text, not 8,000 normalisations of its paragraphs.

    Before, a cache of 4,096 normalised paragraphs was emptied by every pass over more than
    that: a 4 MB source took 30 s to verify the first time.
    """
    from evidence import verify

    calls = []
    real = verify.normalise_with_map
    monkeypatch.setattr(
        verify, "normalise_with_map", lambda text: calls.append(len(text)) or real(text)
    )
    verify._normalised.cache_clear()
    text = "".join(f"Paragraph {n} says the count was {n * 7} in all.\n\n" for n in range(8000))
    source = _source(text)
    found = [verify.locate(source, f"the count was {n * 7} in all") for n in range(0, 8000, 40)]
    assert [f.paragraph for f in found if f] == list(range(1, 8001, 40))
    assert len(calls) <= len(found), "each quote normalises at most the paragraph it is in"


# --- 4. the verification cache is never trusted ---------------------------------------------------


def _write_cache(root: Path) -> Path:
    """Verify once through the library and save the cache it fills (a command saves at exit)."""
    from evidence.dossier import open_dossier
    from evidence.fsio import CACHE
    from evidence.locations import FILE

    register = open_dossier(root).load()
    assert all(r.ok for r in register.reports)
    assert register.locations is not None
    register.locations.save()
    cache = root / CACHE / FILE
    assert cache.is_file()
    return cache


def _verify_twice(root: Path, damage) -> None:
    """Verify and export, damage the cache, again: the same statuses and locators, no hang."""

    def run() -> list[str]:
        results = [
            cli("evidence", "verify", dossier=root),
            cli("evidence", "export", "--format", "csv", dossier=root),
        ]
        assert all(r.exit_code == 0 for r in results), [r.output for r in results]
        return [r.output for r in results]

    first = run()
    cache = _write_cache(root)
    if damage == "fifo":
        cache.unlink()
        with fifo(cache) as fed:
            again = run()
        assert not fed
    else:
        damage(cache)
        again = run()
    assert again == first


def _rewrite(cache: Path, change) -> None:
    import json

    data = json.loads(cache.read_text(encoding="utf-8"))
    entries = [(quotes, quote) for quotes in data["sources"].values() for quote in quotes]
    assert entries
    values = [quotes[quote] for quotes, quote in entries]
    for n, (quotes, quote) in enumerate(entries):
        quotes[quote] = change(values, n)
    cache.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("every quote not found", lambda values, n: None),
        (
            "every span moved three characters on",
            lambda values, n: (
                values[n]
                if values[n] is None
                else [*values[n][:-2], *(x + 3 for x in values[n][-2:])]
            ),
        ),
        ("every span another quote's", lambda values, n: values[(n + 1) % len(values)]),
    ],
)
def test_wrong_cache_entries_are_checked_against_the_source(bundled_copy, name, change):
    """A well-formed cache whose entries are wrong changes nothing: each is checked, then located."""
    _verify_twice(bundled_copy, lambda cache: _rewrite(cache, change))


@pytest.mark.parametrize("damage", ["deep", "fifo", "device", "folder"])
def test_a_hostile_cache_file_is_a_miss(bundled_copy, damage):
    """Nesting 200,000 deep, a FIFO, /dev/zero or a folder in the cache's place: no crash, no hang."""

    def spoil(cache: Path) -> None:
        if damage == "deep":
            cache.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
        else:
            not_regular(cache, damage)

    _verify_twice(bundled_copy, "fifo" if damage == "fifo" else spoil)


def test_a_cache_file_nested_deeper_than_its_format_is_not_parsed(tmp_path, monkeypatch):
    """Nesting is bounded before json parses anything (a cache is four levels deep)."""
    import json

    from evidence import locations

    calls: list[str] = []
    monkeypatch.setattr(json, "loads", lambda text: calls.append(text))
    cache = tmp_path / "locations-v1.json"
    for text in (
        '{"version": "x", "sources": {"a": {"b": [[1], 2, 3]}}}',
        "[" * 1000 + "]" * 1000,
        '{"a": [}',
        "][",
    ):
        cache.write_text(text, encoding="utf-8")
        locations.Locations(cache)
    assert calls == []
    cache.write_text('{"version": "x", "sources": {"a": {"b": [1, 2, 3]}}}', encoding="utf-8")
    locations.Locations(cache)
    assert len(calls) == 1


# --- 5. a damaged search index is rebuilt ---------------------------------------------------------


def _shape(db_path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(db_path)
    db.execute("DROP TABLE sources")
    db.execute("CREATE TABLE sources (id TEXT PRIMARY KEY, file, sha256, mtime_ns, size)")
    db.commit()
    db.close()


def _fts_pages(db_path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(db_path)
    db.execute("DELETE FROM passage_fts_data WHERE id > 1")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "damage",
    [
        "random bytes",
        "truncated",
        "tables of another shape",
        "full-text pages lost",
        "fifo",
        "folder",
        "device",
    ],
)
def test_a_damaged_search_index_is_rebuilt(bundled_copy, damage):
    """Whatever is in the index's place, the search gives the same hits (and never hangs)."""
    from evidence.fsio import CACHE

    first = cli("evidence", "search", "unallocated cases", dossier=bundled_copy)
    assert first.exit_code == 0, first.output
    index = bundled_copy / CACHE / "search.sqlite"
    good = index.read_bytes()
    if damage == "fifo":
        index.unlink()
        with fifo(index) as fed:
            again = cli("evidence", "search", "unallocated cases", dossier=bundled_copy)
        assert not fed
    else:
        if damage == "random bytes":
            index.write_bytes(os.urandom(len(good)))
        elif damage == "truncated":
            index.write_bytes(good[: len(good) // 3])
        elif damage == "tables of another shape":
            _shape(index)
        elif damage == "full-text pages lost":
            _fts_pages(index)
        else:
            not_regular(index, damage)
            if damage == "folder":
                (index / "left.txt").write_text("x", encoding="utf-8")
        again = cli("evidence", "search", "unallocated cases", dossier=bundled_copy)
    assert again.exit_code == 0, again.output
    assert again.output == first.output
    assert index.is_file() and not index.is_symlink()


def test_a_link_in_the_index_place_is_not_followed(bundled_copy, tmp_path):
    """A symlink where the index should be is replaced: SQLite never writes through it."""
    import sqlite3

    from evidence.fsio import CACHE

    theirs = tmp_path / "theirs.sqlite"
    db = sqlite3.connect(theirs)
    db.execute("CREATE TABLE notes (text)")
    db.commit()
    db.close()
    before = theirs.read_bytes()
    (bundled_copy / CACHE).mkdir(exist_ok=True)
    (bundled_copy / CACHE / "search.sqlite").symlink_to(theirs)
    result = cli("evidence", "search", "unallocated cases", dossier=bundled_copy)
    assert result.exit_code == 0, result.output
    assert theirs.read_bytes() == before
    assert not (bundled_copy / CACHE / "search.sqlite").is_symlink()


def test_an_unwritable_cache_folder_is_one_line(bundled_copy, monkeypatch):
    """A cache folder that cannot be made or written: one line saying so, exit 2."""
    import evidence.cachedb

    def refuse(folder: Path) -> None:
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(evidence.cachedb, "make_cache_dir", refuse)
    output = refused(
        cli("evidence", "search", "unallocated cases", dossier=bundled_copy),
        2,
        ".drafting-cache: cannot keep the search index: permission denied",
    )
    assert len(output.strip().splitlines()) == 1


# --- 6. text a Word document cannot hold is refused where it is typed --------------------------

_CITING = """kind: letter
date: 2026-11-23
senders: [{name: Cllr Ann Example}]
recipient: {name: Sam Smith, honorific: Mr}
subject: Cases
body:
  - The Labour group says the administration closed the Youth Service [@labour-youth-service-sure-start-closed].
"""


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        (
            "title",
            "title: Damning OFSTED report vindicates Labour opposition",
            'title: "Damning OFSTED\\x00 report"',
        ),
        (
            "publisher",
            "    kind: blog\n    publisher: null",
            '    kind: blog\n    publisher: "A\\vB"',
        ),
        ("authors[0]", "authors: [Mick Scrimshaw]", 'authors: ["Mick\\x1fScrimshaw"]'),
        (
            "description",
            'description: "Blog post by Cllr Mick Scrimshaw',
            'description: "Blog post by\\uFFFE Cllr Mick Scrimshaw',
        ),
    ],
)
def test_a_control_character_in_a_source_is_refused_at_its_line(
    bundled_copy, tmp_path, field, old, new
):
    """A NUL (or any character XML 1.0 forbids) in sources.yaml: its line and field, not a crash."""
    manifest = bundled_copy / "seeds" / "sources.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new), encoding="utf-8")
    line = next(
        n
        for n, ln in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1)
        if new.splitlines()[-1].strip() in ln
    )
    draft = tmp_path / "draft.yaml"
    draft.write_text(_CITING, encoding="utf-8")
    for command in (("render", draft, "-o", tmp_path / "out.docx"), ("evidence", "verify")):
        refused(
            cli(*command, dossier=bundled_copy),
            2,
            f"sources.yaml:{line}: sources[1].{field}: contains the control character U+",
        )
    assert not (tmp_path / "out.docx").exists()


def test_drafts_and_register_share_one_definition_of_xml_safe_text():
    """drafting's Text is the register's: one rule for what a document can hold."""
    from drafting import models
    from evidence import sources

    assert models.Text is sources.Text
    with pytest.raises(ValueError, match=r"U\+0000"):
        sources.xml_safe("a\x00b")
    assert sources.xml_safe("tab\tnew line\ncarriage\r") == "tab\tnew line\ncarriage\r"


def test_a_citation_record_nested_without_end_is_damaged(tmp_path):
    """A .docx under review whose record (custom properties) nests 100,000 deep: one line, exit 2."""
    import re
    import zipfile

    rendered = tmp_path / "letter.docx"
    result = cli("render", LETTER, "-o", rendered)
    assert result.exit_code == 0, result.output
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(rendered) as src, zipfile.ZipFile(hostile, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/custom.xml":  # the first piece deep, the rest empty
                pieces = re.split(r"<vt:lpwstr>[^<]*</vt:lpwstr>", data.decode("utf-8"))
                deep = "[" * 100_000 + "]" * 100_000
                values = [deep, *[""] * (len(pieces) - 2)]
                data = (
                    pieces[0]
                    + "".join(
                        f"<vt:lpwstr>{v}</vt:lpwstr>{rest}"
                        for v, rest in zip(values, pieces[1:], strict=True)
                    )
                ).encode("utf-8")
            out.writestr(info, data)
    refused(
        cli("review", hostile),
        2,
        "hostile.docx: its citation record (custom properties drafting.meta.*) is damaged",
    )

"""The word tables review reads, kept in the user's cache: the same answers, whatever the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lemminflect import getAllInflections, getAllLemmas

from drafting import lexicon


@pytest.mark.parametrize(
    "word",
    [
        "said",
        "says",
        "make",
        "authorities",
        "children",
        "rose",
        "the",
        "wexbury",
        "argued",
        "functions",
    ],
)
def test_the_index_answers_as_lemminflect_does(word):
    """Parts of speech, verb and noun lemmas, finite forms: as the library's own tables."""
    lemmas = getAllLemmas(word)
    assert lexicon.parts_of_speech(word) == {
        p for p in lemmas if p in {"NOUN", "VERB", "AUX", "ADJ", "ADV", "PROPN"}
    }
    assert lexicon.verb_lemmas(word) == tuple(lemmas.get("VERB", ()))
    assert lexicon.noun_lemmas(word) == tuple(lemmas.get("NOUN", ()))
    finite = any(
        word in getAllInflections(v, upos="VERB").get(t, ())
        for v in lemmas.get("VERB", ())
        for t in ("VBD", "VBZ")
    )
    assert (lexicon.is_finite_form(word) and bool(lemmas.get("VERB"))) == finite


def test_a_cache_is_written_once_and_read_back(tmp_path: Path, monkeypatch):
    """The first call builds and writes it; the next reads it without building."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"a": [1, 2]}

    assert lexicon.cached("t", ["k"], build) == {"a": [1, 2]}
    assert lexicon.cached("t", ["k"], build) == {"a": [1, 2]}
    assert len(calls) == 1
    [written] = (tmp_path / "drafting").glob("lexicon-t-*.json")
    assert json.loads(written.read_text())["value"] == {"a": [1, 2]}
    assert not list((tmp_path / "drafting").glob(".*"))  # no temporary file left


def test_a_damaged_cache_is_built_again(tmp_path: Path, monkeypatch):
    """A truncated file (a kill mid-write elsewhere) is not trusted: it is rebuilt."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon.cached("t", ["k"], lambda: {"a": 1})
    [written] = (tmp_path / "drafting").glob("lexicon-t-*.json")
    written.write_text('{"a": ', encoding="utf-8")
    assert lexicon.cached("t", ["k"], lambda: {"a": 2}) == {"a": 2}


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch):
    """Where the cache folder cannot be made, the answer is built in memory."""
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert lexicon.cached("t", ["k"], lambda: [3]) == [3]

"""The quote index: every source that holds a quote is a candidate, so nothing is missed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.dossier import open_dossier
from evidence.quoteindex import QuoteIndex
from evidence.segment import segment
from evidence.sources import Source, SourceMeta
from evidence.verify import locate
from tests.conftest import REPO

_WORDS = st.sampled_from(
    [
        "the",
        "figure",
        "was",
        "232",
        "23",
        "2.3",
        "front-line",
        "Cllr.",
        "“cases”",
        "children's",
        "children’s",
        "—",
        "é",
        "e\u0301",
        "x_y",
        "\n\n",
        "  ",
        "(see",
        "it).",
        "No.",
        "A",
    ]
)
_TEXT = st.lists(_WORDS, max_size=40).map(" ".join)


def _source(sid: str, text: str) -> Source:
    meta = SourceMeta.model_validate(
        {
            "id": sid,
            "file": f"{sid}.txt",
            "description": "S",
            "kind": "news",
            "date": {"how": "unknown"},
        }
    )
    return Source(meta, Path(f"{sid}.txt"), text, "0" * 64, segment(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4), st.data())
def test_every_source_holding_a_quote_is_a_candidate(texts, data):
    """A quote cut from any source (words, punctuation, cut mid-word) is never missed."""
    sources = {f"s{n}": _source(f"s{n}", t) for n, t in enumerate(texts)}
    text = data.draw(st.sampled_from(texts))
    at = data.draw(st.integers(0, max(0, len(text) - 1)))
    quote = text[at : at + data.draw(st.integers(1, 60))] or "the"
    holding = tuple(sid for sid, s in sources.items() if locate(s, quote) is not None)
    found = QuoteIndex(sources, [quote]).candidates(quote)
    assert found is None or set(holding) <= set(found)
    assert found is None or list(found) == sorted(found, key=list(sources).index)


def test_a_short_quote_or_one_not_indexed_may_be_anywhere():
    """Fewer than three words, or a quote the index was not given: every source is searched."""
    sources = {"a": _source("a", "The figure was 232.")}
    index = QuoteIndex(sources, ["figure was", "The figure was"])
    assert index.candidates("figure was") is None
    assert index.candidates("was 232") is None
    assert index.candidates("The figure was") == ("a",)


def test_a_source_lacking_a_sequence_is_not_a_candidate():
    """Sources without the quote's words in that order are not searched."""
    sources = {
        "a": _source("a", "The figure was 232 in March."),
        "b": _source("b", "Was the figure 232 in March?"),
        "c": _source("c", "Later the figure was 232 in March, again."),
    }
    assert QuoteIndex(sources, ["the figure was 232"]).candidates("the figure was 232") == (
        "c",
    )  # "The" in a is another word: case is kept


def test_the_bundled_register_is_corroborated_as_by_searching_every_source():
    """Each fact's other sources are those a search of every source finds."""
    register = open_dossier(REPO).load()
    for report in register.reports:
        cited = {c.source for c in report.fact.citations}
        quotes = {c.quote for c in report.fact.citations}
        every = tuple(
            sid
            for sid, src in register.sources.items()
            if sid not in cited and any(locate(src, q) for q in quotes)
        )
        assert report.also_quoted_in == every
    assert any(r.also_quoted_in for r in register.reports)


def _kept_sources() -> dict[str, Source]:
    return {
        "a": _source("a", "The figure was 232 in March."),
        "b": _source("b", "Later the figure was 232 in March, again."),
        "c": _source("c", "Nothing of the kind."),
    }


def test_what_the_index_finds_is_kept_between_runs(tmp_path: Path, monkeypatch):
    """A second run with the same sources and quotes reads the candidates back, unbuilt."""
    from evidence import quoteindex

    quotes = ["the figure was 232", "The figure was 232", "was 232"]
    first = quoteindex.quote_index(_kept_sources(), quotes, {}, tmp_path)
    monkeypatch.setattr(quoteindex, "sequences", lambda text: pytest.fail("built again"))
    again = quoteindex.quote_index(_kept_sources(), quotes, {}, tmp_path)
    for quote in [*quotes, "not given"]:
        assert again.candidates(quote) == first.candidates(quote)
    assert again.candidates("the figure was 232") == ("b",)


def test_a_changed_source_or_forged_file_builds_the_index_again(tmp_path: Path):
    from evidence import quoteindex

    quotes = ["the figure was 232"]
    quoteindex.quote_index(_kept_sources(), quotes, {}, tmp_path)
    changed = _kept_sources()
    changed["c"] = Source(
        changed["c"].meta,
        Path("c.txt"),
        "So the figure was 232.",
        "1" * 64,
        segment("So the figure was 232."),
    )
    index = quoteindex.quote_index(changed, quotes, {}, tmp_path)
    assert index.candidates("the figure was 232") == ("b", "c")
    path = tmp_path / "quote-index.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["value"] = [[7]]  # a source that is not there
    path.write_text(json.dumps(stored), encoding="utf-8")
    index = quoteindex.quote_index(changed, quotes, {}, tmp_path)
    assert index.candidates("the figure was 232") == ("b", "c")

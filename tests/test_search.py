"""The search index: FTS5 over every citable passage, never stale, safe with any query."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafting.cli import app
from evidence.dates import PartialDate
from evidence.dossier import open_dossier
from evidence.fsio import CACHE
from evidence.search import HIT_END, HIT_START, SearchIndex, fts_query
from tests.conftest import MakeDossier

runner = CliRunner()


def cli(root: Path, *args: str):
    return runner.invoke(app, ["--dossier", str(root), "evidence", "search", *args])


def test_phrase_prefix_and_words(bundled_copy):
    """Words must all match; a phrase must match in order; word* is a prefix; BM25 ranks."""
    index = open_dossier(bundled_copy).index()
    hits = index.search("unallocated cases")
    assert hits[0].locator == "letter-to-anne-longfield, para. 6"
    assert f"{HIT_START}unallocated{HIT_END}" in hits[0].snippet
    assert "unallocated-cases-232" in hits[0].facts and hits[0].cited
    assert index.search('"cases unallocated"') == []
    assert len(index.search("outsourc*")) > len(index.search("outsourcing"))
    scores = [h.score for h in index.search("ofsted")]
    assert scores == sorted(scores, reverse=True)


def test_filters_and_limit(bundled_copy):
    """--source, --kind, --since (undated sources left out), and the limit."""
    index = open_dossier(bundled_copy).index()
    assert {h.source for h in index.search("trust", source="birch-motion-news")} == {
        "birch-motion-news"
    }
    assert {h.kind for h in index.search("trust", kind="letter")} == {"letter"}
    assert {h.source for h in index.search("trust", since=PartialDate(2019, 9))} == {
        "birch-motion-news",
        "ofsted-north-northamptonshire-2022",
        "ofsted-west-northamptonshire-2022",
    }
    assert {h.source for h in index.search("trust", since=PartialDate(2020))} == {
        "ofsted-north-northamptonshire-2022",
        "ofsted-west-northamptonshire-2022",
    }
    assert len(index.search("the", limit=3)) == 3
    assert len(index.search("the", limit=10_000)) <= 200


def test_uncited_passages_are_marked(bundled_copy):
    """A passage no fact quotes has no facts: the user can make one."""
    hits = open_dossier(bundled_copy).index().search("government instruction")
    assert hits and not hits[0].cited


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab \"*()-:^+{}[]'.,\\", "NOT", "AND", "OR", "NEAR", "é", " "]),
        max_size=20,
    ).map("".join)
)
def test_any_query_is_safe(query):
    """Whatever is typed, FTS5 never sees a syntax error: a query runs or has no words."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    db.execute("INSERT INTO t VALUES ('a b NOT AND OR NEAR é')")
    try:
        match = fts_query(query)
    except ValueError:
        assert not any(c.isalnum() for c in query)
        return
    db.execute("SELECT * FROM t WHERE t MATCH ?", (match,)).fetchall()


def test_never_stale_and_incremental(make_dossier: MakeDossier):
    """A changed source is re-indexed before the next query, alone; a removed one is dropped."""
    root = make_dossier(sources={"a.txt": "Apples are red.\n", "b.txt": "Bananas are yellow.\n"})
    dossier = open_dossier(root)
    assert dossier.index().search("apples") and not dossier.index().search("cherries")
    (root / "seeds" / "a.txt").write_text("Cherries are dark.\n", encoding="utf-8")
    index = SearchIndex(root / CACHE / "search.sqlite")
    manifest = (root / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    from evidence.sources import Manifest
    from evidence.yamlio import read_yaml, validate

    metas = validate(read_yaml(root / "seeds" / "sources.yaml"), Manifest).sources
    done = index.refresh(metas, root / "seeds")
    assert done.indexed == ("src-0",) and done.passages == 1
    assert index.search("cherries") and not index.search("apples")
    assert index.refresh(metas, root / "seeds").indexed == ()  # nothing changed since
    (root / "seeds" / "sources.yaml").write_text(
        manifest.split("  - id: src-1")[0], encoding="utf-8"
    )
    assert dossier.index().search("bananas") == []
    assert (root / CACHE / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_a_damaged_index_is_rebuilt(make_dossier: MakeDossier):
    """The index is a cache: garbage in its file is replaced, not an error."""
    root = make_dossier(sources={"a.txt": "Apples are red.\n"})
    (root / CACHE).mkdir()
    (root / CACHE / "search.sqlite").write_bytes(b"not a database at all" * 100)
    assert open_dossier(root).index().search("apples")


def test_cli_table_json_and_bad_input(bundled_copy):
    """The command: hits with locators; JSON; clear errors with exit 2."""
    table = cli(bundled_copy, "unallocated cases")
    assert table.exit_code == 0 and "letter-to-anne-longfield, para. 6" in table.output
    assert "quoted by departures-no-reason-given," in table.output
    data = json.loads(cli(bundled_copy, "government instruction", "--format", "json").output)
    assert data["hits"][0]["cited"] is False and "**government**" in data["hits"][0]["snippet"]
    for args, message in [
        (['"'], "nothing to search for"),
        (["x " * 600], "at most 1,000"),
        (["x", "--source", "nope"], "no source 'nope'"),
        (["x", "--since", "2019-13"], "--since"),
    ]:
        result = cli(bundled_copy, *args)
        assert result.exit_code == 2 and message in result.output, result.output
        assert "Traceback" not in result.output


def test_scoring_is_bounded_for_common_words(make_dossier: MakeDossier, monkeypatch):
    """Past MAX_SCORED matches, the best are chosen among the newest, and the results say so;
    a selective query is scored in full."""
    import evidence.search

    texts = {f"{i}.txt": f"Item {i} mentions the council.\n" for i in range(30)}
    texts["30.txt"] = "The council council council report.\n"
    root = make_dossier(sources=texts)
    index = open_dossier(root).index()
    assert not index.search("council").capped
    monkeypatch.setattr(evidence.search, "MAX_SCORED", 5)
    hits = index.search("council", limit=3)
    assert hits.capped and len(hits) == 3 and hits[0].source == "src-30"
    assert not index.search("report").capped
    result = cli(root, "council")
    assert "most recently indexed" in result.output

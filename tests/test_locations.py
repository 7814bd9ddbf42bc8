"""The verification cache: the same answers as locating afresh, and never trusted when stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evidence import verify
from evidence.dossier import open_dossier
from evidence.fsio import CACHE
from evidence.locations import FILE


def reports(root: Path) -> list[tuple[str, str, tuple[object, ...], tuple[str, ...]]]:
    """What a listing shows of each fact: status, locators and other sources quoting it."""
    register = open_dossier(root).load()
    out = [
        (r.fact.id, r.status, tuple(c.locator for c in r.checks), r.also_quoted_in)
        for r in register.reports
    ]
    assert register.locations is not None
    register.locations.save()
    return out


def refuse_to_locate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail when a quote the cache holds is located afresh (one not found is searched again)."""
    real = verify.locate

    def fail(source: object, quote: str) -> object:
        found = real(source, quote)  # type: ignore[arg-type]
        if found is not None:
            raise AssertionError("located afresh although the cache had the answer")
        return found

    monkeypatch.setattr(verify, "locate", fail)


def test_a_second_load_is_answered_from_the_cache_with_the_same_results(bundled_copy, monkeypatch):
    """Every quote found by the first run is located from the cache it wrote."""
    first = reports(bundled_copy)
    assert (bundled_copy / CACHE / FILE).is_file()
    refuse_to_locate(monkeypatch)
    assert reports(bundled_copy) == first
    assert any(status == "verified" for _, status, _, _ in first)


def test_an_edited_source_is_located_again(make_dossier, monkeypatch):
    """A source whose bytes changed misses the cache: its quote is no longer found."""
    root = make_dossier(
        facts="facts:\n  - id: f\n    statement: The figure was 232.\n"
        "    kind: statistic\n    topics: [t]\n    citations:\n"
        "      - source: src-0\n        quote: The figure was 232\n"
    )
    assert reports(root)[0][1] == "verified"
    (root / "seeds" / "a.txt").write_text(
        "First paragraph here.\n\nThe figure was 250.\n", encoding="utf-8"
    )
    assert reports(root)[0][1] != "verified"


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all {",
        json.dumps({"version": "another", "sources": {}}),
        json.dumps({"version": None, "sources": {"x": [1, 2]}}),
        "[]",
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(bundled_copy, damage):
    """Garbage, another version's cache or a wrong shape: the results are the same."""
    first = reports(bundled_copy)
    (bundled_copy / CACHE / FILE).write_text(damage, encoding="utf-8")
    assert reports(bundled_copy) == first
    assert json.loads((bundled_copy / CACHE / FILE).read_text(encoding="utf-8"))["sources"]


def test_damaged_entries_are_located_again(bundled_copy):
    """An entry of the wrong shape (a hand edit, a torn write) is not trusted."""
    first = reports(bundled_copy)
    path = bundled_copy / CACHE / FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    for quotes in data["sources"].values():
        for quote in quotes:
            quotes[quote] = ["a", 2, 3, 4, 5]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert reports(bundled_copy) == first


def test_an_unwritable_cache_is_only_absent(bundled_copy):
    """A cache folder that cannot be written: no error, the same results."""
    shutil.rmtree(bundled_copy / CACHE, ignore_errors=True)
    (bundled_copy / CACHE).write_text("a file where the folder should be", encoding="utf-8")
    first = reports(bundled_copy)
    assert first and (bundled_copy / CACHE).is_file()


def _many(count: int) -> tuple[object, list[str]]:
    """A source of ``count`` paragraphs, and a quote from each."""
    from evidence.segment import segment
    from evidence.sources import Source, SourceMeta

    text = "".join(f"Paragraph {n} says the count was {n * 7}.\n\n" for n in range(count))
    meta = SourceMeta.model_validate(
        {"id": "s", "file": "s.txt", "description": "S", "kind": "news", "date": {"how": "unknown"}}
    )
    source = Source(meta, Path("s.txt"), text, "0" * 64, segment(text))
    return source, [f"the count was {n * 7}" for n in range(count)]


def test_the_cache_keeps_its_size_and_never_empties_itself_mid_run(tmp_path, monkeypatch):
    """Past the limit every entry stays for the run; the file then keeps what the run used."""
    from evidence import locations

    monkeypatch.setattr(locations, "MAX_ENTRIES", 3)
    source, quotes = _many(10)
    first = locations.Locations(tmp_path / FILE)
    for quote in quotes:
        first.locate(source, quote)  # type: ignore[arg-type]
    assert first.size == 10
    assert all(first.get(source, q) is not None for q in quotes)  # type: ignore[arg-type]
    first.save()
    monkeypatch.setattr(locations, "MAX_ENTRIES", 1000)
    second = locations.Locations(tmp_path / FILE)
    assert second.size == 10  # under the limit when written: all kept
    monkeypatch.setattr(locations, "MAX_ENTRIES", 3)
    assert [second.get(source, q) is not None for q in quotes[:2]] == [True, True]  # type: ignore[arg-type]
    second.put(source, quotes[2], None)  # type: ignore[arg-type]
    assert second.size == 9
    second.put(source, "another quote", verify.locate(source, quotes[5]))  # type: ignore[arg-type]
    assert second.size == 10
    second.save()
    third = locations.Locations(tmp_path / FILE)
    assert third.size == 3  # the two it found and the one it added
    assert all(third.get(source, q) is not None for q in quotes[:2])  # type: ignore[arg-type]

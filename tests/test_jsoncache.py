"""What is kept between runs as JSON: long YAML files parsed, sources segmented.

A cache only saves time: every test here checks that the answer read back is the answer
computed, and that anything stale, damaged or foreign is computed again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence import jsoncache, sources, yamlio
from evidence.errors import SchemaError
from evidence.segment import from_json, segment, to_json
from evidence.sources import load_sources
from evidence.yamlio import CACHE_FROM, parse_yaml


def test_a_value_is_read_back_only_for_its_own_key(tmp_path: Path):
    path = tmp_path / "c" / "x.json"
    jsoncache.store(path, [1, ("a", 2)], {"v": [1, 2]})
    assert jsoncache.load(path, [1, ("a", 2)]) == {"v": [1, 2]}  # tuples read back as lists
    assert jsoncache.load(path, [1, ("a", 3)]) is jsoncache.MISSING
    path.write_text('{"key": [1, ["a", 2]], "val', encoding="utf-8")  # killed mid-write
    assert jsoncache.load(path, [1, ("a", 2)]) is jsoncache.MISSING
    path.write_text("[1, 2]", encoding="utf-8")  # another shape
    assert jsoncache.load(path, [1, ("a", 2)]) is jsoncache.MISSING


def test_a_value_that_cannot_be_written_is_skipped(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    jsoncache.store(blocked / "x.json", 1, [1])  # no error: the cache only saves time
    jsoncache.store(tmp_path / "y.json", 1, {1j})  # not JSON: nothing, not half a file
    assert not list(tmp_path.glob("*.json")) and not list(tmp_path.glob(".*"))


def _long_yaml(n: int = 3000) -> str:
    text = "facts:\n" + "".join(
        f"  - id: f-{i}\n    statement: Fact number {i} says 12 things.\n    date: 2019-05-0{i % 9 + 1}\n"
        for i in range(n)
    )
    assert len(text) >= CACHE_FROM
    return text


def test_a_long_yaml_file_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The second read of the same text is the first's data, lines and notes, unparsed."""
    text = _long_yaml() + "  - id: slip\n    statement: a\n     - b\n"
    first = parse_yaml(text, tmp_path / "facts.yaml", tmp_path / "cache")
    assert first.notes  # the slip's note is kept too
    monkeypatch.setattr(yamlio, "_parse", lambda *a: pytest.fail("parsed again"))
    again = parse_yaml(text, tmp_path / "facts.yaml", tmp_path / "cache")
    assert (again.data, dict(again.lines), again.notes) == (
        first.data,
        dict(first.lines),
        first.notes,
    )
    assert again.line_of(("facts", 2999, "date")) == first.line_of(("facts", 2999, "date"))
    assert isinstance(again.data["facts"][0]["date"], str)  # dates stay text


def test_a_changed_yaml_file_is_parsed_again(tmp_path: Path):
    cache = tmp_path / "cache"
    parse_yaml(_long_yaml(), tmp_path / "facts.yaml", cache)
    changed = _long_yaml().replace("f-7\n", "f-seven\n")
    assert parse_yaml(changed, tmp_path / "facts.yaml", cache).data["facts"][7]["id"] == "f-seven"
    [kept] = cache.glob("yaml-*.json")  # one file per path, not one per version
    assert "f-seven" in kept.read_text(encoding="utf-8")


def test_a_damaged_or_forged_yaml_cache_is_not_believed(tmp_path: Path):
    cache, path, text = tmp_path / "cache", tmp_path / "facts.yaml", _long_yaml()
    parse_yaml(text, path, cache)
    [kept] = cache.glob("yaml-*.json")
    stored = json.loads(kept.read_text(encoding="utf-8"))
    stored["value"]["lines"] = "not lines"
    kept.write_text(json.dumps(stored), encoding="utf-8")
    assert parse_yaml(text, path, cache).line_of(("facts", 1)) == 5


def test_short_bad_and_number_keyed_yaml_is_not_kept(tmp_path: Path):
    cache = tmp_path / "cache"
    parse_yaml("facts: []\n", tmp_path / "a.yaml", cache)
    with pytest.raises(SchemaError, match="malformed YAML"):
        parse_yaml(_long_yaml() + "  - [unclosed\n", tmp_path / "b.yaml", cache)
    numbers = _long_yaml() + "counts:\n  1: one\n"
    doc = parse_yaml(numbers, tmp_path / "c.yaml", cache)
    assert doc.data["counts"] == {1: "one"}  # JSON would have made the key text
    assert not cache.exists() or not list(cache.glob("yaml-*.json"))


def test_a_segmentation_reads_back_as_it_was_made():
    text = (
        "Menu\n\n1. The council met. It agreed the budget.\n\n"
        "2. Spending rose by 3.5% in 2019. Dr. Jones said so.\n\n12 Comments\n\nA reader."
    )
    made = segment(text)
    back = from_json(text, json.loads(json.dumps(to_json(made))))
    assert back == made
    assert [p.label for p in back.citable] == [p.label for p in made.citable]
    with pytest.raises(ValueError, match="not a stored segmentation"):
        from_json(text, [[["x"]], [], [], []])


def test_sources_are_segmented_once(make_dossier, monkeypatch: pytest.MonkeyPatch):
    root = make_dossier({"a.txt": "One. Two.\n\nThree.\n", "b.txt": "Four five.\n"})
    manifest, parsed = root / "seeds" / "sources.yaml", root / "parsed"
    first = load_sources(manifest, parsed=parsed)
    monkeypatch.setattr(sources, "segment_source", lambda *a: pytest.fail("segmented again"))
    again = load_sources(manifest, parsed=parsed)
    assert {k: s.segmentation for k, s in again.items()} == {
        k: s.segmentation for k, s in first.items()
    }


def test_a_changed_source_or_changed_code_is_segmented_again(make_dossier, monkeypatch):
    root = make_dossier({"a.txt": "One. Two.\n\nThree.\n", "b.txt": "Four five.\n"})
    manifest, parsed = root / "seeds" / "sources.yaml", root / "parsed"
    load_sources(manifest, parsed=parsed)
    (root / "seeds" / "b.txt").write_text("Four five. Six.\n\nSeven.\n", encoding="utf-8")
    assert len(load_sources(manifest, parsed=parsed)["src-1"].segmentation.citable) == 2
    stored = json.loads((parsed / "segments.json").read_text(encoding="utf-8"))
    assert len(stored["value"]) == 2  # the old b.txt is no longer kept
    calls = []
    real = sources.segment_source
    monkeypatch.setattr(sources, "segment_source", lambda *a: calls.append(1) or real(*a))
    monkeypatch.setattr(sources, "code_version", lambda: "another version")
    load_sources(manifest, parsed=parsed)
    assert len(calls) == 2


def test_a_forged_segmentation_is_not_believed(make_dossier):
    """Spans past the text's end (another text's segmentation) are segmented again."""
    root = make_dossier({"a.txt": "One. Two.\n\nThree.\n"})
    manifest, parsed = root / "seeds" / "sources.yaml", root / "parsed"
    load_sources(manifest, parsed=parsed)
    path = parsed / "segments.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    [name] = stored["value"]
    stored["value"][name][0][0][1] = 10_000
    path.write_text(json.dumps(stored), encoding="utf-8")
    source = load_sources(manifest, parsed=parsed)["src-0"]
    assert source.segmentation == segment(source.text)


def test_a_dossier_keeps_its_parsed_files_in_its_cache(bundled_copy: Path):
    from evidence.dossier import open_dossier

    dossier = open_dossier(bundled_copy)
    first = dossier.load()
    assert (dossier.parsed / "segments.json").is_file()
    assert (dossier.parsed / ".gitignore").is_file()
    again = dossier.load()
    assert [f.id for f in again.facts.values()] == [f.id for f in first.facts.values()]
    assert {k: s.segmentation for k, s in again.sources.items()} == {
        k: s.segmentation for k, s in first.sources.items()
    }

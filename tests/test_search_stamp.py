"""The dossier's change stamp: a search stats every source only when it changed (#23).

Added, removed, renamed and replaced sources change the sources folder's time, an edited
manifest or facts file the stamp itself: each is seen by the next search. A source written
over in place changes only its own time: it is seen at the next full check, at most
:data:`evidence.stamp.FULL_CHECK_SECONDS` later. Times are set an hour back before each
first check, so its stamp is recorded (a stamp as new as what it records is not trusted).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import evidence.stamp
from evidence.dossier import Dossier, open_dossier
from evidence.stamp import dossier_stamp
from tests.conftest import MakeDossier

SOURCES = {"a.txt": "Apples are red.\n", "b.txt": "Bananas are yellow.\n"}


def settle(root: Path) -> None:
    """Every file of the dossier, and its sources folder, last changed an hour ago."""
    past = time.time() - 3600
    for path in [*root.rglob("*"), root / "seeds"]:
        if path.is_file() or path.is_dir():
            os.utime(path, (past, past))


def found(root: Path, query: str) -> list[str]:
    return [hit.source for hit in open_dossier(root).index().search(query)]


@pytest.fixture
def checked(make_dossier: MakeDossier) -> Path:
    """A dossier searched once: a full check, its stamp recorded."""
    root = make_dossier(sources=SOURCES)
    settle(root)
    assert found(root, "apples") == ["src-0"]
    return root


def no_full_check(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    full = Dossier._refresh

    def counted(self: Dossier, *args: object) -> None:
        calls.append(1)
        full(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Dossier, "_refresh", counted)
    return calls


def test_an_unchanged_dossier_is_not_checked_again(checked: Path, monkeypatch) -> None:
    calls = no_full_check(monkeypatch)
    assert found(checked, "bananas") == ["src-1"]
    assert calls == []


def test_a_stamp_as_new_as_its_files_is_not_trusted(make_dossier: MakeDossier, monkeypatch) -> None:
    root = make_dossier(sources=SOURCES)  # just written: within a tick of the check
    found(root, "apples")
    calls = no_full_check(monkeypatch)
    found(root, "apples")
    assert calls == [1]


def test_an_added_source_is_found(checked: Path) -> None:
    (checked / "seeds" / "c.txt").write_text("Cherries are dark.\n", encoding="utf-8")
    manifest = checked / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + (
            "  - id: src-2\n    file: c.txt\n    description: Made-up source 2\n"
            "    kind: news\n    date: {how: unknown}\n"
        ),
        encoding="utf-8",
    )
    assert found(checked, "cherries") == ["src-2"]


def test_a_removed_source_is_dropped(checked: Path) -> None:
    manifest = checked / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").split("  - id: src-1")[0], encoding="utf-8"
    )
    (checked / "seeds" / "b.txt").unlink()
    assert found(checked, "bananas") == []


def test_renamed_files_are_seen(checked: Path) -> None:
    """The manifest unchanged, the two files swap names: the folder's time changes."""
    seeds = checked / "seeds"
    (seeds / "a.txt").rename(seeds / "swap.txt")
    (seeds / "b.txt").rename(seeds / "a.txt")
    (seeds / "swap.txt").rename(seeds / "b.txt")
    assert found(checked, "apples") == ["src-1"] and found(checked, "bananas") == ["src-0"]


def test_a_source_replaced_by_a_rename_is_found(checked: Path) -> None:
    """As most editors save: a new file written beside it, renamed over it."""
    seeds = checked / "seeds"
    (seeds / "a.tmp").write_text("Cherries are dark.\n", encoding="utf-8")
    (seeds / "a.tmp").replace(seeds / "a.txt")
    assert found(checked, "cherries") == ["src-0"] and found(checked, "apples") == []


def test_a_source_edited_in_place_is_found_at_the_next_full_check(
    checked: Path, monkeypatch
) -> None:
    """Written over in place, the folder's time stays: the stamp cannot see it (stated);
    the full check after FULL_CHECK_SECONDS does."""
    seeds = checked / "seeds"
    before = dossier_stamp(seeds / "sources.yaml", seeds).key
    with (seeds / "a.txt").open("r+", encoding="utf-8") as f:
        f.write("Grapes")  # "Grapes are red.": same size, same inode
    assert dossier_stamp(seeds / "sources.yaml", seeds).key == before
    assert found(checked, "grapes") == []  # within FULL_CHECK_SECONDS of the last check
    monkeypatch.setattr(evidence.stamp, "FULL_CHECK_SECONDS", -1)
    assert found(checked, "grapes") == ["src-0"]


def test_an_edited_facts_file_is_a_new_stamp(checked: Path, monkeypatch) -> None:
    calls = no_full_check(monkeypatch)
    (checked / "people.yaml").write_text("people: []\norganisations: []\n\n", encoding="utf-8")
    found(checked, "apples")
    assert calls == [1]


def test_a_damaged_index_is_rebuilt_whatever_the_stamp(checked: Path) -> None:
    from evidence.fsio import CACHE

    (checked / CACHE / "search.sqlite").write_bytes(b"not a database at all" * 100)
    assert found(checked, "apples") == ["src-0"]

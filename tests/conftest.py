"""Shared fixtures: a copy of the bundled dossier, small made-up dossiers, the CLI as run."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from drafting.cli import app
from drafting.docx.parts import RT_FOOTNOTES, footnotes_xml, prepare_footnotes

REPO = Path(__file__).resolve().parent.parent
RUNNER = CliRunner()


def drafting(*args: object, dossier: Path | None = REPO, ok: bool = False, **kwargs: Any) -> Result:
    """``drafting ARGS`` as a user runs it, ``--dossier`` first (none when ``dossier`` is None).

    Every argument is passed as text; ``kwargs`` go to the runner (``input=``). ``ok`` lets an
    unexpected exception reach the test, where a traceback is the point.
    """
    where = [] if dossier is None else ["--dossier", str(dossier)]
    kwargs.setdefault("catch_exceptions", not ok)
    return RUNNER.invoke(app, [*where, *map(str, args)], **kwargs)


@pytest.fixture(autouse=True)
def _tracebacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """In tests an internal error shows its traceback (a user sees one line instead)."""
    monkeypatch.setenv("DRAFTING_DEBUG", "1")


@pytest.fixture(scope="session")
def repo_reads() -> Path:
    """What the bundled dossier's PDF sources read as, read once for the whole session."""
    from evidence.dossier import open_dossier

    dossier = open_dossier(REPO)
    dossier.load()
    return dossier.reads


@pytest.fixture
def bundled_copy(tmp_path: Path, repo_reads: Path) -> Path:
    """A writable copy of the repository's (bundled) dossier.

    Its cache starts with what its PDFs read as (a cache is a cache: tests of reading PDFs
    make their own).
    """
    return copy_bundled(tmp_path / "dossier", repo_reads)


def copy_bundled(root: Path, reads: Path) -> Path:
    """A writable copy of the bundled dossier at ``root``, its PDFs' reads cached from ``reads``."""
    root.mkdir(parents=True)
    for name in ("dossier.yaml", "facts.yaml", "people.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "seeds", root / "seeds")
    if reads.is_dir():
        shutil.copytree(reads, root / ".drafting-cache" / "reads")
    return root


MakeDossier = Callable[..., Path]


@pytest.fixture
def make_dossier(tmp_path: Path) -> MakeDossier:
    """Build a tiny dossier from texts and YAML snippets; hashes are computed."""

    def make(
        sources: dict[str, str | bytes] | None = None,
        facts: str = "facts: []\n",
        people: str = "people: []\norganisations: []\n",
        manifest: str | None = None,
        name: str = "tiny",
    ) -> Path:
        root = tmp_path / name
        (root / "seeds").mkdir(parents=True)
        (root / "dossier.yaml").write_text(f"name: {name}\ntitle: Tiny\n", encoding="utf-8")
        sources = (
            {"a.txt": "First paragraph here. Second sentence.\n\nThe figure was 232.\n"}
            if sources is None
            else sources
        )
        entries = []
        for i, (file, text) in enumerate(sources.items()):
            data = text.encode("utf-8") if isinstance(text, str) else text
            (root / "seeds" / file).write_bytes(data)
            entries.append(
                f"  - id: src-{i}\n    file: {file}\n    description: Made-up source {i}\n"
                f"    kind: news\n    date: {{how: unknown}}\n"
                f"    sha256: {hashlib.sha256(data).hexdigest()}\n"
            )
        (root / "seeds" / "sources.yaml").write_text(
            manifest if manifest is not None else "sources:\n" + "".join(entries), encoding="utf-8"
        )
        (root / "facts.yaml").write_text(facts, encoding="utf-8")
        (root / "people.yaml").write_text(people, encoding="utf-8")
        return root

    return make


def add_footnotes(document: object, notes: dict[int, str]) -> None:
    """Write footnotes ``{id: text}`` into a python-docx document (templates made in tests)."""
    prepare_footnotes(document)
    part = next(
        r.target_part
        for r in document.part.rels.values()  # type: ignore[attr-defined]
        if r.reltype == RT_FOOTNOTES
    )
    part._blob = footnotes_xml(part.blob, notes)


def refused(result: object, code: int, *fragments: str) -> str:
    """A CLI result that is the one-line error: its exit code, every fragment, no traceback."""
    output: str = result.output  # type: ignore[attr-defined]
    assert result.exit_code == code, output  # type: ignore[attr-defined]
    assert "Traceback" not in output
    for fragment in fragments:
        assert fragment in output, output
    return output


def body_texts(path: Path) -> list[str]:
    """The text of every paragraph of a .docx body in reading order, tables' cells included
    (a sign-off is a table)."""
    import docx

    def walk(container: Any) -> list[str]:
        out: list[str] = []
        for item in container.iter_inner_content():
            if hasattr(item, "rows"):
                for row in item.rows:
                    for cell in row.cells:
                        out += walk(cell)
            else:
                out.append(item.text)
        return out

    return walk(docx.Document(str(path)))

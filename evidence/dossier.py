"""Finding, opening and making dossiers.

A dossier is a folder with a ``dossier.yaml`` marker, the sources and their
manifest in ``seeds/``, ``facts.yaml``, ``people.yaml``, ``templates/`` and
``drafts/``. It is found the way git finds a repository: an explicit path
(``--dossier``), else the dossier holding the file a command works on (a draft,
a document under review), else ``DRAFTING_DOSSIER``, else the nearest folder at
or above the current one holding the marker, else the bundled Northamptonshire
dossier, which is read, never changed.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from evidence.errors import DossierError
from evidence.fsio import locked, os_error, sweep_temporaries, write_atomic
from evidence.house import CitationSettings, Letterhead
from evidence.register import Register, load_register

if TYPE_CHECKING:
    from evidence.dates import PartialDate
    from evidence.search import FactHit, Results, SearchIndex
    from evidence.stamp import Stamp
from evidence.sources import Slug, Text
from evidence.yamlio import read_yaml, validate

MARKER = "dossier.yaml"
ENV_VAR = "DRAFTING_DOSSIER"


class ReviewSettings(BaseModel):
    """How this dossier's documents are reviewed: finding codes turned off."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ignore: tuple[Slug, ...] = ()


class DossierConfig(BaseModel):
    """What ``dossier.yaml`` says of the dossier."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Slug
    title: Text
    description: Text | None = None
    review: ReviewSettings = ReviewSettings()
    letterhead: Letterhead | None = None
    citations: CitationSettings = CitationSettings()


@dataclass(frozen=True)
class Dossier:
    """An opened dossier: where it is, what it says of itself, and how it was found."""

    root: Path
    config: DossierConfig
    found_by: str

    @property
    def sources_dir(self) -> Path:
        """The folder of source documents."""
        return self.root / "seeds"

    @property
    def manifest_path(self) -> Path:
        """The sources manifest."""
        return self.sources_dir / "sources.yaml"

    @property
    def facts_path(self) -> Path:
        """The fact register."""
        return self.root / "facts.yaml"

    @property
    def people_path(self) -> Path:
        """The people and organisations."""
        return self.root / "people.yaml"

    @property
    def templates_dir(self) -> Path:
        """The dossier's own templates."""
        return self.root / "templates"

    def refuse_bundled(self, command: str) -> None:
        """Refuse a command that changes a dossier when none was found or named.

        Raises:
            DossierError: this is the bundled dossier, found because no other was.
        """
        if self.found_by == "bundled":
            raise DossierError(
                f"'{command}' changes a dossier, and there is none here or above this folder "
                "(the bundled Northamptonshire dossier is never changed)",
                hint="Make one with 'drafting init FOLDER' and work inside it, or name one "
                "with --dossier FOLDER",
            )

    @contextmanager
    def editing(self, command: str) -> Iterator[Dossier]:
        """Hold this dossier for one change: never the bundled one, one command at a time.

        Temporary files left by a command that was killed are removed first.

        Raises:
            DossierError: the dossier is the bundled one (no dossier was found or named).
            UserError: another command holds it for too long, or it cannot be locked.
        """
        self.refuse_bundled(command)
        with locked(self.root):
            for folder in (self.root, self.sources_dir):
                sweep_temporaries(folder)
            yield self

    def load(self, *, facts_text: str | None = None) -> Register:
        """Load and cross-check the dossier's register (verification cached in its cache).

        ``facts_text`` stands for ``facts.yaml``'s text: a change checked before it is written.
        """
        from evidence.fsio import make_cache_dir
        from evidence.locations import cache_for

        with suppress(OSError):  # a read-only dossier and home: nothing kept, nothing changes
            make_cache_dir(self.parsed)
        return load_register(
            self.manifest_path,
            self.facts_path,
            self.people_path,
            cache_for(self.root),
            facts_text=facts_text,
            reads=self.reads,
            parsed=self.parsed,
        )

    @property
    def reads(self) -> Path:
        """Where what the dossier's PDF sources read as is kept (in its cache folder)."""
        from evidence.fsio import cache_dir

        return cache_dir(self.root) / "reads"

    @property
    def parsed(self) -> Path:
        """Where long YAML files are kept parsed and sources segmented (its cache folder)."""
        from evidence.fsio import cache_dir

        return cache_dir(self.root) / "parsed"

    def index(self) -> SearchIndex:
        """The dossier's search index, brought up to date first.

        When the dossier's stamp (:mod:`evidence.stamp`) is the one the last full check
        recorded, recently, the manifest is not even read; else every source is checked.
        """
        from evidence.fsio import cache_dir
        from evidence.search import SearchIndex, file_key
        from evidence.stamp import dossier_stamp

        facts_key = file_key(self.facts_path) + file_key(self.people_path)
        stamp = dossier_stamp(self.manifest_path, self.sources_dir, facts_key)
        index = SearchIndex(cache_dir(self.root) / "search.sqlite", self.reads)
        if not index.current(stamp, later=lambda: self._refresh(index, facts_key)):
            self._refresh(index, facts_key, stamp)
        return index

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        source: str | None = None,
        kind: str | None = None,
        since: PartialDate | None = None,
        facts: int = 5,
    ) -> tuple[Results, list[FactHit]]:
        """The passages matching ``query`` (best first) and the facts whose statements match.

        Raises:
            SearchError: ``source`` names no source of the dossier (``field`` "source"), or
                the query cannot be read (``field`` "query").
        """
        from evidence.errors import SearchError
        from evidence.suggest import did_you_mean

        index = self.index()
        try:
            if source is not None:
                known = index.source_ids()
                if source not in known:
                    raise SearchError(
                        "source",
                        f"no source {source!r} in the dossier",
                        hint=did_you_mean(source, known),
                    )
            try:
                hits = index.search(query, limit=limit, source=source, kind=kind, since=since)
            except ValueError as exc:
                raise SearchError("query", f"{exc} (got {query!r})") from None
            return hits, index.search_facts(query, limit=facts)
        finally:
            index.close()

    def _refresh(self, index: SearchIndex, facts_key: str, stamp: Stamp | None = None) -> None:
        """Check every source of the manifest, and bring ``index`` up to date."""
        from evidence.sources import Manifest, source_path

        doc = read_yaml(self.manifest_path)
        manifest = validate(doc, Manifest)
        for i, meta in enumerate(manifest.sources):  # refused with the manifest's line
            source_path(self.manifest_path, i, meta, doc.line_of(("sources", i, "file")))
        index.refresh(manifest.sources, self.sources_dir, self.load, facts_key, stamp)


def bundled_root() -> Path:
    """The bundled dossier: inside the installed package, or the checkout it runs from."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_bundled", package.parent):
        if (candidate / MARKER).is_file():
            return candidate
    raise DossierError(
        "the bundled dossier is missing from this installation",
        hint="Reinstall drafting (pip install --force-reinstall drafting)",
    )


def open_dossier(root: Path, *, found_by: str = "path") -> Dossier:
    """Open the dossier at ``root``."""
    if not root.exists():
        raise DossierError(
            "dossier path does not exist",
            path=root,
            hint="Check the path, or make one with 'drafting init'",
        )
    if not root.is_dir():
        raise DossierError("dossier path is not a folder", path=root)
    if not (root / MARKER).exists():  # not a regular file: reading it says what it is
        raise DossierError(
            f"not a dossier (no {MARKER})", path=root, hint="Make one with 'drafting init'"
        )
    config = validate(read_yaml(root / MARKER), DossierConfig)
    return Dossier(root=root.resolve(), config=config, found_by=found_by)


def find_dossier(
    path: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    near: Path | None = None,
) -> Dossier:
    """Find the dossier to work on (see the module docstring for the order).

    ``near`` is a file the command works on (a draft, a document under review): the
    nearest dossier at or above its folder is the one it belongs to, ahead of the
    environment and the current folder, so a draft is never checked against a
    dossier it does not belong to.
    """
    if path is not None:
        return open_dossier(path, found_by="--dossier")
    if near is not None:
        holder = _nearest(near.resolve().parent)
        if holder is not None:
            return open_dossier(holder, found_by=f"{MARKER} above {near.name}")
    environ = os.environ if env is None else env
    if environ.get(ENV_VAR):
        try:
            return open_dossier(Path(environ[ENV_VAR]), found_by=ENV_VAR)
        except DossierError as exc:
            raise DossierError(f"{ENV_VAR}: {exc.message}", path=exc.path, hint=exc.hint) from None
    here = _nearest((cwd or Path.cwd()).resolve())
    if here is not None:
        return open_dossier(here, found_by=f"{MARKER} in {here}")
    return open_dossier(bundled_root(), found_by="bundled")


def _nearest(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` holding the marker."""
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / MARKER).is_file():
                return candidate
        except OSError:
            continue
    return None


_SKELETON = {
    MARKER: "# This folder is a drafting dossier.\nname: {name}\ntitle: {title}\n",
    "seeds/sources.yaml": (
        "# One entry per source document in this folder. Record only what the document\n"
        "# states; unknown is null. See the bundled dossier for examples.\nsources: []\n"
    ),
    "facts.yaml": "# The fact register: see 'drafting evidence list' for the format.\nfacts: []\n",
    "people.yaml": "# People and organisations named in the sources.\npeople: []\n"
    "organisations: []\n",
}


def slug_for(title: str) -> str:
    """A dossier name from any title: "Ynys Môn libraries" -> ``ynys-mon-libraries``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:80].strip("-") or "dossier"


def _move_in(staging: Path, root: Path) -> None:
    """Move every file under ``staging`` into ``root``; on any failure, undo all of it."""
    moved: list[Path] = []
    made: list[Path] = []
    try:
        for item in sorted(staging.rglob("*")):
            target = root / item.relative_to(staging)
            if item.is_dir():
                if not target.exists():
                    target.mkdir()
                    made.append(target)
            else:
                if target.exists():
                    raise DossierError("appeared while the dossier was being made", path=target)
                item.rename(target)
                moved.append(target)
    except BaseException:
        for path in reversed(moved):
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        raise


def init_dossier(root: Path, *, title: str | None = None, name: str | None = None) -> Dossier:
    """Make a new, empty dossier at ``root``, all or nothing; refuse to overwrite anything.

    The name is ``name`` or derived from the title (any language: accents are dropped);
    everything is written to a staging folder first and moved in only when complete.

    Raises:
        DossierError: ``root`` is a file, already holds dossier files, or lies inside
            another dossier; the name is not valid; or the filesystem refuses (nothing is
            left behind).
    """
    shown = title or root.resolve().name
    slug = name or slug_for(shown)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) or len(slug) > 80:
        raise DossierError(
            f"name {slug!r} should be lower-case letters and digits joined by "
            "hyphens, like 'library-closures-2026'",
            hint="Give --name",
        )
    holder = _nearest(root.resolve().parent)
    if holder is not None:
        raise DossierError(
            f"is inside the dossier at {holder}; a dossier inside another "
            "would take its drafts from it",
            path=root,
            hint="Make the new dossier outside that folder",
        )
    try:
        if root.exists() and not root.is_dir():
            raise DossierError("exists and is not a folder", path=root)
        existing = [rel for rel in _SKELETON if (root / rel).exists()]
        if existing:
            raise DossierError(
                f"already has {', '.join(existing)}; nothing was written",
                path=root,
                hint="Choose an empty folder",
            )
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".drafting-init-", dir=root) as tmp:
            staging = Path(tmp)
            for sub in ("seeds", "templates", "drafts"):
                (staging / sub).mkdir()
            for rel, text in _SKELETON.items():
                write_atomic(
                    staging / rel, text.format(name=slug, title=json.dumps(shown)), own=True
                )
            _move_in(staging, root)
    except OSError as exc:
        raise os_error(exc, root, "cannot make the dossier") from None
    return open_dossier(root)

"""The record a rendered .docx carries, and reading the document back.

``drafting render`` embeds a :class:`RenderRecord` in the document's custom
properties (``drafting.meta.NNN``, in chunks any Word field holds): each
citation's facts, quote hashes and key (a hash of its footnote text, or its
marker), and a hash of every paragraph with whether it is prose. Review reads
the document as it is now, perhaps edited in Word or LibreOffice, with the same
:func:`paragraph_content`, and lines it up with that record.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lxml import etree
from pydantic import BaseModel, ConfigDict, ValidationError

from drafting.docx.package import open_package
from drafting.docx.parts import (
    RT_CUSTOM,
    RT_FOOTNOTES,
    W,
    chunk,
    custom_properties,
)
from drafting.errors import DraftingError
from evidence.normalise import text_hash
from evidence.readers.docx import Paragraph, paragraph_runs, paragraphs, run_text

META_PREFIX = "drafting.meta."
META_VERSION = 2
#: A references-style marker: ``3``, ``1,2``, ``see 4`` (a pandoc prefix goes in the marker).
_MARKER = re.compile(r"^(?:[^\W\d][\w.' -]*\s)?\d+(?:,(?:[^\W\d][\w.' -]*\s)?\d+)*$")
_LIST_PREFIX = re.compile(r"^\s*(?:\d+|[a-z]|[ivx]+)[.)]\t", re.IGNORECASE)


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)  # extra fields allowed: newer renders may add some


class CitationRecord(_Record):
    """One citation as rendered: its number, facts, quote hashes, key and paragraph."""

    n: int
    facts: tuple[str, ...]
    quotes: tuple[str, ...] = ()
    key: str
    p: int
    at: int | None = None  # offset in the paragraph's text (where a background citation was)
    entry: str | None = None  # the key of the paragraph showing its background entry


class RenderRecord(_Record):
    """What ``drafting render`` embeds in a document (custom properties ``drafting.meta.*``)."""

    version: int
    dossier: str | None = None
    template: str | None = None
    template_sha256: str | None = None
    draft: str | None = None
    kind: str | None = None
    style: Literal["footnotes", "references", "background"]
    citations: tuple[CitationRecord, ...]
    paragraphs: tuple[tuple[str, int], ...]
    #: Each prose paragraph's label as its kind names it ("Clause 5"; "" for "paragraph N"),
    #: in the order of the prose paragraphs; absent from records made before labels were kept.
    labels: tuple[str, ...] = ()
    #: Each prose paragraph's mood as its kind gives it ("asks", "proposes", "notes", ""),
    #: in the same order; absent from records made before moods were kept.
    moods: tuple[str, ...] = ()
    #: The text keys of the footnotes a Word draft had of its own: the author's, no citations.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocParagraph:
    """A paragraph's text and its citation marks ``(offset, key)``.

    ``key`` is ``fn:ID`` for a footnote reference, or the text of a superscript
    marker such as ``3`` or ``1,2`` (references style).
    """

    text: str
    marks: tuple[tuple[int, str], ...]


def _superscript(run: Any) -> bool:
    align = run.find(f"{W}rPr/{W}vertAlign")
    return align is not None and align.get(f"{W}val") == "superscript"


def paragraph_content(paragraph: Paragraph) -> DocParagraph:
    """The text of a paragraph as read (list numbers stripped) and where its citations sit.

    ``paragraph`` is one of :func:`evidence.readers.docx.paragraphs`: the text of its
    runs is what a person sees (:func:`evidence.readers.docx.run_text`).
    """
    text: list[str] = []
    marks: list[tuple[int, str]] = []
    for run in paragraph_runs(paragraph):
        note = run.find(f"{W}footnoteReference")
        if note is not None:
            marks.append((len("".join(text)), f"fn:{note.get(f'{W}id')}"))
            continue
        value = run_text(run)
        if _superscript(run) and _MARKER.match(value.strip()):
            marks.append((len("".join(text)), value.strip()))
        else:
            text.append(value)
    joined = "".join(text)
    cut = list_number_length(joined)
    return DocParagraph(joined[cut:], tuple((max(0, at - cut), key) for at, key in marks))


@functools.lru_cache(maxsize=8192)
def text_key(text: str) -> str:
    """The short hash that stands for a paragraph's or a footnote's text in the record.

    Kept per text: a mail merge records the same paragraphs for every recipient.
    """
    return text_hash(text, 10)


def list_number_length(text: str) -> int:
    """How many characters of ``text`` are a list number such as ``1.<tab>``."""
    prefix = _LIST_PREFIX.match(text)
    return prefix.end() if prefix else 0


def body_paragraphs(body: Any) -> list[DocParagraph]:
    """The paragraphs (tables included) under ``body`` that hold text or a citation."""
    out = [paragraph_content(p) for p in paragraphs(body)]
    return [p for p in out if p.text.strip() or p.marks]


def footnote_texts(root: Any) -> dict[int, str]:
    """``{id: text}`` of the real footnotes (not separators) in a parsed footnotes part."""
    out: dict[int, str] = {}
    for note in root.findall(f"{W}footnote"):
        note_id = note.get(f"{W}id", "")
        if note.get(f"{W}type") in (None, "normal") and note_id.lstrip("-").isdigit():
            text = " ".join(paragraph_content(p).text for p in paragraphs(note))
            out[int(note_id)] = text.strip()
    return out


#: Each paragraph's content by its markup: a merge renders the same paragraphs every time.
_READ: dict[bytes, DocParagraph] = {}
_READ_LIMIT = 1024


def read_paragraphs(body: Any) -> list[tuple[Paragraph, DocParagraph]]:
    """Each paragraph of ``body`` with its :func:`paragraph_content`, read once per markup.

    A rendered body is read twice (to lay it out, and for its record) and a merge renders
    much the same body for every recipient: a paragraph seen before, the same markup, is
    not walked again. Serialising one costs half as much as reading it.
    """
    out = []
    for paragraph in paragraphs(body):
        markup = b"".join(etree.tostring(p, with_tail=False) for p in paragraph)
        content = _READ.get(markup)
        if content is None:
            if len(_READ) >= _READ_LIMIT:
                _READ.clear()
            content = _READ[markup] = paragraph_content(paragraph)
        out.append((paragraph, content))
    return out


def _contents(body: Any, read: list[DocParagraph] | None) -> list[DocParagraph]:
    """The paragraphs of ``body`` as read, unless the caller has them (``read``)."""
    return read if read is not None else [content for _, content in read_paragraphs(body)]


def paragraph_record(
    body: Any, prose: Iterable[str], read: list[DocParagraph] | None = None
) -> tuple[tuple[str, int], ...]:
    """``(key, 1 if prose else 0)`` for each paragraph of ``body`` (a ``w:body``).

    ``prose`` holds the prose texts; ``read`` the body's paragraphs as read
    (:func:`read_paragraphs`), when the render has them already.
    """
    wanted = {text_key(t[list_number_length(t) :]) for t in prose}
    keys = [text_key(p.text) for p in _contents(body, read) if p.text.strip() or p.marks]
    return tuple((k, int(k in wanted)) for k in keys)


def with_entries(
    body: Any, cited: Iterable[CitationRecord], texts: Iterable[str]
) -> tuple[CitationRecord, ...]:
    """Each citation with the key of the paragraph of ``body`` showing its entry ``texts[i]``.

    The entries of a background section are found in order, each after the one before;
    a citation whose entry the template does not show keeps no key. The body's paragraphs
    were read when it was laid out: :func:`read_paragraphs` knows them by their markup.
    """
    shown = [p.text for p in _contents(body, None) if p.text.strip() or p.marks]
    out = []
    start = 0
    for cite, text in zip(cited, texts, strict=True):
        at = next((i for i in range(start, len(shown)) if text in shown[i]), None)
        if at is None:
            out.append(cite)
            continue
        out.append(cite.model_copy(update={"entry": text_key(shown[at])}))
        start = at + 1
    return tuple(out)


def record_properties(record: RenderRecord) -> dict[str, str]:
    """``record`` as the custom properties a document carries it in."""
    return {
        f"{META_PREFIX}{i:03d}": piece for i, piece in enumerate(chunk(record.model_dump_json()))
    }


@dataclass(frozen=True)
class RenderedDocument:
    """A .docx as it is now, with the record ``drafting render`` embedded in it."""

    path: Path
    paragraphs: list[DocParagraph]
    footnotes: dict[int, str]
    record: RenderRecord


#: The deepest a citation record's JSON may nest (it needs four levels).
MAX_RECORD_DEPTH = 16
#: The most digits an integer in a citation record may have.
MAX_RECORD_DIGITS = 18
_JSON_STRING = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _record_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_RECORD_DIGITS:
        raise ValueError("an integer too long for a citation record")
    return int(digits)


def record_json(text: str) -> Any:
    """Parse a citation record's JSON, refusing deep nesting and long integers first.

    Raises:
        ValueError: the text is not JSON, nests deeper than :data:`MAX_RECORD_DEPTH`
            or holds an integer of more than :data:`MAX_RECORD_DIGITS` digits.
    """
    # Strings cannot open or close a level: drop escapes, then strings, then all but brackets.
    bare = _JSON_STRING.sub("", text.replace("\\\\", "").replace('\\"', ""))
    depth = 0
    for bracket in _NOT_BRACKET.sub("", bare):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_RECORD_DEPTH:
            raise ValueError(f"it nests deeper than {MAX_RECORD_DEPTH} levels")
    return json.loads(text, parse_int=_record_int)


def _piece_number(name: str) -> tuple[int, str]:
    """Where a record's piece goes: ``drafting.meta.1000`` comes after ``drafting.meta.999``."""
    number = name.removeprefix(META_PREFIX)
    return (int(number), "") if number.isdigit() and len(number) < 10 else (-1, number)


def read_record(props: dict[str, str], path: Path) -> RenderRecord:
    """The citation record embedded at render time; a clear error when missing or damaged."""
    pieces = sorted((_piece_number(k), v) for k, v in props.items() if k.startswith(META_PREFIX))
    if not pieces:
        raise DraftingError(
            "has no citation record from `drafting render` (it was made another way, or the "
            "custom document properties were removed)",
            path=path,
            hint="Review the draft .yaml instead, or render it again",
        )
    damaged = DraftingError(
        "its citation record (custom properties drafting.meta.*) is damaged",
        path=path,
        hint="Render the draft again",
    )
    try:
        data = record_json("".join(v for _, v in pieces))
    except (ValueError, RecursionError):
        raise damaged from None
    if isinstance(data, dict) and data.get("version") != META_VERSION:
        version = data.get("version")
        shown = repr(version) if len(repr(version)) <= 20 else "unknown"
        raise DraftingError(
            f"its citation record is version {shown}; this drafting reads version {META_VERSION}",
            path=path,
            hint="Render the draft again",
        )
    try:
        return RenderRecord.model_validate(data)
    except ValidationError:
        raise damaged from None


def read_rendered(path: Path) -> RenderedDocument:
    """Open a rendered .docx safely: its paragraphs, footnotes and record."""
    with open_package(path) as package:
        main = package.main_document()
        custom = package.related("", RT_CUSTOM)
        props = custom_properties(package.xml(custom)) if custom else {}
        record = read_record(props, path)
        document = package.xml(main)
        body = document.find(f"{W}body")
        if body is None:
            raise DraftingError(
                f"part {main} has no body", path=path, hint="Render the draft again"
            )
        notes = package.related(main, RT_FOOTNOTES)
        root = package.xml(notes) if notes else None
        footnotes = footnote_texts(root) if root is not None else {}
    return RenderedDocument(
        path, _without_own_notes(body_paragraphs(body), footnotes, record), footnotes, record
    )


def _without_own_notes(
    found: list[DocParagraph], footnotes: dict[int, str], record: RenderRecord
) -> list[DocParagraph]:
    """The paragraphs without the marks of the author's own footnotes (a Word draft's).

    They are known by their text, as citations are: Word renumbers notes when it saves.
    """
    own = set(record.notes) - {c.key for c in record.citations}
    if not own:
        return found
    mine = {f"fn:{i}" for i, text in footnotes.items() if text_key(text) in own}
    return [DocParagraph(p.text, tuple(m for m in p.marks if m[1] not in mine)) for p in found]

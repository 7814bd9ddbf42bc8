r"""Citations typed in a Word document: found in its paragraphs, read as pandoc reads them.

A person writing in Word types ``[@unallocated-cases-232]`` or ``[see @a, para. 6; @b]``
where a footnote belongs. Word may have split what was typed across many runs (spelling
marks, revision ids, bookmarks, a word in another format, smart tags, hyperlinks, fields):
the paragraph is read as a person sees it (:mod:`evidence.readers.docx`, tracked changes
accepted), and every character is known by the run child that shows it (:class:`Piece`).

Only the citations are markup. The grammar inside ``[...]`` is the drafts' own
(:func:`drafting.citations.parse_inline`, so errors are the same); around them the text is
Word's: asterisks, backticks and backslashes are what they look like (bold and italic are
Word's own), except that ``\[``, ``\]`` and ``\@`` still write a bracket or an ``@``
that is no citation. What a citation leaves out of the finished text (:class:`Cited`) is
the group with the spaces before it (pandoc's "232 [@a]" is "232¹") and those escapes'
backslashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafting.citations import (
    CitationSyntaxError,
    CiteGroup,
    Inline,
    Span,
    UnknownFactError,
    check_ids,
    parse_inline,
)
from drafting.errors import DraftingError
from drafting.findings import excerpt
from evidence.readers.docx import child_text, local, paragraph_runs, paragraphs
from evidence.register import Register

#: Outside a citation, the characters a backslash escapes (the rest are literal there).
_ESCAPED_OUTSIDE = "[]@"
_ESCAPED_INSIDE = "\\[]@*`"
_CITES = re.compile(r"(?<![\w@])@")
_ESCAPE_PAIR = re.compile(r"\\.")
#: An escape outside citations: the backslash before a bracket or an ``@``.
_ESCAPE = re.compile(r"\\(?=[\[\]@])")
_QUOTED = re.compile(r"“(.+?)”")
#: What a backtick outside citations stands in as while pandoc's grammar reads the text.
_TICK = "\ufdd0"


@dataclass(frozen=True)
class Piece:
    """One child of a run, and where the characters it shows start in its paragraph."""

    start: int
    text: str
    run: Any
    child: Any

    @property
    def end(self) -> int:
        """Where its characters end in the paragraph."""
        return self.start + len(self.text)


@dataclass(frozen=True)
class Cited:
    """A paragraph's text as typed, as pandoc's grammar reads it, and as it will read.

    ``groups`` are the citations' spans in the typed text, ``cuts`` what the finished text
    leaves out (each group with the spaces before it; escapes' backslashes).
    """

    items: tuple[Inline, ...]
    groups: tuple[tuple[int, int], ...]
    cuts: tuple[tuple[int, int], ...]
    text: str
    markup: str

    @property
    def cite_groups(self) -> list[CiteGroup]:
        """The citation groups, in order."""
        return [i for i in self.items if isinstance(i, CiteGroup)]


@dataclass
class WordParagraph:
    """A non-empty paragraph of a Word document's body, as read, with its place."""

    number: int
    where: str
    elements: tuple[Any, ...]
    pieces: list[Piece]
    text: str
    notes: list[tuple[int, Any]]
    in_text_box: bool
    cited: Cited | None = None

    @property
    def place(self) -> str:
        """``paragraph 7`` or ``paragraph 7 (table 1, row 2, cell 3)``."""
        return f"paragraph {self.number}" + (f" ({self.where})" if self.where else "")

    def around(self, needle: str = "") -> str:
        """The text around ``needle`` (or the paragraph's start), quoted in messages."""
        at = self.text.find(needle) if needle else -1
        if at < 0:
            return excerpt(self.text, 0, 0, width=70)
        return excerpt(self.text, at, at + len(needle), width=70)


def _pieces(paragraph: tuple[Any, ...]) -> tuple[list[Piece], list[tuple[int, Any]]]:
    """Every run child of a paragraph as read, and its footnote references with offsets."""
    pieces: list[Piece] = []
    notes: list[tuple[int, Any]] = []
    at = 0
    for run in paragraph_runs(paragraph):
        for child in run:
            text = child_text(child)
            if local(child) == "footnoteReference":
                notes.append((at, child))
            if text:
                pieces.append(Piece(at, text, run, child))
                at += len(text)
    return pieces, notes


def _where(element: Any, tables: dict[Any, int]) -> tuple[str, bool]:
    """Where a ``w:p`` sits: ``table 1, row 2, cell 3`` (nested tables too), a text box."""
    places: list[str] = []
    box = False
    node = element.getparent()
    while node is not None:
        name = local(node)
        if name == "tc":
            row = node.getparent()
            cells = [c for c in row if local(c) == "tc"]
            rows = [r for r in row.getparent() if local(r) == "tr"]
            places.append(
                f"table {tables.get(row.getparent(), 0)}, row {rows.index(row) + 1}, "
                f"cell {cells.index(node) + 1}"
            )
        elif name == "txbxContent":
            box = True
            places.append("in a text box")
        node = node.getparent()
    return ", ".join(reversed(places)), box


def read_paragraphs(body: Any) -> list[WordParagraph]:
    """The paragraphs of a body (tables, text boxes) that hold text or a footnote, numbered."""
    tables = {t: n for n, t in enumerate((e for e in body.iter() if local(e) == "tbl"), 1)}
    out: list[WordParagraph] = []
    for paragraph in paragraphs(body):
        pieces, notes = _pieces(paragraph)
        text = "".join(p.text for p in pieces)
        if not text.strip() and not notes:
            continue
        where, box = _where(paragraph[0], tables)
        out.append(WordParagraph(len(out) + 1, where, paragraph, pieces, text, notes, box))
    return out


def _cites(group: str) -> bool:
    """Whether bracketed text holds a citation's ``@`` (``[sic]`` does not)."""
    return bool(_CITES.search(_ESCAPE_PAIR.sub("xx", group)))


def citation_spans(raw: str) -> list[tuple[int, int]]:
    """The citation groups' spans in typed text.

    Brackets pair as :func:`drafting.citations.parse_inline` pairs them: the innermost
    ``[...]`` holding no other bracket; an escaped bracket is none.
    """
    groups: list[tuple[int, int]] = []
    opened: int | None = None
    i = 0
    while i < len(raw):
        char = raw[i]
        if (
            char == "\\"
            and i + 1 < len(raw)
            and raw[i + 1] in (_ESCAPED_OUTSIDE if opened is None else _ESCAPED_INSIDE)
        ):
            i += 2
            continue
        if char == "[":
            opened = i
        elif char == "]" and opened is not None:
            if _cites(raw[opened : i + 1]):
                groups.append((opened, i + 1))
            opened = None
        i += 1
    return groups


def _literal(text: str) -> str:
    """Text outside citations as pandoc's grammar would read it as typed.

    Quotes are escaped too: a Word document's typography is its author's, never changed.

    A backtick stands in as :data:`_TICK` (put back in :func:`read_citations`): escaped, it
    would still close a code span opened inside a citation.
    """
    return re.sub(r"\\(?![\[\]@])|[*\"']", lambda m: "\\" + m.group(), text).replace("`", _TICK)


def read_citations(raw: str) -> Cited:
    """A paragraph's typed citations, and what its text reads once they are notes.

    Raises:
        CitationSyntaxError: malformed citation markup, as for a draft.
    """
    groups = citation_spans(raw)
    markup: list[str] = []
    cuts: list[tuple[int, int]] = []
    at = 0
    for start, end in [*groups, (len(raw), len(raw))]:
        cuts += [(m.start(), m.start() + 1) for m in _ESCAPE.finditer(raw, at, start)]
        markup += [_literal(raw[at:start]), raw[start:end]]
        space = start
        while space > at and raw[space - 1].isspace():
            space -= 1
        if start < end:
            cuts.append((space, end))
        at = end
    text = "".join(
        raw[a:b]
        for a, b in zip([0, *(e for _, e in cuts)], [*(s for s, _ in cuts), len(raw)], strict=True)
    )
    items = tuple(
        Span(i.text.replace(_TICK, "`"), i.bold, i.italic) if isinstance(i, Span) else i
        for i in parse_inline("".join(markup))
    )
    read = "".join(i.text for i in items if isinstance(i, Span))
    if read != text or sum(isinstance(i, CiteGroup) for i in items) != len(groups):
        if "`" in "".join(raw[a:b] for a, b in groups):  # a code span across citations
            raise CitationSyntaxError(
                f"malformed citation “{raw[groups[0][0] : groups[-1][1]]}”: a backtick in it "
                "starts code that runs past the citation's end",
                hint="Write \\` for a backtick inside a citation, or leave it out",
            )
        raise AssertionError(f"typed citations read two ways: {read!r} != {text!r}")
    return Cited(items, tuple(groups), tuple(cuts), text, "".join(markup))


def placed(
    exc: DraftingError, paragraph: WordParagraph, path: Path, needle: str = ""
) -> DraftingError:
    """``exc`` as an error naming the document, the paragraph and the text around it."""
    if not needle:
        quoted = _QUOTED.search(exc.message)
        needle = quoted.group(1) if quoted else ""
    return type(exc)(
        f"{paragraph.place}, at “{paragraph.around(needle)}”: {exc.message}",
        path=path,
        hint=exc.hint,
    )


def cite_paragraphs(
    paragraphs: list[WordParagraph], path: Path, register: Register | None = None
) -> None:
    """Read each paragraph's typed citations (``cited``); with a register, check their ids.

    Raises:
        CitationSyntaxError: malformed citation markup, naming the paragraph.
        UnknownFactError: (with ``register``) a fact id it does not have, with the nearest.
    """
    for paragraph in paragraphs:
        if "[" not in paragraph.text and "@" not in paragraph.text:  # nothing to parse
            paragraph.cited = Cited(
                (Span(paragraph.text),) if paragraph.text else (),
                (),
                (),
                paragraph.text,
                _literal(paragraph.text),
            )
            continue
        try:
            paragraph.cited = read_citations(paragraph.text)
            if register is not None:
                check_ids([(paragraph.cited.markup, path, None)], register)
        except CitationSyntaxError as exc:
            raise placed(exc, paragraph, path) from None
        except UnknownFactError as exc:  # show where its id was typed
            unknown = re.search(r"'(.+)'", exc.message)
            raise placed(exc, paragraph, path, f"@{unknown.group(1)}" if unknown else "") from None

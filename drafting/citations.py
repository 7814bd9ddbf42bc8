r"""Citations in pandoc syntax inside prose, and the references they become.

What is recognised, as pandoc (2.17, measured) reads it:

* ``[@fact-id]``, ``[@a; @b]``: a citation group, one footnote or marker;
* ``[see @a, para. 6; also @b]``: a prefix before the ``@`` ("see", printed
  before the reference, capitalised at the start of a note) and a suffix after
  the comma. A suffix that is a paragraph locator must agree with the locator
  computed from the quote and is printed once; any other suffix ("p. 3",
  "emphasis added") follows the computed locator;
* ``[@a; @a]``: the same fact twice in one group is cited once, with both suffixes
  (pandoc prints "Doe 2019, 2019");
* ``\\[``, ``\\]``, ``\\@``, ``\\*`` and ``\\\\``: the character itself, never markup;
* ``**bold**`` and ``*italic*``; unpaired ``*`` stays literal.

What pandoc would turn into raw text or an in-text citation, and a finished
letter must never show, is an error naming the line: ``[@a; @]``, ``[@@a]``,
``[@]``, ``[@ a]``, ``[@a;]``, an unclosed ``[@a``, a citation wrapped in a
second pair of brackets (``[[@a]]``, which leaves "[]" beside the note mark),
and a bare ``@fact-id`` outside brackets (pandoc cites it in the text, which
drafting does not do).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from drafting.errors import DraftingError
from evidence.register import Register
from evidence.suggest import did_you_mean

_ESCAPES = {"\\\\": "\ue000", "\\[": "\ue001", "\\]": "\ue002", "\\@": "\ue003", "\\*": "\ue004"}
_UNESCAPE = str.maketrans({v: k[1] for k, v in _ESCAPES.items()})
_ESCAPE = re.compile(r"\\[\\\[\]@*]")
_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[\w])?"
#: A ``@`` that starts a citation key: not after a word character (so ``jo@example.com`` is text).
_AT = re.compile(r"(?<![\w@])@")
_GROUP = re.compile(r"\[[^\[\]]*\]")
_ITEM = re.compile(rf"^\s*(?:(?P<prefix>[^@;]*?)\s+)?-?@(?P<key>{_KEY})"
                   rf"(?:\s*,\s*(?P<suffix>[^;]*?))?\s*$")
_BARE = re.compile(rf"(?<![\w@\ue003])@(?P<key>{_KEY})")
_PARA_LOCATOR = re.compile(r"^(?:para(?:graph)?s?\.?|¶+)\s*(?P<n>\d+)\s*$", re.IGNORECASE)


class UnknownFactError(DraftingError):
    """A draft cites a fact id the register does not have."""


class CitationSyntaxError(DraftingError):
    """Citation markup that is not a valid pandoc citation group."""


@dataclass(frozen=True)
class Cite:
    """One cited fact, with the words before it and the locator or note after its id."""

    fact_id: str
    suffix: str | None = None
    prefix: str | None = None


@dataclass(frozen=True)
class CiteGroup:
    """The facts cited together in one ``[...]``."""

    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class Span:
    """Plain text with its formatting."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = Span | CiteGroup


def _error(what: str, raw: str, path: Path | str | None, line: int | None) -> CitationSyntaxError:
    shown = raw.translate(_UNESCAPE)
    return CitationSyntaxError(f"malformed citation “{shown}”: {what}", path=path, line=line,
                               hint="Write [@fact-id], [@a; @b] or [see @a, para. 3]; escape a "
                                    "literal bracket or @ with a backslash (\\[ \\@)")


def _cite_group(raw: str, path: Path | str | None, line: int | None) -> CiteGroup:
    merged: dict[str, Cite] = {}
    for item in raw[1:-1].split(";"):
        match = _ITEM.match(item)
        if not match:
            what = ("an empty item" if not item.strip() else
                    "no fact id after @" if item.strip().endswith("@") or "@ " in item
                    else "a doubled @" if "@@" in item else f"“{item.strip()}” is not @fact-id")
            raise _error(what, raw, path, line)
        key, suffix, prefix = match.group("key", "suffix", "prefix")
        cite = Cite(key, _clean(suffix), _clean(prefix))
        if key in merged:  # pandoc cites it once, with every locator
            old = merged[key]
            both = "; ".join(s for s in (old.suffix, cite.suffix) if s) or None
            cite = Cite(key, both, old.prefix)
        merged[key] = cite
    return CiteGroup(tuple(merged.values()))


def _clean(text: str | None) -> str | None:
    return text.translate(_UNESCAPE).strip() or None if text else None


def _protect(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], " ".join(text.split("\n")))


def _split_groups(text: str, path: Path | str | None, line: int | None) -> list[str | CiteGroup]:
    """Text pieces and citation groups; malformed or unclosed groups are errors."""
    out: list[str | CiteGroup] = []
    at = 0
    for match in _GROUP.finditer(text):
        raw = match.group()
        if not _AT.search(raw):
            continue  # "[sic]", "[jo@example.com]": text
        start, end = match.span()
        if text[start - 1:start] == "[" and text[end:end + 1] == "]":
            raise _error("a citation inside another pair of brackets leaves “[]” in the text",
                         text[start - 1:end + 1], path, line)
        out += [text[at:start], _cite_group(raw, path, line)]
        at = end
    out.append(text[at:])
    for piece in out:
        if isinstance(piece, str):
            opened = re.search(r"\[[^\[\]]*(?<![\w@])@", piece)
            if opened:
                raise _error("the bracket is never closed",
                             piece[opened.start():opened.start() + 40], path, line)
    return out


def parse_inline(text: str, *, path: Path | str | None = None,
                 line: int | None = None) -> list[Inline]:
    """Split prose into formatted spans and citation groups.

    Review, the id checks and rendering each parse the same prose, and a mail merge
    parses it again for every recipient: parses are kept (they are immutable), errors are
    not.

    Raises:
        CitationSyntaxError: malformed citation markup (see the module docstring).
    """
    return list(_parse(text, path, line))


@functools.lru_cache(maxsize=4096)
def _parse(text: str, path: Path | str | None, line: int | None) -> tuple[Inline, ...]:
    pieces = _split_groups(_protect(text), path, line)
    tokens: list[str | CiteGroup] = []
    for piece in pieces:
        tokens += re.split(r"(\*\*|\*)", piece) if isinstance(piece, str) else [piece]
    openers: dict[str, list[int]] = {"**": [], "*": []}
    pairs: set[int] = set()
    for i, token in enumerate(tokens):
        if isinstance(token, str) and token in openers:
            stack = openers[token]
            if stack:
                pairs.update((stack.pop(), i))
            else:
                stack.append(i)
    out: list[Inline] = []
    bold = italic = False
    for i, token in enumerate(tokens):
        if i in pairs:
            bold, italic = (not bold, italic) if token == "**" else (bold, not italic)
        elif isinstance(token, CiteGroup):
            last = out[-1] if out else None
            if isinstance(last, Span):  # "text [@id]" -> "text¹", as pandoc does
                out.pop()
                if last.text.rstrip():
                    out.append(Span(last.text.rstrip(), last.bold, last.italic))
            out.append(token)
        elif token:
            out.append(Span(token, bold, italic))
    return tuple(Span(i.text.translate(_UNESCAPE), i.bold, i.italic) if isinstance(i, Span)
                 else i for i in out)


def escape_prose(text: str) -> str:
    """``text`` with every markup character escaped, so it renders exactly as typed."""
    return re.sub(r"([\\\[\]@*])", r"\\\1", text)


def bare_citations(text: str, known: Container[str]) -> list[str]:
    """Known fact ids written as ``@id`` outside brackets (pandoc's in-text citations)."""
    plain = _GROUP.sub(" ", _protect(text))
    return [m.group("key") for m in _BARE.finditer(plain) if m.group("key") in known]


def check_ids(texts: list[tuple[str, Path | str, int | None]], register: Register) -> None:
    """Raise for the first unknown fact id or in-text ``@id``; ``texts`` holds (text, file, line).

    Raises:
        UnknownFactError: a cited id the register does not have.
        CitationSyntaxError: a known fact id written as ``@id`` outside brackets, or a
            paragraph locator that disagrees with where the quote is.
    """
    for text, file, line in texts:
        for item in parse_inline(text, path=file, line=line):
            for cite in item.cites if isinstance(item, CiteGroup) else ():
                if cite.fact_id not in register.facts:
                    raise UnknownFactError(f"cites unknown fact {cite.fact_id!r}", path=file,
                                           line=line,
                                           hint=did_you_mean(cite.fact_id, register.facts))
        check_in_text(text, register, file, line)


def check_in_text(text: str, register: Register, file: Path | str,
                  line: int | None) -> None:
    """Raise for citations pandoc would print differently from what the draft means.

    That is a known fact id written ``@id`` outside brackets, or a paragraph locator that
    disagrees with where the quote is. Review and render both call this, so either
    refuses such a draft the same way.
    """
    for item in parse_inline(text, path=file, line=line):
        for cite in item.cites if isinstance(item, CiteGroup) else ():
            if cite.fact_id in register.facts:
                _check_locator(cite, register, file, line)
    for fact_id in bare_citations(text, register.facts):
            raise CitationSyntaxError(
                f"@{fact_id} outside brackets: pandoc would cite it in the text, which drafting "
                "does not do", path=file, line=line,
                hint=f"Write [@{fact_id}], or \\@{fact_id} for the literal text")


def _check_locator(cite: Cite, register: Register, file: Path | str, line: int | None) -> None:
    para = _PARA_LOCATOR.match(cite.suffix or "")
    locator = register.report(cite.fact_id).checks[0].locator
    if para and locator is not None and int(para.group("n")) != locator.paragraph:
        raise CitationSyntaxError(
            f"[@{cite.fact_id}, {cite.suffix}]: the quote is in {locator.label()} of its source, "
            f"not {cite.suffix}", path=file, line=line,
            hint=f"Drop the locator (the reference gives {locator.label()}) or correct it")


def _date_label(register: Register, source_id: str) -> str:
    date = register.sources[source_id].meta.date
    if date.value is None:
        return "n.d."
    return f"[{date.value.long()}]" if date.how == "inferred" else date.value.long()


def reference_text(register: Register, cite: Cite) -> str:
    """A reference a clerk would accept: who, title, kind, date (or n.d.), locator, URL."""
    check = register.report(cite.fact_id).checks[0]
    meta = register.sources[check.source_id].meta
    who = " and ".join(meta.authors) if meta.authors else meta.publisher
    title = f"“{meta.title}”" if meta.title else f"[{meta.description}]"
    text = (f"{who}, " if who else "") + f"{title} ({meta.kind}, "
    text += f"{_date_label(register, check.source_id)})"
    if check.locator is not None:
        text += f", {check.locator.label()}"
    if cite.suffix and not _PARA_LOCATOR.match(cite.suffix):
        text += f", {cite.suffix}"
    if meta.url:
        text += f", {meta.url}"
    return text + "."


def with_prefix(prefix: str | None, text: str) -> str:
    """``see`` + text -> ``See text`` (a note starts with a capital, as pandoc's do)."""
    if not prefix:
        return text
    return f"{prefix[0].upper()}{prefix[1:]} {text}"

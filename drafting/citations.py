r"""Citations in pandoc syntax inside prose: what is cited, with what words, and the checks.

What is recognised, as pandoc (2.17, measured) reads it:

* ``[@fact-id]``, ``[@a; @b]``: a citation group, one footnote or marker;
* ``[see @a, para. 6; also @b]``: a prefix before the ``@`` ("see", printed
  before the reference, capitalised at the start of a note) and a suffix after
  the comma, both with ``*italic*`` and ``**bold**`` as in the text. A suffix that
  starts with a paragraph locator (``para. 6``, ``paras 5-7``, ``¶ 6``,
  ``paragraph 6``) must hold the paragraph the quote is in, and is printed once;
  any other suffix ("p. 3", "emphasis added") follows the locator;
* ``[-@a]``: the author left out of the note (the text names them already);
* ``[@a; @a]``: the same fact twice in one group is one reference, with every
  prefix and suffix (pandoc prints "Doe 2019, 2019");
* ``\\[``, ``\\]``, ``\\@``, ``\\*``, ``\\``` and ``\\\\``: the character itself;
  a code span (```[@a]```) is its text, literally: never a citation or emphasis;
* ``**bold**`` and ``*italic*``; unpaired ``*`` stays literal.

What pandoc would turn into raw text or an in-text citation, and a finished
letter must never show, is an error naming the line: ``[@a; @]``, ``[@@a]``,
``[@]``, ``[@ a]``, ``[@a;]``, an unclosed ``[@a``, a citation inside another pair
of brackets (``[[@a]]``, ``[see [@a]]``), an ``@id`` inside a prefix or suffix
(``[@a, and @b]``: pandoc cites b in the text of a's note), and a bare ``@fact-id``
outside brackets (pandoc cites it in the text, which drafting does not do).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path

from drafting.errors import DraftingError
from drafting.locators import PARA, SuffixLocator, beyond, locator_problem, suffix_locator
from drafting.typography import smart_quotes
from evidence.register import Register
from evidence.suggest import did_you_mean
from evidence.verify import Locator

#: Characters a backslash escape (or a code span) makes literal, each kept as a stand-in.
_HIDE = {c: chr(0xE000 + i) for i, c in enumerate("\\[]@*`;\"'")}
_UNESCAPE = str.maketrans({v: k for k, v in _HIDE.items()})
#: Every stand-in made literal but a quote's (an escaped quote stays straight).
_UNESCAPE_SOME = str.maketrans({v: k for k, v in _HIDE.items() if k not in "\"'"})
_HIDE_ALL = str.maketrans(_HIDE)
_SPECIAL = re.compile(r"\\[\\\[\]@*`\"']|`+")
_TICKS = re.compile(r"`+")
_KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[\w])?"
#: A ``@`` that starts a citation key: not after a word character (so ``jo@example.com`` is text).
_AT = re.compile(r"(?<![\w@])@")
_CITE_AT = re.compile(rf"(?<![\w@])(?P<dash>-?)@(?P<key>{_KEY})")
_GROUP = re.compile(r"\[[^\[\]]*\]")
_BARE = re.compile(rf"(?<![\w@\ue003])@(?P<key>{_KEY})")
_MASK = "\ue010"
_LATER = re.compile(rf",\s*(?P<loc>{PARA.pattern})", re.IGNORECASE)


class UnknownFactError(DraftingError):
    """A draft cites a fact id the register does not have."""


class CitationSyntaxError(DraftingError):
    """Citation markup that is not a valid pandoc citation group."""


@dataclass(frozen=True)
class Span:
    """Plain text with its formatting."""

    text: str
    bold: bool = False
    italic: bool = False


Runs = tuple[Span, ...]


def plain(runs: Iterable[Span]) -> str:
    """The text of some runs, without their formatting."""
    return "".join(r.text for r in runs)


@dataclass(frozen=True)
class Cite:
    """One cited fact, with the words before it and the locator or note after its id."""

    fact_id: str
    suffix: Runs = ()
    prefix: Runs = ()
    suppress_author: bool = False

    @property
    def locator(self) -> SuffixLocator | None:
        """The page and paragraph locator the suffix starts with, if any."""
        return suffix_locator(plain(self.suffix))

    def shown(self) -> str:
        """The citation as written, for messages: ``[see @a, para. 3]``."""
        prefix = f"{plain(self.prefix)} " if self.prefix else ""
        suffix = f", {plain(self.suffix)}" if self.suffix else ""
        return f"[{prefix}{'-' if self.suppress_author else ''}@{self.fact_id}{suffix}]"


@dataclass(frozen=True)
class CiteGroup:
    """The facts cited together in one ``[...]``, every item as written."""

    cites: tuple[Cite, ...]

    @property
    def facts(self) -> tuple[str, ...]:
        """The facts cited, each once, in order."""
        return tuple(dict.fromkeys(c.fact_id for c in self.cites))

    def mentions(self) -> list[tuple[Cite, ...]]:
        """The items citing each fact (pandoc cites a repeated fact once, with every suffix)."""
        return [tuple(c for c in self.cites if c.fact_id == f) for f in self.facts]


Inline = Span | CiteGroup


@dataclass(frozen=True)
class _Scan:
    """Prose with escapes and code spans replaced by stand-ins, and where each char came from."""

    text: str
    raw_at: tuple[int, ...]
    code: tuple[tuple[int, int], ...]


@functools.lru_cache(maxsize=4096)
def _scan(text: str) -> _Scan:
    """Escapes and code spans made literal, as pandoc reads them (a code span drops its ticks)."""
    text = text.replace("\n", " ")
    out: list[str] = []
    raw_at: list[int] = []
    code: list[tuple[int, int]] = []
    pos = 0
    while match := _SPECIAL.search(text, pos):
        out.append(text[pos : match.start()])
        raw_at += range(pos, match.start())
        ticks = match.group()
        if ticks[0] == "\\":
            out.append(_HIDE[ticks[1]])
            raw_at.append(match.start())
            pos = match.end()
            continue
        close = next(
            (t for t in _TICKS.finditer(text, match.end()) if len(t.group()) == len(ticks)), None
        )
        if close is None:  # no closing run of the same length: one literal tick
            out.append("`")
            raw_at.append(match.start())
            pos = match.start() + 1
            continue
        inside = text[match.end() : close.start()]
        lead = match.end() + len(inside) - len(inside.lstrip())
        out.append(inside.strip().translate(_HIDE_ALL))
        raw_at += range(lead, lead + len(inside.strip()))
        code.append((match.start(), close.end()))
        pos = close.end()
    out.append(text[pos:])
    raw_at += range(pos, len(text))
    return _Scan("".join(out), tuple(raw_at), tuple(code))


def _protect(text: str) -> str:
    return _scan(text).text


def unbreakable(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a code span or a bracketed group (a citation's): never split them."""
    scan = _scan(text)
    return sorted(
        [
            *scan.code,
            *(
                (scan.raw_at[m.start()], scan.raw_at[m.end() - 1] + 1)
                for m in _GROUP.finditer(scan.text)
            ),
        ]
    )


def _error(what: str, raw: str, path: Path | str | None, line: int | None) -> CitationSyntaxError:
    shown = raw.translate(_UNESCAPE)
    return CitationSyntaxError(
        f"malformed citation “{shown}”: {what}",
        path=path,
        line=line,
        hint="Write [@fact-id], [@a; @b] or [see @a, para. 3]; escape a "
        "literal bracket or @ with a backslash (\\[ \\@)",
    )


def _cite(item: str, raw: str, path: Path | str | None, line: int | None) -> Cite:
    """One item of a group: prefix, ``@key`` (``-@key``), and a suffix after a comma."""
    match = _CITE_AT.search(item)
    if not match:
        what = (
            "an empty item"
            if not item.strip()
            else "no fact id after @"
            if item.strip().endswith("@") or "@ " in item
            else "a doubled @"
            if "@@" in item
            else f"“{item.strip()}” is not @fact-id"
        )
        raise _error(what, raw, path, line)
    key, rest = match.group("key"), item[match.end() :]
    prefix = item[: match.start()]
    inner = _CITE_AT.search(rest)
    if inner:
        raise _error(
            f"a citation's suffix holds @{inner.group('key')}: separate citations "
            f"with ';' as in [@{key}; see also @{inner.group('key')}]",
            raw,
            path,
            line,
        )
    if (prefix.strip() and not prefix[-1].isspace()) or (
        rest.strip() and not rest.lstrip().startswith(",")
    ):
        raise _error(
            f"“{item.strip()}” is not @fact-id (a locator or note follows a comma, "
            f"as in [see @{key}, p. 3])",
            raw,
            path,
            line,
        )
    return Cite(key, _runs(rest.lstrip()[1:]), _runs(prefix), bool(match.group("dash")))


def _cite_group(raw: str, path: Path | str | None, line: int | None) -> CiteGroup:
    return CiteGroup(tuple(_cite(item, raw, path, line) for item in raw[1:-1].split(";")))


def _enclosed(
    text: str, groups: list[re.Match[str]], path: Path | str | None, line: int | None
) -> None:
    """Refuse a citation group inside another pair of brackets (pandoc leaves them as text)."""
    masked = list(text)
    for group in groups:
        masked[group.start() : group.end()] = _MASK * (group.end() - group.start())
    opened: list[int] = []
    for i, char in enumerate(masked):
        if char == "[":
            opened.append(i)
        elif char == "]" and opened:
            start = opened.pop()
            inside = "".join(masked[start + 1 : i])
            if _MASK in inside:
                what = (
                    "a citation inside another citation: separate citations with ';' as "
                    "in [@a; see also @b]"
                    if _CITE_AT.search(inside.replace(_MASK, " "))
                    else "a citation inside another pair of brackets leaves the outer "
                    "brackets (“[]”) in the text"
                )
                raise _error(what, text[start : i + 1], path, line)


def _split_groups(text: str, path: Path | str | None, line: int | None) -> list[str | CiteGroup]:
    """Text pieces and citation groups; malformed or unclosed groups are errors."""
    groups = [m for m in _GROUP.finditer(text) if _AT.search(m.group())]  # "[sic]" is text
    _enclosed(text, groups, path, line)
    out: list[str | CiteGroup] = []
    at = 0
    for match in groups:
        out += [text[at : match.start()], _cite_group(match.group(), path, line)]
        at = match.end()
    out.append(text[at:])
    for piece in out:
        if isinstance(piece, str):
            opened = re.search(r"\[[^\[\]]*(?<![\w@])@", piece)
            if opened:
                raise _error(
                    "the bracket is never closed",
                    piece[opened.start() : opened.start() + 40],
                    path,
                    line,
                )
    return out


def _emphasis(tokens: list[str | CiteGroup]) -> list[Inline]:
    """Pair ``**`` and ``*`` tokens into bold and italic spans; unpaired ones stay literal."""
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
    return _typographic(out)


def _typographic(items: list[Inline]) -> list[Inline]:
    """Straight quotes made curly across the spans, then escapes made literal.

    A quote may close after an italic word; an escaped or code-span quote stays straight.
    """
    text = "".join(i.text for i in items if isinstance(i, Span)).translate(_UNESCAPE_SOME)
    smart = iter(smart_quotes(text).translate(_UNESCAPE))
    return [
        Span("".join(next(smart) for _ in i.text), i.bold, i.italic) if isinstance(i, Span) else i
        for i in items
    ]


def _runs(protected: str) -> Runs:
    """A prefix or suffix (escapes already stood in for) as formatted runs."""
    tokens: list[str | CiteGroup] = list(re.split(r"(\*\*|\*)", " ".join(protected.split())))
    return tuple(s for s in _emphasis(tokens) if isinstance(s, Span))


def parse_inline(
    text: str, *, path: Path | str | None = None, line: int | None = None
) -> list[Inline]:
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
    tokens: list[str | CiteGroup] = []
    for piece in _split_groups(_protect(text), path, line):
        tokens += re.split(r"(\*\*|\*)", piece) if isinstance(piece, str) else [piece]
    return tuple(_emphasis(tokens))


def escape_prose(text: str) -> str:
    """``text`` with every markup character escaped, so it renders exactly as typed."""
    return re.sub(r"([\\\[\]@*`])", r"\\\1", text)


def bare_citations(text: str, known: Container[str]) -> list[str]:
    """Known fact ids written as ``@id`` outside brackets (pandoc's in-text citations)."""
    plain_text = _GROUP.sub(" ", _protect(text))
    return [m.group("key") for m in _BARE.finditer(plain_text) if m.group("key") in known]


def check_ids(texts: list[tuple[str, Path | str, int | None]], register: Register) -> None:
    """Raise for the first unknown fact id or in-text ``@id``; ``texts`` holds (text, file, line).

    Raises:
        UnknownFactError: a cited id the register does not have.
        CitationSyntaxError: a known fact id written as ``@id`` outside brackets, or a
            paragraph locator that disagrees with where the quote is.
    """
    for text, file, line in texts:
        for item in parse_inline(text, path=file, line=line):
            for fact_id in item.facts if isinstance(item, CiteGroup) else ():
                if fact_id not in register.facts:
                    raise UnknownFactError(
                        f"cites unknown fact {fact_id!r}",
                        path=file,
                        line=line,
                        hint=did_you_mean(fact_id, register.facts),
                    )
        check_in_text(text, register, file, line)


def check_in_text(text: str, register: Register, file: Path | str, line: int | None) -> None:
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
            "does not do",
            path=file,
            line=line,
            hint=f"Write [@{fact_id}], or \\@{fact_id} for the literal text",
        )


def _check_locator(cite: Cite, register: Register, file: Path | str, line: int | None) -> None:
    """A locator comes first, names pages and paragraphs, and holds where the quote is.

    A locator word must be followed by numbers of its kind and nothing that continues them
    (:func:`drafting.locators.locator_problem`), and name no paragraph or page past the
    source's last (:func:`drafting.locators.beyond`). A page is checked against the page
    printed where the quote is (or its page in the PDF when the document prints none); a
    source with no pages (plain text) leaves a page locator to be printed as written.
    """
    loc, suffix = cite.locator, plain(cite.suffix)
    later = _LATER.search(suffix, len(loc.written) if loc else 0)
    if later:
        others = (suffix[: later.start()] + suffix[later.end() :]).strip(", ")
        raise CitationSyntaxError(
            f"{cite.shown()}: a paragraph locator goes first, right after the fact id (or "
            "after its page), and only once (pandoc reads it there)",
            path=file,
            line=line,
            hint=f"Write [@{cite.fact_id}, {later.group('loc')}, {others}]",
        )
    problem = locator_problem(suffix)
    if problem:
        raise CitationSyntaxError(
            f"{cite.shown()}: {problem[0]}", path=file, line=line, hint=problem[1]
        )
    if loc is None:
        return
    check = register.report(cite.fact_id).checks[0]
    past = beyond(loc, register.sources[check.source_id].segmentation)
    wrong = _wrong_place(loc, check.locator) if check.locator is not None else None
    if wrong and check.locator is not None:
        raise CitationSyntaxError(
            f"{cite.shown()}: the quote is in {check.locator.label()} of its source, not "
            f"{wrong}{f' ({past})' if past else ''}",
            path=file,
            line=line,
            hint=f"Drop the locator (the reference gives {check.locator.label()}) or correct it",
        )
    if past:
        written = ", ".join(w.strip() for w in (loc.page_written, loc.para_written) if w)
        raise CitationSyntaxError(
            f"{cite.shown()}: “{written}” goes past the end of its source ({past})",
            path=file,
            line=line,
            hint="Correct it, or drop it (the reference gives the place)",
        )


def _wrong_place(loc: SuffixLocator, locator: Locator) -> str | None:
    """The part of ``loc`` that does not hold the quote found at ``locator``, if any."""
    if loc.paras and (
        (locator.place is not None and locator.place.number is None)
        or not loc.holds(locator.number)
    ):
        return loc.para_written.strip()
    page = locator.page or locator.pdf_page
    if loc.pages and page is not None and not loc.holds_pages(page):
        return loc.page_written.strip()
    return None

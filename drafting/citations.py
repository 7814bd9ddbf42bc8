"""Citations in pandoc syntax inside prose, and the references they become.

``[@fact-id]``, ``[@a; @b]`` and ``[@fact-id, para. 3]`` (a locator or note after
the comma) are recognised; ``**bold**`` and ``*italic*`` too. Each citation
group becomes one footnote (or one superscript marker); a fact cited again reuses
its reference number in the references list and, as a footnote, says "See note N".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from drafting.errors import DraftingError
from evidence.normalise import normalise
from evidence.register import Register
from evidence.suggest import did_you_mean

_TOKEN = re.compile(r"(\*\*|\*|\[[^\[\]]*@[^\[\]]*\])")
_CITE_ITEM = re.compile(r"^\s*(?:[^@]*?\s)?@([A-Za-z0-9][\w:.#$%&+?<>~/-]*?)\s*(?:,\s*(.+?))?\s*$")


class UnknownFactError(DraftingError):
    """A draft cites a fact id the register does not have."""


@dataclass(frozen=True)
class Cite:
    """One cited fact, with the locator or note written after its id."""

    fact_id: str
    suffix: str | None = None


@dataclass(frozen=True)
class CiteGroup:
    """The facts cited together in one ``[...]``; ``number`` is its marker."""

    cites: tuple[Cite, ...]
    number: int = 0


@dataclass(frozen=True)
class Span:
    """Plain text with its formatting."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = Span | CiteGroup


def _cite_group(raw: str) -> CiteGroup | None:
    cites = []
    for item in raw[1:-1].split(";"):
        match = _CITE_ITEM.match(item)
        if not match:
            return None
        cites.append(Cite(match.group(1), match.group(2)))
    return CiteGroup(tuple(cites))


def parse_inline(text: str) -> list[Inline]:
    """Split prose into formatted spans and citation groups.

    Unpaired ``*`` or ``**`` stay literal text, so nothing typed is lost.
    """
    parts = _TOKEN.split(" ".join(text.split("\n")))
    openers: dict[str, list[int]] = {"**": [], "*": []}
    pairs: set[int] = set()
    for i, part in enumerate(parts):
        if part in openers:
            stack = openers[part]
            if stack:
                pairs.update((stack.pop(), i))
            else:
                stack.append(i)
    out: list[Inline] = []
    bold = italic = False
    for i, part in enumerate(parts):
        if i in pairs:
            bold, italic = (not bold, italic) if part == "**" else (bold, not italic)
            continue
        group = _cite_group(part) if part.startswith("[") and i % 2 else None
        if group is not None:
            last = out[-1] if out else None
            if isinstance(last, Span):  # "text [@id]" -> "text¹", as pandoc does
                out.pop()
                if last.text.rstrip():
                    out.append(Span(last.text.rstrip(), last.bold, last.italic))
            out.append(group)
        elif part:
            out.append(Span(part, bold, italic))
    return out


def cited_ids(text: str) -> list[str]:
    """Every fact id cited in ``text``, in order."""
    return [c.fact_id for item in parse_inline(text) if isinstance(item, CiteGroup)
            for c in item.cites]


def check_ids(texts: list[tuple[str, str, int | None]], register: Register) -> None:
    """Raise for the first unknown fact id; ``texts`` holds (text, file, line)."""
    for text, file, line in texts:
        for fact_id in cited_ids(text):
            if fact_id not in register.facts:
                raise UnknownFactError(f"cites unknown fact {fact_id!r}", path=file, line=line,
                                       hint=did_you_mean(fact_id, register.facts))


def _date_label(register: Register, source_id: str) -> str:
    date = register.sources[source_id].meta.date
    if date.value is None:
        return "n.d."
    return f"[{date.value.long()}]" if date.how == "inferred" else date.value.long()


def reference_text(register: Register, cite: Cite) -> str:
    """A reference a clerk would accept: who, title, kind, date (or n.d.), locator, URL."""
    report = register.report(cite.fact_id)
    check = report.checks[0]
    meta = register.sources[check.source_id].meta
    who = " and ".join(meta.authors) if meta.authors else meta.publisher
    title = f"“{meta.title}”" if meta.title else f"[{meta.description}]"
    text = (f"{who}, " if who else "") + f"{title} ({meta.kind}, "
    text += f"{_date_label(register, check.source_id)})"
    if check.locator is not None:
        text += f", {check.locator.label()}"
    if cite.suffix:
        text += f", {cite.suffix}"
    if meta.url:
        text += f", {meta.url}"
    return text + "."


def text_hash(text: str, size: int = 16) -> str:
    """A short, stable hash of a text after normalising (quotes, notes, paragraphs in metadata)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:size]

"""What a citation prints: the reference, its locator once, prefix and suffix as runs.

A reference a clerk would accept gives who, title (or a [description]), kind, date ("n.d."
when unknown, [July 2019] when inferred), locator and URL. The locator is the paragraph the
quote was found in, or the paragraph locator the draft wrote (checked to hold it, so it is
printed once, in citeproc's form: ``paras. 5–7``); the rest of the suffix follows it, with
its emphasis. Prefixes and suffixes stay runs (``*see*`` is italic), so footnotes can show
them as the body shows its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from drafting.citations import Cite, Runs, Span, plain
from drafting.locators import SuffixLocator
from evidence.register import Register
from evidence.verify import Locator


def _date_label(register: Register, source_id: str) -> str:
    date = register.sources[source_id].meta.date
    if date.value is None:
        return "n.d."
    return f"[{date.value.long()}]" if date.how == "inferred" else date.value.long()


def merge(runs: Iterable[Span]) -> Runs:
    """Adjacent runs of the same formatting joined into one; empty ones dropped."""
    out: list[Span] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = Span(out[-1].text + run.text, run.bold, run.italic)
        else:
            out.append(run)
    return tuple(out)


def _drop(runs: Runs, count: int) -> Runs:
    """``runs`` without their first ``count`` characters."""
    out = []
    for run in runs:
        cut = min(count, len(run.text))
        count -= cut
        out.append(Span(run.text[cut:], run.bold, run.italic))
    return merge(out)


def _rest(cite: Cite, paged: bool) -> tuple[str, Runs]:
    """The suffix after its locator, and what joins it (", ", or a space as written).

    For a source with no pages (``paged`` false) a page the suffix names is no locator:
    it stays in the suffix, as written.
    """
    loc = cite.locator
    if not loc:
        return ", ", cite.suffix
    rest = _drop(cite.suffix, len(loc.written))
    text = plain(rest)
    joiner = " " if text and not text.startswith(",") else ", "
    rest = _drop(rest, len(text) - len(text.lstrip(", ")))
    page = loc.page_label()
    if page and not paged:
        return joiner, merge((Span(page), *((Span(joiner), *rest) if rest else ())))
    return joiner, rest


def _written(loc: SuffixLocator | None, paged: bool) -> str | None:
    """What a suffix's own locator prints where the reference's locator goes."""
    if loc is None:
        return None
    return ", ".join(p for p in (loc.page_label() if paged else None, loc.para_label()) if p) \
        or None


def printed_locator(loc: SuffixLocator | None, found: Locator | None) -> str | None:
    """The locator a reference prints: where the quote was found, as the suffix names it.

    The suffix's page and paragraph (checked to hold the quote) replace the found ones
    part by part: ``[@a, pp. 7-8]`` prints ``pp. 7–8, para. 23``.
    """
    if found is None:
        return _written(loc, paged=False)
    page, para = found.place.parts(found.paragraph) if found.place else (None, found.label())
    if loc is not None:
        page = (loc.page_label() or page) if page else page
        para = loc.para_label() or para
    return ", ".join(p for p in (page, para) if p) or None


def _tail(items: Sequence[Cite], paged: bool) -> Runs:
    """The first item's suffix after its locator; then each later item's "; prefix suffix"."""
    joiner, rest = _rest(items[0], paged)
    out = [Span(joiner), *rest] if rest else []
    for later in items[1:]:  # each with its own locator, if it gave one
        joiner, rest = _rest(later, paged)
        written = _written(later.locator, paged)
        rest = merge((Span(written), *((Span(joiner), *rest) if rest else ()))) if written \
            else rest
        if later.prefix:
            out += [Span("; "), *later.prefix, *((Span(" "), *rest) if rest else ())]
        elif rest:
            out += [Span("; " if out else ", "), *rest]
    return merge(out)


def _end(runs: Iterable[Span]) -> Runs:
    """Runs ending in a full stop (one, not two)."""
    out = merge(runs)
    return out if plain(out).endswith(".") else merge((*out, Span(".")))


def reference_runs(register: Register, items: Sequence[Cite], *,
                   suppress_author: bool = False) -> Runs:
    """The full reference for ``items`` (one fact): who, title, locator, suffixes, URL."""
    check = register.report(items[0].fact_id).checks[0]
    meta = register.sources[check.source_id].meta
    who = " and ".join(meta.authors) if meta.authors else meta.publisher
    title = f"“{meta.title}”" if meta.title else f"[{meta.description}]"
    head = ("" if suppress_author or not who else f"{who}, ") + f"{title} ({meta.kind}, "
    runs = [Span(head + f"{_date_label(register, check.source_id)})")]
    locator = printed_locator(items[0].locator, check.locator)
    if locator:
        runs.append(Span(f", {locator}"))
    runs += _tail(items, _paged(check.locator))
    if meta.url:
        runs.append(Span(f", {meta.url}"))
    return _end(runs)


def reference_text(register: Register, cite: Cite) -> str:
    """A reference as plain text (a references list, a background section)."""
    return plain(reference_runs(register, (cite,)))


def _paged(found: Locator | None) -> bool:
    return found is not None and found.place is not None and found.place.pdf_page is not None


def again_runs(items: Sequence[Cite], note: int, found: Locator | None = None) -> Runs:
    """A fact already given in note ``note``: "See note 3, p. 4."."""
    paged = _paged(found)
    written = _written(items[0].locator, paged)
    runs = [Span(f"note {note}"), *([Span(f", {written}")] if written else []),
            *_tail(items, paged)]
    return with_prefix(items[0].prefix or (Span("see"),), _end(runs))


def with_prefix(prefix: Runs, runs: Runs) -> Runs:
    """``see`` + runs -> ``See runs`` (a note starts with a capital, as pandoc's do)."""
    if not prefix:
        return runs
    first = prefix[0]
    capital = Span(first.text[:1].upper() + first.text[1:], first.bold, first.italic)
    return merge((capital, *prefix[1:], Span(" "), *runs))


def join(parts: Iterable[Runs], separator: str = " ") -> Runs:
    """Several runs in a row, with ``separator`` between them."""
    out: list[Span] = []
    for part in parts:
        out += [Span(separator)] if out else []
        out += part
    return merge(out)

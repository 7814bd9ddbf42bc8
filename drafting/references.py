"""What a citation prints: the reference, its locator once, prefix and suffix as runs.

A reference a clerk would accept gives who, title (or a [description]), kind, date ("n.d."
when unknown, [July 2019] when inferred), locator and URL. The locator is the paragraph the
quote was found in, or the paragraph locator the draft wrote (checked to hold it, so it is
printed once, in citeproc's form: ``paras. 5–7``); the rest of the suffix follows it, with
its emphasis. Prefixes and suffixes stay runs (``*see*`` is italic), so footnotes can show
them as the body shows its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from drafting.citations import Cite, Runs, Span, plain
from drafting.locators import SuffixLocator
from drafting.typography import smart_quotes
from evidence.register import Register
from evidence.sources import SourceMeta, kind_label
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
    return (
        ", ".join(p for p in (loc.page_label() if paged else None, loc.para_label()) if p) or None
    )


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


def _tail(items: Sequence[Cite], paged: bool, found: str | None = None) -> Runs:
    """The first item's suffix after its locator; then each later item's "; prefix suffix".

    A later item with a prefix but neither locator nor suffix of its own cites the place
    the quote was found (``found``): "...; cf. para. 8", never a prefix left hanging.
    """
    joiner, rest = _rest(items[0], paged)
    out = [Span(joiner), *rest] if rest else []
    for later in items[1:]:  # each with its own locator, if it gave one
        joiner, rest = _rest(later, paged)
        written = _written(later.locator, paged)
        rest = merge((Span(written), *((Span(joiner), *rest) if rest else ()))) if written else rest
        if later.prefix and not rest and found:
            rest = (Span(found),)
        if later.prefix and rest:
            out += [Span("; "), *later.prefix, Span(" "), *rest]
        elif rest:
            out += [Span("; " if out else ", "), *rest]
    return merge(out)


def _end(runs: Iterable[Span]) -> Runs:
    """Runs ending in a full stop (one, not two)."""
    out = merge(runs)
    return out if plain(out).endswith(".") else merge((*out, Span(".")))


def _who(meta: SourceMeta) -> str | None:
    """The authors ("A and B"), else the publisher."""
    return " and ".join(meta.authors) if meta.authors else meta.publisher


def short_who(register: Register, meta: SourceMeta) -> str | None:
    """Who, as a later note names them: a known person by surname, four or more as "A and others".

    An author is shortened only when ``people.yaml`` knows them by that name (or an alias):
    "Office of the Children's Commissioner" is not a person called "Commissioner".
    """
    if not meta.authors:
        return meta.publisher
    known = {
        name.casefold(): person.name
        for person in register.people.values()
        for name in (person.name, *person.aliases)
    }
    names = [known[a.casefold()].split()[-1] if a.casefold() in known else a for a in meta.authors]
    return f"{names[0]} and others" if len(names) > 3 else " and ".join(names)


def source_runs(register: Register, source_id: str, *, suppress_author: bool = False) -> Runs:
    """A source in full, without a locator: who, title, kind and date (no URL)."""
    meta = register.sources[source_id].meta
    who = _who(meta)
    title = f"“{meta.title}”" if meta.title else f"[{meta.description}]"
    when = ", ".join(p for p in (kind_label(meta.kind), _date_label(register, source_id)) if p)
    head = "" if suppress_author or not who else f"{who}, "
    return (Span(f"{head}{title} ({when})"),)


#: Where a title's subtitle starts; a short title stops there.
_SUBTITLE = re.compile(r":\s|\s[–—-]\s|\s\|\s")


def short_title(meta: SourceMeta, words: int = 6) -> str:
    """A title as a later note gives it: the main title, at most ``words`` words.

    "Inspection of Northamptonshire local authority children's services: Inspection dates
    ..." -> "Inspection of Northamptonshire local authority children's…". A source with no
    title is named by its description in square brackets, shortened the same way.
    """
    text = meta.title or meta.description or ""
    main = _SUBTITLE.split(text, maxsplit=1)[0] if meta.title else text
    kept = main.split()
    cut = " ".join(kept[:words]).rstrip(",;:") + ("…" if len(kept) > words else "")
    return f"“{cut}”" if meta.title else f"[{cut}]"


def reference_runs(
    register: Register, items: Sequence[Cite], *, suppress_author: bool = False
) -> Runs:
    """The full reference for ``items`` (one fact): who, title, locator, suffixes, URL."""
    check = register.report(items[0].fact_id).checks[0]
    meta = register.sources[check.source_id].meta
    runs = list(source_runs(register, check.source_id, suppress_author=suppress_author))
    runs += _place(items, check.locator)
    if meta.url:
        runs.append(Span(f", {meta.url}"))
    return _end(runs)


def _place(items: Sequence[Cite], found: Locator | None) -> list[Span]:
    """“, p. 5, para. 14” and the suffixes after it."""
    locator = printed_locator(items[0].locator, found)
    return [
        *((Span(f", {locator}"),) if locator else ()),
        *_tail(items, _paged(found), printed_locator(None, found)),
    ]


def short_runs(
    register: Register,
    items: Sequence[Cite],
    first_note: int | str | None,
    *,
    titled: bool = False,
    ibid: bool = False,
) -> Runs:
    """A source given in full before: "Who (n 3), para. 8", or "ibid, para. 8".

    The short title is added when there is no author or publisher, or when ``titled`` (the
    same author has another source in the document): "Ofsted, “Inspection of…” (n 3)".
    ``first_note`` is the note that gave it in full, as its mark prints (None: earlier in
    the same note);
    ``ibid`` stands for the source of the note just before, which cited it alone. ``[-@a]``
    (the sentence names the author) gives the short title without them.
    """
    check = register.report(items[0].fact_id).checks[0]
    meta = register.sources[check.source_id].meta
    if ibid:
        head = "ibid"
    else:
        who = None if items[0].suppress_author else short_who(register, meta)
        named = ", ".join(p for p in (who, short_title(meta) if titled or not who else None) if p)
        head = named + (f" (n {first_note})" if first_note is not None else "")
    return _end([Span(head), *_place(items, check.locator)])


def place_text(register: Register, items: Sequence[Cite]) -> str:
    """The locator and suffixes a citation prints, as text ("p. 5, para. 14")."""
    check = register.report(items[0].fact_id).checks[0]
    return plain(merge(_place(items, check.locator))).removeprefix(", ")


def reference_text(register: Register, cite: Cite) -> str:
    """A reference as plain text (a background section)."""
    return plain(reference_runs(register, (cite,)))


def source_text(register: Register, source_id: str, places: Sequence[str]) -> str:
    """A references-list entry: the source in full, its URL, and the places cited in it."""
    meta = register.sources[source_id].meta
    text = plain(source_runs(register, source_id))
    cited = cited_places(places)
    cited_at = f" Cited at {cited}" if cited else ""
    return smart_quotes(
        text
        + (f", {meta.url}" if meta.url else "")
        + "."
        + cited_at
        + ("." if cited_at and not cited_at.endswith(".") else "")
    )


_ONE_PARA = re.compile(r"para\. (\d+(?:\.\d+)*)")


def cited_places(places: Sequence[str]) -> str:
    """The places cited in a source, each once: single paragraphs together, in order.

    ``["para. 8", "para. 4", "p. 5, para. 14", "para. 8"]`` -> "paras. 4, 8; p. 5, para. 14".
    """
    unique = list(dict.fromkeys(p for p in places if p))
    paras = sorted(
        {m.group(1) for p in unique if (m := _ONE_PARA.fullmatch(p))},
        key=lambda n: tuple(int(d) for d in n.split(".")),
    )
    others = [p for p in unique if not _ONE_PARA.fullmatch(p)]
    joined = [f"para{'s' * (len(paras) > 1)}. {', '.join(paras)}"] if paras else []
    return "; ".join(joined + others)


def _paged(found: Locator | None) -> bool:
    return found is not None and found.place is not None and found.place.pdf_page is not None


def typographic(runs: Runs) -> Runs:
    """Runs with straight quotes and apostrophes made curly, read across the runs."""
    smart = iter(smart_quotes(plain(runs)))
    return tuple(Span("".join(next(smart) for _ in r.text), r.bold, r.italic) for r in runs)


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

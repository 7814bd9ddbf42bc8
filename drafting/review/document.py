"""Review a rendered .docx, even one edited by hand since ``drafting render`` wrote it.

At render time the document records, in its custom properties, every citation
(facts, quote hashes, a hash of its footnote text or its marker, its paragraph)
and a hash of every paragraph with whether it is prose. Here the document as it
is now is lined up with that record (:class:`difflib.SequenceMatcher`, the
algorithm behind ``diff``), so that

* paragraphs are known as prose (checked) or furniture (addresses, date,
  signatures: not checked) even after paragraphs were added, edited or removed;
* each footnote or marker now in the document is matched to the citation it was
  rendered as, and citations removed, added or edited by hand are reported.

Footnotes are matched by their text, not their ids: Word and LibreOffice
renumber footnote ids when they save. A background-style document has no marks in its
text (:mod:`drafting.review.background`: its citations go back to their clauses, and its
Background section's entries are checked as footnotes are). Places are named as the
document names them (:mod:`drafting.review.places`).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from drafting.docx.record import (
    CitationRecord,
    DocParagraph,
    RenderedDocument,
    read_rendered,
    text_key,
)
from drafting.findings import Finding, Mark, Passage, Review, excerpt
from drafting.kinds import KINDS
from drafting.review import background
from drafting.review.checks import review_passages
from drafting.review.places import Places, places
from evidence.normalise import text_hash
from evidence.register import Register


@dataclass(frozen=True)
class _Now:
    """A citation mark as the document has it now."""

    paragraph: int
    offset: int
    key: str | None
    marker: str
    note: str | None


def prose_flags(doc: RenderedDocument) -> list[bool]:
    """Which of the document's paragraphs are prose, by aligning with the rendered record."""
    recorded = [(h, bool(p)) for h, p in doc.record.paragraphs]
    current = [text_key(p.text) for p in doc.paragraphs]
    flags = [bool(p.marks) for p in doc.paragraphs]
    matcher = SequenceMatcher(a=[h for h, _ in recorded], b=current, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1):
                flags[j1 + k] = flags[j1 + k] or recorded[i1 + k][1]
            continue
        around = recorded[i1:i2] or recorded[max(0, i1 - 1) : i1 + 1]
        if any(p for _, p in around):
            for j in range(j1, j2):
                flags[j] = True
    return flags


def _marks_now(doc: RenderedDocument, prose: list[int], style: str) -> list[_Now]:
    out = []
    footnote_no = 0
    for number, index in enumerate(prose, 1):
        for offset, key in doc.paragraphs[index].marks:
            if key.startswith("fn:"):
                footnote_no += 1
                note = doc.footnotes.get(int(key[3:])) if key[3:].lstrip("-").isdigit() else None
                out.append(
                    _Now(
                        number,
                        offset,
                        text_key(note) if note is not None else None,
                        str(footnote_no),
                        note,
                    )
                )
            elif style == "references":
                out.append(_Now(number, offset, key, key, None))
    return out


def _align(
    recorded: tuple[CitationRecord, ...],
    now: list[_Now],
    passages: list[DocParagraph],
    style: str,
    where: Places,
) -> tuple[dict[int, int], list[Finding]]:
    """The recorded citation of each current mark (absent if added by hand), and changes.

    Marks are lined up in order; then a citation missing from its place and a mark added
    elsewhere with the very same footnote text are one citation that moved (a paragraph
    moved with its notes), not one removed and one added.
    """
    source: dict[int, int] = {}
    findings: list[Finding] = []
    what = "footnote" if style == "footnotes" else "citation marker"
    matcher = SequenceMatcher(a=[c.key for c in recorded], b=[n.key for n in now], autojunk=False)
    gone: list[int] = []
    added: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                source[j] = i
                if tag == "replace":
                    findings.append(
                        _change(
                            now[j],
                            passages,
                            where,
                            "citation-edited",
                            f"{what} {now[j].marker} (citing "
                            f"{', '.join(recorded[i].facts)}) was changed by "
                            "hand since rendering",
                            now[j].note,
                        )
                    )
            continue
        gone += range(i1, i2)
        added += range(j1, j2)
    for j in list(added):
        same = next((i for i in gone if recorded[i].key == now[j].key), None)
        if same is not None:
            source[j] = same
            gone.remove(same)
            added.remove(j)
    gone = _by_place(recorded, now, source, gone)
    for i in gone:
        gone_cite = recorded[i]
        findings.append(
            Finding(
                "warning",
                "citation-removed",
                f"the citation of {', '.join(gone_cite.facts)} (note {gone_cite.n} when "
                "rendered) was removed by hand since rendering",
                f"{where.was(gone_cite.p)} as rendered",
                "",
                "If the sentence still relies on it, put the citation back in the draft and "
                "render again",
                gone_cite.facts[0] if gone_cite.facts else None,
            )
        )
    for j in added:
        findings.append(
            _change(
                now[j],
                passages,
                where,
                "citation-added",
                f"{what} {now[j].marker} was added by hand since rendering; "
                "review cannot check it against the register",
                now[j].note,
            )
        )
    return source, findings


def _by_place(
    recorded: tuple[CitationRecord, ...], now: list[_Now], source: dict[int, int], gone: list[int]
) -> list[int]:
    """Which of several alike citations was removed, by where the others still are.

    Notes can print alike ("Birch and Stone (n 2), para. 4." twice; a references marker
    "2" for every fact of one source), and lining up texts alone cannot say which of a run
    of them went. Within each run of alike citations around one removed, the marks still
    there are matched, in order, to the citations whose place (paragraph and offset, the
    paragraphs shifted as the others show) fits best; the one left over is the one removed.
    """
    out = set(gone)
    matched = {i: j for j, i in source.items()}
    for first in sorted(gone):
        key, a, b = recorded[first].key, first, first
        while a > 0 and recorded[a - 1].key == key:
            a -= 1
        while b + 1 < len(recorded) and recorded[b + 1].key == key:
            b += 1
        run = list(range(a, b + 1))
        marks = sorted(matched[i] for i in run if i in matched)
        if len(marks) == len(run) or not marks:
            continue
        shifts = [recorded[i].p - now[matched[i]].paragraph for i in run if i in matched]
        shift = max(set(shifts), key=shifts.count)
        kept = _fit(
            [(recorded[i].p - shift, recorded[i].at or 0) for i in run],
            [(now[j].paragraph, now[j].offset) for j in marks],
        )
        for i, j in zip(kept, marks, strict=True):
            source[j] = run[i]
        out = (out - set(run)) | {run[i] for i in range(len(run)) if i not in kept}
    return sorted(out)


def _fit(places: list[tuple[int, int]], marks: list[tuple[int, int]]) -> list[int]:
    """The ``len(marks)`` of ``places``, in order, nearest the marks (a least-cost match)."""

    def cost(place: tuple[int, int], mark: tuple[int, int]) -> int:
        return 100_000 * abs(place[0] - mark[0]) + abs(place[1] - mark[1])

    n, m = len(places), len(marks)
    best = [[0] + [10**15] * m for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, min(i, m) + 1):
            best[i][j] = min(best[i - 1][j], best[i - 1][j - 1] + cost(places[i - 1], marks[j - 1]))
    kept, i, j = [], n, m
    while j:
        if best[i][j] == best[i - 1][j] and i - 1 >= j:
            i -= 1
            continue
        kept.append(i - 1)
        i, j = i - 1, j - 1
    return kept[::-1]


def _misplaced(
    doc: RenderedDocument,
    now: list[_Now],
    source: dict[int, int],
    proses: list[DocParagraph],
    where: Places,
) -> list[Finding]:
    """Notes that sit in a paragraph which was rendered, word for word, without them.

    Word keeps a footnote with its paragraph when paragraphs are moved; LibreOffice, saving
    again, can put the notes back in file order, so a sentence ends up carrying another
    sentence's evidence and its own text gives no sign of it. A paragraph that is unchanged
    since rendering (its text hash is in the record) but holds notes rendered for another
    paragraph is that case. An edited paragraph cannot be told from a moved one and is left
    to the sentence checks.
    """
    rendered = [key for key, is_prose in doc.record.paragraphs if is_prose]
    numbers: dict[str, set[int]] = {}
    for number, key in enumerate(rendered, 1):
        numbers.setdefault(key, set()).add(number)
    strays: dict[int, list[CitationRecord]] = {}
    was: dict[int, int] = {}
    for j, mark in enumerate(now):
        if j not in source:
            continue
        cite = doc.record.citations[source[j]]
        here = numbers.get(text_key(proses[mark.paragraph - 1].text), set())
        if here and cite.p not in here:
            strays.setdefault(mark.paragraph, []).append(cite)
            was[mark.paragraph] = min(here)
    findings = []
    for number, cites in strays.items():
        text = proses[number - 1].text
        facts = ", ".join(dict.fromkeys(f for c in cites for f in c.facts))
        notes = ", ".join(str(c.n) for c in cites)
        homes = "; ".join(where.was(p) for p in sorted({c.p for c in cites}))
        findings.append(
            Finding(
                "error",
                "citation-misplaced",
                f"this paragraph is unchanged since rendering (it was {where.was(was[number])} "
                f"then) but now carries note(s) {notes} (citing {facts}), rendered for {homes}: "
                "the paragraphs were moved and the notes did not follow them",
                where.now[number - 1],
                excerpt(text, 0, 80),
                "Move the notes back to the sentences they support, or render the draft again",
                cites[0].facts[0] if cites[0].facts else None,
            )
        )
    return findings


def _change(
    now: _Now,
    passages: list[DocParagraph],
    where: Places,
    code: str,
    message: str,
    note: str | None,
) -> Finding:
    if note:
        message += f": “{excerpt(note, width=80)}”"
    text = passages[now.paragraph - 1].text
    return Finding(
        "warning",
        code,
        message,
        where.now[now.paragraph - 1],
        excerpt(text, now.offset - 60, now.offset),
        "Cite facts in the draft file and render again, so review can check them",
    )


def _quote_changes(
    recorded: tuple[CitationRecord, ...], register: Register, where: Places
) -> list[Finding]:
    out = []
    seen = set()
    for cite in recorded:
        for fact_id, quote in zip(cite.facts, cite.quotes, strict=False):
            if fact_id in register.facts and fact_id not in seen:
                seen.add(fact_id)
                if text_hash(register.facts[fact_id].citations[0].quote) != quote:
                    out.append(
                        Finding(
                            "warning",
                            "quote-changed",
                            f"the register's quote for {fact_id} has changed since this document "
                            "was rendered",
                            f"{where.was(cite.p)} as rendered",
                            "",
                            "Render the draft again so its reference shows the current quote",
                            fact_id,
                        )
                    )
    return out


def review_docx(
    path: Path, register: Register, dossier_name: str | None = None, dossier: str = ""
) -> Review:
    """Review a rendered .docx against ``register`` (``dossier_name`` is the register's)."""
    doc = read_rendered(path)
    style = doc.record.style
    recorded = doc.record.citations
    flags = prose_flags(doc)
    prose = [i for i, flag in enumerate(flags) if flag]
    proses = [doc.paragraphs[i] for i in prose]
    marks: dict[int, list[Mark]] = {}
    if style == "background":
        paired = background.pairs(doc, proses, register)
        where = places(doc, proses, {n - 1: p - 1 for p, n in paired.items()})
        findings, gone = background.entry_findings(doc, flags, where, set(paired), register)
        marks, removed = background.marks(doc, proses, paired, where, gone)
        findings = removed + findings
    else:
        where = places(doc, proses)
        now = _marks_now(doc, prose, style)
        source, findings = _align(recorded, now, proses, style, where)
        findings += _misplaced(doc, now, source, proses, where)
        for j, mark in enumerate(now):
            facts = recorded[source[j]].facts if j in source else None
            marks.setdefault(mark.paragraph, []).append(Mark(mark.offset, mark.marker, facts))
    passages = [
        Passage(n, p.text, tuple(marks.get(n, ())), label=where.now[n - 1], mood=where.moods[n - 1])
        for n, p in enumerate(proses, 1)
    ]
    kind = KINDS.get(doc.record.kind or "")
    citations, checks = review_passages(
        passages, register, quotes_are_evidence=kind.quotes_are_evidence if kind else True
    )
    findings += _quote_changes(recorded, register, where)
    rendered_with = doc.record.dossier
    if dossier_name and rendered_with and rendered_with != dossier_name:
        checks.insert(
            0,
            Finding(
                "warning",
                "other-dossier",
                f"rendered with dossier {rendered_with!r}, reviewed against {dossier_name!r}",
                hint="Pass --dossier to review against the dossier it was rendered with",
            ),
        )
    return Review(path, "docx", citations, [*checks, *findings], dossier)

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
text: each recorded citation is placed back at its offset in the clause it was rendered
for (an edited clause is paired with its record by how well it fits the cited facts).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from rapidfuzz import fuzz

from drafting.docx.record import (
    CitationRecord,
    DocParagraph,
    RenderedDocument,
    read_rendered,
    text_key,
)
from drafting.findings import Finding, Mark, Passage, Review, as_place, excerpt
from drafting.kinds import KINDS
from drafting.review.checks import review_passages
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
        around = recorded[i1:i2] or recorded[max(0, i1 - 1):i1 + 1]
        if any(p for _, p in around):
            for j in range(j1, j2):
                flags[j] = True
    return flags


@dataclass(frozen=True)
class Places:
    """How review names prose paragraphs: as rendered (by the record) and as they are now.

    A kind that labels its prose ("Clause 5", "Item 2") is named by those labels, which an
    edited paragraph keeps and a paragraph added by hand does not have ("a paragraph added
    by hand after clause 2"); other prose is "paragraph N", counted as a reader counts it.
    """

    rendered: tuple[str, ...]
    now: tuple[str, ...]

    def was(self, p: int) -> str:
        """Recorded prose paragraph ``p`` (from 1), as rendered."""
        label = self.rendered[p - 1] if 0 < p <= len(self.rendered) else ""
        return label or f"paragraph {p}"


def places(doc: RenderedDocument, proses: list[DocParagraph],
           paired: dict[int, int] | None = None) -> Places:
    """The places of the recorded prose and of ``proses`` (the prose now).

    ``paired`` maps a paragraph now (from 0) to the recorded one it was rendered as; by
    default unchanged paragraphs, and edited ones where as many stand in their place.
    """
    recorded = [h for h, is_prose in doc.record.paragraphs if is_prose]
    labels = doc.record.labels
    rendered = tuple(as_place(x) for x in labels) if len(labels) == len(recorded) else ()
    if paired is None:
        paired = {}
        matcher = SequenceMatcher(a=recorded, b=[text_key(p.text) for p in proses],
                                  autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                paired.update({j1 + k: i1 + k for k in range(j2 - j1)})
    now: list[str] = []
    after = ""
    for j in range(len(proses)):
        i = paired.get(j)
        label = rendered[i] if i is not None and i < len(rendered) else ""
        if label:
            after = label
        elif i is None and any(rendered):
            label = "a paragraph added by hand" + (f" after {after}" if after else "")
        now.append(label or f"paragraph {j + 1}")
    return Places(rendered, tuple(now))


def _marks_now(doc: RenderedDocument, prose: list[int], style: str) -> list[_Now]:
    out = []
    footnote_no = 0
    for number, index in enumerate(prose, 1):
        for offset, key in doc.paragraphs[index].marks:
            if key.startswith("fn:"):
                footnote_no += 1
                note = doc.footnotes.get(int(key[3:])) if key[3:].lstrip("-").isdigit() else None
                out.append(_Now(number, offset, text_key(note) if note is not None else None,
                                str(footnote_no), note))
            elif style == "references":
                out.append(_Now(number, offset, key, key, None))
    return out


def _align(recorded: tuple[CitationRecord, ...], now: list[_Now], passages: list[DocParagraph],
           style: str, where: Places) -> tuple[dict[int, int], list[Finding]]:
    """The recorded citation of each current mark (absent if added by hand), and changes.

    Marks are lined up in order; then a citation missing from its place and a mark added
    elsewhere with the very same footnote text are one citation that moved (a paragraph
    moved with its notes), not one removed and one added.
    """
    source: dict[int, int] = {}
    findings: list[Finding] = []
    what = "footnote" if style == "footnotes" else "citation marker"
    matcher = SequenceMatcher(a=[c.key for c in recorded], b=[n.key for n in now],
                              autojunk=False)
    gone: list[int] = []
    added: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                source[j] = i
                if tag == "replace":
                    findings.append(_change(now[j], passages, where, "citation-edited",
                                            f"{what} {now[j].marker} (citing "
                                            f"{', '.join(recorded[i].facts)}) was changed by "
                                            "hand since rendering", now[j].note))
            continue
        gone += range(i1, i2)
        added += range(j1, j2)
    for j in list(added):
        same = next((i for i in gone if recorded[i].key == now[j].key), None)
        if same is not None:
            source[j] = same
            gone.remove(same)
            added.remove(j)
    for i in gone:
        gone_cite = recorded[i]
        findings.append(Finding(
            "warning", "citation-removed",
            f"the citation of {', '.join(gone_cite.facts)} (note {gone_cite.n} when "
            "rendered) was removed by hand since rendering",
            f"{where.was(gone_cite.p)} as rendered", "",
            "If the sentence still relies on it, put the citation back in the draft and "
            "render again", gone_cite.facts[0] if gone_cite.facts else None))
    for j in added:
        findings.append(_change(now[j], passages, where, "citation-added",
                                f"{what} {now[j].marker} was added by hand since rendering; "
                                "review cannot check it against the register", now[j].note))
    return source, findings


def _misplaced(doc: RenderedDocument, now: list[_Now], source: dict[int, int],
               proses: list[DocParagraph], where: Places) -> list[Finding]:
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
        findings.append(Finding(
            "error", "citation-misplaced",
            f"this paragraph is unchanged since rendering (it was {where.was(was[number])} "
            f"then) but now carries note(s) {notes} (citing {facts}), rendered for {homes}: "
            "the paragraphs were moved and the notes did not follow them",
            where.now[number - 1], excerpt(text, 0, 80),
            "Move the notes back to the sentences they support, or render the draft again",
            cites[0].facts[0] if cites[0].facts else None))
    return findings


def _change(now: _Now, passages: list[DocParagraph], where: Places, code: str, message: str,
            note: str | None) -> Finding:
    if note:
        message += f": “{excerpt(note, width=80)}”"
    text = passages[now.paragraph - 1].text
    return Finding("warning", code, message,
                   where.now[now.paragraph - 1], excerpt(text, now.offset - 60, now.offset),
                   "Cite facts in the draft file and render again, so review can check them")


def _quote_changes(recorded: tuple[CitationRecord, ...], register: Register,
                   where: Places) -> list[Finding]:
    out = []
    seen = set()
    for cite in recorded:
        for fact_id, quote in zip(cite.facts, cite.quotes, strict=False):
            if fact_id in register.facts and fact_id not in seen:
                seen.add(fact_id)
                if text_hash(register.facts[fact_id].citations[0].quote) != quote:
                    out.append(Finding(
                        "warning", "quote-changed",
                        f"the register's quote for {fact_id} has changed since this document "
                        "was rendered", f"{where.was(cite.p)} as rendered", "",
                        "Render the draft again so its reference shows the current quote",
                        fact_id))
    return out


#: How well (0-100) a paragraph must fit its cited facts to be taken for an edited one.
_FITS = 50


def _pair(recorded: list[int], current: list[int], fit: dict[tuple[int, int], float],
          ) -> dict[int, int]:
    """The order-keeping pairing of recorded and current paragraphs with the best total fit."""
    best: dict[tuple[int, int], tuple[float, dict[int, int]]] = {}

    def solve(i: int, j: int) -> tuple[float, dict[int, int]]:
        if i == len(recorded) or j == len(current):
            return 0.0, {}
        if (i, j) not in best:
            options = [solve(i + 1, j), solve(i, j + 1)]
            score = fit.get((recorded[i], current[j]), 0.0)
            if score >= _FITS:
                rest = solve(i + 1, j + 1)
                options.append((rest[0] + score, {recorded[i]: current[j], **rest[1]}))
            best[(i, j)] = max(options, key=lambda o: o[0])
        return best[(i, j)]

    return solve(0, 0)[1]


def _background_pairs(doc: RenderedDocument, proses: list[DocParagraph],
                      register: Register) -> dict[int, int]:
    """Recorded prose paragraph -> the paragraph now, from 1, in a background-style document.

    The prose as recorded is lined up with the prose now; an edited clause is paired with
    its record by how well it fits the facts it cited (its text holds no marks).
    """
    recorded = [h for h, is_prose in doc.record.paragraphs if is_prose]
    matcher = SequenceMatcher(a=recorded, b=[text_key(p.text) for p in proses], autojunk=False)
    where: dict[int, int] = {}
    cited: dict[int, list[str]] = {}
    for cite in doc.record.citations:
        cited.setdefault(cite.p, []).extend(f for f in cite.facts if f in register.facts)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            where.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
        elif tag == "replace":  # edited, perhaps beside a deleted one: pair by fit to facts
            fit = {(p, n): max((fuzz.token_set_ratio(
                       _fact_words(register, f), proses[n - 1].text) for f in cited.get(p, ())),
                       default=0.0)
                   for p in range(i1 + 1, i2 + 1) for n in range(j1 + 1, j2 + 1)}
            where.update(_pair(list(range(i1 + 1, i2 + 1)), list(range(j1 + 1, j2 + 1)), fit))
    return where


def _background_marks(doc: RenderedDocument, proses: list[DocParagraph], pairs: dict[int, int],
                      where: Places) -> tuple[dict[int, list[Mark]], list[Finding]]:
    """Marks for a background-style document, which has none in its text.

    Each recorded citation goes back to the paragraph it was rendered for (``pairs``), at
    its offset there; a deleted paragraph's citations are reported removed.
    """
    marks: dict[int, list[Mark]] = {}
    findings = []
    for cite in doc.record.citations:
        if cite.p in pairs:
            n = pairs[cite.p]
            text = proses[n - 1].text
            at = len(text) if cite.at is None else min(max(cite.at, 0), len(text))
            marks.setdefault(n, []).append(Mark(at, str(cite.n), cite.facts))
        else:
            findings.append(Finding(
                "warning", "citation-removed",
                f"the paragraph citing {', '.join(cite.facts)} ({where.was(cite.p)} when "
                "rendered) was removed or rewritten by hand since rendering",
                f"{where.was(cite.p)} as rendered", "", "If the motion still relies on it, put "
                "the clause back in the draft and render again",
                cite.facts[0] if cite.facts else None))
    return marks, findings


def _fact_words(register: Register, fact_id: str) -> str:
    fact = register.facts[fact_id]
    return f"{fact.statement} {fact.citations[0].quote}"


def review_docx(path: Path, register: Register, dossier_name: str | None = None,
                dossier: str = "") -> Review:
    """Review a rendered .docx against ``register`` (``dossier_name`` is the register's)."""
    doc = read_rendered(path)
    style = doc.record.style
    recorded = doc.record.citations
    flags = prose_flags(doc)
    prose = [i for i, flag in enumerate(flags) if flag]
    proses = [doc.paragraphs[i] for i in prose]
    marks: dict[int, list[Mark]] = {}
    if style == "background":
        pairs = _background_pairs(doc, proses, register)
        where = places(doc, proses, {n - 1: p - 1 for p, n in pairs.items()})
        marks, findings = _background_marks(doc, proses, pairs, where)
    else:
        where = places(doc, proses)
        now = _marks_now(doc, prose, style)
        source, findings = _align(recorded, now, proses, style, where)
        findings += _misplaced(doc, now, source, proses, where)
        for j, mark in enumerate(now):
            facts = recorded[source[j]].facts if j in source else None
            marks.setdefault(mark.paragraph, []).append(Mark(mark.offset, mark.marker, facts))
    passages = [Passage(n, p.text, tuple(marks.get(n, ())), label=where.now[n - 1])
                for n, p in enumerate(proses, 1)]
    kind = KINDS.get(doc.record.kind or "")
    citations, checks = review_passages(
        passages, register, quotes_are_evidence=kind.quotes_are_evidence if kind else True)
    findings += _quote_changes(recorded, register, where)
    rendered_with = doc.record.dossier
    if dossier_name and rendered_with and rendered_with != dossier_name:
        checks.insert(0, Finding(
            "warning", "other-dossier",
            f"rendered with dossier {rendered_with!r}, reviewed against {dossier_name!r}",
            hint="Pass --dossier to review against the dossier it was rendered with"))
    return Review(path, "docx", citations, [*checks, *findings], dossier)

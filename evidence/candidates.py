"""Candidate facts in a source: sentences worth registering, with a proposed fact for each.

A sentence of a citable paragraph is a candidate when it states a figure (a number, money,
a percentage, a date, a period such as "2018/19"), an inspection judgement ("Overall
effectiveness: Inadequate", "Ofsted rated it inadequate"), a serious case review, a
resignation or appointment, or words attributed to a named person ("said", "says", quoted
speech). Each candidate proposes a statement (for a judgement with its area, "Overall
effectiveness: inadequate (Ofsted judgement)."), a kind, topics, an as-at date with its
precision (a period stated, "in 2018/19", gives that period: April 2018 to March 2019), the
people it names (matched to ``people.yaml``, aliases and misspellings included), and whether
it corroborates or conflicts with a fact already in the register (the same subject, the
same or a different figure or date).

The rules are general English-language rules, tested on made-up articles; nothing here
knows the bundled dossier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from evidence.accept import accept as accept  # where it was first: callers import it here
from evidence.cellfacts import CELL_HANDLE, CellFact, cell_at, cell_facts
from evidence.dates import PartialDate, written_date
from evidence.figures import Figure, figures, is_year
from evidence.headfigure import read_figure
from evidence.judgements import MENTION, judgement
from evidence.measured import measure_relations
from evidence.readers.headings import is_number
from evidence.register import Fact, FactFigure, FactKind, Register
from evidence.segment import Segmentation
from evidence.sources import SourceMeta

_INSPECTION = re.compile(r"\b(?:ofsted|inspect\w*|CQC|HMI\w*|judged|rated|graded)\b", re.IGNORECASE)
_REVIEW = re.compile(
    r"\b(?:serious case reviews?|safeguarding (?:practice|adult) reviews?|"
    r"child safeguarding practice reviews?|domestic homicide reviews?)\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\b(?:resign\w*|appoint\w*|step(?:s|ped)? down|quit|sacked|dismissed|"
    r"suspended|retir(?:e|ed|es|ing)|named as|took over|take over|"
    r"left (?:the|her|his|their) (?:post|role|job))\b",
    re.IGNORECASE,
)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|warned|added|claimed|claims|argued|insisted|"
    r"admitted|described|explained|stated|commented|according to)\b",
    re.IGNORECASE,
)
_QUOTED_SPEECH = re.compile(r"[“\"‘][^”\"’]{12,}[”\"’]")
#: Capitalised words in a row: candidate names ("Cllr Jane Birch", "Mr Newsam").
_NAME = re.compile(
    r"\b(?:(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lord|Lady)"
    r"\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}"
)
_TITLE = re.compile(
    r"^(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lord|Lady)"
    r"\.?\s+"
)
_STOP = frozenset(
    re.findall(
        r"\w+",
        """
    the a an of in on at to for and or but with by from as is are was were be been has have
    had it its this that these those their his her they he she we our you your will would can
    could may might not no than more most over last after before about into also there which
    who what when where under through between during against among within without since
    until while says said"""
        + " one two three four five six seven eight nine ten eleven twelve"
        " twenty thirty forty fifty hundred",
    )
)


@dataclass(frozen=True)
class Relation:
    """How a candidate stands to a fact already registered."""

    fact: str
    how: str  # "corroborates", "conflicts", "later value" or "earlier value"
    detail: str


@dataclass(frozen=True)
class Candidate:
    """A sentence of a source proposed as a fact."""

    source: str
    paragraph: int
    sentence: int
    quote: str
    statement: str
    kind: FactKind
    why: tuple[str, ...]
    topics: tuple[str, ...]
    as_at: PartialDate | None
    as_at_from: str  # "the sentence", "the source's date" or "unknown"
    people: tuple[str, ...]
    relations: tuple[Relation, ...] = field(default=())
    #: The figure proposed from the words around it ("more than 200 children"), if any.
    figure: FactFigure | None = None
    #: A spreadsheet's cell (``Sheet1!C7``), when the candidate is one.
    cell: str | None = None

    @property
    def handle(self) -> str:
        """``source:paragraph.sentence`` (``source:Sheet1!C7`` for a cell): what accept takes."""
        if self.cell:
            return f"{self.source}:{self.cell}"
        return f"{self.source}:{self.paragraph}.{self.sentence}"


def _claims(text: str, found: list[Figure]) -> list[str]:
    """Why a sentence is worth a fact (empty if it is not)."""
    why = []
    if any(f.kind != "month" for f in found) or any(f.kind == "month" for f in found):
        why.append("figure")
    if judgement(text) is not None or (MENTION.search(text) and _INSPECTION.search(text)):
        why.append("judgement")
    if _REVIEW.search(text):
        why.append("review")
    if _CHANGE.search(text):
        why.append("appointment or departure")
    if _SPEECH.search(text) or _QUOTED_SPEECH.search(text):
        why.append("attributed")
    return why


def _kind(why: list[str], meta: SourceMeta, people: tuple[str, ...]) -> FactKind:
    if "judgement" in why or "review" in why:
        return "official-finding"
    if "appointment or departure" in why:
        return "event"
    if "attributed" in why and people:
        return "claim" if meta.partisan else "statement"
    if "figure" in why:
        return "claim" if meta.partisan else "statistic"
    return "event"


def _sentence_date(found: list[Figure], text: str) -> PartialDate | None:
    """The most precise date the sentence states.

    A day or month with its year; else the latest period or year it names ("in 2018/19":
    April 2018 to March 2019).
    """
    written = written_date(text)
    if written is not None:
        return written[0]
    named = [f.period for f in found if f.period is not None]
    named += [PartialDate(int(f.value)) for f in found if is_year(f)]
    return max(named, key=lambda d: d.span()[1]) if named else None


def people_in(text: str, register: Register) -> tuple[str, ...]:
    """The ids of people ``text`` names.

    By full name, alias, title and surname, or a close misspelling of either (rapidfuzz,
    88 or more).
    """
    found: dict[str, None] = {}
    spans = [m.group() for m in _NAME.finditer(text)]
    for person in register.people.values():
        # post-nominal letters (CBE, MP, QC) are not part of the name as people write it
        plain = " ".join(w for w in person.name.split() if not (w.isupper() and len(w) > 1))
        names = [person.name, plain, *person.aliases]
        surname = plain.split()[-1] if len(plain.split()) > 1 else None
        for span in spans:
            bare = re.sub(r"['’]s$", "", _TITLE.sub("", span))
            titled = bare != span
            if any(fuzz.ratio(bare.lower(), n.lower()) >= 88 for n in names) or (
                surname
                and titled
                and len(bare.split()) == 1
                and fuzz.ratio(bare.lower(), surname.lower()) >= 88
            ):
                found[person.id] = None
                break
    return tuple(found)


#: Words of units and amounts: shared by any two figures, they say nothing of the subject.
_UNITS = frozenset(
    re.findall(
        r"\w+",
        """million millions billion thousand hundred year years
    month months week weeks day days cent percent per number figure figures total""",
    )
)


def _words(text: str) -> set[str]:
    return {
        w
        for w in re.findall(r"[a-z]+", text.lower())
        if w not in _STOP and w not in _UNITS and len(w) > 2
    }


def _topics(text: str, register: Register) -> tuple[str, ...]:
    """Topics of the register whose words the sentence uses, or of the fact most like it."""
    words = _words(text)
    named = [
        t
        for t in register.topics
        if set(t.split("-")) <= words
        or any(w.startswith(t.split("-")[0][:6]) for w in words if len(t) > 5)
    ]
    if named:
        return tuple(named[:3])
    if "statement-words" not in register.memo:  # once a register, not once a sentence
        register.memo["statement-words"] = [
            (f, frozenset(_words(f.statement))) for f in register.facts.values()
        ]
    stated = register.memo["statement-words"]
    assert isinstance(stated, list)
    best = max(stated, default=None, key=lambda item: len(words & item[1]))
    if best is not None and len(words & best[1]) >= 3:
        return tuple(best[0].topics)
    return ()


def _comparable(found: list[Figure]) -> list[Figure]:
    """The figures worth comparing: counts and sums, not years (those are dates)."""
    return [f for f in found if f.kind not in ("month", "period") and not is_year(f)]


def _measured(text: str, figure: Figure) -> set[str]:
    """What a figure counts.

    The words just after it ("232 unallocated cases"), or just before it ("a figure of 232").
    """

    def common(words: list[str]) -> list[str]:  # names of places and people are not measures
        return [w for w in words if w.islower() and len(w) > 2 and w not in _STOP]

    after = common(re.findall(r"[A-Za-z]+", text[figure.end :]))
    before = common(re.findall(r"[A-Za-z]+", text[: figure.start]))
    return {*after[:2], *before[-2:]}


def _fact_words(register: Register) -> list[tuple[Fact, str, frozenset[str]]]:
    """Each fact, its statement and quote, and their words less the common ones.

    Worked out once a register: a spreadsheet's thousands of cells are each compared with
    every fact.
    """
    if "fact-words" not in register.memo:
        common = _common_words(register)
        out = []
        for fact in register.facts.values():
            text = f"{fact.statement}\n{fact.citations[0].quote}"
            out.append((fact, text, frozenset(_words(re.sub(r"\d[\d,.]*", " ", text)) - common)))
        register.memo["fact-words"] = out
    found = register.memo["fact-words"]
    assert isinstance(found, list)
    return found


def _common_words(register: Register) -> frozenset[str]:
    """Words in more than a fifth of the register's facts.

    ("children" in a children's services dossier): they say nothing of which subject or
    measure a sentence is about.
    """
    if "common-words" not in register.memo:
        counts: dict[str, int] = {}
        for fact in register.facts.values():
            for word in _words(f"{fact.statement} {fact.citations[0].quote}"):
                counts[word] = counts.get(word, 0) + 1
        register.memo["common-words"] = frozenset(
            w for w, n in counts.items() if n > max(3, len(register.facts) // 5)
        )
    common = register.memo["common-words"]
    assert isinstance(common, frozenset)
    return common


def _relations(
    text: str, found: list[Figure], register: Register, as_at: PartialDate | None = None
) -> tuple[Relation, ...]:
    """Facts on the same subject and measure: the same figure corroborates, another conflicts.

    First the facts of a measure the register declares and the words around a figure name
    (:func:`evidence.measured.measure_relations`: worded differently, "230 children without
    a social worker" and "unallocated cases ... 232"; a value at another time is a later or
    earlier value, not a conflict). Then, by the words:

    Same subject: the sentences share two words or more (not counting the commonest, words
    of units and amounts, or words in more than a fifth of the register's facts).
    Same measure: a figure of the same kind counting the same thing (a
    word around it in common: "232 unallocated cases" and "unallocated cases of 240").
    """
    mine = _comparable(found)
    if not mine:
        return ()
    out = [Relation(*r) for r in measure_relations(register, text, found, as_at)]
    related = {r.fact for r in out}
    common = _common_words(register)
    words = _words(re.sub(r"\d[\d,.]*", " ", text)) - common
    for fact, theirs_text, theirs_words in _fact_words(register):
        if fact.id in related or len(words & theirs_words) < 2:
            continue
        # what the fact states is its statement's figure; its quote's other figures (the
        # rest of a table's row, a sentence's context) are not its claim
        stated = _comparable(figures(fact.statement))
        said = fact.statement if stated else theirs_text
        theirs = stated or _comparable(figures(theirs_text))
        pairs = [
            (f, g)
            for f in mine
            for g in theirs
            if f.kind == g.kind and (_measured(text, f) & _measured(said, g)) - common
        ]
        same = [f for f, g in pairs if f.same(g)]
        differ = [(f, g) for f, g in pairs if not f.same(g) and f not in same]
        if same:
            out.append(
                Relation(fact.id, "corroborates", f"states {same[0].text} as {fact.id} does")
            )
        elif differ:
            f, g = differ[0]
            out.append(
                Relation(fact.id, "conflicts", f"says {f.text} where {fact.id} says {g.text}")
            )
    return tuple(out[:3])


def _statement(text: str, meta: SourceMeta | None = None) -> str:
    """A first draft of a neutral statement.

    A judgement's area and grade ("Overall effectiveness: inadequate (Ofsted judgement)."),
    else the sentence without its quotation marks.
    """
    found = judgement(text)
    if found is not None:
        return found.statement(meta.publisher if meta is not None else None)
    flat = re.sub(r"[“”\"]", "", text).strip()
    return flat if flat.endswith((".", "?", "!")) else flat + "."


def _from_cell(meta: SourceMeta, fact: CellFact, register: Register) -> Candidate:
    """A spreadsheet's cell as a candidate: its headings and its figure, dated by them."""
    found = figures(fact.statement)
    stated = _sentence_date(found, fact.statement)
    date = stated or meta.date.value
    value_at = len(fact.statement) - len(fact.text) - 1  # the cell's own figure, at the end
    own = [f for f in found if f.start >= value_at]  # not "31 March" of a heading
    return Candidate(
        meta.id,
        fact.paragraph,
        fact.position,
        fact.quote,
        fact.statement,
        "statistic" if is_number(fact.text) else _kind([], meta, ()),
        ("figure",) if is_number(fact.text) else (),
        _topics(fact.statement, register),
        date,
        "the cell's headings" if stated else ("the source's date" if date else "unknown"),
        people_in(fact.statement, register),
        _relations(fact.statement, own, register, date),
        read_figure(fact.text),
        fact.cell,
    )


def candidates(meta: SourceMeta, segmentation: Segmentation, register: Register) -> list[Candidate]:
    """The candidate facts of one source, in reading order.

    A spreadsheet's are its cells that hold a figure, each with its headings
    (:mod:`evidence.cellfacts`).
    """
    if segmentation.cells:
        return [_from_cell(meta, f, register) for f in cell_facts(segmentation)]
    out = []
    text = segmentation.text
    date = meta.date.value
    for para in segmentation.citable:
        assert para.number is not None
        for sentence in para.sentences:
            body = text[sentence.start : sentence.end].strip()
            if len(body.split()) < 5 and judgement(body) is None:
                continue  # too short to be a claim, unless a heading's judgement
            found = figures(body)
            why = _claims(body, found)
            if not why:
                continue
            people = people_in(body, register)
            stated = _sentence_date(found, body)
            out.append(
                Candidate(
                    meta.id,
                    para.number,
                    sentence.number,
                    body,
                    _statement(body, meta),
                    _kind(why, meta, people),
                    tuple(why),
                    _topics(body, register),
                    stated or date,
                    "the sentence" if stated else ("the source's date" if date else "unknown"),
                    people,
                    _relations(body, found, register, stated or date),
                    read_figure(body),
                )
            )
    return out


_HANDLE = re.compile(
    r"^(?P<source>[a-z0-9]+(?:-[a-z0-9]+)*):(?:para\.?\s*)?(?P<p>\d+)"
    r"(?:\.(?P<s>\d+))?$"
)


def candidate_at(register: Register, handle: str) -> Candidate:
    """The sentence at ``SOURCE:PARAGRAPH.SENTENCE`` as a candidate.

    Any sentence may be accepted, not only those the rules proposed; ``SOURCE:PARAGRAPH``
    is its first.

    Raises:
        RegisterError: a malformed handle, an unknown source, or no such sentence.
    """
    from evidence.errors import RegisterError
    from evidence.suggest import did_you_mean

    cell = CELL_HANDLE.match(handle.strip())
    if cell:
        return _cell_at(register, cell.group("source"), cell.group("cell"))
    m = _HANDLE.match(handle.strip())
    if not m:
        raise RegisterError(
            f"{handle!r} is not SOURCE:PARAGRAPH.SENTENCE",
            hint="For example birch-motion-news:5.1 (or foi-reply:Sheet1!C7, a "
            "spreadsheet's cell), as `drafting evidence add` and `search` print them",
        )
    source = register.sources.get(m.group("source"))
    if source is None:
        raise RegisterError(
            f"no source {m.group('source')!r} in the dossier",
            hint=did_you_mean(m.group("source"), register.sources),
        )
    number, sentence = int(m.group("p")), int(m.group("s") or 1)
    para = next((p for p in source.segmentation.citable if p.number == number), None)
    if para is None or not 1 <= sentence <= len(para.sentences):
        where = (
            f"has {len(source.segmentation.citable)} citable paragraphs"
            if para is None
            else f"paragraph {number} has {len(para.sentences)} sentence(s)"
        )
        raise RegisterError(f"{handle}: no such sentence ({source.id} {where})")
    found = [
        c
        for c in candidates(source.meta, source.segmentation, register)
        if (c.paragraph, c.sentence) == (number, sentence)
    ]
    if found:
        return found[0]
    span = para.sentences[sentence - 1]
    body = source.text[span.start : span.end].strip()
    people = people_in(body, register)
    date = source.meta.date.value
    return Candidate(
        source.id,
        number,
        sentence,
        body,
        _statement(body, source.meta),
        _kind([], source.meta, people),
        (),
        _topics(body, register),
        date,
        "the source's date" if date else "unknown",
        people,
    )


def _cell_at(register: Register, source_id: str, name: str) -> Candidate:
    """The cell ``name`` of a spreadsheet source as a candidate (see :func:`cell_at`)."""
    meta, found = cell_at(register.sources, source_id, name)
    return _from_cell(meta, found, register)


def fact_entry(
    candidate: Candidate,
    fact_id: str,
    *,
    statement: str | None = None,
    kind: str | None = None,
    topics: tuple[str, ...] | None = None,
    as_at: PartialDate | None = None,
    measure: str | None = None,
    event: str | None = None,
    disputed: str | None = None,
    figure: FactFigure | None = None,
    unit: str | None = None,
) -> dict[str, object]:
    """The facts.yaml entry for a candidate, with the user's changes.

    With a ``measure``, the figure is the one the quote is about
    (:func:`evidence.headfigure.read_figure`: "more than 200 children" is ``{value: 200,
    bound: ">", unit: children}``); ``figure`` replaces it, ``unit`` replaces its unit.

    Raises:
        RegisterError: a ``unit`` for a quote with no figure, and no ``figure`` given.
    """
    entry: dict[str, object] = {
        "id": fact_id,
        "statement": statement or candidate.statement,
        "kind": kind or candidate.kind,
    }
    chosen_topics = candidate.topics if topics is None else topics
    if chosen_topics:
        entry["topics"] = list(chosen_topics)
    date = as_at or candidate.as_at
    if date is not None:
        entry["as_at"] = date.iso()
    if measure:
        entry["measure"] = measure
    if measure or figure is not None or unit is not None:
        figure = figure or candidate.figure or read_figure(candidate.quote)
        if figure is None and unit is not None:
            from evidence.errors import RegisterError

            raise RegisterError(
                f"--unit: {candidate.handle} states no figure to give it to",
                hint="Give the value with --figure too",
            )
        if figure is not None:
            figure = figure.model_copy(update={"unit": unit}) if unit else figure
            entry["figure"] = figure.model_dump(exclude_defaults=True)
    if event:
        entry["event"] = event
    if disputed:
        entry["disputed"] = disputed
    if candidate.people:
        entry["attributed_to"] = list(candidate.people)
    entry["citations"] = [{"source": candidate.source, "quote": candidate.quote}]
    return entry

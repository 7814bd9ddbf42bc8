"""Attribution: reporting frames in any inflection and with any subject, and misattribution.

Every sentence here is made up (a fictional borough, Wexbury), so the rules are tried on
words nobody tuned them on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lemminflect import getAllInflections

from drafting.attribution import attributed, attributions, governing, reports_words
from drafting.findings import Finding, Mark, Passage
from drafting.reporting import verb_forms
from drafting.review.checks import review_passages
from evidence.dossier import open_dossier
from evidence.register import Register
from tests.conftest import REPO

MUST_FIRE = [
    # verbs, every inflection, any subject
    "The Green group argues that the library is underfunded",
    "The Green group argued that the library is underfunded",
    "The Green group has been arguing that the library is underfunded",
    "Residents' associations have maintained that the bus cuts were unlawful",
    "The trust maintains the waiting list is falling",
    "The authority alleged that the contract was mismanaged",
    "The authority alleges the contract was mismanaged",
    "It asserted that standards had improved",
    "They assert that standards have improved",
    "The chief executive contends that the deficit is temporary",
    "Ms Okafor contended that the deficit was temporary",
    "The union's regional organiser insisted that staff were overworked",
    "Unison insists staffing is unsafe",
    "The auditor warned that reserves would run out",
    "The auditor has warned members that reserves will run out",
    "The cabinet member acknowledged that the deadline was missed",
    "She acknowledges the deadline was missed",
    "Cllr Hale pointed out that the budget was balanced",
    "Cllr Hale points out that the budget is balanced",
    "The leader has made clear that no libraries will close",
    "The leader made it clear: no libraries will close",
    "He said the figures were wrong",
    "The press office says the figures are wrong",
    "Officers told the committee that the scheme was on track",
    "The federation claims the consultation was a sham",
    "The federation has claimed that the consultation was a sham",
    "We believe the consultation was flawed",
    "I think the consultation was flawed",
    "We fear that the scheme will fail",
    "We have serious doubts that the scheme will work",
    "We are concerned that the scheme will fail",
    "The opposition called for an independent review",
    "Campaigners are calling on the council to reverse the cut",
    "The report described the service as chaotic",
    "Critics characterise the plan as a cut by stealth",
    # frames
    "As the Green group has argued, the library is underfunded",
    "As Cllr Okafor put it, the scheme is a false economy",
    "As the regulator noted last year, the home was understaffed",
    "According to the federation, the consultation was a sham",
    "In the words of the union's branch secretary, staff are exhausted",
    "In Cllr Okafor's view, the scheme is a false economy",
    "In our view the scheme is a false economy",
    "In the opinion of the auditor, reserves are too low",
    "The federation's position is that the consultation was a sham",
    "The cabinet's argument is that savings must be found",
    "The claim that the scheme saves money does not survive scrutiny",
    "It was argued by the federation that the consultation was a sham",
    "As alleged by the union, staff were overworked",
    "It is alleged that the contract was mismanaged",
    "The scheme, the federation says, was a sham",
    "The scheme was a sham, says the federation",
    "The scheme was a sham, the federation says",
    "The leader wrote: “No libraries will close”",
    "The leader called the report “deeply flawed”",
    # the noun of a verb of saying, its speaker after "of" or "by"
    "Given the acknowledgement of the cabinet that the scheme failed, we ask for a review",
    "The admission by the trust that staff were overworked came late",
    "The assurance of the leader that no library will close was repeated",
    "The federation has reaffirmed that the consultation was a sham",
]

MUST_NOT = [
    "The council maintained the roads for years",
    "The council maintains three libraries in the north of the borough",
    "The trust claimed a grant from the lottery fund",
    "Staff claimed expenses for the visit",
    "The said report was published in March",
    "The council called for tenders in the spring",  # a demand word with no clause: see below
    "The library is underfunded",
    "The scheme was a sham",
    "Signs warned drivers of the closure",
    "The officer noted the time of the call",
    "The committee held a meeting in June",
    "The report was written in haste",
    "The council is described in the annex",
    "The library closed because the lease ran out",
    "There is no doubt that the library is underfunded",
    "The library's view of the river is famous",
    "Wexbury has a long history of libraries",
    "Everyone knows the library is underfunded",
    "The home was rated inadequate",
    "Inspectors found that the home was understaffed",  # finding, not a view
    "The figures show that the home is understaffed",
    "The leader said little, but the scheme is a sham",
    "Officers say the budget is balanced; the scheme is a sham",
    "The view of the river that inspired painters was lost",
    "The promise of a new library was broken in 2019",
    "The council issued a statement of accounts",
]


@pytest.mark.parametrize("text", MUST_FIRE)
def test_reporting_frames_attribute(text):
    """A reporting verb or noun in a reporting frame makes the clause somebody's view."""
    assert attributed(text), attributions(text)


@pytest.mark.parametrize("text", [t for t in MUST_NOT if "tenders" not in t])
def test_other_uses_do_not_attribute(text):
    """The same words with a plain object, as an adjective, or out of scope do not."""
    assert not attributed(text), attributions(text)


def test_a_demand_attributes_whatever_is_demanded():
    """ "called for" reports a demand, even of tenders: a known limit of the lexicon."""
    assert attributed("The council called for tenders in the spring")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Residents' associations have long maintained that fares rose", "Residents' associations"),
        ("As the Green group has argued, fares rose", "the Green group"),
        (
            "In the words of the union's branch secretary, fares rose",
            "the union's branch secretary",
        ),
        ("According to Wexbury Borough Council, fares rose", "Wexbury Borough Council"),
        ("It was argued by the federation that fares rose", "the federation"),
        ("Fares rose, says the federation", "the federation"),
        ("Fares, the federation says, rose", "the federation"),
        (
            "Priya Okafor, the Green spokesperson, said fares rose",
            "Priya Okafor, the Green spokesperson",
        ),
        ("The federation's position is that fares rose", "The federation's"),
        ("Inspectors concluded that fares rose", "Inspectors"),
    ],
)
def test_the_subject_is_whose_view_it_is(text, subject):
    """The frame keeps who the words name as the view's owner, as written."""
    assert attributions(text)[0].subject == subject


def test_pronouns_and_agentless_passives_have_no_party():
    """ "it asserted", "it is alleged": attributed, but nobody to resolve."""
    assert attributions("It asserted that fares rose")[0].pronoun
    assert attributions("It is alleged that fares rose")[0].subject is None


def test_findings_name_a_source_without_attributing():
    """ "Inspectors found that" names who found it; the clause is still stated as fact."""
    frame = attributions("Inspectors found that the home was understaffed")[0]
    assert (frame.subject, frame.reports) == ("Inspectors", False)


def test_scope_is_the_clause_the_citation_is_in():
    """A frame before "but" governs its own clause, not the one after it."""
    text = "The federation says fares rose, but the scheme is a sham"
    assert attributed(text, 5) and not attributed(text, len(text))
    assert governing(text, 5)[0].subject == "The federation"


def test_reports_words_for_scare_quotes():
    """A sentence reporting someone's words; "so-called" is not one."""
    assert reports_words("The leader called the report “deeply flawed”.")
    assert not reports_words("The so-called “efficiencies” cost jobs.")
    # a quotation after a determiner names the verb's object; a participle has no subject
    # after it: neither reports words
    assert not reports_words("Announce a ‘Homes First’ policy that ends rough sleeping.")
    assert not reports_words(
        "and, acknowledging this, many councils have adopted ‘Homes First’ plans."
    )
    assert reports_words("She told the committee “we are broke”.")
    assert reports_words("The scheme is a sham, said the leader.")


def test_every_inflection_comes_from_the_library():
    """Irregular and phrasal forms are in the lexicon without being listed by hand."""
    forms = verb_forms()
    assert {"said", "thought", "held", "wrote", "written"} <= set(forms)
    assert any(v.particle == ("out",) for v in forms["pointed"])


_SUBJECTS = st.sampled_from(
    [
        "The federation",
        "Cllr Okafor",
        "They",
        "Wexbury Borough Council",
        "The regional organiser",
        "Residents' groups",
        "It",
        "Unison",
    ]
)
_LEMMAS = st.sampled_from(
    [
        "argue",
        "allege",
        "maintain",
        "assert",
        "contend",
        "insist",
        "warn",
        "acknowledge",
        "claim",
        "say",
        "suggest",
        "believe",
        "point out",
    ]
)
_TAGS = st.sampled_from(["VBD", "VBZ", "VBP"])


@settings(max_examples=150, deadline=None)
@given(_SUBJECTS, _LEMMAS, _TAGS, st.booleans())
def test_any_subject_any_inflection_with_a_clause(subject, lemma, tag, that):
    """<subject> <verb, any inflection> (that) <clause>: attributed, to that subject."""
    head, *particle = lemma.split()
    verb = " ".join([getAllInflections(head, upos="VERB")[tag][0], *particle])
    text = f"{subject} {verb} {'that ' * that}the bus service was cut"
    frames = attributions(text)
    assert attributed(text) and frames[0].subject == subject, (text, frames)


@settings(max_examples=100, deadline=None)
@given(
    _SUBJECTS,
    st.sampled_from(["maintain", "claim", "hold", "note", "record", "question"]),
    st.sampled_from(["VBD", "VBZ"]),
    st.sampled_from(["the roads", "a grant", "the meeting", "three libraries"]),
)
def test_a_plain_object_is_not_a_report(subject, lemma, tag, thing):
    """<subject> <ambiguous verb> <object> <prepositional phrase>: not attributed."""
    verb = getAllInflections(lemma, upos="VERB")[tag][0]
    text = f"{subject} {verb} {thing} for many years"
    assert not attributed(text), (text, attributions(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_without_error(text):
    """Whatever the text, frames are found in order and inside it."""
    frames = attributions(text)
    assert list(frames) == sorted(frames, key=lambda f: f.start)
    assert all(0 <= f.start < f.end <= len(text) for f in frames)


# --- misattribution ---------------------------------------------------------------------------

_SOURCE = (
    "The Green group said care at Elm House had got worse since the spring.\n\n"
    "Inspectors rated Elm House as requiring improvement.\n\n"
    "The waiting list stood at 412 families.\n"
)
_FACTS = """\
facts:
  - id: greens-care-worse
    statement: The Green group says care at Elm House has got worse.
    kind: claim
    attributed_to: [priya-okafor]
    citations: [{source: src-0, quote: "care at Elm House had got worse since the spring"}]
  - id: cqc-elm-house
    statement: Inspectors rated Elm House as requiring improvement.
    kind: official-finding
    attributed_to: [cqc]
    citations: [{source: src-0, quote: "Inspectors rated Elm House as requiring improvement"}]
  - id: waiting-list
    statement: The waiting list stood at 412 families.
    kind: statistic
    citations: [{source: src-0, quote: "The waiting list stood at 412 families"}]
"""
_PEOPLE = """\
people:
  - id: priya-okafor
    name: Priya Okafor
    standing: office-holder
    roles: [{title: "Green councillor", organisation: Wexbury Borough Council, source: src-0}]
  - id: tom-hale
    name: Tom Hale
    standing: office-holder
    roles: [{title: "Leader of the council", organisation: Wexbury Borough Council, source: src-0}]
organisations:
  - {id: cqc, name: Care Quality Commission, aliases: [inspectors, the regulator]}
  - {id: wexbury-council, name: Wexbury Borough Council, aliases: [the council]}
  - {id: wexbury-greens, name: "Green Group, Wexbury Borough Council", aliases: [the Greens]}
"""


@pytest.fixture
def wexbury(tmp_path: Path) -> Register:
    """A made-up dossier: a Green claim, an inspectorate's finding, a council statistic."""
    root = tmp_path / "wexbury"
    (root / "seeds").mkdir(parents=True)
    (root / "dossier.yaml").write_text("name: wexbury\ntitle: Wexbury\n", encoding="utf-8")
    data = _SOURCE.encode("utf-8")
    (root / "seeds" / "a.txt").write_bytes(data)
    (root / "seeds" / "sources.yaml").write_text(
        "sources:\n  - id: src-0\n    file: a.txt\n    description: Made-up report\n"
        "    kind: news\n    publisher: Wexbury Borough Council\n    date: {how: unknown}\n"
        f"    sha256: {hashlib.sha256(data).hexdigest()}\n",
        encoding="utf-8",
    )
    (root / "facts.yaml").write_text(_FACTS, encoding="utf-8")
    (root / "people.yaml").write_text(_PEOPLE, encoding="utf-8")
    return open_dossier(root).load()


def findings(text: str, fact: str, register: Register) -> list[Finding]:
    """Review one sentence citing ``fact`` at its end."""
    _, found = review_passages([Passage(1, text, (Mark(len(text) - 1, "1", (fact,)),))], register)
    return [f for f in found if f.code in ("misattributed", "partisan-claim")]


@pytest.mark.parametrize(
    ("text", "fact", "codes"),
    [
        # one problem, one finding: a claim given as another party's word is a partisan claim
        (
            "Inspectors concluded that care at Elm House had got worse.",
            "greens-care-worse",
            ["partisan-claim"],
        ),
        (
            "The regulator said that care at Elm House had got worse.",
            "greens-care-worse",
            ["partisan-claim"],
        ),
        (
            "According to the Care Quality Commission, care has got worse.",
            "greens-care-worse",
            ["partisan-claim"],
        ),
        (
            "Cllr Hale argued that care at Elm House had got worse.",
            "greens-care-worse",
            ["partisan-claim"],
        ),
        (
            "The Greens said the home was rated as requiring improvement.",
            "cqc-elm-house",
            ["misattributed"],
        ),
        (
            "Inspectors reported that the waiting list stood at 412 families.",
            "waiting-list",
            ["misattributed"],
        ),
    ],
)
def test_misattributed(wexbury, text, fact, codes):
    """A known party named as a fact's source that the fact is not attributed to."""
    found = findings(text, fact, wexbury)
    assert [f.code for f in found] == codes
    assert "but the fact" in found[0].message  # the message names both parties


def test_a_claim_stated_plainly_is_still_a_partisan_claim(wexbury):
    """With no one named, a claim stated as fact is the plain partisan-claim warning."""
    found = findings("Care at Elm House has got worse.", "greens-care-worse", wexbury)
    assert [f.code for f in found] == ["partisan-claim"]
    assert "as plain fact" in found[0].message


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Cllr Okafor said that care at Elm House had got worse.", "greens-care-worse"),
        ("The Greens argue that care at Elm House has got worse.", "greens-care-worse"),
        ("Inspectors concluded that Elm House requires improvement.", "cqc-elm-house"),
        ("They said that care at Elm House had got worse.", "greens-care-worse"),
        ("The residents' forum said that care at Elm House had got worse.", "greens-care-worse"),
        ("The council reported that the waiting list stood at 412 families.", "waiting-list"),
        ("The leader of the council said the waiting list stood at 412 families.", "waiting-list"),
    ],
)
def test_not_misattributed(wexbury, text, fact):
    """The right party, a member of it, its publisher, a pronoun or an unknown body: no."""
    assert [f.code for f in findings(text, fact, wexbury)] == []


def test_the_message_names_both(wexbury):
    """Who the draft says, and who the register says, by name and id."""
    found = findings("Inspectors concluded that care had got worse.", "greens-care-worse", wexbury)[
        -1
    ]
    assert found.message == (
        "says Care Quality Commission concluded this, but the fact "
        "greens-care-worse is attributed to Priya Okafor (priya-okafor)"
    )


def test_the_issue_example_on_the_bundled_dossier():
    """ "Inspectors concluded that little had improved" cites the Labour councillors' claim."""
    register = open_dossier(REPO).load()
    found = findings(
        "Inspectors concluded that little had improved.",
        "ofsted-2019-nothing-much-changed",
        register,
    )
    assert [f.code for f in found] == ["partisan-claim"]
    assert "says Ofsted concluded this" in found[0].message


def test_the_attribution_corpus_scores_at_least_095_for_every_code():
    """The attribution benchmark's gate, as for the other two corpora."""
    from bench.review_accuracy import run

    report = run(REPO / "bench" / "review_corpus_attribution.yaml", open_dossier(REPO).load())
    for code, score in report.scores.items():
        assert (score.precision or 0) >= 0.95 and (score.recall or 0) >= 0.95, code
    assert report.clean_flagged == 0


def test_a_name_at_the_end_of_a_longer_subject(wexbury):
    """ "After the inspection the Care Quality Commission concluded": the name is the subject."""
    found = findings(
        "After the inspection the Care Quality Commission concluded that care had got worse.",
        "greens-care-worse",
        wexbury,
    )
    assert [f.code for f in found] == ["partisan-claim"]
    assert "says Care Quality Commission concluded this" in found[0].message


def test_a_report_that_names_the_source_itself(wexbury):
    """ "Cllr Hale said that inspectors rated ...": the reported words name the fact's source."""
    found = findings(
        "Cllr Hale said that inspectors rated Elm House as requiring improvement.",
        "cqc-elm-house",
        wexbury,
    )
    assert found == []


def test_a_title_is_named_by_its_head():
    """ "the board member" names an "Executive Board member"; "the Executive" does not."""
    from drafting.review.attribution import Parties, Party, _words

    title = _words("Executive Board member for Children's Services")
    known = Parties((Party("x", (), ((title, title + _words("Wexbury Council")),)),), {})
    assert known.resolve("the board member") == {"x"}
    assert known.resolve("the Executive Board member") == {"x"}
    assert known.resolve("the Executive") is None


def test_a_quotation_cited_to_the_wrong_fact_is_one_finding(wexbury):
    """The wrong fact cited for quoted words is one uncited-quote, whatever its kind says."""
    text = "Inspectors rated the home “as requiring improvement”, but nothing was done."
    _, found = review_passages(
        [Passage(1, text, (Mark(len(text) - 1, "1", ("greens-care-worse",)),))], wexbury
    )
    assert [f.code for f in found if f.severity != "info"] == ["uncited-quote"]


@pytest.mark.parametrize(
    ("quoted", "title"),
    [
        ("Special Report on Global Warming of 1.5°C", True),
        ("Keeping Children Safe in Education", True),
        ("Homes for Wexbury Pledge", True),
        ("nothing much had changed", False),
        ("Nothing Much Changed. We Are Broke", False),
        ("absolutely damning", False),
    ],
)
def test_a_title_in_quotation_marks_is_a_name(quoted, title):
    """Words in title case name a document or campaign; they are nobody's words to check."""
    from drafting.prose import is_title

    assert is_title(quoted) is title

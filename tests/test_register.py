import pytest

from evidence.dossier import open_dossier
from evidence.errors import RegisterError, SchemaError
from evidence.register import FACT_KINDS
from tests.conftest import REPO

FACT = """facts:
  - id: figure-232
    statement: The figure was 232.
    kind: statistic
    citations:
      - source: src-0
        quote: "The figure was 232."
"""


def test_bundled_register_covers_the_dossier_and_verifies():
    """The bundled register has 30+ facts of every kind, all verifying."""
    register = open_dossier(REPO).load()
    assert len(register.facts) >= 30
    assert {f.kind for f in register.facts.values()} == set(FACT_KINDS)
    assert all(r.ok for r in register.reports)
    for wanted in (
        "ofsted-2019-three-of-four-inadequate",
        "unallocated-cases-232",
        "seven-directors-seven-years",
        "inquiry-requested",
        "trust-claimed-saving-9m",
    ):
        assert wanted in register.facts


def test_birch_and_stone_statements_show_their_variants():
    """The two seeds' wordings of the same statements are shown as variants."""
    register = open_dossier(REPO).load()
    housing = register.report("birch-end-supported-housing")
    assert housing.corroboration.label() == "2 sources, publishers unknown"
    assert "[-to 18-year-olds.-] {+-18 year olds.+}" in housing.variants[0].diff
    assert "[-Ofsted-] {+OFSTED+}" in register.report("stone-urgent-action").variants[0].diff
    assert register.report("birch-shocked-by-judgement").variants == ()


def test_partisan_only_and_corroboration():
    """A fact resting only on partisan sources says so; corroborated ones count publishers."""
    register = open_dossier(REPO).load()
    assert register.report("unallocated-cases-232").partisan_only
    assert not register.report("ofsted-2013-inadequate").partisan_only
    corroboration = register.report("ofsted-2013-inadequate").corroboration
    assert (corroboration.sources, corroboration.independent) == (2, 0)
    assert corroboration.label() == "2 sources, publishers unknown"


def test_uncited_sources_that_quote_a_fact_are_found(make_dossier):
    """A quote that also appears verbatim in another source lists it as corroboration."""
    root = make_dossier(
        {"a.txt": "The figure was 232.\n", "b.txt": "Yes. The figure was 232.\n"}, facts=FACT
    )
    report = open_dossier(root).load().report("figure-232")
    assert report.also_quoted_in == ("src-1",)
    assert report.corroboration.label() == "2 sources, publishers unknown"


@pytest.mark.parametrize(
    ("publishers", "label", "independent"),
    [
        (("Chronicle", "Chronicle"), "2 sources from one publisher (Chronicle)", 0),
        (("Chronicle", "Echo"), "2 sources from 2 independent publishers", 2),
        (("Chronicle", None), "2 sources: one publisher (Chronicle), 1 with publisher unknown", 0),
        ((None, None), "2 sources, publishers unknown", 0),
    ],
)
def test_independent_only_when_publishers_are_known_to_differ(
    make_dossier, publishers, label, independent
):
    """Corroboration says "independent" only of publishers known to differ."""
    import hashlib

    texts = {"a.txt": "The figure was 232.\n", "b.txt": "Yes. The figure was 232.\n"}
    entries = "".join(
        f"  - id: src-{i}\n    file: {f}\n    description: d\n    kind: news\n"
        f"    publisher: {p or 'null'}\n    date: {{how: unknown}}\n"
        f"    sha256: {hashlib.sha256(t.encode()).hexdigest()}\n"
        for i, ((f, t), p) in enumerate(zip(texts.items(), publishers, strict=True))
    )
    root = make_dossier(texts, facts=FACT, manifest="sources:\n" + entries)
    corroboration = open_dossier(root).load().report("figure-232").corroboration
    assert corroboration.label() == label and corroboration.independent == independent


def test_duplicate_fact_ids(make_dossier):
    """Two facts with one id: error at the second, naming the first's line."""
    root = make_dossier(facts=FACT + FACT.removeprefix("facts:\n"))
    with pytest.raises(
        RegisterError,
        match=r"facts.yaml:8: duplicate fact id 'figure-232' "
        r"\(first at line 2\)",
    ):
        open_dossier(root).load()


def test_citation_to_unknown_source(make_dossier):
    """A citation naming no known source is an error at its line."""
    root = make_dossier(facts=FACT.replace("source: src-0", "source: src-9"))
    with pytest.raises(
        RegisterError,
        match=r"facts.yaml:6: facts\[0\].citations\[0\].source: "
        r"unknown source 'src-9'",
    ):
        open_dossier(root).load()


def test_empty_quote(make_dossier):
    """An empty quote is refused with its field path."""
    root = make_dossier(facts=FACT.replace('"The figure was 232."', '"  "'))
    with pytest.raises(SchemaError, match=r"facts.yaml:7: facts\[0\].citations\[0\].quote"):
        open_dossier(root).load()


def test_unknown_kind_and_unknown_person(make_dossier):
    """A kind outside the list, or an attribution to nobody known, is an error."""
    root = make_dossier(facts=FACT.replace("kind: statistic", "kind: rumour"))
    with pytest.raises(
        SchemaError,
        match=r"facts.yaml:4: facts\[0\].kind: should be 'official-finding', 'statistic', 'event', 'statement' or 'claim', not 'rumour'",
    ):
        open_dossier(root).load()
    root = make_dossier(
        facts=FACT.replace("kind: statistic", "kind: statistic\n    attributed_to: [nobody]"),
        name="who",
    )
    with pytest.raises(RegisterError, match=r"facts.yaml:5: .*unknown person or organisation"):
        open_dossier(root).load()


def test_malformed_facts_yaml(make_dossier):
    """Broken YAML in the register names the file and line."""
    root = make_dossier(facts="facts:\n  - id: x\n   statement: [\n")
    with pytest.raises(SchemaError, match=r"facts.yaml:3: malformed YAML"):
        open_dossier(root).load()

"""Adding sources and facts: evidence add, accept and curate; candidate facts; copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from evidence.candidates import candidates, people_in
from evidence.dossier import open_dossier
from evidence.sources import DateInfo, SourceMeta
from evidence.yamledit import append_entry
from tests.conftest import REPO, drafting
from tests.faults import snapshot

ARTICLES = REPO / "bench" / "articles"


def cli(root: Path, *args: str, input: str | None = None) -> Result:
    return drafting("evidence", *args, dossier=root, input=input)


def test_add_a_text_article_no_input(bundled_copy):
    """Copied byte for byte, appended to the manifest (the rest untouched), the printed
    date only offered, candidates with the conflict against the register, verify still 0."""
    manifest = bundled_copy / "seeds" / "sources.yaml"
    before = manifest.read_text(encoding="utf-8")
    result = cli(
        bundled_copy,
        "add",
        str(ARTICLES / "northants-caseloads.txt"),
        "--no-input",
        "--kind",
        "news",
    )
    assert result.exit_code == 0, result.output
    after = manifest.read_text(encoding="utf-8")
    assert after.startswith(before) and "  - id: northants-caseloads\n" in after
    assert (bundled_copy / "seeds" / "northants-caseloads.txt").read_bytes() == (
        ARTICLES / "northants-caseloads.txt"
    ).read_bytes()
    source = open_dossier(bundled_copy).load().sources["northants-caseloads"]
    assert source.meta.date == DateInfo(how="unknown") and source.meta.publisher is None
    assert "offers: date 2019-11-14" in result.output
    assert (
        "conflicts unallocated-cases-232: says 240 where unallocated-cases-232 says 232"
        in result.output
    )
    assert "people: jane-birch" in result.output  # "Cllr Jane Burch", misspelt
    assert cli(bundled_copy, "verify").exit_code == 0


def test_add_a_page_reduced_to_its_article(bundled_copy):
    """An .html page: its article text kept (no menu, comments or footer), its title read,
    the date in its metadata offered; JSON lists candidates with their locators."""
    result = cli(
        bundled_copy, "add", str(ARTICLES / "wexham-care.html"), "--no-input", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["source"] == "care-home-inspection-finds-residents"
    text = (bundled_copy / "seeds" / "wexham-care.txt").read_text(encoding="utf-8")
    assert "Larch House" in text and "My mother was in Larch House" not in text
    assert "Privacy" not in text and "What's on" not in text
    assert data["offered"]["date"] == "2022-08-09"
    meta = open_dossier(bundled_copy).load().sources[data["source"]].meta
    assert (meta.title, meta.added_from, meta.date.how) == (
        "Care home inspection finds residents at risk",
        "wexham-care.html",
        "unknown",
    )
    handles = {c["handle"]: c for c in data["candidates"]}
    assert any("14 of the home's 31 residents" in c["quote"] for c in handles.values())
    resign = next(c for c in handles.values() if "resigned" in c["quote"])
    assert resign["kind"] == "event" and resign["paragraph"] >= 1


def test_prompts_offer_what_the_document_prints(bundled_copy):
    """Interactive: the printed date is the default; taking it records it as stated, with
    where it was printed."""
    answers = "\n".join(["", "news", "Gazette", "", "", "", ""]) + "\n"
    result = cli(bundled_copy, "add", str(ARTICLES / "northants-caseloads.txt"), input=answers)
    assert result.exit_code == 0, result.output
    meta = open_dossier(bundled_copy).load().sources["children-s-services-still-struggling"].meta
    assert meta.publisher == "Gazette" and meta.date.how == "stated"
    assert meta.date.value is not None and meta.date.value.iso() == "2019-11-14"
    assert meta.date.reason == "printed in the text: “14 November 2019”"


def test_copies_are_recognised(bundled_copy, tmp_path):
    """The same text is not added (exit 1); an agency copy under another masthead is added
    as duplicate_of, and does not count as a second source for corroboration."""
    seeds = bundled_copy / "seeds"
    original = (seeds / "003_cd71f326698410c5.txt").read_text(encoding="utf-8")
    same = tmp_path / "same.txt"
    same.write_text(original, encoding="utf-8")
    before = snapshot(bundled_copy)
    result = cli(bundled_copy, "add", str(same), "--no-input")
    assert (
        result.exit_code == 1
        and "already in the dossier as letter-to-anne-longfield" in result.output
        and snapshot(bundled_copy) == before
    )
    agency = tmp_path / "agency.txt"
    agency.write_text("Syndicated by Midlands News Agency\n\n" + original, encoding="utf-8")
    result = cli(bundled_copy, "add", str(agency), "--no-input")
    assert result.exit_code == 0 and "repeats letter-to-anne-longfield" in result.output
    register = open_dossier(bundled_copy).load()
    assert register.sources["agency"].meta.duplicate_of == "letter-to-anne-longfield"
    report = register.report("unallocated-cases-232")
    assert "agency" in report.also_quoted_in and report.corroboration.sources == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "{tmp}/doc.pdf", "--no-input"], "is incomplete: it does not end with %%EOF"),
        (["add", "{tmp}/000_ac812b99e7910e89.txt", "--no-input"], "is already the file of source"),
        (
            ["add", "{articles}/northants-caseloads.txt", "--no-input", "--date", "2019-02-30"],
            "--date",
        ),
        (
            [
                "add",
                "{articles}/northants-caseloads.txt",
                "--no-input",
                "--id",
                "letter-to-anne-longfield",
            ],
            "already a source",
        ),
        (["add", "{articles}/northants-caseloads.txt"], "the input ended"),
        (["accept", "nope:1.1", "--id", "x"], "no source 'nope'"),
        (["accept", "letter-to-anne-longfield:99.1", "--id", "x"], "no such sentence"),
        (["accept", "letter-to-anne-longfield", "--id", "x"], "is not SOURCE:PARAGRAPH.SENTENCE"),
        (
            ["accept", "letter-to-anne-longfield:6.2", "--id", "unallocated-cases-232"],
            "already a fact",
        ),
        (
            ["accept", "letter-to-anne-longfield:6.2", "--id", "Bad Id"],
            "lower-case letters and digits",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(bundled_copy, tmp_path, args, message):
    """Each mistake: a clear message, exit 2, the dossier exactly as it was."""
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "000_ac812b99e7910e89.txt").write_text(
        "A different text with 12 figures.\n", encoding="utf-8"
    )
    args = [a.format(tmp=tmp_path, articles=ARTICLES) for a in args]
    before = snapshot(bundled_copy)
    result = cli(bundled_copy, *args, input="")
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output and snapshot(bundled_copy) == before


def test_accept_writes_a_verified_fact_search_finds(bundled_copy):
    """A candidate becomes a fact at the end of facts.yaml, the rest of the file untouched;
    verify passes and search shows the passage as quoted by it."""
    assert (
        cli(
            bundled_copy,
            "add",
            str(ARTICLES / "northants-caseloads.txt"),
            "--no-input",
            "--kind",
            "news",
        ).exit_code
        == 0
    )
    facts = bundled_copy / "facts.yaml"
    before = facts.read_text(encoding="utf-8")
    result = cli(
        bundled_copy,
        "accept",
        "northants-caseloads:2.1",
        "--id",
        "unallocated-cases-240",
        "--measure",
        "unallocated-cases",
        "--as-at",
        "2019-11",
    )
    assert result.exit_code == 0, result.output
    assert (
        "added fact unallocated-cases-240 (statistic): verified at northants-caseloads, "
        "para. 2, sent. 1" in result.output
    )
    after = facts.read_text(encoding="utf-8")
    assert after.startswith(before) and "measure: unallocated-cases" in after
    assert cli(bundled_copy, "verify").exit_code == 0
    found = json.loads(cli(bundled_copy, "search", "risen to 240", "--format", "json").output)
    assert found["hits"][0]["facts"] == ["unallocated-cases-240"]


def test_curate_walks_the_candidates(bundled_copy):
    """skip twice, accept with the proposed id, edit then accept, quit: two facts added."""
    assert (
        cli(
            bundled_copy,
            "add",
            str(ARTICLES / "fenmoor-libraries.md"),
            "--no-input",
            "--kind",
            "news",
        ).exit_code
        == 0
    )
    answers = (
        "s\ns\na\n\ne\nThe closures were expected to save £2.4 million a year.\n"
        "statistic\nlibraries\nlibrary-savings\nq\n"
    )
    result = cli(bundled_copy, "curate", "fenmoor-libraries", input=answers)
    assert result.exit_code == 0, result.output
    assert "2 fact(s) added" in result.output
    register = open_dossier(bundled_copy).load()
    assert (
        register.facts["fenmoor-county-council-is-to-close"]
        .citations[0]
        .quote.startswith("Fenmoor County Council is to close six of its 22 libraries")
    )
    saving = register.facts["library-savings"]
    assert (saving.kind, saving.topics) == ("statistic", ("libraries",))
    assert all(register.report(f).ok for f in register.facts)


def test_candidate_rules_in_both_directions(make_dossier):
    """Figures, judgements, reviews, departures and attributed words are candidates; a
    plain sentence is not."""
    root = make_dossier(
        sources={
            "a.txt": (
                "Waiting lists grew to 1,200 families last year.\n\n"
                "The service was rated inadequate by Ofsted inspectors.\n\n"
                "A serious case review into the death of a baby will be published.\n\n"
                "The chief executive resigned after a vote of no confidence.\n\n"
                "The mayor said the decision was the right one for the town.\n\n"
                "The library is a much loved building in the middle of town.\n"
            )
        }
    )
    register = open_dossier(root).load()
    source = register.sources["src-0"]
    found = {c.paragraph: c for c in candidates(source.meta, source.segmentation, register)}
    assert set(found) == {1, 2, 3, 4, 5}
    assert [found[n].kind for n in (1, 2, 3, 4)] == [
        "statistic",
        "official-finding",
        "official-finding",
        "event",
    ]
    assert "attributed" in found[5].why


def test_people_matched_by_name_alias_title_and_misspelling():
    """Spelling variants and misspellings of people.yaml's names; not a different name."""
    register = open_dossier(REPO).load()
    assert people_in("Cllr Jane Burch said so.", register) == ("jane-birch",)
    assert people_in("Cllr Birch's motion failed.", register) == ("jane-birch",)
    assert people_in("Mr Newsam left.", register) == ("malcolm-newsam",)
    assert people_in("Jane Smith said so.", register) == ()


def test_append_entry_keeps_the_file_and_refuses_to_rewrite_it(tmp_path):
    """Comments, order and layout are kept; a file it could only rewrite is left alone."""
    path = tmp_path / "facts.yaml"
    text = "# my notes\nfacts:\n  # first\n  - id: a\n    statement: 'A'\n\nextra: 1\n"
    path.write_text(text, encoding="utf-8")
    out = append_entry(
        path,
        "facts",
        {"id": "b", "citations": [{"source": "s", "quote": "q"}]},
        quoted=frozenset({"quote"}),
    )
    assert out.startswith("# my notes\nfacts:\n  # first\n  - id: a\n    statement: 'A'\n")
    assert "  - id: b\n" in out and out.rstrip().endswith("extra: 1")
    path.write_text("facts: {a: 1}\n", encoding="utf-8")
    with pytest.raises(Exception, match="no list under 'facts'"):
        append_entry(path, "facts", {"id": "b"})
    assert path.read_text(encoding="utf-8") == "facts: {a: 1}\n"


def test_a_duplicate_of_an_unknown_source_is_a_manifest_error(make_dossier):
    """duplicate_of must name another source of the manifest."""
    root = make_dossier()
    manifest = root / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "    kind: news\n", "    kind: news\n    duplicate_of: nowhere\n"
        ),
        encoding="utf-8",
    )
    result = cli(root, "verify")
    assert (
        result.exit_code == 2 and "duplicate_of: 'nowhere' is not another source" in result.output
    )


def test_source_meta_round_trips_through_the_manifest():
    """What add records validates as the manifest schema."""
    meta = SourceMeta(
        id="x",
        file="x.txt",
        description="X",
        kind="news",
        date=DateInfo(how="unknown"),
        duplicate_of="y",
        added_from="x.html",
    )
    assert SourceMeta.model_validate(meta.model_dump()) == meta


def test_candidates_propose_a_figure_and_no_conflict_on_a_common_word(bundled_copy):
    """ "More than 200 children were waiting" proposes {200, >, children}; it shares only
    "children" (in many facts here) with the two children of the serious case reviews, so it
    is not a conflict with them (its words name the measure of unallocated cases, and more
    than 200 agrees with 232)."""
    page = REPO / "tests" / "data" / "wexham" / "wexham-families.html"
    data = json.loads(cli(bundled_copy, "add", str(page), "--no-input", "--format", "json").output)
    waiting = next(c for c in data["candidates"] if c["quote"].startswith("More than 200"))
    assert waiting["figure"] == {"value": 200.0, "bound": ">", "unit": "children"}
    assert not [
        r
        for r in waiting["relations"]
        if r["how"] == "conflicts" or r["fact"].startswith("serious-case")
    ]

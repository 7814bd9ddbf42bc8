"""Citations as pandoc reads them (#19): ids in suffixes, locators, emphasis, code, -@, amend.

Where pandoc's own reading can be shown, a test runs pandoc (skipped when it is missing) and
checks that drafting follows it, or refuses what it cannot print faithfully in a note.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from drafting.citations import CiteGroup, Span, parse_inline
from drafting.kinds import load_draft
from tests.conftest import REPO, drafting
from tests.faults import snapshot

FACT = "unallocated-cases-232"  # quoted from para. 6 of a letter by Jane Birch and Danielle Stone
OTHER = "ofsted-2019-three-of-four-inadequate"  # para. 8 of the same letter
TITLE = "“Letter to Anne Longfield Children’s Commissioner” (letter, n.d.)"
AUTHORS = "Jane Birch and Danielle Stone"
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


cli = drafting


def letter(folder: Path, *body: str) -> Path:
    path = folder / "draft.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "kind": "letter",
                "date": "2026-11-23",
                "senders": [{"name": "Cllr Ann Example"}],
                "recipient": {"name": "Sam Smith", "honorific": "Mr"},
                "subject": "Cases",
                "body": list(body),
            },
            allow_unicode=True,
            width=1000,
        ),
        encoding="utf-8",
    )
    return path


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if fragment in ln)


def refused(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


def rendered(tmp_path: Path, *body: str) -> tuple[dict[int, list[tuple[str, bool, bool]]], str]:
    """Render a letter; its footnotes as runs (text, bold, italic) and its body text."""
    import docx

    from drafting.docx.package import open_package

    draft = letter(tmp_path, *body)
    result = cli("render", draft, "--force", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    notes: dict[int, list[tuple[str, bool, bool]]] = {}
    with open_package(draft.with_suffix(".docx")) as package:
        root = package.xml("word/footnotes.xml")
    for note in root.findall(f"{w}footnote"):
        if note.get(f"{w}type") in (None, "normal"):
            notes[int(note.get(f"{w}id"))] = [
                (
                    "".join(t.text or "" for t in r.iter(f"{w}t")),
                    r.find(f"{w}rPr/{w}b") is not None,
                    r.find(f"{w}rPr/{w}i") is not None,
                )
                for r in note.iter(f"{w}r")
                if r.find(f"{w}t") is not None
            ]
    text = "\n".join(p.text for p in docx.Document(str(draft.with_suffix(".docx"))).paragraphs)
    return notes, text


def note_text(runs: list[tuple[str, bool, bool]]) -> str:
    return "".join(t for t, _, _ in runs).strip()


def pandoc_native(markdown: str) -> list:
    """Pandoc's reading of ``markdown`` as its JSON AST (the paragraph's inlines)."""
    out = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "json"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)["blocks"][0]["c"]


def pandoc_citations(inlines: list) -> list[dict]:
    """Every Citation pandoc read, nested ones (in a prefix or suffix) included."""
    found: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                for citation in node["c"][0]:
                    found.append(citation)
                    walk(citation["citationPrefix"])
                    walk(citation["citationSuffix"])
                return
            walk(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(inlines)
    return found


def pandoc_cited(markdown: str, bib: Path) -> str:
    """What pandoc --citeproc prints for ``markdown`` with ``bib`` (the text, not the list)."""
    return (
        subprocess.run(
            ["pandoc", "-f", "markdown", "-t", "plain", "--citeproc", "--bibliography", str(bib)],
            input=markdown,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[0]
    )


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "bib.yaml"
    path.write_text(
        "references:\n"
        "- {id: a, type: report, title: T, author: [{family: Birch, given: Jane}],"
        " issued: {date-parts: [[2019]]}}\n"
        "- {id: b, type: report, title: U, author: [{family: Doe, given: Jo}],"
        " issued: {date-parts: [[2018]]}}\n",
        encoding="utf-8",
    )
    return path


# --- 1. a fact id inside a prefix or suffix ----------------------------------------------------

SUFFIX_IDS = [
    f"[@{FACT}, and @{OTHER}]",
    f"[@{FACT}, see also @{OTHER}]",
    f"[see @{FACT} and @{OTHER}]",
    f"[@{FACT}, para. 6, cf. -@{OTHER}]",
]


@pytest.mark.parametrize("markup", SUFFIX_IDS)
def test_a_fact_id_in_a_suffix_is_refused_naming_the_line(tmp_path, markup):
    """[@a, and @b]: b would be neither cited nor checked, so render and review refuse it."""
    draft = letter(tmp_path, "A first paragraph.", f"Cases rose to 232 {markup}.")
    line = line_of(draft, "Cases rose to 232")
    before = snapshot(tmp_path)
    for command in ("render", "review"):
        refused(
            cli(command, draft),
            f"draft.yaml:{line}: malformed citation",
            f"a citation's suffix holds @{OTHER}: separate citations with ';' as in "
            f"[@{FACT}; see also @{OTHER}]",
        )
    assert snapshot(tmp_path) == before


@needs_pandoc
@pytest.mark.parametrize(
    ("markup", "refuse"),
    [
        ("[@a, and @b]", True),
        ("[@a, see also @b]", True),
        ("[see @a and @b]", True),
        ("[@a, para. 6, cf. -@b]", True),
        ("[@a, write to jo@example.com]", False),
        ("[@a, not \\@b]", False),
        ("[@a, `@b`]", False),
        ("[jo@example.com @a]", False),
    ],
)
def test_drafting_refuses_exactly_where_pandoc_cites_inside_a_citation(markup, refuse):
    """Pandoc reads @b in a suffix as a second, in-text citation; drafting refuses just those."""
    nested = len(pandoc_citations(pandoc_native(markup))) > 1
    assert nested == refuse
    if refuse:
        with pytest.raises(Exception, match="a citation's suffix holds @b"):
            parse_inline(markup)
    else:
        [group] = [i for i in parse_inline(markup) if isinstance(i, CiteGroup)]
        assert [c.fact_id for c in group.cites] == ["a"]


# --- 2. paragraph locators -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "written"),
    [
        ("para. 3, emphasis added", "para. 3"),
        ("paras. 3-4", "paras. 3-4"),
        ("paras 3–4", "paras 3–4"),
        ("¶ 3", "¶ 3"),
        ("paragraph 3", "paragraph 3"),
        ("para 3", "para 3"),
        ("para. 3 of the letter", "para. 3"),
        ("paras. 2, 4", "paras. 2, 4"),
    ],
)
def test_a_paragraph_locator_not_where_the_quote_is_is_refused(tmp_path, suffix, written):
    """Any paragraph form, alone, as a range or followed by more words, is checked."""
    draft = letter(tmp_path, f"Cases rose [@{FACT}, {suffix}].")
    before = snapshot(tmp_path)
    for command in ("render", "review"):
        refused(
            cli(command, draft),
            f"draft.yaml:{line_of(draft, 'Cases rose')}:",
            f"the quote is in para. 6 of its source, not {written}",
        )
    assert snapshot(tmp_path) == before


def test_a_paragraph_locator_after_other_words_is_refused(tmp_path):
    """[@a, emphasis added, para. 6] would print the paragraph twice: put it first."""
    draft = letter(tmp_path, f"Cases rose [@{FACT}, emphasis added, para. 6].")
    refused(
        cli("render", draft),
        "a paragraph locator goes first",
        f"[@{FACT}, para. 6, emphasis added]",
    )


def test_a_paragraph_that_is_no_number_is_refused(tmp_path):
    """para. 6a names no paragraph a source has."""
    draft = letter(tmp_path, f"Cases rose [@{FACT}, para. 6a].")
    refused(cli("review", draft), "“para. 6a” is not a paragraph number")


def test_right_paragraph_locators_print_once(tmp_path):
    """A right locator replaces the computed one: a range as written, more words after it."""
    notes, _ = rendered(
        tmp_path,
        f"One [@{FACT}, para. 6, emphasis added].",
        f"Two [@{OTHER}, paras 7–9].",
        f"Three [@{OTHER}, ¶¶ 8-9, p. 4].",
        f"Four [@{FACT}, p. 3].",
        f"Five [@{FACT}, paragraph 6 of the letter].",
    )
    texts = [note_text(notes[n]) for n in sorted(notes)]
    assert texts[0] == f"{AUTHORS}, {TITLE}, para. 6, emphasis added."
    assert texts[1] == "Birch and Stone (n 1), paras. 7–9."  # the same source, in short
    assert texts[2] == "Birch and Stone (n 1), paras. 8–9, p. 4."
    assert texts[3] == "Birch and Stone (n 1), para. 6, p. 3."
    assert texts[4] == "Birch and Stone (n 1), para. 6 of the letter."


@needs_pandoc
@pytest.mark.parametrize(
    "written",
    [
        "para. 8",
        "paras. 7-9",
        "¶ 8",
        "¶¶ 7-9",
        "paragraph 8",
        "paras. 5–6, 8",
        "Para. 8",
        "para. 8 and 9",
    ],
)
def test_locators_print_as_citeproc_prints_them(tmp_path, bib, written):
    """The locator drafting prints is the one pandoc's citeproc prints for the same words."""
    cited = pandoc_cited(f"x [@a, {written}, emphasis added]", bib)
    theirs = cited.split("2019, ", 1)[1].rsplit(", emphasis added)", 1)[0]
    notes, _ = rendered(tmp_path, f"x [@{OTHER}, {written}, emphasis added].")
    ours = note_text(notes[1]).rsplit(", emphasis added.", 1)[0]
    assert ours.endswith(f", {theirs}"), (ours, theirs)
    assert re.search(r"para|¶", ours.removesuffix(f", {theirs}")) is None  # printed once


# --- 3. emphasis, repeated facts, code, -@ ------------------------------------------------------


def test_emphasis_in_a_prefix_or_suffix_is_italic_or_bold_in_the_note(tmp_path):
    """[*see* @a, **emphasis added**]: runs in the note, never literal asterisks."""
    notes, _ = rendered(tmp_path, f"One [*see* @{FACT}, p. 3, **emphasis added**].")
    runs = notes[1]
    assert "*" not in note_text(runs)
    assert ("See", False, True) in runs
    assert ("emphasis added", True, False) in runs
    assert note_text(runs) == f"See {AUTHORS}, {TITLE}, para. 6, p. 3, emphasis added."


@needs_pandoc
def test_emphasis_is_read_as_pandoc_reads_it():
    """Pandoc reads *see* in a prefix as Emph; drafting as an italic span."""
    [citation] = pandoc_citations(pandoc_native("[*see* @a, **p. 3**]"))
    assert citation["citationPrefix"][0]["t"] == "Emph"
    [group] = [i for i in parse_inline("[*see* @a, **p. 3**]") if isinstance(i, CiteGroup)]
    assert group.cites[0].prefix == (Span("see", italic=True),)
    assert group.cites[0].suffix == (Span("p. 3", bold=True),)


def test_the_same_fact_twice_in_a_group_keeps_every_prefix(tmp_path):
    """[see @a, p. 1; cf. @a, p. 2]: one reference, "cf." kept before its suffix."""
    notes, _ = rendered(
        tmp_path,
        f"One [see @{FACT}, p. 1; cf. @{FACT}, p. 2].",
        f"Two [@{FACT}; @{FACT}, emphasis added].",
    )
    assert note_text(notes[1]) == f"See {AUTHORS}, {TITLE}, para. 6, p. 1; cf. p. 2."
    assert note_text(notes[2]) == "Birch and Stone (n 1), para. 6, emphasis added."


def test_a_code_span_is_literal_text_never_a_citation(tmp_path):
    """`[@a]` prints "[@a]" as it is (the backticks dropped): no note, no check."""
    notes, text = rendered(
        tmp_path,
        f"Write `[@{FACT}]` or `@{FACT}` to cite [@{FACT}].",
        "Two ``a ` b`` and an unpaired ` stays.",
    )
    assert f"Write [@{FACT}] or @{FACT} to cite." in text
    assert "Two a ` b and an unpaired ` stays." in text
    assert len(notes) == 1


@needs_pandoc
@pytest.mark.parametrize(
    "markdown", ["x `[@a]` y", "`@a` and [see `@b` x @a]", "``a ` b`` c", "a ``x` b", "a \\`x` b"]
)
def test_code_spans_are_read_as_pandoc_reads_them(markdown):
    """Code text, and which citations remain, are pandoc's."""

    def text(inlines: list) -> str:
        out = ""
        for node in inlines:
            out += {"Str": lambda c: c, "Space": lambda c: " ", "Code": lambda c: c[1]}.get(
                node["t"], lambda c: ""
            )(node.get("c"))
        return out

    inlines = pandoc_native(markdown)
    ours = parse_inline(markdown)
    assert [c["citationId"] for c in pandoc_citations(inlines)] == [
        c.fact_id for i in ours if isinstance(i, CiteGroup) for c in i.cites
    ]
    if not any(n["t"] == "Cite" for n in inlines):
        assert "".join(i.text for i in ours if isinstance(i, Span)) == text(inlines)


def test_suppress_author_leaves_the_author_out_of_the_note(tmp_path):
    """Jane Birch's letter says so [-@a]: the note starts with the title."""
    notes, _ = rendered(
        tmp_path, f"Their letter says so [-@{FACT}].", f"Again [see -@{OTHER}, p. 2]."
    )
    assert note_text(notes[1]) == f"{TITLE}, para. 6."
    assert AUTHORS not in note_text(notes[1])
    assert note_text(notes[2]).startswith("See “")


@needs_pandoc
def test_suppress_author_is_what_citeproc_does(bib):
    """Pandoc reads -@a as SuppressAuthor and citeproc prints no author."""
    [citation] = pandoc_citations(pandoc_native("[-@a]"))
    assert citation["citationMode"]["t"] == "SuppressAuthor"
    assert "Birch" not in pandoc_cited("x [-@a]", bib)
    [group] = [i for i in parse_inline("[-@a]") if isinstance(i, CiteGroup)]
    assert group.cites[0].suppress_author


# --- 4. drafting amend writes only what render accepts -------------------------------------------

MOTION = REPO / "drafts" / "motion-childrens-commissioner-programme-amended.yaml"
GROUP = "[@unitary-two-authorities];"


def motions(tmp_path: Path, old: str, new: str) -> tuple[Path, Path]:
    text = MOTION.read_text(encoding="utf-8")
    assert GROUP in text
    original, amended = tmp_path / "original.yaml", tmp_path / "amended.yaml"
    original.write_text(text.replace(GROUP, old), encoding="utf-8")
    amended.write_text(text.replace(GROUP, new), encoding="utf-8")
    return original, amended


def test_an_amendment_never_splits_a_citation(tmp_path):
    """A citation holding escaped brackets stays whole: the amendment renders, no raw @ shows."""
    original, amended = motions(
        tmp_path,
        "[@unitary-two-authorities, see \\[2\\] here];",
        "[@trust-ordered-by-government, see \\[2\\] here];",
    )
    out = tmp_path / "amendment.yaml"
    result = cli("amend", original, amended, "-o", out, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "leave out “\\[" not in result.output and "\\@" not in result.output
    result = cli("render", out, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out.with_suffix(".docx"))).paragraphs)
    assert "@" not in text and "“;”" not in text and "“”" not in text


def test_an_amendment_quotes_words_the_clerk_can_read(tmp_path):
    """A changed citation alone: the words quoted are words, not “” or “;”."""
    original, amended = motions(
        tmp_path, "[@unitary-two-authorities] now;", "[@trust-ordered-by-government] now;"
    )
    out = tmp_path / "amendment.yaml"
    result = cli("amend", original, amended, "-o", out, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (
        "In clause 1, leave out “councils” and insert “councils [@trust-ordered-by-government]”."
    ) in result.output


@pytest.mark.parametrize(
    ("new", "why"),
    [
        (f"[@unitary-two-authorities, and @{OTHER}];", f"a citation's suffix holds @{OTHER}"),
        ("[@no-such-fact];", "cites unknown fact 'no-such-fact'"),
        ("[@unitary-two-authorities, para. 99];", "of its source, not para. 99"),
    ],
)
def test_amend_refuses_an_amendment_render_would_refuse(tmp_path, new, why):
    """The amendment's prose is checked as render checks it: one line naming the clause's line."""
    original, amended = motions(tmp_path, GROUP, new)
    out = tmp_path / "amendment.yaml"
    before = snapshot(tmp_path)
    result = cli("amend", original, amended, "-o", out)
    line = load_draft(amended).doc.line_of(("sections", 0, "clauses", 0))
    refused(result, f"amended.yaml:{line}:", "the amendment would not render", "instruction 1", why)
    assert snapshot(tmp_path) == before and not out.exists()

"""Word drafts: citations typed in a .docx become footnotes; review before and after render."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from drafting.citations import CitationSyntaxError
from drafting.cli import app
from drafting.docx import markers
from drafting.review.word import read_citations, read_document, review_word_draft
from evidence.dossier import open_dossier
from tests.conftest import REPO, refused
from tests.worddocs import (
    CASES,
    CITED,
    DIRECTORS,
    RATED,
    RESIGNED,
    body_text,
    cli,
    footnote_texts,
    note_ref,
    p,
    parts,
    reference_order,
    rewrite,
    runner,
    t,
    word_document,
)


def render(source: Path, *args: object) -> Path:
    out = source.with_name("out.docx")
    result = cli("render", source, "-o", out, *args, ok=True)
    assert result.exit_code == 0, result.output
    return out


def review_json(path: Path) -> dict:  # type: ignore[type-arg]
    result = cli("review", path, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data: dict = json.loads(result.output)  # type: ignore[type-arg]
    return data


def codes(data: dict) -> list[str]:  # type: ignore[type-arg]
    return [f["code"] for f in data["findings"]]


def test_render_puts_a_footnote_where_each_citation_was_typed(tmp_path):
    """Two typed citations: two footnotes, the text as it reads, the input untouched."""
    source = word_document(
        tmp_path / "letter.docx",
        [p("Dear Ms Longfield,"), *CITED],
        header="Labour Group letterhead",
    )
    before = source.read_bytes()
    out = tmp_path / "out.docx"
    result = cli("render", source, "-o", out, ok=True)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 2 citation(s) as footnotes; review: 0 errors, 0 warnings" in result.output
    assert source.read_bytes() == before
    assert body_text(out)[:3] == ["Dear Ms Longfield,", f"{CASES}.", f"{DIRECTORS}."]
    notes = footnote_texts(out)
    assert reference_order(out) == ["1", "2"]
    assert "para. 6" in notes["1"] and "para. 4" in notes["2"]
    old, new = parts(source), parts(out)
    assert new["word/header1.xml"] == old["word/header1.xml"]
    changed = {
        "word/document.xml",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
        "_rels/.rels",
    }
    assert {n for n in old if old[n] != new[n]} <= changed
    assert set(new) - set(old) == {"word/footnotes.xml", "docProps/custom.xml"}


def test_the_default_output_is_beside_the_document_and_never_the_document(tmp_path):
    """``render X.docx`` writes X-rendered.docx; -o X.docx (the input) is refused."""
    source = word_document(tmp_path / "letter.docx", CITED)
    result = cli("render", source, ok=True)
    assert result.exit_code == 0 and (tmp_path / "letter-rendered.docx").exists()
    refused(cli("render", source), 2, "letter-rendered.docx: already exists; not overwritten")
    assert cli("render", source, "--force").exit_code == 0
    refused(cli("render", source, "-o", source, "--force"), 2, "is the input")
    refused(cli("render", source, "-o", tmp_path / "x.pdf"), 2, "give a name ending .docx")


def test_outputs_are_refused_as_any_render_refuses_them(tmp_path, bundled_copy):
    """Not into the dossier's own folders, not onto a link, not a folder: one line, exit 2."""
    source = word_document(tmp_path / "letter.docx", CITED)
    dossier = ["--dossier", str(bundled_copy)]
    result = runner.invoke(
        app, [*dossier, "render", str(source), "-o", str(bundled_copy / "templates" / "mine.docx")]
    )
    refused(result, 2, "is in the dossier's templates")
    link = tmp_path / "link.docx"
    link.symlink_to(tmp_path / "elsewhere.docx")
    refused(cli("render", source, "-o", link, "--force"), 2, "is a link, not a file to write")
    refused(cli("render", source, "-o", tmp_path), 2, "is a folder; give the .docx file")
    refused(
        cli(
            "render",
            source,
            "--recipients",
            REPO / "drafts" / "recipients.csv",
            "-o",
            tmp_path / "letters",
        ),
        2,
        "--recipients merges a draft (.yaml)",
    )
    assert not (bundled_copy / "templates" / "mine.docx").exists()
    assert not (tmp_path / "elsewhere.docx").exists()


@pytest.mark.parametrize(
    ("runs", "name"),
    [
        (
            [
                t("risen back to 232 [@unallocated"),
                '<w:proofErr w:type="spellStart"/>',
                t("-cases-232"),
                '<w:proofErr w:type="spellEnd"/>',
                t("]."),
            ],
            "spelling marks",
        ),
        (
            [
                t("risen back to 232 [@"),
                '<w:r w:rsidR="00A1"><w:t>unallocated-</w:t></w:r>',
                '<w:r w:rsidR="00B2"><w:t>cases-232]</w:t></w:r>',
                t("."),
            ],
            "revision ids",
        ),
        (
            [
                t("risen back to 232 [@unallocated-"),
                '<w:bookmarkStart w:id="5" w:name="here"/>',
                t("cases-232]"),
                '<w:bookmarkEnd w:id="5"/>',
                t("."),
            ],
            "a bookmark",
        ),
        (
            [t("risen back to 232 [@unallocated-"), t("cases", "<w:b/><w:i/>"), t("-232].")],
            "a word in another format",
        ),
        (
            [
                t("risen back to 232 "),
                '<w:smartTag w:uri="urn:x" w:element="place">'
                + t("[@unallocated-cases-232")
                + "</w:smartTag>",
                t("]."),
            ],
            "a smart tag",
        ),
        (
            [
                t("risen back to 232 [@unallocated-cases-232"),
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> XE "backlog" </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                t("]."),
            ],
            "an index field",
        ),
    ],
)
def test_a_citation_split_across_runs_is_found(tmp_path, runs, name):
    """However Word split what was typed, it is one citation, replaced by one note."""
    source = word_document(
        tmp_path / "split.docx", [p("Meanwhile the number of unallocated cases has ", *runs)]
    )
    out = render(source)
    assert body_text(out)[0] == f"{CASES}.", name
    assert reference_order(out) == ["1"] and "para. 6" in footnote_texts(out)["1"]
    assert "[" not in "".join(
        x.text or "" for x in etree.fromstring(parts(out)["word/document.xml"]).iter(qn("w:t"))
    )


def test_a_citation_in_a_hyperlink_puts_the_note_after_the_link(tmp_path):
    """A citation typed at the end of a link's text: the note follows the link."""
    link = (
        '<w:hyperlink r:id="rIdX" w:history="1">'
        + t("risen back to 232 [@unallocated-cases-232]", '<w:rStyle w:val="Hyperlink"/>')
        + "</w:hyperlink>"
    )
    source = word_document(
        tmp_path / "link.docx", [p("Meanwhile the number of unallocated cases has ", link, t("."))]
    )
    out = render(source)
    body = etree.fromstring(parts(out)["word/document.xml"]).find(qn("w:body"))
    paragraph = body.find(qn("w:p"))
    hyperlink = paragraph.find(qn("w:hyperlink"))
    assert hyperlink.find(f".//{qn('w:footnoteReference')}") is None
    assert hyperlink.getnext().find(qn("w:footnoteReference")) is not None
    assert body_text(out)[0] == f"{CASES}."


def test_a_citation_in_a_field_result_puts_the_note_after_the_field(tmp_path):
    """Word rewrites a field's result when it updates it: the note goes after the field."""
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space='
        '"preserve"> QUOTE "x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType='
        '"separate"/></w:r>'
        + t("232 [@unallocated-cases-232]")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    source = word_document(
        tmp_path / "field.docx",
        [p(t("Meanwhile the number of unallocated cases has risen back to "), field, t("."))],
    )
    out = render(source)
    runs = (
        etree.fromstring(parts(out)["word/document.xml"])
        .find(qn("w:body"))
        .find(qn("w:p"))
        .findall(qn("w:r"))
    )
    kinds = [
        (
            "end"
            if r.find(qn("w:fldChar")) is not None
            and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "end"
            else "note"
            if r.find(qn("w:footnoteReference")) is not None
            else ""
        )
        for r in runs
    ]
    assert kinds.index("note") == kinds.index("end") + 1
    assert body_text(out)[0] == f"{CASES}."


def test_the_mark_keeps_the_formatting_of_the_text_before_it(tmp_path):
    """Bold, italic, a font: the mark keeps them, with the footnote style first (Word's order)."""
    props = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:b/><w:i/><w:sz w:val="28"/>'
    source = word_document(
        tmp_path / "bold.docx", [p(t(f"{CASES} [@unallocated-cases-232] and so on.", props))]
    )
    out = render(source)
    runs = (
        etree.fromstring(parts(out)["word/document.xml"])
        .find(qn("w:body"))
        .find(qn("w:p"))
        .findall(qn("w:r"))
    )
    assert ["".join(x.text or "" for x in r.iter(qn("w:t"))) for r in runs] == [
        CASES,
        "",
        " and so on.",
    ]
    mark = runs[1].find(qn("w:rPr"))
    assert [etree.QName(c).localname for c in mark] == ["rStyle", "rFonts", "b", "i", "sz"]
    assert mark.find(qn("w:rStyle")).get(qn("w:val")) == "FootnoteReference"
    assert all(r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for r in runs)


def test_the_documents_own_footnotes_are_kept_and_numbered_with_ours(tmp_path):
    """Word numbers notes by place: "(n 2)" names note 2 as printed, the author's first."""
    source = word_document(
        tmp_path / "own.docx",
        [
            p(
                t("Our own remark comes first."),
                note_ref(1),
                t(f" {CASES} [@unallocated-cases-232]."),
            ),
            p(t(f"{DIRECTORS} [@seven-directors-seven-years]"), note_ref(2), t(".")),
            p("As said, the cases rose to 232 [@unallocated-cases-232]."),
        ],
        footnotes={1: "The author's first note.", 2: "The author's second note."},
    )
    out = render(source)
    assert reference_order(out) == ["1", "2", "3", "4", "5"]  # ids in order, as LibreOffice needs
    notes = footnote_texts(out)
    assert notes["1"] == "The author's first note." and notes["4"] == "The author's second note."
    assert "para. 6" in notes["2"] and "para. 4" in notes["3"]
    assert notes["5"] == "Birch and Stone (n 2), para. 6."  # points back to note 2 as printed
    assert (
        "3 citation(s) as footnotes; the document's own 2 footnote(s) kept, numbered "
        "with them" in cli("render", source, "-o", tmp_path / "again.docx").output
    )
    data = review_json(out)
    assert data["reviewed"] == "docx" and len(data["citations"]) == 3
    assert not [c for c in codes(data) if c.startswith("citation-")]


def test_references_style_puts_numbers_and_a_list_at_the_end(tmp_path):
    """--citations references: superscript numbers, then "References", a source once."""
    source = word_document(tmp_path / "refs.docx", CITED)
    out = render(source, "--citations", "references")
    text = body_text(out)
    assert text[:2] == [f"{CASES}1.", f"{DIRECTORS}1."] and text[2] == "References"
    assert text[3].startswith("1. Jane Birch") and text[3].endswith("Cited at paras. 4, 6.")
    assert len(text) == 4  # both facts are in one letter: one entry
    assert footnote_texts(out) == {}
    data = review_json(out)
    assert len(data["citations"]) == 2 and data["summary"]["error"] == 0
    assert data["summary"]["warning"] == 0


def test_background_style_is_refused_for_a_word_document(tmp_path):
    """A free document has no clauses for a Background and evidence section."""
    source = word_document(tmp_path / "letter.docx", CITED)
    refused(
        cli("render", source, "--citations", "background"),
        2,
        "--citations background lists evidence clause by clause after a motion",
    )
    assert not (tmp_path / "letter-rendered.docx").exists()


def test_errors_name_the_paragraph_and_cell_and_quote_the_text(tmp_path):
    """A malformed citation in a table cell: where it is, the words around it; exit 2."""
    cell = "<w:tc>{}</w:tc>"
    table = (
        "<w:tbl><w:tr>"
        + cell.format(p("Backlog"))
        + cell.format(p(f"{CASES} [@unallocated-cases-232;]."))
        + "</w:tr></w:tbl>"
    )
    source = word_document(tmp_path / "bad.docx", [p("Dear Ms Longfield,"), table])
    out = tmp_path / "out.docx"
    result = cli("render", source, "-o", out)
    refused(
        result,
        2,
        "bad.docx: paragraph 3 (table 1, row 1, cell 2), at “…of unallocated "
        "cases has risen back to 232 [@unallocated-cases-232;].”: malformed citation "
        "“[@unallocated-cases-232;]”: an empty item",
    )
    assert not out.exists()
    refused(cli("review", source), 2, "paragraph 3 (table 1, row 1, cell 2)")


def test_an_unknown_fact_says_did_you_mean(tmp_path):
    """A misspelt id: the paragraph, the text, the nearest id; exit 2; nothing written."""
    source = word_document(tmp_path / "typo.docx", [p(f"{CASES} [@unalocated-cases-232].")])
    result = cli("render", source)
    refused(
        result,
        2,
        "typo.docx: paragraph 1, at “…of unallocated cases has risen back to 232 "
        "[@unalocated-cases-232].”: cites unknown fact 'unalocated-cases-232'. Did you mean: "
        "unallocated-cases-232",
    )
    assert not (tmp_path / "typo-rendered.docx").exists()


def test_a_citation_in_a_header_is_refused(tmp_path):
    """Footnotes belong to the text: a citation in a header is an error naming the part."""
    source = word_document(
        tmp_path / "header.docx", CITED, header="Backlog [@unallocated-cases-232]"
    )
    refused(
        cli("render", source),
        2,
        "a citation in a header (word/header1.xml), at "
        "“Backlog [@unallocated-cases-232]”: Word allows footnotes only in the document's "
        "text",
    )
    assert not (tmp_path / "header-rendered.docx").exists()


def test_a_rendered_document_is_not_rendered_again(tmp_path):
    """Its citations are notes already: one line saying so."""
    out = render(word_document(tmp_path / "letter.docx", CITED))
    refused(
        cli("render", out, "-o", tmp_path / "twice.docx"),
        2,
        "was written by `drafting render` (it carries a citation record)",
    )


def test_review_before_render_reads_the_word_draft_as_a_yaml_draft_is_read(tmp_path):
    """The same prose as a YAML draft and as a Word draft: the same citations and findings."""
    prose = [
        f"{CASES} [@unallocated-cases-232].",
        f"{RATED} [@ofsted-2019-three-of-four-inadequate].",
        "Since then 40 more children have been placed out of county.",
        'They were rated "wholly inadequate" [@ofsted-2019-three-of-four-inadequate].',
    ]
    source = word_document(
        tmp_path / "letter.docx", [p("Dear Ms Longfield,"), *(p(x) for x in prose)]
    )
    draft = tmp_path / "letter.yaml"
    draft.write_text(
        "kind: letter\nrecipient: {name: Anne Longfield}\nsubject: Inquiry\n"
        "senders: [{name: Cllr Jane Birch}]\nbody:\n"
        + "".join(f"  - {json.dumps(x)}\n" for x in prose),
        encoding="utf-8",
    )
    word, yaml_ = review_json(source), review_json(draft)
    assert word["reviewed"] == "word"

    def shown(data: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
        return sorted((f["code"], f["message"]) for f in data["findings"])

    assert shown(word) == shown(yaml_)
    assert {"misquote", "uncited-figure"} <= set(codes(word))
    assert [c["fact_id"] for c in word["citations"]] == [c["fact_id"] for c in yaml_["citations"]]
    places = {f["code"]: f["place"] for f in word["findings"]}
    assert places["uncited-figure"] == "paragraph 4" and places["misquote"] == "paragraph 5"
    table = cli("review", source)
    assert table.exit_code == 1
    assert "read as a Word draft: citations typed as [@fact-id] in its text" in table.output


def test_review_after_render_finds_hand_edits(tmp_path):
    """Render, then change a quote and delete a note by hand: review reports both."""
    source = word_document(
        tmp_path / "letter.docx",
        [
            p(f"{RATED} [@ofsted-2019-three-of-four-inadequate]."),
            p(f"{RESIGNED} [@commissioner-newsam-resigned]."),
            *CITED,
        ],
    )
    out = render(source)
    clean = review_json(out)
    assert clean["reviewed"] == "docx" and len(clean["citations"]) == 4
    assert clean["summary"]["error"] == 0 and clean["summary"]["warning"] == 0

    def edit(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        for text in root.iter(qn("w:t")):
            text.text = (text.text or "").replace('"Inadequate"', '"wholly inadequate"')
        second = root.find(qn("w:body")).findall(qn("w:p"))[1]
        mark = next(
            r for r in second.iter(qn("w:r")) if r.find(qn("w:footnoteReference")) is not None
        )
        mark.getparent().remove(mark)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    rewrite(out, "word/document.xml", edit)
    edited = review_json(out)
    found = {(f["code"], f["place"]) for f in edited["findings"]}
    assert ("misquote", "paragraph 1") in found
    assert any(
        f["code"] == "citation-removed" and "commissioner-newsam-resigned" in f["message"]
        for f in edited["findings"]
    )
    assert cli("review", out).exit_code == 1


def test_a_word_document_with_no_record_and_no_citations_is_refused(tmp_path):
    """Nothing to line up and nothing typed: one line saying both, exit 2."""
    source = word_document(tmp_path / "plain.docx", [p("Just some text.")])
    refused(
        cli("review", source),
        2,
        "has no citation record from `drafting render`",
        "and no citation typed as [@fact-id] in its text",
    )


def test_escapes_asterisks_and_backslashes_stay_as_typed(tmp_path):
    r"""Only citations are markup: ``A*`` and ``C:\`` stay; ``\[@x]`` is the text ``[@x]``."""
    source = word_document(
        tmp_path / "literal.docx",
        [
            p(
                r"Grades A* and B* at C:\data, form field \[@name]: "
                f"{CASES.lower()} [@unallocated-cases-232]."
            )
        ],
    )
    out = render(source)
    assert body_text(out)[0] == (
        r"Grades A* and B* at C:\data, form field [@name]: "
        f"{CASES.lower()}."
    )


# --- tracked changes ------------------------------------------------------------------------

INS = '<w:ins w:id="{}" w:author="Jo" w:date="2026-11-20T10:00:00Z">{}</w:ins>'
DEL = '<w:del w:id="{}" w:author="Jo" w:date="2026-11-20T10:00:00Z">{}</w:del>'


def deleted(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


def tracked(tmp_path: Path) -> Path:
    """An inserted citation, a deleted one, and a deleted paragraph mark joining two."""
    return word_document(
        tmp_path / "tracked.docx",
        [
            p(t(CASES), INS.format(1, t(" [@unallocated-cases-232]")), t(".")),
            p(t(DIRECTORS), DEL.format(2, deleted(" [@seven-directors-seven-years]")), t(".")),
            '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="Jo" w:date="2026-11-20T10:00:00Z"/>'
            f"</w:rPr></w:pPr>{t(RESIGNED[:30])}</w:p>",
            p(t(RESIGNED[30:] + " [@commissioner-newsam-resigned].")),
        ],
    )


def test_review_reads_tracked_changes_as_accepted_and_says_so(tmp_path):
    """The inserted citation counts, the deleted one does not; an info finding says so."""
    data = review_json(tracked(tmp_path))
    assert [c["fact_id"] for c in data["citations"]] == [
        "unallocated-cases-232",
        "commissioner-newsam-resigned",
    ]
    info = [f for f in data["findings"] if f["code"] == "tracked-changes"]
    assert len(info) == 1 and info[0]["severity"] == "info"
    assert info[0]["message"].startswith(
        "the document has tracked changes (1 insertion, "
        "2 deletions): it was reviewed as it reads with all "
        "of them accepted"
    )
    assert "uncited-figure" in codes(data)  # the directors' sentence lost its citation


def test_render_keeps_tracked_changes_where_they_were(tmp_path):
    """The inserted citation's note is inside the insertion; the deleted one stays deleted."""
    source = tracked(tmp_path)
    result = cli("render", source, "-o", tmp_path / "out.docx", "--allow-errors", ok=True)
    assert result.exit_code == 0, result.output
    assert "the document has tracked changes (1 insertion, 2 deletions)" in result.output
    root = etree.fromstring(parts(tmp_path / "out.docx")["word/document.xml"])
    insertion = next(root.iter(qn("w:ins")))
    assert insertion.find(f".//{qn('w:footnoteReference')}") is not None
    assert "".join(x.text for x in root.iter(qn("w:delText"))) == " [@seven-directors-seven-years]"
    assert len(list(root.iter(qn("w:footnoteReference")))) == 2
    data = review_json(tmp_path / "out.docx")
    assert "tracked-changes" in codes(data) and len(data["citations"]) == 2
    assert not [c for c in codes(data) if c.startswith("citation-")]


def test_a_moved_citation_counts_where_it_was_moved_to(tmp_path):
    """A sentence moved with tracking on: its citation counts once, where it now is."""
    attrs = 'w:author="Jo" w:date="2026-11-20T10:00:00Z"'
    sentence = t(f"{DIRECTORS} [@seven-directors-seven-years].")
    source = word_document(
        tmp_path / "moved.docx",
        [
            p(f'<w:moveFrom w:id="7" {attrs}>{sentence}</w:moveFrom>'),
            p(t(f"{CASES} [@unallocated-cases-232]. ")),
            p(f'<w:moveTo w:id="8" {attrs}>{sentence}</w:moveTo>'),
        ],
    )
    data = review_json(source)
    assert [c["fact_id"] for c in data["citations"]] == [
        "unallocated-cases-232",
        "seven-directors-seven-years",
    ]
    assert "(1 move)" in next(
        f["message"] for f in data["findings"] if f["code"] == "tracked-changes"
    )
    out = render(source)
    root = etree.fromstring(parts(out)["word/document.xml"])
    assert next(root.iter(qn("w:moveTo"))).find(f".//{qn('w:footnoteReference')}") is not None
    assert next(root.iter(qn("w:moveFrom"))).find(f".//{qn('w:footnoteReference')}") is None
    assert len(review_json(out)["citations"]) == 2


def test_a_note_in_a_deletion_does_not_count_after_render(tmp_path):
    """A rendered note whose mark was later deleted with tracking on is a removed citation."""
    out = render(word_document(tmp_path / "letter.docx", CITED))

    def delete_first_mark(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        mark = next(
            r for r in root.iter(qn("w:r")) if r.find(qn("w:footnoteReference")) is not None
        )
        wrapper = etree.Element(qn("w:del"), {qn("w:id"): "90", qn("w:author"): "Jo"})
        mark.addprevious(wrapper)
        wrapper.append(mark)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    rewrite(out, "word/document.xml", delete_first_mark)
    data = review_json(out)
    assert "tracked-changes" in codes(data) and "citation-removed" in codes(data)
    assert [c["fact_id"] for c in data["citations"]] == ["seven-directors-seven-years"]


def test_the_word_draft_review_is_the_library_call(tmp_path):
    """Library users: read, read the citations, review; the same as the command."""
    source = word_document(tmp_path / "letter.docx", CITED)
    document = read_document(source)
    read_citations(document)
    review = review_word_draft(document, open_dossier(REPO).load())
    assert review.what == "word" and [c.fact_id for c in review.citations] == [
        "unallocated-cases-232",
        "seven-directors-seven-years",
    ]


# --- what Word text can hold --------------------------------------------------------------

TYPED = st.lists(
    st.sampled_from(
        [
            *"ab @[]\\*`;,-.x\u00a0\t",
            "@a",
            "[@a]",
            "[see @b, p. 3]",
            "\\[",
            "\\@",
            "[@a, `x`]",
            "**",
            "[*see* @a]",
            "[-@a]",
            "\\\\",
            "[sic]",
            "unallocated-cases-232",
        ]
    ),
    max_size=24,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TYPED)
def test_any_typed_text_reads_as_pandoc_reads_it_or_is_one_clear_error(raw):
    """Whatever is typed: the finished text is the typed text less the cuts, or an error."""
    try:
        cited = markers.read_citations(raw)
    except CitationSyntaxError as exc:
        assert exc.message.startswith("malformed citation")
        return
    kept = "".join(
        raw[a:b]
        for a, b in zip(
            [0, *(e for _, e in cited.cuts)], [*(s for s, _ in cited.cuts), len(raw)], strict=True
        )
    )
    assert cited.text == kept
    assert len(cited.cite_groups) == len(cited.groups)
    assert all(raw[a] == "[" and raw[b - 1] == "]" for a, b in cited.groups)


def test_a_backtick_code_span_across_citations_is_one_clear_error():
    """``[`@a] [@b`]``: pandoc reads code there, not two citations: an error, not a guess."""
    with pytest.raises(CitationSyntaxError, match="a backtick in it starts code"):
        markers.read_citations("x [`@a] and [@b`] y")


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "not a zip",
            lambda path: path.write_bytes(b"not a word file"),
            "is not a Word .docx file (not a zip package)",
        ),
        (
            "a DOCTYPE",
            lambda path: rewrite(
                path,
                "word/document.xml",
                lambda xml: xml.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x "y">]>', 1),
            ),
            "part word/document.xml declares a DOCTYPE or entities",
        ),
        (
            "cut short",
            lambda path: rewrite(path, "word/document.xml", lambda xml: xml[:-40]),
            "part word/document.xml is damaged",
        ),
        (
            "damaged notes",
            lambda path: rewrite(path, "word/footnotes.xml", lambda xml: xml[:-30]),
            "part word/footnotes.xml is damaged",
        ),
    ],
)
def test_a_damaged_word_draft_is_one_line_and_nothing_is_written(tmp_path, name, change, message):
    """Damage anywhere the render reads is one line, exit 2, no output."""
    source = word_document(
        tmp_path / "letter.docx",
        [p(t(f"{CASES} [@unallocated-cases-232]"), note_ref(1), t("."))],
        footnotes={1: "Mine."},
    )
    change(source)
    for command in ("render", "review"):
        refused(cli(command, source), 2, message)
    assert not (tmp_path / "letter-rendered.docx").exists(), name


def test_ibid_never_points_at_the_authors_own_note(tmp_path):
    """With --repeats ibid, a note after the author's own is in short, not "Ibid"."""
    source = word_document(
        tmp_path / "ibid.docx",
        [
            p(t(f"{CASES} [@unallocated-cases-232].")),
            p(t(f"{DIRECTORS} [@seven-directors-seven-years].")),
            p(t("Our own remark."), note_ref(1), t(f" {CASES} [@unallocated-cases-232].")),
        ],
        footnotes={1: "The author's note."},
    )
    out = render(source, "--repeats", "ibid")
    notes = footnote_texts(out)
    assert notes["2"] == "Ibid, para. 4."  # right after the letter's first note
    assert notes["4"] == "Birch and Stone (n 1), para. 6."  # after the author's note

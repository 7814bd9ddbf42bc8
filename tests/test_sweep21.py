"""Issue #21's sweep: Word drafts, letterheads, citation forms and quotes as users meet them.

Each test is a defect class found by the sweep: it failed before its fix.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, refused
from tests.worddocs import CASES, CITED, DIRECTORS, cli, footnote_texts, parts, word_document


def review_json(path: Path) -> dict:  # type: ignore[type-arg]
    result = cli("review", path, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data: dict = json.loads(result.output)  # type: ignore[type-arg]
    return data


def repack(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """Rewrite a package's entries: ``change`` maps [(name, bytes)] to the new list."""
    with zipfile.ZipFile(path) as archive:
        items = [(i.filename, archive.read(i)) for i in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in change(items):
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


# --- a long document's citation record ----------------------------------------------------------


def test_a_record_of_over_a_thousand_pieces_reads_back(tmp_path):
    """A document citing 5,000 times: its record (over 1,000 properties) is read in order."""
    source = word_document(tmp_path / "long.docx", CITED * 2500)
    out = tmp_path / "out.docx"
    result = cli("render", source, "-o", out, ok=True)
    assert result.exit_code == 0, result.output
    data = review_json(out)
    assert len(data["citations"]) == 5000 and data["findings"] == []


# --- packages Word would not read as we do ------------------------------------------------------


@pytest.mark.parametrize("command", ["render", "review"])
def test_a_package_holding_a_part_twice_is_refused(tmp_path, command):
    """Two entries named word/document.xml (any case): one line, exit 2, nothing written."""
    source = word_document(tmp_path / "twice.docx", CITED)

    def twice(items):  # type: ignore[no-untyped-def]
        main = dict(items)["word/document.xml"]
        return [*items, ("Word/Document.xml", main.replace(b"232", b"999"))]

    repack(source, twice)
    refused(cli(command, source), 2, "twice.docx: holds part Word/Document.xml twice")
    assert not (tmp_path / "twice-rendered.docx").exists()


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [
        (
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            "a macro-enabled Word document (.docm)",
        ),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "a Word template (.dotx)",
        ),
    ],
)
def test_a_docm_or_a_template_renamed_docx_is_reviewed_but_not_rendered(
    tmp_path, content_type, kind
):
    """Its main part's type would make the .docx written from it one Word will not open."""
    source = word_document(tmp_path / "macro.docx", CITED)
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    repack(
        source,
        lambda items: (
            [
                (n, d.replace(main, content_type.encode()) if n == "[Content_Types].xml" else d)
                for n, d in items
            ]
            + [("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 64)]
        ),
    )
    refused(
        cli("render", source),
        2,
        f"macro.docx: is {kind} named .docx",
        "Save it in Word as 'Word Document (*.docx)'",
    )
    assert not (tmp_path / "macro-rendered.docx").exists()
    assert cli("review", source).exit_code == 0


def test_a_picture_larger_than_an_xml_part_is_kept_as_it_was(tmp_path):
    """A 40 MB picture (over the 32 MB an XML part may be): rendered, the picture unchanged."""
    source = word_document(tmp_path / "photo.docx", CITED)
    picture = bytes(range(256)) * (40 * 2**12)
    with zipfile.ZipFile(source) as archive:
        items = [(i.filename, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in items:
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
        archive.writestr("word/media/photo.png", picture, zipfile.ZIP_STORED)
        archive.writestr("word/media/photo2.png", picture, zipfile.ZIP_DEFLATED)
    out = tmp_path / "out.docx"
    result = cli("render", source, "-o", out, ok=True)
    assert result.exit_code == 0, result.output
    kept = parts(out)
    assert kept["word/media/photo.png"] == picture == kept["word/media/photo2.png"]
    assert "para. 6" in footnote_texts(out)["1"]
    assert review_json(out)["findings"] == []


# --- footnote numbering the document sets -------------------------------------------------------


def _numbered(path: Path, footnote_pr: str) -> Path:
    """``path`` with ``footnote_pr`` (``w:footnotePr``'s children) in its section."""
    return repack(
        path,
        lambda items: [
            (
                n,
                d.replace(
                    b"<w:pgSz",
                    b"<w:footnotePr>" + footnote_pr.encode() + b"</w:footnotePr><w:pgSz",
                    1,
                )
                if n == "word/document.xml"
                else d,
            )
            for n, d in items
        ],
    )


def test_a_short_note_names_the_note_as_the_document_numbers_it(tmp_path):
    """Notes numbered v, vi, vii: the third note points back to "(n v)", not "(n 1)"."""
    source = word_document(tmp_path / "roman.docx", [*CITED, CITED[0]])
    _numbered(source, '<w:numFmt w:val="lowerRoman"/><w:numStart w:val="5"/>')
    out = tmp_path / "out.docx"
    assert cli("render", source, "-o", out, ok=True).exit_code == 0
    notes = footnote_texts(out)
    assert notes["2"] == "Birch and Stone (n v), para. 4."
    assert notes["3"] == "Birch and Stone (n v), para. 6."
    assert review_json(out)["findings"] == []


def test_short_notes_are_refused_where_numbers_start_again(tmp_path):
    """Numbered afresh on each page, "(n 1)" could be any page's note 1: a clear error."""
    source = word_document(tmp_path / "pages.docx", CITED)
    _numbered(source, '<w:numRestart w:val="eachPage"/>')
    refused(
        cli("render", source),
        2,
        "pages.docx: numbers its footnotes afresh on each page",
        "Render with --repeats full",
    )
    assert not (tmp_path / "pages-rendered.docx").exists()
    assert cli("render", source, "--repeats", "full").exit_code == 0


def test_a_templates_own_footnote_numbering_is_followed(tmp_path):
    """A dossier's template numbering notes a, b, c: a YAML draft's short note says "(n a)"."""
    import shutil

    template = shutil.copy(REPO / "templates" / "letter.docx", tmp_path / "lettered.docx")
    with zipfile.ZipFile(template) as archive:
        settings = archive.read("word/settings.xml")
    assert b"<w:footnotePr>" not in settings
    repack(
        Path(template),
        lambda items: [
            (
                n,
                d.replace(
                    b"</w:settings>",
                    b'<w:footnotePr><w:numFmt w:val="lowerLetter"/></w:footnotePr></w:settings>',
                )
                if n == "word/settings.xml"
                else d,
            )
            for n, d in items
        ],
    )
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "kind: letter\ntemplate: lettered.docx\ndate: 2026-11-23\n"
        "senders: [{name: Cllr Ann Example}]\nrecipient: {name: Sam Smith}\n"
        f"body:\n  - {CASES} [@unallocated-cases-232].\n"
        f"  - {DIRECTORS} [@seven-directors-seven-years].\n",
        encoding="utf-8",
    )
    result = cli("render", draft, ok=True)
    assert result.exit_code == 0, result.output
    assert footnote_texts(draft.with_suffix(".docx"))["2"] == "Birch and Stone (n a), para. 4."


# --- citation forms -----------------------------------------------------------------------------


def _draft(folder: Path, *body: str) -> Path:
    draft = folder / "draft.yaml"
    lines = "".join(f"  - {json.dumps(b)}\n" for b in body)
    draft.write_text(
        "kind: letter\ndate: 2026-11-23\nsenders: [{name: Cllr Ann Example}]\n"
        f"recipient: {{name: Sam Smith}}\nbody:\n{lines}",
        encoding="utf-8",
    )
    return draft


def test_a_fact_cited_again_with_only_a_prefix_cites_its_place(tmp_path):
    """``[see @a, emphasis added; cf. @a]``: "...; cf. para. 6.", never a hanging "cf."."""
    draft = _draft(
        tmp_path,
        f"{CASES} [see @unallocated-cases-232, emphasis added; cf. @unallocated-cases-232].",
    )
    assert cli("render", draft, ok=True).exit_code == 0
    note = footnote_texts(draft.with_suffix(".docx"))["1"]
    assert note.startswith("See Jane Birch") and note.endswith(
        "para. 6, emphasis added; cf. para. 6."
    ), note


def test_a_references_entry_ends_in_one_full_stop(tmp_path):
    """A place cited ending in a full stop ("et seq."): the entry does not end "seq.."."""
    draft = _draft(tmp_path, f"{CASES} [@unallocated-cases-232, para. 6, et seq.].")
    result = cli("render", draft, "--citations", "references", ok=True)
    assert result.exit_code == 0, result.output
    from tests.conftest import body_texts

    texts = body_texts(draft.with_suffix(".docx"))
    entry = next(t for t in texts if t.startswith("1. Jane Birch"))
    assert entry.endswith("Cited at para. 6, et seq."), entry


def test_a_group_citing_one_source_twice_is_one_reference_number(tmp_path):
    """``[@a; @b]`` with a and b from one source: the marker is "1", not "1,1"."""
    draft = _draft(tmp_path, f"{CASES} [@unallocated-cases-232; @seven-directors-seven-years].")
    result = cli("render", draft, "--citations", "references", ok=True)
    assert result.exit_code == 0, result.output
    from tests.conftest import body_texts

    assert f"{CASES}1." in body_texts(draft.with_suffix(".docx"))
    assert review_json(draft.with_suffix(".docx"))["findings"] == []

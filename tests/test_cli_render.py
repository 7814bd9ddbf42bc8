import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafting.cli import app
from drafting.docx.package import open_package
from drafting.docx.parts import custom_properties
from drafting.docx.record import META_PREFIX, footnote_texts
from drafting.typography import smart_quotes
from tests.conftest import REPO, body_texts

EXAMPLE = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
runner = CliRunner()


def render(*args, ok=True):
    return runner.invoke(
        app, ["--dossier", str(REPO), "render", *map(str, args)], catch_exceptions=not ok
    )


def parts(path: Path) -> tuple[list[str], dict[int, str], dict]:
    with open_package(path) as package:
        root = package.xml("word/footnotes.xml")
        notes = footnote_texts(root) if root is not None else {}
        props = custom_properties(package.xml("docProps/custom.xml"))
    meta = json.loads("".join(v for k, v in sorted(props.items()) if k.startswith(META_PREFIX)))
    return body_texts(path), notes, meta


def minimal(tmp_path: Path, **fields) -> Path:
    draft = {
        "kind": "letter",
        "date": "2026-11-23",
        "senders": [{"name": "Cllr Ann Example", "role": "Group leader", "ward": "Abbey"}],
        "recipient": {"name": "Sam Smith", "honorific": "Mr", "title": "Chief Executive"},
        "subject": "Agency costs",
        "body": ["Agency staff cost at least £22 million a year [@agency-social-workers-22m]."],
    }
    draft.update(fields)
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    return path


def test_example_letter_renders_with_real_footnotes(tmp_path):
    """The example letter: recipient, date, salutation/closing, body and one footnote per citation."""
    out = tmp_path / "letter.docx"
    result = render(EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "18 citation(s) as footnotes; review: 0 errors, 0 warnings, 0 info" in result.output
    paras, notes, meta = parts(out)
    text = "\n".join(paras)
    assert "Ms Anne Longfield\nChildren’s Commissioner for England" in text
    assert "Dear Ms Longfield," in paras and "Yours sincerely," in paras
    assert any(p.startswith("Leadership has not held.") and "back to 232" in p for p in paras)
    assert len(notes) == 18
    assert notes[2] == (
        "Jane Birch and Danielle Stone, “Letter to Anne Longfield Children’s "
        "Commissioner” (letter, n.d.), para. 8."
    )  # the source in full, once
    assert notes[10] == "Birch and Stone (n 2), para. 6."  # then in short
    body = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert body.count("<w:footnoteReference ") == 18
    assert meta["citations"][9]["facts"] == ["unallocated-cases-232"]
    assert meta["dossier"] == "northamptonshire-childrens-services"


def test_references_style_numbers_markers_and_lists_references(tmp_path):
    """--citations references: superscript numbers and a References list; a fact cited twice reuses its number."""
    draft = minimal(
        tmp_path,
        body=[
            "Costs [@agency-social-workers-22m] were high.",
            "Again [@agency-social-workers-22m; @unallocated-cases-232].",
        ],
    )
    result = render(draft, "--citations", "references")
    assert result.exit_code == 0, result.output
    paras, notes, _ = parts(draft.with_suffix(".docx"))
    assert notes == {}
    assert "Costs1 were high." in paras and "Again1,2." in paras
    refs = paras[paras.index("References") + 1 :]
    assert refs[0].startswith("1. [News report: Northamptonshire County Council plans")
    assert refs[1].startswith("2. Jane Birch and Danielle Stone")


def test_same_fact_cited_again_points_back_in_footnotes(tmp_path):
    """In footnotes, a source cited again is given in short, pointing back to its note."""
    draft = minimal(
        tmp_path, body=["A [@agency-social-workers-22m].", "B [@agency-social-workers-22m, p. 2]."]
    )
    assert render(draft).exit_code == 0
    _, notes, _ = parts(draft.with_suffix(".docx"))
    assert notes[2] == (
        "[News report: Northamptonshire County Council plans…] (n 1), para. 2, p. 2."
    )


def test_never_overwrites_without_force(tmp_path):
    """An existing output is kept unless --force."""
    draft = minimal(tmp_path)
    out = draft.with_suffix(".docx")
    out.write_text("mine")
    result = render(draft, ok=False)
    assert result.exit_code == 2 and "already exists; not overwritten" in result.output
    assert out.read_text() == "mine"
    assert render(draft, "--force").exit_code == 0


def test_unknown_fact_names_id_line_and_nearest(tmp_path):
    """A typo in a citation: the id, the draft's line, the nearest ids; nothing written."""
    draft = minimal(tmp_path, body=["Ok.", "Cases hit 232 [@unallocated-case-232]."])
    result = render(draft, ok=False)
    assert result.exit_code == 1  # review found an error: render refuses
    line = draft.read_text().splitlines().index("- Cases hit 232 [@unallocated-case-232].") + 1
    assert "review found 1 error(s), so nothing was written" in result.output
    assert (
        f"paragraph 2 (line {line}): cites unknown fact 'unallocated-case-232' "
        "(Did you mean: unallocated-cases-232"
    ) in result.output
    assert not draft.with_suffix(".docx").exists()


def test_forbidden_characters_are_refused_with_field_and_line(tmp_path):
    """A control character in a value is a clear error, never a corrupt file."""
    draft = minimal(tmp_path, subject="Costs\x07")
    result = render(draft, ok=False)
    assert result.exit_code == 2
    assert "subject: contains the control character U+0007" in result.output
    assert not draft.with_suffix(".docx").exists()


def test_unknown_field_in_draft(tmp_path):
    """A misspelt draft field is an error naming it."""
    draft = minimal(tmp_path, subjet="x")
    result = render(draft, ok=False)
    assert result.exit_code == 2 and "subjet: unknown field" in result.output


@pytest.mark.parametrize(
    ("recipient", "salutation", "closing"),
    [
        ({"name": "Anne Longfield", "honorific": "Ms"}, "Dear Ms Longfield,", "Yours sincerely,"),
        ({"name": "Anne Longfield"}, "Dear Anne Longfield,", "Yours sincerely,"),
        ({"title": "Data Protection Officer"}, "Dear Sir or Madam,", "Yours faithfully,"),
    ],
)
def test_salutation_and_closing_follow_convention(tmp_path, recipient, salutation, closing):
    """Named salutations close 'Yours sincerely'; 'Dear Sir or Madam' closes 'Yours faithfully'."""
    draft = minimal(tmp_path, recipient=recipient)
    assert render(draft).exit_code == 0
    paras, _, _ = parts(draft.with_suffix(".docx"))
    assert salutation in paras and closing in paras


def test_mismatched_closing_is_a_warning(tmp_path):
    """A hand-given closing against convention renders, with a warning."""
    draft = minimal(tmp_path, closing="Yours faithfully")
    result = render(draft)
    assert result.exit_code == 0
    assert "UK convention is 'Yours sincerely'" in result.output


def test_joint_letter_signature_blocks(tmp_path):
    """Each sender gets a signature block with name, role and ward."""
    draft = minimal(
        tmp_path,
        senders=[
            {"name": "Cllr A", "role": "Leader", "ward": "North"},
            {"name": "Cllr B", "role": "Deputy", "ward": "South"},
        ],
    )
    assert render(draft).exit_code == 0
    paras, _, _ = parts(draft.with_suffix(".docx"))
    signed = [p.split("\n") for p in paras if "Cllr" in p]  # name and lines, one paragraph
    assert [[line for line in block if line] for block in signed] == [
        ["Cllr A", "Leader", "Councillor for North"],
        ["Cllr B", "Deputy", "Councillor for South"],
    ]


PROSE = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"“”‘’'*[]@\\&<>£%;,.-_ ")),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(PROSE.filter(lambda s: s.strip()))
def test_any_text_renders_exactly_as_typed(tmp_path, value):
    """Any text (quotes, markup characters, & < >) in every field comes out as typed.

    Straight quotes and apostrophes come out typographic, the same in every field.

    Prose is pandoc markup, so the body is written escaped (escape_prose); review may
    find a misquote in random quoted words, so the render allows errors.
    """
    from drafting.citations import escape_prose

    typed = " ".join(value.split())
    draft = minimal(
        tmp_path,
        subject=typed,
        recipient={"name": typed, "organisation": typed},
        body=[escape_prose(typed)],
    )
    result = render(draft, "--force", "--allow-errors")
    assert result.exit_code == 0, result.output
    paras, _, _ = parts(draft.with_suffix(".docx"))
    shown = smart_quotes(typed)  # straight quotes made curly, as Word's AutoFormat does
    assert paras.count(shown) >= 2 and f"Dear {shown}," in paras  # subject, body, address


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
    )
)
def test_control_characters_fail_clearly(tmp_path, value):
    """Any text with a character Word cannot hold is the clear forbidden-character error, exit 2."""
    draft = minimal(tmp_path, subject=f"x{value}x")
    result = render(draft, "--force", "--allow-errors", ok=False)
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value) or any(
        c in "\ufffe\uffff" for c in value
    ):
        assert result.exit_code == 2 and "contains the control character" in result.output
    else:
        assert result.exit_code == 0, result.output


def test_pdf_without_libreoffice_still_writes_the_docx(tmp_path, monkeypatch):
    """--pdf with no soffice: the .docx is written, the message says how to install, exit 1."""
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    draft = minimal(tmp_path)
    result = render(draft, "--pdf", ok=False)
    assert result.exit_code == 1
    assert "apt-get install --no-install-recommends libreoffice-writer-nogui" in result.output
    assert draft.with_suffix(".docx").is_file()


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run")
def test_libreoffice_opens_the_letter_and_shows_footnotes(tmp_path):
    """LibreOffice converts the example; pdftotext shows the letter and its footnotes."""
    out = tmp_path / "letter.docx"
    result = render(EXAMPLE, "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(out.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Dear Ms Longfield," in flat and "Yours sincerely," in flat
    assert "unallocated cases has risen back to 232" in flat
    assert "“Letter to Anne Longfield Children’s Commissioner” (letter, n.d.), para. 8." in flat
    assert "Birch and Stone (n 2), para. 6." in flat

"""The page as a clerk files it: laid out by LibreOffice, looked at page by page.

No blank page; "Page N of M" and a continuation heading from page 2; the sign-off (closing,
names, lines) never split and never alone on a page; a letterhead with address, telephone,
email and references; the dossier's letterhead used when a draft gives none. The flow rules
are also tested on made-up bodies, without LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from drafting.cli import app
from drafting.docx.flow import keep_last_prose, trim_ending
from tests.conftest import REPO

runner = CliRunner()
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
FILLER = (
    "Members have asked for a clear plan and for regular reports to the committee, so that "
    "the council can see whether the service is getting better for the families who "
    "rely on it."
)
needs_soffice = pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice is installed by .ci/run"
)


def _body(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W_NS}">{xml}<w:sectPr/></w:body>')


def _p(text: str = "", extra: str = "") -> str:
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:p>{extra}{run}</w:p>"


# --- the flow rules, on made-up bodies ---------------------------------------------------------


def test_empty_paragraphs_ending_the_body_are_removed():
    body = _body(_p("Yours sincerely,") + _p("Cllr A") + _p() + _p(" ") + _p())
    assert trim_ending(body) == 3
    assert [t.text for t in body.iter(f"{W}t")] == ["Yours sincerely,", "Cllr A"]
    assert body[-1].tag == f"{W}sectPr"


@pytest.mark.parametrize(
    "kept",
    [
        "<w:r><w:drawing/></w:r>",
        '<w:r><w:br w:type="page"/></w:r>',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        "<w:pPr><w:sectPr/></w:pPr>",
        '<w:r><w:footnoteReference w:id="2"/></w:r>',
    ],
)
def test_a_paragraph_that_prints_something_without_text_is_kept(kept):
    body = _body(_p("Text") + _p(extra=kept))
    assert trim_ending(body) == 0 and len(body) == 3


@pytest.mark.parametrize("after", [2, 0])
def test_a_final_table_keeps_one_tiny_paragraph_after_it(after):
    body = _body(_p("Text") + "<w:tbl/>" + _p() * after)
    assert trim_ending(body) == max(0, after - 1)
    assert [c.tag for c in body] == [f"{W}p", f"{W}tbl", f"{W}p", f"{W}sectPr"]
    spacing = body[2].find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact" and spacing.get(f"{W}line") == "20"


def test_the_last_prose_paragraph_keeps_with_the_sign_off():
    body = _body(_p("First point.") + _p("Last point.") + _p("Yours sincerely,"))
    assert keep_last_prose(body, ["First point.", "1.\tLast point."])
    kept = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}keepNext") is not None]
    assert [p.findtext(f".//{W}t") for p in kept] == ["Last point."]
    assert not keep_last_prose(body, ["Not in it."]) and not keep_last_prose(body, [])


# --- letters laid out by LibreOffice ------------------------------------------------------------


def _letter(
    folder: Path,
    name: str,
    paragraphs: int,
    senders: int = 2,
    address_lines: int = 3,
    **fields: object,
) -> Path:
    draft = {
        "kind": "letter",
        "date": "2026-11-23",
        "letterhead": {
            "name": "Example Group",
            "address": [f"Line {i}" for i in range(1, address_lines + 1)],
            "telephone": "01604 367000",
            "email": "group@example.org",
        },
        "senders": [
            {
                "name": f"Cllr Signer {chr(65 + i)}",
                "role": "Councillor",
                "ward": f"Ward {chr(65 + i)}",
                "group": "Example Group",
            }
            for i in range(senders)
        ],
        "recipient": {
            "name": "Sam Smith",
            "honorific": "Mr",
            "title": "Chief Executive",
            "organisation": "Example Council",
            "address": [f"Street {i}" for i in range(1, address_lines + 1)],
        },
        "our_ref": "EG/1",
        "your_ref": "CE/2",
        "subject": "The service",
        "body": [FILLER] * paragraphs,
        **fields,
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["--dossier", str(REPO), "render", str(path)])
    assert result.exit_code == 0, result.output
    return path.with_suffix(".docx")


def _pdfs(folder: Path, documents: list[Path]) -> list[list[str]]:
    """Each document's pages, as pdftotext reads them, after one LibreOffice run for all."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, documents),
        ],
        capture_output=True,
        timeout=600,
        check=True,
    )
    out = []
    for document in documents:
        pdf = document.with_suffix(".pdf")
        count = int(
            re.search(
                r"Pages:\s+(\d+)",
                subprocess.run(
                    ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
                ).stdout,
            )[1]
        )
        out.append(
            [
                subprocess.run(
                    ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                for n in range(1, count + 1)
            ]
        )
    return out


def _lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines() if line.strip()]


def _check_pages(pages: list[str], senders: int) -> None:
    total = len(pages)
    for number, page in enumerate(pages, 1):
        lines = _lines(page)
        furniture = {f"Page {number} of {total}", "Mr Sam Smith 23 November 2026"}
        assert [line for line in lines if line not in furniture], f"page {number} is blank"
        if number == 1:
            assert not any(line.startswith("Page 1 of") for line in lines)
        else:
            assert lines[0] == "Mr Sam Smith 23 November 2026", (number, lines[:2])
            assert f"Page {number} of {total}" in lines, (number, lines[-2:])
    closing = next(n for n, page in enumerate(pages) if "Yours sincerely," in page)
    before = _lines(pages[closing].split("Yours sincerely,")[0])
    assert any(
        FILLER.split()[0] in line or "We ask" in line or "service" in line for line in before
    ), "the sign-off starts a page alone"
    for i in range(senders):
        name = f"Cllr Signer {chr(65 + i)}"
        where = {n for n, page in enumerate(pages) if name in page or f"Ward {chr(65 + i)}" in page}
        assert len(where) == 1, f"{name}'s signature is split across pages {where}"
        if senders <= 4:  # a sign-off that fits on a page stays with its closing
            assert where == {closing}, f"{name} is not on the closing's page"


@pytest.mark.slow
@needs_soffice
def test_letters_of_every_length_lay_out_whole(tmp_path):
    """Letters from one page to three: the page break falls everywhere in the sign-off."""
    lengths = list(range(5, 17))
    documents = [_letter(tmp_path, f"letter-{n}", n) for n in lengths]
    documents.append(_letter(tmp_path, "long-address", 9, senders=4, address_lines=7))
    documents.append(_letter(tmp_path, "many-signatories", 6, senders=9))
    all_pages = _pdfs(tmp_path, documents)
    for document, pages in zip(documents, all_pages, strict=True):
        senders = 4 if "long" in document.name else 9 if "many" in document.name else 2
        _check_pages(pages, senders)
    assert {len(p) for p in all_pages} >= {1, 2}, [len(p) for p in all_pages]


@pytest.mark.slow
@needs_soffice
def test_the_letterhead_prints_address_contacts_and_references(tmp_path):
    [pages] = _pdfs(tmp_path, [_letter(tmp_path, "head", 2)])
    first = _lines(pages[0])
    for line in (
        "Example Group",
        "Line 1",
        "Line 3",
        "Tel: 01604 367000",
        "Email: group@example.org",
        "Mr Sam Smith",
        "Street 3",
        "Our ref: EG/1",
        "Your ref: CE/2",
        "23 November 2026",
    ):
        assert line in first, line
    assert (
        first.index("Example Group")
        < first.index("Mr Sam Smith")
        < first.index("Our ref: EG/1")
        < first.index("23 November 2026")
    )

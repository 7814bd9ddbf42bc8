"""A document's own paragraph numbers: Word's list numbers, and "23." or "2.1" in text."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from evidence.numbering import follows, number_at, numbered, numbers_paragraphs
from evidence.readers.docx import read_docx
from evidence.segment import segment
from evidence.sources import SourceMeta, segment_source, source_from_bytes
from evidence.verify import locate
from tests.faults import replace_part


def _word(paragraphs: list[tuple[str, str | None]]) -> bytes:
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


REPORT = [
    ("Findings", "Heading 1"),
    ("Early help has been strengthened.", "List Number"),
    ("Referrals are identified promptly.", "List Number"),
    ("An unnumbered note between them.", None),
    ("Assessments vary in quality.", "List Number"),
    ("A bullet point.", "List Bullet"),
    ("Plans are of varying quality.", "List Number"),
]


def test_word_list_numbers_are_read_as_word_shows_them():
    """Numbers from a paragraph style, counting on across other paragraphs; bullets as •."""
    text = read_docx(_word(REPORT), Path("r.docx")).strip()
    assert text.split("\n\n") == [
        "Findings",
        "1. Early help has been strengthened.",
        "2. Referrals are identified promptly.",
        "An unnumbered note between them.",
        "3. Assessments vary in quality.",
        "• A bullet point.",
        "4. Plans are of varying quality.",
    ]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice: .ci/run")
def test_word_list_numbers_agree_with_libreoffice(tmp_path):
    """LibreOffice's text of the same document numbers the paragraphs the same way."""
    path = tmp_path / "r.docx"
    path.write_bytes(_word(REPORT))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    theirs = [
        line.strip().lstrip("\ufeff")
        for line in (tmp_path / "r.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert theirs == read_docx(path.read_bytes(), path).strip().split("\n\n")


_NUMBERING = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>
<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1">
<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
<w:lvlText w:val="(%3)"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0">
<w:startOverride w:val="10"/></w:lvlOverride></w:num>
</w:numbering>"""


def _numbered_paragraph(text: str, num: int, level: int) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/>'
        f"</w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )


def test_levels_restarts_and_formats(tmp_path):
    """2, 2.1, 2.2, (a), 3; a list restarting its definition at 10."""
    path = tmp_path / "levels.docx"
    path.write_bytes(_word([("x", None)]))
    body = "".join(
        _numbered_paragraph(t, n, lvl)
        for t, n, lvl in [
            ("One", 1, 0),
            ("Two", 1, 0),
            ("Two point one", 1, 1),
            ("Two point two", 1, 1),
            ("A letter", 1, 2),
            ("Three", 1, 0),
            ("Restarted", 2, 0),
            ("And on", 2, 0),
        ]
    )
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    replace_part(
        path, "word/document.xml", f"<w:document {ns}><w:body>{body}</w:body></w:document>".encode()
    )
    replace_part(path, "word/numbering.xml", _NUMBERING)
    assert read_docx(path.read_bytes(), path).strip().split("\n\n")[:8] == [
        "1. One",
        "2. Two",
        "2.1 Two point one",
        "2.2 Two point two",
        "(a) A letter",
        "3. Three",
        "10. Restarted",
        "11. And on",
    ]


def test_a_numbered_word_source_is_cited_by_its_numbers():
    """Its locators use Word's numbers, not a count of paragraphs."""
    data = _word(REPORT)
    read = source_from_bytes(data, Path("r.docx"))
    segmentation = segment_source(read)
    from evidence.sources import Source

    meta = SourceMeta(
        id="r", file="r.docx", description="A report", kind="report", date={"how": "unknown"}
    )
    source = Source(meta, Path("r.docx"), read.text, read.sha256, segmentation)
    locator = locate(source, "Assessments vary in quality.")
    assert locator is not None and locator.label() == "para. 3" and locator.paragraph == 5
    assert locate(source, "3. Assessments") is None  # the number is not what it says


def test_a_text_source_numbered_by_its_authors():
    """ "2.1 At 30 September" and "23." begin numbered paragraphs; their numbers are the
    labels, outside the citable text; a date at a line's start is not a number."""
    text = (
        "Introduction\n\n1. The service was inspected.\n\n2. Findings follow.\n\n"
        "2.1 At 30 September, 232 cases waited.\n\n2.2 Staffing improved.\n\n"
        "3 October 2022 was the last day.\n\n3. Actions.\n"
    )
    seg = segment(text)
    labels = [(p.label, text[p.start : p.end][:12]) for p in seg.citable]
    assert labels == [
        (None, "Introduction"),
        ("1", "The service "),
        ("2", "Findings fol"),
        ("2.1", "At 30 Septem"),
        ("2.2", "Staffing imp"),
        (None, "3 October 20"),
        ("3", "Actions."),
    ]


@pytest.mark.parametrize(
    ("before", "number", "expected"),
    [
        (None, (1,), True),
        ((2,), (3,), True),
        ((2,), (2, 1), True),
        ((2, 3), (3,), True),
        ((2,), (4,), True),
        ((2,), (5,), False),
        ((7,), (1,), True),
        (None, (9,), False),
        ((2, 1), (2, 2), True),
        ((2, 1), (4,), True),
        ((2, 1), (5,), False),
    ],
)
def test_which_numbers_follow(before, number, expected):
    """The next number, one deeper, one level up, a restart at 1, or one skipped."""
    assert follows(before, number) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23. The", ((23,), 4)),
        ("2.1 At", ((2, 1), 4)),
        ("10.Strong", ((10,), 3)),
        ("4) the", ((4,), 3)),
        ("3 October", None),
        ("2019. The", None),
        ("£2.5m", None),
    ],
)
def test_what_starts_with_a_number(text, expected):
    """A single number needs its stop or bracket; four digits are a year, not a paragraph."""
    assert number_at(text) == expected


def test_a_few_numbered_lines_do_not_make_a_numbered_document():
    """A list of three in a long article is not the article's numbering."""
    texts = ["Intro."] + [f"Line {n}." for n in range(10)] + ["1. a", "2. b", "3. c"]
    found = [f[0] if f else None for f in numbered(texts)]
    assert not numbers_paragraphs(found)

"""Hostile and unusual templates (#19): work and memory bounded, ordinary Jinja accepted,
damaged packages refused in one line, long document properties fitted to Word.

Each refusal is one line naming the template, exit 2, nothing written. The bounds trip
on the first operation that would pass them, so the inputs here stay small.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from drafting.cli import app
from drafting.docx.parts import short_property
from drafting.templates import check_template
from drafting.typography import smart_quotes
from tests.conftest import REPO, body_texts
from tests.faults import replace_part, snapshot

runner = CliRunner()
FACT = "unallocated-cases-232"
BODY = ("{%p for block in body %}", "{{r block.runs }}", "{%p endfor %}")


def cli(*args: object, **kwargs):
    return runner.invoke(app, ["--dossier", str(REPO), *map(str, args)], **kwargs)


def letter(folder: Path, *, name: str = "draft.yaml", **fields) -> Path:
    data = {
        "kind": "letter",
        "date": "2026-11-23",
        "senders": [{"name": "Cllr Ann Example"}],
        "recipient": {"name": "Sam Smith", "honorific": "Mr"},
        "subject": "Cases",
        "body": [f"Unallocated cases have risen back to 232 [@{FACT}]."],
    }
    data.update(fields)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=1000), encoding="utf-8")
    return path


def template(folder: Path, *lines: str, name: str = "t.docx") -> Path:
    """A template showing the body, then ``lines`` (one paragraph each)."""
    document = docx.Document()
    for line in (*BODY, *lines):
        document.add_paragraph(line)
    path = folder / name
    document.save(str(path))
    return path


def refused(folder: Path, tpl: Path, *fragments: str, **fields) -> str:
    """Render a letter with ``tpl``: exit 2, one line naming it, every fragment, no file."""
    draft = letter(folder, template=str(tpl), **fields)
    before = snapshot(folder)
    result = cli("render", draft)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    for fragment in (f"template {tpl.name}", *fragments):
        assert fragment in result.output, result.output
    assert snapshot(folder) == before
    return result.output


def rendered_text(folder: Path, tpl: Path, **fields) -> str:
    """Render a letter with ``tpl`` (exit 0) and return its paragraphs' text."""
    draft = letter(folder, template=str(tpl), **fields)
    result = cli("render", draft, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(draft.with_suffix(".docx")))
    return "\n".join(p.text for p in document.paragraphs)


# --- 1. work and memory: all output counted, values measured by the characters they hold ----


def test_literal_text_counts_against_the_output_budget(tmp_path):
    """A loop of literal text stops at the output budget (it used to run to 3 GB, exit 0)."""
    tpl = template(tmp_path, "{% for i in range(2100) %}" + "Y" * 10_000 + "{% endfor %}")
    refused(tmp_path, tpl, "was stopped: it wrote and built over 20,000,000 characters")


def test_a_text_too_long_for_xml_readers_is_refused_not_cut(tmp_path):
    """One run of 11 MB: refused; it used to be cut at 10 MB and written (exit 0)."""
    tpl = template(tmp_path, "{% for i in range(1100) %}" + "Y" * 10_000 + "{% endfor %}")
    refused(
        tmp_path,
        tpl,
        "was stopped: it wrote a single text of over 10,000,000 bytes in word/document.xml",
    )


def test_macro_and_captured_text_is_counted(tmp_path):
    """Text gathered in a macro or a {% set %} block counts too."""
    tpl = template(
        tmp_path,
        "{% macro m() %}{% for i in range(2100) %}"
        + "Y" * 10_000
        + "{% endfor %}{% endmacro %}{% set x = m() %}{{ x|length }}",
    )
    refused(tmp_path, tpl, "it wrote and built over 20,000,000 characters")


@pytest.mark.parametrize(
    ("tag", "fragment"),
    [
        (
            "{% set a = 'x' * 600000 %}{{ (a ~ a)|length }}",
            "it would build a value of about 1,200,000 characters",
        ),
        (
            "{% set a = 'x' * 600000 %}{% set a = a ~ 'y' ~ a %}{{ a|length }}",
            "it would build a value of about 1,200,001 characters",
        ),
        ("{{ lipsum(20000)|length }}", "it would build a value of about 24,320,000 characters"),
        (
            "{% set a = 'x' * 600000 %}{% set b = [a] * 3 %}{{ b|length }}",
            "it repeated a value 3 times",
        ),
        ("{% set a = 'x' * 600000 %}{{ [a, a] }}", "it printed a value holding over 1,000,000"),
        ("{% set a = 'x' * 600000 %}{{ ([a, a]|list)|length }}", "it built a value holding over"),
        (
            "{{ ('x' * 600000)|wordwrap(1)|length }}",
            "it asked to wrap a word of 600,000 characters at width 1",
        ),
        ("{{ ('ab ' * 300000)|wordwrap(2)|length }}", "it would build a value of about 1,350,001"),
        (
            "{{ ('a' * 1000)|replace('a', 'bb' * 1000)|length }}",
            "it would build a value of about 2,000,000 characters",
        ),
        (
            "{{ ('a' * 1000).replace('a', 'bb' * 1000)|length }}",
            "it would build a value of about 2,000,000 characters",
        ),
        (
            "{{ ('ab' * 300000).translate({97: 'xyz'})|length }}",
            "it would build a value of about 1,800,000 characters",
        ),
        ("{{ []|slice(10**7)|list|length }}", "it would build a value of about 40,000,000"),
        ("{{ ([[1]] * 100000)|sum(start=[])|length }}", "it added up 100,000 lists"),
        (
            "{{ range(100000)|map('string')|join('x' * 1000)|length }}",
            "it would build a value of about 100,6",
        ),
        (
            "{% for x in [0] recursive %}{% if not x %}"
            + "{{ loop(range(1, 100000)) }}" * 3
            + "{% endif %}{% endfor %}",
            "its loops ran over 200,000 times",
        ),
        (
            "{% set n = 10**256 %}{{ (n * n * n * n * n * n * n * n * n * n * n * n * n * n * n * n "
            "* n * n)|string|length }}",
            "it built a number of over 4,300 digits",
        ),
        ("{{ (2 ** 100000)|string|length }}", "it raised a number to the power 100,000"),
    ],
)
def test_values_are_measured_by_the_characters_they_hold(tmp_path, tag, fragment):
    """Concatenation, lipsum, lists of big strings, growing filters and methods: refused."""
    refused(tmp_path, template(tmp_path, tag), "was stopped:", fragment)


# --- 2. numbers are values, widths and counts are sizes ---------------------------------------


def test_large_numbers_format_as_text(tmp_path):
    """Formatting a number over a million is not asking for a size."""
    tpl = template(
        tmp_path,
        "[{{ '{:,}'.format(2500000) }}] [{{ 2500000|round|int }}] "
        "[{{ '%d'|format(2500000) }}] [{{ '%.2f' % 2500000 }}] "
        "[{{ 2500000|filesizeformat }}] [{{ 2 ** 300 > 0 }}] "
        "[{{ 'x'|truncate(10**7) }}] [{{ [1, 2]|batch(10**7)|list }}]",
    )
    text = rendered_text(tmp_path, tpl)
    assert "[2,500,000] [2500000] [2500000] [2500000.00] [2.5 MB] [True] [x] [[[1, 2]]]" in text


@pytest.mark.parametrize(
    "tag",
    [
        "{{ 'x'|center(10**7) }}",
        "{{ '%9999999s' % 'x' }}",
        "{{ '%*s' % (10**7, 'x') }}",
        "{{ '{:>9999999}'.format('x') }}",
        "{{ '{:>{}}'.format('x', 10**7) }}",
        "{{ '{:.9999999f}'.format(1.5) }}",
        "{{ 'x' * 10**7 }}",
        "{{ 'a\\nb'|indent(10**7) }}",
        "{{ 'x'.ljust(10**7) }}",
        "{{ '%9999999s'|format('x') }}",
        "{{ '\\t'.expandtabs(10**7) }}",
    ],
)
def test_widths_and_counts_that_make_big_strings_are_refused(tmp_path, tag):
    """A width, precision or repeat that makes a string of ten million characters."""
    out = refused(tmp_path, template(tmp_path, tag), "was stopped:")
    assert any(f in out for f in ("would build a value", "field width", "repeated a value"))


# --- 3. ordinary Jinja that the sandbox allows passes the field check --------------------------

ORDINARY = (
    "[{{ council_name|default('Our council') }}]",
    "{% if nickname is defined %}{{ nickname }}{% else %}[no nickname]{% endif %}",
    "[{{ ward if ward is defined else 'no ward' }}]",
    "{% for s in senders %}{% for k, v in s.items() %}[{{ k }}]{% endfor %}"
    "[{{ s.get('ward') }}][{{ s.keys()|list|length }}]{% endfor %}",
    "[{{ subject.upper() }}]",
)


def test_ordinary_jinja_renders(tmp_path):
    """default, is defined, .items(), .get(), .keys() and a string method: rendered."""
    text = rendered_text(tmp_path, template(tmp_path, *ORDINARY))
    for shown in (
        "[Our council]",
        "[no nickname]",
        "[no ward]",
        "[name][lines]",
        "[None][2]",
        "[CASES]",
    ):
        assert shown in text


def test_a_guarded_field_the_kind_lacks_is_not_unknown(tmp_path):
    """`templates show` lists no unknown field for guarded and method uses."""
    check = check_template(template(tmp_path, *ORDINARY), kind="letter")
    assert check.unknown == []
    assert {"council_name", "nickname", "ward", "senders[].ward"} <= set(check.parts["body"])


def test_an_unguarded_unknown_field_is_still_refused(tmp_path):
    """The same name used without a guard elsewhere is an error before rendering."""
    tpl = template(tmp_path, "{{ nickname|default('') }}", "{{ nickname }}")
    refused(tmp_path, tpl, "uses field(s) nickname, which this draft does not provide")


# --- 4. a main document part found through the package's relationships ---------------------


def _moved(tpl: Path, target: str) -> Path:
    """``tpl`` with its main document part renamed to ``target``, relationships to match."""
    with zipfile.ZipFile(tpl) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    renames = {
        "word/document.xml": target,
        "word/_rels/document.xml.rels": target.replace("word/", "word/_rels/") + ".rels",
    }
    with zipfile.ZipFile(tpl, "w") as archive:
        for name, data in parts.items():
            if name in ("[Content_Types].xml", "_rels/.rels"):
                data = data.replace(b"word/document.xml", target.encode())
            archive.writestr(renames.get(name, name), data)
    return tpl


def test_a_main_document_part_with_another_name_renders(tmp_path):
    """word/main.xml, named in _rels/.rels as Word names it: rendered, reviewed."""
    tpl = _moved(template(tmp_path, "Dear {{ salutation }},"), "word/main.xml")
    assert "Dear Mr Smith," in rendered_text(tmp_path, tpl)
    result = cli("review", tmp_path / "draft.docx")
    assert result.exit_code == 0, result.output


def test_a_package_without_a_main_document_is_refused(tmp_path):
    """No officeDocument relationship: not a Word document, one line."""
    tpl = template(tmp_path)
    replace_part(
        tpl,
        "_rels/.rels",
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
    )
    refused(tmp_path, tpl, "is a zip file but not a Word document (no main document part)")


# --- 5. damaged parts and long document properties ---------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(
    ("part", "data", "fragment"),
    [
        ("word/document.xml", b"<x/>", "its part word/document.xml holds <x> where <document>"),
        ("word/document.xml", f"<w:document {W}/>".encode(), "word/document.xml has no body"),
        (
            "docProps/core.xml",
            b"<x/>",
            "its part docProps/core.xml holds <x> where <coreProperties> belongs",
        ),
        ("word/styles.xml", f"<w:hdr {W}/>".encode(), "word/styles.xml holds <hdr>"),
    ],
)
def test_a_part_with_the_wrong_root_is_damaged(tmp_path, part, data, fragment):
    """A part whose root is not what its content type says: one line, not a traceback."""
    tpl = replace_part(template(tmp_path), part, data)
    refused(tmp_path, tpl, "is damaged:", fragment)
    listed = check_template(tpl, kind="letter")
    assert listed.error is not None and fragment in listed.error


def test_a_long_subject_renders_with_its_property_shortened(tmp_path):
    """A 300-character subject: the letter shows it whole; Word's property is cut with "…"."""
    subject = " ".join(["Children's services improvement"] * 10)
    draft = letter(tmp_path, subject=subject)
    result = cli("render", draft, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (
        f"warning: long-property: the document's subject property ({len(subject)} "
        "characters) was shortened to 255"
    ) in result.output
    document = docx.Document(str(draft.with_suffix(".docx")))
    assert smart_quotes(subject) in "\n".join(p.text for p in document.paragraphs)
    props = document.core_properties  # a property is as typed: Word shows it in a form
    kept = props.subject.removesuffix("…")
    assert len(props.subject) <= 255 and subject.startswith(kept) and subject[len(kept)] == " "
    assert subject.startswith(props.title.removesuffix("…"))


def test_nine_signatories_fit_the_author_property(tmp_path):
    """Nine long names: every one signs the letter; the author property is shortened."""
    senders = [{"name": f"Councillor Alexandra Fitzwilliam-Montgomery {n}"} for n in range(9)]
    draft = letter(tmp_path, senders=senders)
    result = cli("render", draft, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "the document's author property" in result.output
    document = docx.Document(str(draft.with_suffix(".docx")))
    text = "\n".join(body_texts(draft.with_suffix(".docx")))
    assert all(s["name"] in text for s in senders)
    assert document.core_properties.author.endswith("…")


@pytest.mark.parametrize(
    ("value", "short"),
    [
        ("short", "short"),
        ("x" * 255, "x" * 255),
        ("x" * 256, "x" * 254 + "…"),
        ("word " * 60, ("word " * 50).strip() + "…"),
        ("😀" * 200, "😀" * 127 + "…"),
    ],
)
def test_short_property_cuts_at_a_word_within_255_utf16_units(value, short):
    """Word counts UTF-16 units: an emoji is two."""
    assert short_property(value) == short
    assert len(short.encode("utf-16-le")) <= 2 * 255

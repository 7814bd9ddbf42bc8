"""A merge's shared work (#23) leaves every letter exactly as it is when made alone.

The letters of a merge share the review of their prose, the citation plan, the parts no
letter changes, parts deflated against their first version, headers no letter changes,
and bodies made of an earlier body's pieces (``drafting.docx.reuse``). Each letter here
is compared, part by part and byte for byte once unzipped, with the same row merged on
its own in a session of its own, where nothing is shared.
"""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import io
import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import drafting.docx.frame
from drafting.docx.parts import _properties_xml, custom_properties_xml
from drafting.docx.record import read_paragraphs, read_rendered
from drafting.docx.reuse import cuts, learn
from drafting.docx.template import TemplateError, compile_template
from drafting.docx.zipout import Reused
from drafting.merge import merge
from drafting.render import _same
from evidence.batch import Writer
from evidence.dossier import open_dossier
from evidence.errors import UserError
from evidence.fsio import write_atomic
from tests.conftest import REPO

DAY = dt.date(2019, 11, 14)
LETTER = REPO / "drafts" / "letter-to-childrens-commissioner.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMES = "name,title\n" + "".join(f"Person {i},Councillor\n" for i in range(30))
ODD = (
    "name,honorific,title,organisation,address\n"
    "Anne Longfield,Ms,Children's Commissioner,Office & Co,1 Road; Town\n"
    'O\'Brien <and> Sons,Dr,"Chair, of ""things""",Zoë Ångström Ltd,"One\nTwo"\n'
    ",,,Just an organisation,\n"
    ",Ms,,,\n"
    "Ann Lee,,Chair,,\n"
    "Anne Longfield,Ms,Children's Commissioner,Office & Co,1 Road; Town\n"
)
CITED = (
    "name,subject,body,asks\n"
    "A One,,,\n"
    "B Two,A subject & more,,\n"
    "C Three,,The trust was ordered [@trust-ordered-by-government]; Cases rose to 232 "
    "[@unallocated-cases-232],\n"
    "D Four,,A claim citing nothing known [@no-such-fact],\n"
    "E Five,,TODO write this,\n"
    "F Six,,Seven directors in seven years [@seven-directors-seven-years],that you reply\n"
    "G Seven,,,\n"
)


def parts(data: bytes) -> list[tuple[str, bytes]]:
    """A package's parts in order, each as its bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return [(n, archive.read(n)) for n in archive.namelist()]


def unzipped(path: Path) -> list[tuple[str, bytes]]:
    return parts(path.read_bytes())


def merged_and_alone(
    tmp_path: Path, draft: Path, csv: str, **options: Any
) -> list[tuple[Any, Any]]:
    """Each row's result merged with the others, and merged on its own, side by side."""
    dossier = open_dossier(REPO)
    table = tmp_path / "rows.csv"
    table.write_text(csv, encoding="utf-8")
    together = merge(draft, table, tmp_path / "together", dossier, today=DAY, **options)
    header, *rows = list(csv_module.reader(io.StringIO(csv)))
    out = []
    for n, (row, result) in enumerate(zip(rows, together, strict=True), 1):
        one = tmp_path / f"row{n}.csv"
        with one.open("w", encoding="utf-8", newline="") as handle:
            csv_module.writer(handle).writerows([header, row])
        (alone,) = merge(draft, one, tmp_path / f"alone{n}", dossier, today=DAY, **options)
        out.append((result, alone))
    return out


def assert_same_letters(pairs: list[tuple[Any, Any]]) -> None:
    for together, alone in pairs:
        assert (together.status, together.message) == (alone.status, alone.message)
        if together.status == "written":
            assert unzipped(together.out) == unzipped(alone.out), together.out.name


@pytest.fixture
def spliced(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each body laid out was made of a reference's pieces."""
    made: list[bool] = []
    original = drafting.docx.frame.splice

    def spy(candidate: Any, prose: list[str]) -> Any:
        result = original(candidate, prose)
        made.append(result is not None)
        return result

    monkeypatch.setattr(drafting.docx.frame, "splice", spy)
    return made


@pytest.mark.parametrize("csv", [NAMES, ODD], ids=["names", "odd-recipients"])
def test_each_letter_is_the_letter_made_alone(tmp_path, csv, spliced):
    """Rows that change only the recipient: every letter, made from a reference's pieces,
    is byte for byte the letter made alone."""
    pairs = merged_and_alone(tmp_path, LETTER, csv)
    assert_same_letters(pairs)
    assert spliced.count(True) >= len(pairs) - 2  # all but the first and the failing row


@pytest.mark.parametrize("style", ["footnotes", "references"])
def test_rows_changing_cited_fields_and_failing_rows_are_as_alone(tmp_path, style):
    """Rows that change the subject, the body or the asks, and rows that fail (a fact that
    does not exist, a placeholder review refuses), in each citation style."""
    pairs = merged_and_alone(tmp_path, LETTER, CITED, style=style)
    assert [t.status for t, _ in pairs] == ["written"] * 3 + ["failed"] * 2 + ["written"] * 2
    assert "no-such-fact" in pairs[3][0].message and "TODO" in pairs[4][0].message
    assert_same_letters(pairs)


def test_a_row_changing_a_cited_field_gets_its_own_citations(tmp_path):
    """The row whose body cites two other facts carries those in its record and notes."""
    pairs = merged_and_alone(tmp_path, LETTER, CITED)
    first, third = read_rendered(pairs[0][0].out), read_rendered(pairs[2][0].out)
    assert len(first.record.citations) == 18
    assert [c.facts for c in third.record.citations[:2]] == [
        ("trust-ordered-by-government",),
        ("unallocated-cases-232",),
    ]
    assert len(third.record.citations) == 3  # the two in the body, and the draft's ask's


@pytest.mark.parametrize(
    ("draft", "csv", "style"),
    [
        ("question-unallocated-cases.yaml", "name,meeting.date\nA,\nB,2019-13-40\nC,\n", None),
        ("foi-unallocated-cases.yaml", "organisation\nA Council\nB & C Trust\n", None),
        (
            "motion-childrens-commissioner-programme.yaml",
            "title\nA title\nAnother & last\n",
            "background",
        ),
    ],
)
def test_every_kind_merges_as_alone(tmp_path, draft, csv, style):
    """A question (a row with an impossible date), an FOI request, a motion's background."""
    pattern = "{row}"
    pairs = merged_and_alone(tmp_path, REPO / "drafts" / draft, csv, style=style, pattern=pattern)
    assert_same_letters(pairs)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    head = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + pixels + chunk(b"IEND", b"")


def own_template(path: Path, ending: str) -> Path:
    """A letter template with pictures (one shown only for an address of three lines or
    more), a table holding the recipient, the recipient in the header, then ``ending``
    and two empty paragraphs."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "To {{ continuation }}"
    document.add_picture(io.BytesIO(_png()))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "{{ recipient_block|join(', ') }}"
    table.cell(0, 1).text = "{{ date }}"
    for text in ("{%p for line in recipient_block %}", "{{ line }}", "{%p endfor %}"):
        document.add_paragraph(text)
    document.add_paragraph("{%p if recipient_block|length > 2 %}")
    document.add_picture(io.BytesIO(_png()))
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ salutation }},")
    for loop in ("block in body", "ask in asks"):
        document.add_paragraph(f"{{%p for {loop} %}}")
        document.add_paragraph(f"{{{{r {loop.split()[0]}.runs }}}}")
        document.add_paragraph("{%p endfor %}")
    document.add_picture(io.BytesIO(_png()))
    for text in ("{{ closing }}", ending, "", ""):
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("ending", "made"),
    [
        # the second letter's new pieces hold its pictures, renumbered; the others have a
        # picture fewer, or another closing among what the page rules reach: whole
        ("Signed", [True, True]),
        ("for {{ recipient_block[0] }}", [True]),  # the page rules reach what changes: whole
    ],
)
def test_a_template_of_its_own_merges_as_alone(tmp_path, spliced, ending, made):
    """Pictures numbered through the body (one more in some letters), a table, the header,
    and empty paragraphs at the end for the page rules: each letter as alone, the pieces of
    an earlier letter used only where the whole would have made them so."""
    template = own_template(tmp_path / "own.docx", ending)
    draft = tmp_path / "own.yaml"
    draft.write_text(
        LETTER.read_text(encoding="utf-8").replace("template: letter", f"template: {template}"),
        encoding="utf-8",
    )
    assert_same_letters(merged_and_alone(tmp_path, draft, ODD))
    assert spliced == made
    (tmp_path / "cited").mkdir()
    assert_same_letters(merged_and_alone(tmp_path / "cited", draft, CITED))


def page(tmp_path: Path, *paragraphs: str) -> Path:
    """A template of plain paragraphs."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / f"page{len(list(tmp_path.iterdir()))}.docx"
    document.save(str(path))
    return path


def made(path: Path, contexts: list[dict[str, Any]], prose: list[str]) -> list[bytes]:
    """Each context filled, laid out with ``prose`` and written by one compiled template."""
    template = compile_template(path)
    out = []
    for context in contexts:
        filled = template.render(context)
        filled.lay_out(prose)
        out.append(filled.to_bytes(when=0))
    return out


def each_alone(path: Path, contexts: list[dict[str, Any]], prose: list[str]) -> list[bytes]:
    return [made(path, [c], prose)[0] for c in contexts]


def test_keep_with_next_stays_where_it_would_be(tmp_path, spliced):
    """The last prose's paragraph keeps with the next: when a letter has it among its changed
    paragraphs but the reference had it elsewhere, the body is finished whole."""
    path = page(tmp_path, "{{ a }}", "Fixed prose.", "{{ b }}", "Signed", "end")
    contexts = [
        {"a": "A", "b": "B"},
        {"a": "Fixed prose.", "b": "B"},  # a match before the kept one: it stays kept
        {"a": "A", "b": "Fixed prose."},  # the last match now among the changed: whole
        {"a": "A", "b": "C"},
    ]
    together = made(path, contexts, ["Fixed prose."])
    alone = each_alone(path, contexts, ["Fixed prose."])
    assert [parts(d) for d in together] == [parts(d) for d in alone]
    assert b"keepNext" in dict(parts(together[2]))["word/document.xml"]
    # the fourth is made of the first's pieces, after the third's (kept elsewhere) would not do
    assert spliced == [True, False, False, True]


def test_a_part_that_would_pass_the_budget_is_rendered_and_stopped(tmp_path):
    """A header reused from the letter before is still counted: where the body grew, the
    header that would cross the output limit is rendered, and stopped as it would be."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{ h }}"
    document.add_paragraph("{{ b }}")
    path = tmp_path / "h.docx"
    document.save(str(path))
    template = compile_template(path)
    template.frame().env.budget.output = 60_000
    template.render({"h": "x" * 20_000, "b": "short"}).to_bytes()
    with pytest.raises(TemplateError, match="was stopped: it wrote and built over 60,000"):
        template.render(
            {"h": template.frame().shared._renders["word/header1.xml"].values[0], "b": "y" * 40_000}
        )


def test_a_header_drawing_on_random_is_rendered_every_time():
    """lipsum and the random filter may print otherwise for the same values: never reused."""
    from drafting.docx.shared import reads
    from drafting.docx.template import make_environment

    env = make_environment()
    assert reads(env, "{{ a }} {{ b.c }}") == ("a", "b")
    assert reads(env, "{{ [a, b]|random }}") is None
    assert reads(env, "{{ lipsum(1) }}") is None


def test_values_are_alike_only_when_a_template_cannot_tell_them_apart():
    """Equal values of other types (True and 1, a tuple and a list, 1.0) are not alike."""
    from markupsafe import Markup

    assert _same({"a": [1, "x", None]}, {"a": [1, "x", None]})
    assert _same(Markup("<b/>"), Markup("<b/>"))
    for a, b in [
        (1, True),
        ([1], (1,)),
        ("x", Markup("x")),
        (float("1.5"), float("1.5")),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
        (0, 0.0),
    ]:
        assert not _same(a, b), (a, b)


# --- the pieces of a body ---------------------------------------------------------------------

BODY = (
    f'<w:body xmlns:w="{W}"> <w:p w:x="a>b"><w:r><w:t>one</w:t></w:r></w:p>\n'
    "<!-- a > comment --><?pi x?><w:p/>tail<w:tbl><w:tr><w:tc><w:p><w:r><w:t><![CDATA[<w:p>]]>"
    "</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:sectPr/></w:body> "
)


def test_a_body_is_cut_at_each_node_under_it():
    """Each piece, parsed alone under the body's start tag, is the node the whole holds."""
    found = cuts(BODY)
    assert found is not None
    starts, end, stop = found
    whole = etree.fromstring(BODY)
    assert len(starts) == len(whole) == 6
    for node, start, finish in zip(whole, starts, [*starts[1:], end], strict=True):
        alone = etree.fromstring(BODY[: starts[0]] + BODY[start:finish] + BODY[end:stop])
        assert etree.tostring(alone[0]) == etree.tostring(node)
    assert cuts("text" + BODY) is None and cuts(BODY + "<w:p/>") is None


def test_a_paragraph_reading_as_one_with_the_next_makes_no_reference():
    """A tracked deletion of a paragraph's mark at the top level: no piece is its own."""
    deleted = (
        '<w:pPr><w:rPr><w:del w:id="1" w:author="A" w:date="2020-01-01T00:00:00Z"/></w:rPr></w:pPr>'
    )
    source = (
        f'<w:body xmlns:w="{W}"><w:p>{deleted}<w:r><w:t>a</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>b</w:t></w:r></w:p><w:p/><w:p/><w:sectPr/></w:body>"
    )
    body = etree.fromstring(source)
    originals = list(body)
    read = read_paragraphs(body)
    assert learn(source, originals, body, read, ["b"]) is None
    plain = source.replace(deleted, "")
    body = etree.fromstring(plain)
    assert learn(plain, list(body), body, read_paragraphs(body), ["b"]) is not None


# --- parts written from what they share --------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    first=st.binary(min_size=0, max_size=3000),
    cut=st.integers(0, 3000),
    removed=st.integers(0, 300),
    inserted=st.binary(max_size=300),
)
def test_a_part_deflated_against_its_first_version_inflates_to_itself(
    first, cut, removed, inserted
):
    """Any change anywhere: what is stored inflates to the part, with its CRC and size."""
    data = first[:cut] + inserted + first[cut + removed :]
    reused = Reused("part", first * 3)
    for version in (data * 3, first * 3, data):
        stored = reused.stored(version)
        assert zlib.decompress(stored.compressed, -15) == version
        assert (stored.crc, stored.size) == (zlib.crc32(version), len(version))


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.text(st.characters(exclude_categories=())), min_size=1, max_size=4))
def test_custom_properties_are_written_as_lxml_writes_them(values):
    """Any text, controls and surrogates included: the same bytes, or the same refusal."""
    props = {f"drafting.meta.{i:03d}": v for i, v in enumerate(values)}
    existing = _properties_xml(None, {"theirs": "kept & <b>"})
    for base in (None, existing):
        try:
            expected: Any = _properties_xml(base, props)
        except (ValueError, UnicodeError) as exc:
            expected = type(exc)
        try:
            got: Any = custom_properties_xml(base, props)
        except (ValueError, UnicodeError) as exc:
            got = type(exc)
        assert got == expected


def test_a_batch_writer_checks_what_write_atomic_checks(tmp_path):
    """A new name is written with the umask's permissions; a name where something is, in a
    dossier's folder, or an input, is refused as write_atomic refuses it."""
    writer = Writer(force=False, inputs=(tmp_path / "draft.yaml",))
    (tmp_path / "draft.yaml").write_text("kind: letter\n", encoding="utf-8")
    writer.write(tmp_path / "new.docx", b"data")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.docx").stat().st_mode & 0o777 == 0o666 & ~umask
    (tmp_path / "link.docx").symlink_to(tmp_path / "draft.yaml")
    for name in ("new.docx", "link.docx"):
        with pytest.raises(UserError) as ours:
            writer.write(tmp_path / name, b"other")
        with pytest.raises(UserError) as theirs:
            write_atomic(tmp_path / name, b"other", inputs=(tmp_path / "draft.yaml",), sync=False)
        assert ours.value.message == theirs.value.message
    (tmp_path / "dossier.yaml").write_text("name: d\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    with pytest.raises(UserError, match="the dossier's templates"):
        Writer(force=False, inputs=()).write(tmp_path / "templates" / "x.docx", b"data")
    assert (tmp_path / "new.docx").read_bytes() == b"data"


def test_a_writer_whose_turn_never_comes_writes_anyway(tmp_path, monkeypatch):
    """The lock the workers take turns with only saves work: one held by a worker that died
    is given up after a wait, and every letter is still written."""
    import multiprocessing

    import evidence.batch

    monkeypatch.setattr(evidence.batch, "TURN_WAIT", 0.05)
    writer = Writer(force=False, inputs=())
    writer.turns = multiprocessing.get_context("fork").Lock()
    writer.turns.acquire()  # and never released
    writer.write(tmp_path / "a.docx", b"a")
    writer.write(tmp_path / "b.docx", b"b")
    assert writer.turns is None
    assert [p.read_bytes() for p in sorted(tmp_path.iterdir())] == [b"a", b"b"]

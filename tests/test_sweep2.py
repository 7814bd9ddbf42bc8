"""Defect classes of the second hostile sweep (#19): page encodings, locators, review's
time in quotations, mail-merge name templates, council profiles' numbers, usage errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafting.cli import app
from evidence.errors import SourceError
from evidence.readers.html import decode_page
from tests.faults import snapshot

runner = CliRunner()

# ---- 4. an HTML page is read in the encoding it is in --------------------------------------

TITLE = "Council’s “budget” café"
BODY = (
    "The council’s budget of £5m was cut in March 2021, said the café owner who runs "
    "a business in the town."
)
PAGE = (
    "<html><head>{meta}<title>{title}</title></head><body><article><p>{body}</p><p>Another "
    "paragraph with enough words to be an article body for the extractor to find."
    "</p></article></body></html>"
)


def _page(meta: str, title: str = TITLE, body: str = BODY) -> str:
    return PAGE.format(meta=meta, title=title, body=body)


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ("<meta charset='windows-1252'>", "cp1252"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
        ('<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=ISO-8859-1">', "cp1252"),
        ("<meta charset=iso-8859-15>", "iso-8859-15"),
    ],
)
def test_a_page_is_read_in_the_charset_it_declares(meta, encoding):
    """<meta charset>, the http-equiv Content-Type, ISO-8859-1 read as windows-1252."""
    body = BODY if encoding == "cp1252" else BODY.replace("’", "'")
    title = (
        TITLE
        if encoding == "cp1252"
        else TITLE.replace("’", "'").replace("“", '"').replace("”", '"')
    )
    raw = _page(meta, title, body).encode(encoding)
    text = decode_page(raw, Path("p.html"))
    assert body in text and title in text and "\ufffd" not in text


def test_iso_8859_1_is_read_as_browsers_read_it():
    """A page labelled ISO-8859-1 with curly quotes (bytes 0x92, 0x93) keeps them."""
    raw = _page("<meta charset=ISO-8859-1>").encode("cp1252")
    assert b"\x92" in raw
    assert TITLE in decode_page(raw, Path("p.html"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-8", "utf-32-le"])
def test_a_page_with_a_byte_order_mark_is_read_by_it(encoding):
    """UTF-16 LE/BE, UTF-8 and UTF-32 with their BOM, whatever the page declares."""
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-8": codecs.BOM_UTF8,
        "utf-32-le": codecs.BOM_UTF32_LE,
    }[encoding]
    raw = bom + _page("<meta charset='windows-1252'>").encode(encoding)
    text = decode_page(raw, Path("p.html"))
    assert text.startswith("<html>") and TITLE in text and BODY in text


def test_a_utf16_page_without_a_mark_is_read_by_its_nul_bytes():
    """UTF-16 with no BOM: the NUL bytes of its ASCII say which order."""
    for encoding in ("utf-16-le", "utf-16-be"):
        assert TITLE in decode_page(_page("").encode(encoding), Path("p.html"))


def test_an_undeclared_page_is_utf8_else_sniffed_or_refused_with_its_readings():
    """No declaration: UTF-8 when it is UTF-8; else the detector's encoding when the likely
    ones agree, and windows-1252 (a UK browser's fallback) when they do not."""
    assert BODY in decode_page(_page("").encode("utf-8"), Path("p.html"))
    russian = "Городской совет утвердил бюджет на следующий год. "
    text = decode_page(_page("", "Совет", russian * 5).encode("koi8-r"), Path("p.html"))
    assert russian in text and "Совет" in text
    # the detector cannot decide between cp1252 and cp1250: read as a UK browser reads it
    assert "council’s budget of £5m" in decode_page(_page("").encode("cp1252"), Path("p.html"))


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (
            _page("<meta charset='utf-8'>").encode("cp1252"),
            "p.html: declares its encoding as utf-8, but byte 0x92 at offset",
        ),
        (
            codecs.BOM_UTF8 + _page("").encode("cp1252"),
            "p.html: starts with a UTF-8 byte-order mark, but byte 0x92",
        ),
        (
            _page("<meta charset='windows-1252'>").encode("cp1252").replace(b"\x92", b"\x81"),
            "declares its encoding as windows-1252, but byte 0x81",
        ),
    ],
)
def test_a_page_that_lies_about_its_encoding_is_refused(raw, fragment):
    """Declared (or marked) one encoding, bytes in another: one line, not U+FFFD."""
    with pytest.raises(SourceError) as error:
        decode_page(raw, Path("p.html"))
    assert fragment in str(error.value) and "\n" not in str(error.value)


def _add(root: Path, page: Path):
    return runner.invoke(
        app, ["--dossier", str(root), "evidence", "add", str(page), "--no-input", "--kind", "news"]
    )


def test_evidence_add_keeps_a_windows_1252_page_and_its_title(bundled_copy, tmp_path):
    """End to end: the text kept and the title offered are the page's own characters."""
    page = tmp_path / "budget.html"
    page.write_bytes(_page("<meta charset='windows-1252'>").encode("cp1252"))
    result = _add(bundled_copy, page)
    assert result.exit_code == 0, result.output
    kept = (bundled_copy / "seeds" / "budget.txt").read_text(encoding="utf-8")
    assert BODY in kept
    manifest = (bundled_copy / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    assert TITLE in manifest


def test_evidence_add_refuses_a_lying_page_and_writes_nothing(bundled_copy, tmp_path):
    """Declared UTF-8, bytes windows-1252: exit 2, one line, the dossier unchanged."""
    page = tmp_path / "budget.html"
    page.write_bytes(_page("<meta charset='utf-8'>").encode("cp1252"))
    before = snapshot(bundled_copy)
    result = _add(bundled_copy, page)
    assert result.exit_code == 2
    assert "budget.html: declares its encoding as utf-8, but byte 0x92" in result.output
    assert snapshot(bundled_copy) == before


# ---- 5. locators: refused unless they are numbers within the source ------------------------

FACT = "unallocated-cases-232"  # para. 6 of a letter of 15 paragraphs, plain text
PAGED = "trust-took-over-2020-11"  # p. 1 of an Ofsted report printing pages 1 to 11


@pytest.fixture(scope="module")
def register():
    from evidence.dossier import open_dossier
    from tests.conftest import REPO

    return open_dossier(REPO).load()


def _locator_error(register, text: str) -> str | None:
    from drafting.citations import check_in_text
    from drafting.errors import DraftingError

    try:
        check_in_text(text, register, "d.yaml", 3)
    except DraftingError as error:
        assert "\n" not in str(error)
        return str(error)
    return None


@pytest.mark.parametrize(
    "suffix",
    [
        "para. 6/7",
        "para. 6(a)",
        "para. 6:",
        "para. 6–",
        "para. 6 .5",
        "para. 6 7",
        "para. 6 to",
        "para. 6-",
        "paras 5-7/8",
        "p. 7x",
        "p. 7/8",
        "pp. 7-",
        "p. 7, para. 6)",
        "para. 6.",
    ],
)
def test_a_locator_that_something_continues_is_refused(register, suffix):
    """After a locator: the end, a comma, a semicolon, or a space and words; nothing else."""
    message = _locator_error(register, f"Cases rose [@{FACT}, {suffix}].")
    assert message is not None and message.startswith(f"d.yaml:3: [@{FACT}, {suffix}]: “"), message
    assert (
        "is not a paragraph number or range of them" in message
        or "is not a page number or range of them" in message
    )


@pytest.mark.parametrize(
    ("suffix", "shown", "kind"),
    [
        ("para. x", "para. x", "paragraph"),
        ("para. VI", "para. VI", "paragraph"),
        ("para. six", "para. six", "paragraph"),
        ("para. -6", "para. -6", "paragraph"),
        ("paragraph", "paragraph", "paragraph"),
        ("¶ ?", "¶ ?", "paragraph"),
        ("p. ?", "p. ?", "page"),
        ("pages", "pages", "page"),
        ("p. civic centre", "p. civic", "page"),
        ("p. 7, para. x", "para. x", "paragraph"),
        ("emphasis added, para. x", "para. x", "paragraph"),
        ("emphasis added, pp. seven", "pp. seven", "page"),
    ],
)
def test_a_locator_word_without_a_number_is_refused(register, suffix, shown, kind):
    """para. / paras / paragraph / ¶ / p. / pp. / page(s) must be followed by a number."""
    message = _locator_error(register, f"Cases rose [@{FACT}, {suffix}].")
    assert message is not None, suffix
    assert f"“{shown}” is not a {kind} number or range of them" in message, message
    forms = "para. 6, paras. 5-7" if kind == "paragraph" else "p. 7, pp. 7-8, p. iv"
    assert forms in message


def test_a_roman_paragraph_is_pointed_at_pages():
    """Roman numerals are page numbers (front matter), never paragraph numbers."""
    from drafting.locators import locator_problem

    problem = locator_problem("para. VI")
    assert (
        problem is not None and "roman numerals number pages (p. vi), not paragraphs" in problem[0]
    )
    assert locator_problem("p. vi") is None and locator_problem("pp. iv-vi, para. 3") is None


@pytest.mark.parametrize(
    "suffix",
    [
        "para. 6",
        "paras 5-7",
        "para. 6, emphasis added",
        "para. 6 of the letter",
        "para. 6 (emphasis added)",
        "paras. 5–6, 8",
        "para. 6 and passim",
        "¶ 6",
        "p. 3",
        "p. iv, para. 6",
        "emphasis added",
        "pp. 33-35 and passim",
        "page 3",
        "paragraphing mine",
    ],
)
def test_good_locators_and_notes_still_pass(register, suffix):
    """What pandoc reads as a locator, and words after it, are accepted as before."""
    assert _locator_error(register, f"Cases rose [@{FACT}, {suffix}].") is None


@pytest.mark.parametrize(
    ("fact", "suffix", "fragment"),
    [
        (
            FACT,
            "paras 1-99999999999",
            "“paras 1-99999999999” goes past the end of its source "
            "(its last paragraph is para. 15)",
        ),
        (
            FACT,
            "paras 5-16",
            "“paras 5-16” goes past the end of its source (its last paragraph is para. 15)",
        ),
        (
            FACT,
            "para. 99",
            "the quote is in para. 6 of its source, not para. 99 (its last paragraph is para. 15)",
        ),
        (
            PAGED,
            "pp. 1-999",
            "“pp. 1-999” goes past the end of its source (its last page is p. 11)",
        ),
        (PAGED, "pp. 1-99999999999999999999", "its last page is p. 11"),
    ],
)
def test_a_locator_beyond_its_source_is_refused_naming_its_extent(register, fact, suffix, fragment):
    """A paragraph or page past the source's last one, alone or ending a range."""
    message = _locator_error(register, f"Cases rose [@{fact}, {suffix}].")
    assert message is not None and fragment in message, message


def test_the_reproducers_locators_refuse_render_and_write_nothing(tmp_path):
    """End to end: render refuses (exit 2, one line) and writes no document."""
    from tests.test_citations_pandoc import cli, letter

    for suffix in ("para. x", "para. VI", "paras 1-99999999999", "para. 6/7"):
        draft = letter(tmp_path, f"Cases rose [@{FACT}, {suffix}].")
        before = snapshot(tmp_path)
        result = cli("render", draft)
        assert result.exit_code == 2, (suffix, result.output)
        assert result.output.count("\n") == 1 and f"[@{FACT}, {suffix}]" in result.output
        assert snapshot(tmp_path) == before


# ---- 9. review is linear in the quotations of a paragraph ----------------------------------


class _CountingPattern:
    """A compiled pattern that adds to ``seen`` the characters each call reads.

    A search reads up to the end of its match (or of its window, finding none); an anchored
    match what it matches (or, failing, one character: every anchored pattern here fails
    within a few); finditer, findall, sub and split their whole window. ``windows`` counts
    a match's whole window instead (what it may read at most).
    """

    windows = False

    def __init__(self, pattern, seen: list[int]) -> None:
        self._pattern, self._seen = pattern, seen

    def __getattr__(self, name: str):
        method = getattr(self._pattern, name)
        if name not in (
            "search",
            "match",
            "fullmatch",
            "finditer",
            "findall",
            "sub",
            "split",
            "subn",
        ):
            return method

        def counted(*args, **kwargs):
            string = next((a for a in args if isinstance(a, str)), "")
            rest = (
                [a for a in args[1:] if isinstance(a, int)]
                if name in ("search", "match", "fullmatch", "finditer", "findall")
                else []
            )
            pos = rest[0] if rest else 0
            endpos = min(rest[1] if len(rest) > 1 else len(string), len(string))
            result = method(*args, **kwargs)
            if name == "search":
                end = result.end() if result is not None else endpos
            elif name in ("match", "fullmatch") and not self.windows:
                end = result.end() if result is not None else pos + 1
            else:
                end = endpos
            self._seen[0] += max(0, end - pos)
            return result

        return counted


class _WindowPattern(_CountingPattern):
    windows = True


class _CountingRe:
    """The ``re`` module, counting what its functions read (for modules using re.search)."""

    def __init__(self, seen: list[int]) -> None:
        self._seen = seen

    def __getattr__(self, name: str):
        import re

        value = getattr(re, name)
        if name in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):

            def counted(pattern, string="", *args, **kwargs):
                text = string if isinstance(string, str) else ""
                if name in ("sub", "split") and args and isinstance(args[0], str):
                    text = args[0]
                self._seen[0] += len(text)
                return value(pattern, string, *args, **kwargs)

            return counted
        return value


def _review_work(register, monkeypatch, n: int) -> tuple[int, int]:
    """Python lines run and characters regular expressions read, reviewing a paragraph of
    ``n`` short quotations, figures and citations in one sentence, and one of ``n`` sentences."""
    import re
    import sys

    from drafting.findings import Mark, Passage
    from drafting.review.checks import review_passages

    def paragraph(sep: str) -> Passage:
        text, marks = "", []
        for i in range(n):
            text += f"It rose to {i + 3} and “word{i} text”"
            marks.append(Mark(len(text), str(i + 1), ("figure-232",)))
            text += sep
        return Passage(1, text, tuple(marks))

    seen = [0]
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("drafting", "evidence"):
            for attr, value in list(vars(module).items()):
                if isinstance(value, re.Pattern):
                    monkeypatch.setattr(module, attr, _CountingPattern(value, seen))
                elif value is re:
                    monkeypatch.setattr(module, attr, _CountingRe(seen))
    lines = [0]

    def trace(frame, event, arg):
        if event == "line":
            lines[0] += 1
        return trace

    register.memo.clear()
    sys.settrace(trace)
    try:
        for passage in (paragraph(", "), paragraph(". ")):
            review_passages([passage], register)
    finally:
        sys.settrace(None)
        monkeypatch.undo()
    return lines[0], seen[0]


def test_review_work_grows_linearly_with_quotations(make_dossier, monkeypatch):
    """Four times the quotations (with their figures and citations) in one paragraph, one
    sentence or many: about four times the work (lines run, characters matched), not 16."""
    from evidence.dossier import open_dossier

    facts = (
        "facts:\n  - id: figure-232\n    statement: The figure was 232.\n"
        "    kind: statistic\n    citations:\n      - source: src-0\n"
        '        quote: "The figure was 232."\n'
    )
    register = open_dossier(make_dossier(facts=facts)).load()
    small, large = (_review_work(register, monkeypatch, n) for n in (60, 240))
    assert large[0] < 6 * small[0], ("lines", small, large)
    assert large[1] < 6 * small[1], ("characters", small, large)


def test_quotations_are_found_in_linear_time():
    """Unclosed quotes of every kind (and apostrophes): each pattern reads a window bounded by
    the next mark of its kind, so four times the text is about four times the windows (the
    one pattern of before read to the end of the line from every unclosed single quote)."""
    import drafting.prose as prose

    def work(n: int) -> int:
        seen = [0]
        patched = {
            name: _WindowPattern(getattr(prose, name), seen)
            for name in ("_OPENER", "_CURLY", "_STRAIGHT", "_CSINGLE", "_SOPEN", "_SCLOSE")
        }
        saved = {name: getattr(prose, name) for name in patched}
        vars(prose).update(patched)
        try:
            text = "rock 'n roll, a ‘b, “c, \"d \n" * n
            assert prose.quotations(text) == []
            assert prose.quotations("'x' ‘y’ “z” \"w\" " * n) != []
        finally:
            vars(prose).update(saved)
        return seen[0]

    assert work(800) < 6 * work(200)


_ONE_PATTERN = (  # quotations() before: one pattern, quadratic on unclosed single quotes
    r"“(?P<curly>[^“”]+)”"
    r"|(?<![\w\"])\"(?P<straight>[^\"]+)\"(?![\w\"])"
    r"|(?<![\w‘’'])‘(?P<csingle>[^‘\n]+?)’(?!\w)"
    r"|(?<![\w‘’'])'(?P<ssingle>[^\n]+?)'(?!\w)"
)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=["a", "b", " ", "'", '"', "“", "”", "‘", "’", "\n", "1", "."], max_size=24))
def test_quotations_are_what_the_one_pattern_found(text):
    """The bounded search finds exactly the quotations the single pattern found."""
    import re

    from drafting.prose import quotations

    expected = []
    for m in re.finditer(_ONE_PATTERN, text):
        group = next(g for g in ("curly", "straight", "csingle", "ssingle") if m.group(g))
        if re.search(r"\w", m.group(group)):
            expected.append(m.span(group))
    assert quotations(text) == expected


# ---- 10. mail merge: every field of --name-template is {row} or a column -------------------


def _merge(tmp_path: Path, template: str):
    from tests.conftest import REPO

    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(REPO),
            "render",
            str(REPO / "drafts" / "letter-to-childrens-commissioner.yaml"),
            "--recipients",
            str(REPO / "drafts" / "recipients.csv"),
            "-o",
            str(out),
            "--name-template",
            template,
        ],
    )
    return result, out


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        (
            "{row}-{nmae}",
            "{nmae} is neither {row} nor a column of the recipients. Did you mean {name}?",
        ),
        ("{Name}", "{Name} is neither {row} nor a column of the recipients. Did you mean {name}?"),
        ("{ row }", "{ row } is neither {row} nor a column of the recipients. Did you mean {row}?"),
        ("{}", "{} is neither {row} nor a column of the recipients. The columns: name, honorific"),
        ("{row!r}", "{row!r}: a conversion is not supported"),
        ("{row:{w}}", "{row:{w}} is not a number format. Write {row:03} for 001"),
        ("{row:q}", "{row:q} is not a number format"),
        ("{name:d}", "{name:d} is not a text format"),
        ("{row:0>999999999}", "{row:0>999999999} is wider than a file name"),
        ("{row", "expected “}” before end of string. Write {{ or }} for a brace itself"),
    ],
)
def test_a_name_template_field_that_is_no_column_is_refused_first(tmp_path, template, fragment):
    """An unknown field, a conversion, a spec its value cannot take: exit 2, nothing written."""
    result, out = _merge(tmp_path, template)
    assert result.exit_code == 2, result.output
    assert f"drafting: error: --name-template {template!r}: {fragment}" in result.output
    assert result.output.count("\n") == 1 and not out.exists()


@pytest.mark.parametrize(
    ("template", "names"),
    [
        ("{row:03}", ["001.docx", "002.docx", "003.docx"]),
        ("{row:02}-{name:.5}", ["01-anne.docx", "02-malco.docx", "03.docx"]),
        ("{{x}}-{row}", ["x-001.docx", "x-002.docx", "x-003.docx"]),
    ],
)
def test_a_name_template_takes_format_specs(tmp_path, template, names):
    """{row:03} pads the row number; a column's text spec truncates; {{ is a brace."""
    result, out = _merge(tmp_path, template)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == names


# ---- 11. a council profile's numbers are whole numbers within bounds ------------------------


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            "deadlines:\n  motion: {days: true, working: true}\n",
            "h.yaml:4: deadlines.motion.days: should be a whole number from 0 to 365, not true "
            "(yes or no)",
        ),
        (
            "deadlines:\n  motion: {days: 2.5}\n",
            "h.yaml:4: deadlines.motion.days: should be a whole number from 0 to 365, not 2.5",
        ),
        (
            "deadlines:\n  motion: {days: 366}\n",
            "deadlines.motion.days: should be from 0 to 365, not 366",
        ),
        (
            "signatories: 100000000000000000000\n",
            "h.yaml:3: signatories: should be from 1 to 1,000, not a number that large",
        ),
        (
            "signatories: '3'\n",
            "h.yaml:3: signatories: should be a whole number from 1 to 1,000, not the text '3'",
        ),
        ("signatories: 2.0\n", "signatories: should be a whole number from 1 to 1,000, not 2.0"),
        (
            "signatories: false\n",
            "signatories: should be a whole number from 1 to 1,000, not false",
        ),
        ("word_limit: 100001\n", "h.yaml:3: word_limit: should be from 1 to 100,000, not 100,001"),
        ("word_limit: yes\n", "word_limit: should be a whole number from 1 to 100,000, not true"),
        ("caps: {per_member: 1001}\n", "h.yaml:3: caps.per_member: should be from 1 to 1,000"),
        ("caps:\n  per_group: true\n", "h.yaml:4: caps.per_group: should be a whole number"),
    ],
)
def test_a_profile_number_must_be_a_whole_number_within_bounds(tmp_path, body, fragment):
    """No yes/no, fraction or text for a number; days 0-365, signatories and caps 1-1,000,
    word limits 1-100,000; the error names the file, the line and the field."""
    from drafting.council.profiles import load_profile
    from evidence.errors import SchemaError

    path = tmp_path / "h.yaml"
    path.write_text("name: h\ntitle: H\n" + body, encoding="utf-8")
    with pytest.raises(SchemaError) as error:
        load_profile(path)
    assert fragment in str(error.value), str(error.value)


def test_check_refuses_a_profile_with_days_true(bundled_copy):
    """End to end: `drafting check --council h` exits 2 naming the line, not a deadline."""
    from tests.conftest import REPO

    (bundled_copy / "councils").mkdir()
    (bundled_copy / "councils" / "h.yaml").write_text(
        "name: h\ntitle: H\nregion: england-and-wales\ndeadlines:\n"
        "  motion: {days: true, working: true}\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "--dossier",
            str(bundled_copy),
            "check",
            str(REPO / "drafts" / "motion-childrens-commissioner-programme.yaml"),
            "--council",
            "h",
        ],
    )
    assert result.exit_code == 2, result.output
    assert (
        "h.yaml:5: deadlines.motion.days: should be a whole number from 0 to 365, not "
        "true (yes or no)" in result.output
    )


def test_good_profile_numbers_still_load(tmp_path):
    """Whole numbers within bounds, and an empty word limit, load as before."""
    from drafting.council.profiles import load_profile

    path = tmp_path / "h.yaml"
    path.write_text(
        "name: h\ntitle: H\ndeadlines:\n  motion: {days: 0}\nsignatories: 1000\n"
        "word_limit:\ncaps: {per_member: 1}\n",
        encoding="utf-8",
    )
    profile = load_profile(path)
    assert (
        profile.deadlines["motion"].days,
        profile.signatories,
        profile.word_limit,
        profile.caps.per_member,
    ) == (0, 1000, None, 1)


# ---- minor: usage errors in one line; rehash of an emptied source -------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["render", "--bogus"], "drafting: error: No such option: --bogus"),
        (["render"], "drafting: error: Missing argument 'draft' (see 'drafting render --help')"),
        (["nosuch"], "drafting: error: No such command 'nosuch' (see 'drafting --help')"),
        (
            ["evidence", "show"],
            "drafting: error: Missing argument 'ID' (see 'drafting evidence show --help')",
        ),
        (["render", "x.yaml", "--jobs", "0"], "drafting: error: Invalid value for '--jobs'"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args, line):
    """An unknown option or command, a missing argument, a bad value: one line, exit 2."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(line) and result.output.count("\n") == 1, result.output
    assert "Usage:" not in result.output and "Try '" not in result.output


def test_help_is_as_it_was():
    """--help prints the usage and options, exit 0; a bare group still shows its help."""
    result = runner.invoke(app, ["render", "--help"])
    assert result.exit_code == 0 and result.output.startswith("Usage: root render [OPTIONS]")
    assert "--name-template" in result.output
    bare = runner.invoke(app, ["evidence"])
    assert bare.exit_code == 2 and bare.output.startswith("Usage: root evidence [OPTIONS]")


def test_the_installed_command_prints_usage_errors_in_one_line(tmp_path):
    """The console script itself (main): stderr is one line, stdout empty."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "from drafting.cli import main; main()", "render", "--bogus"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr.startswith("drafting: error: No such option: --bogus")
        and done.stderr.count("\n") == 1
    ), done.stderr


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"Related Posts\n\nRead more\n"])
def test_rehash_refuses_a_source_with_no_citable_text(bundled_copy, content):
    """An emptied source (or one of page furniture only): exit 2, the manifest untouched."""
    from evidence.dossier import open_dossier

    register = open_dossier(bundled_copy).load()
    source = register.sources["trust-plan-news"]
    source.path.write_bytes(content)
    before = snapshot(bundled_copy)
    result = runner.invoke(
        app, ["--dossier", str(bundled_copy), "evidence", "rehash", "trust-plan-news"]
    )
    assert result.exit_code == 2, result.output
    what = "is empty" if not content.strip() else "has no citable text"
    assert f"{source.path.name}: {what}" in result.output
    assert "the manifest is unchanged" in result.output and result.output.count("\n") == 1
    assert snapshot(bundled_copy) == before


def test_a_page_past_the_last_is_judged_by_what_the_pages_print():
    """Printed numbers where every page prints one; a page printing none is cited by its
    place in the file (PDF p. 5), so the file's length is the end; roman front matter apart."""
    from drafting.locators import beyond, suffix_locator
    from evidence.readers.blocks import PageSpan
    from evidence.segment import segment

    base = segment("One.\n\nTwo.\n")

    def seg(printed):
        from dataclasses import replace

        return replace(base, pages=tuple(PageSpan(i, i + 1, p) for i, p in enumerate(printed)))

    def past(suffix, printed):
        loc = suffix_locator(suffix)
        assert loc is not None and loc.well_formed()
        return beyond(loc, seg(printed))

    every = ["i", "ii", "1", "2", "3"]
    assert past("pp. 1-3", every) is None and past("p. ii", every) is None
    assert past("pp. 2-4", every) == "its last page is p. 3"
    assert past("p. iii", every) == "its pages in roman numerals end at p. ii"
    some = ["i", "ii", "1", "2", None]
    assert past("p. 5", some) is None and past("p. 6", some) == "its last page is PDF p. 5"
    assert past("p. 99", [None, None]) == "its last page is PDF p. 2"
    assert past("para. 2", []) is None and past("paras 1-3", []) == "its last paragraph is para. 2"

"""The bad-input catalogue: every hostile or mistaken input found by hostile testing.

Each case checks the message (what, where, what to do), the exit code (2 for input and
usage errors, 1 when a check finds problems), and that no file was lost or half-written
(the folder is compared before and after).
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import docx
import pytest
import yaml

from tests.conftest import REPO, drafting, refused
from tests.faults import (
    add_zip_bomb,
    fail_temp_files,
    fail_writes,
    fake_soffice,
    replace_part,
    snapshot,
)

FACT = "unallocated-cases-232"


cli = drafting


def letter(folder: Path, *, name: str = "draft.yaml", raw: str | None = None, **fields) -> Path:
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
    path.write_text(
        raw if raw is not None else yaml.safe_dump(data, allow_unicode=True, width=1000),
        encoding="utf-8",
    )
    return path


def template(folder: Path, *lines: str, name: str = "t.docx") -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    path = folder / name
    document.save(str(path))
    return path


# --- integrity ---------------------------------------------------------------------------------


def test_quote_cut_mid_word_fails_verify_and_review(bundled_copy, tmp_path):
    """'... an alarming figure of 23' (the source says 232) fails verify; review calls it a misquote."""
    facts = bundled_copy / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "an alarming figure of 232." in text
    facts.write_text(
        text.replace("an alarming figure of 232.", "an alarming figure of 23"), encoding="utf-8"
    )
    refused(cli("evidence", "verify", dossier=bundled_copy), 1, f"{FACT}: not-found")
    draft = letter(
        tmp_path, body=["Cases reached “an alarming figure of 23” [@seven-directors-seven-years]."]
    )
    refused(cli("review", draft), 1, "misquote: “an alarming figure of 23” is not verbatim")


# --- impossible dates --------------------------------------------------------------------------


def test_impossible_date_in_a_draft(tmp_path):
    """date: 2019-02-30 is a field error with its line, not a traceback."""
    draft = letter(tmp_path, raw=letter(tmp_path).read_text().replace("2026-11-23", "2019-02-30"))
    before = snapshot(tmp_path)
    refused(
        cli("render", draft),
        2,
        "draft.yaml:",
        "date: '2019-02-30' is not a real calendar date (February 2019 has 28 days)",
    )
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("file", "old", "new", "fragment"),
    [
        (
            "facts.yaml",
            "as_at: 2019-06",
            "as_at: 2019-02-30",
            "'2019-02-30' is not a real calendar date",
        ),
        (
            "seeds/sources.yaml",
            "value: 2019-09-17",
            "value: 2019-09-31",
            "'2019-09-31' is not a real calendar date",
        ),
    ],
)
def test_impossible_date_in_the_register(bundled_copy, file, old, new, fragment):
    """An impossible as_at or source date names the file, line and field."""
    path = bundled_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text.splitlines().index(next(ln for ln in text.splitlines() if old in ln)) + 1
    refused(
        cli("evidence", "verify", dossier=bundled_copy), 2, f"{Path(file).name}:{line}:", fragment
    )


# --- malformed citation markup -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "why"),
    [
        (f"[@{FACT}; @]", "no fact id after @"),
        (f"[@@{FACT}]", "a doubled @"),
        ("[@]", "no fact id after @"),
        (f"[@{FACT} and more words", "the bracket is never closed"),
        (f"[@ {FACT}]", "no fact id after @"),
        (f"[@{FACT};]", "an empty item"),
        (f"[[@{FACT}]]", "a citation inside another pair of brackets"),
    ],
)
def test_malformed_citations_are_errors_naming_the_line(tmp_path, markup, why):
    """Markup pandoc would print raw is an error with its line, in render and in review."""
    draft = letter(tmp_path, body=["A first paragraph.", f"Cases rose to 232 {markup}."])
    line = draft.read_text().splitlines().index(f"- Cases rose to 232 {markup}.") + 1
    before = snapshot(tmp_path)
    for command in ("render", "review"):
        refused(cli(command, draft), 2, f"draft.yaml:{line}: malformed citation", why)
    assert snapshot(tmp_path) == before


def test_in_text_citation_outside_brackets(tmp_path):
    """@id outside brackets (and \\[@id], which pandoc cites in the text) is an error."""
    for body in (f"Cases rose, says @{FACT}.", f"Cases rose \\[@{FACT}]."):
        draft = letter(tmp_path, body=[body])
        for command in ("render", "review"):
            refused(cli(command, draft), 2, f"@{FACT} outside brackets", f"[@{FACT}]")


def _notes(path: Path) -> dict[int, str]:
    from drafting.docx.package import open_package
    from drafting.docx.record import footnote_texts

    with open_package(path) as package:
        return footnote_texts(package.xml("word/footnotes.xml"))


def test_pandoc_citation_forms_render_as_pandoc_reads_them(tmp_path):
    """Prefix kept, a repeated fact cited once, escapes literal, a right paragraph locator once."""
    draft = letter(
        tmp_path,
        body=[
            f"Cases rose [see @{FACT}].",
            f"Twice [@{FACT}; @{FACT}, emphasis added].",
            f"Right place [@{FACT}, para. 6].",
            "Literal \\[brackets\\] and an \\@handle and a \\*star\\*.",
        ],
    )
    assert cli("render", draft, catch_exceptions=False).exit_code == 0
    notes = _notes(draft.with_suffix(".docx"))
    assert notes[1].startswith("See Jane Birch and Danielle Stone, “Letter to Anne Longfield")
    assert notes[2] == "Birch and Stone (n 1), para. 6, emphasis added."  # one reference
    assert notes[3] == "Birch and Stone (n 1), para. 6." and "para. 6, para. 6" not in " ".join(
        notes.values()
    )
    text = "\n".join(p.text for p in docx.Document(str(draft.with_suffix(".docx"))).paragraphs)
    assert "Literal [brackets] and an @handle and a *star*." in text and "\\" not in text


def test_a_paragraph_locator_that_disagrees_with_the_quote(tmp_path):
    """[@a, para. 3] where the quote is in para. 6: an error, not 'para. 6, para. 3'."""
    draft = letter(tmp_path, body=[f"Cases rose [@{FACT}, para. 3]."])
    for command in ("render", "review"):
        refused(cli(command, draft), 2, "the quote is in para. 6 of its source, not para. 3")


# --- outputs that would destroy inputs --------------------------------------------------------


def test_render_onto_its_own_draft_is_refused(tmp_path):
    """render X.yaml -o X.yaml --force (or through a symlink) keeps the draft."""
    draft = letter(tmp_path)
    link = tmp_path / "link.docx"
    link.symlink_to(draft)
    before = snapshot(tmp_path)
    for out in (draft, Path(os.path.relpath(draft))):  # not even named like a document
        refused(cli("render", draft, "-o", out, "--force"), 2, "give a name ending .docx")
    refused(
        cli("render", draft, "-o", link, "--force"),
        2,
        "is the input",
        "writing there would destroy it",
    )
    assert snapshot(tmp_path) == before


def test_annex_onto_the_reviewed_file_is_refused(tmp_path):
    """review X --annex X --force keeps X."""
    draft = letter(tmp_path)
    assert cli("render", draft).exit_code == 0
    rendered = draft.with_suffix(".docx")
    before = snapshot(tmp_path)
    refused(cli("review", draft, "--annex", draft, "--force"), 2, "give a name ending .docx")
    refused(cli("review", rendered, "--annex", rendered, "--force"), 2, "is the input")
    assert snapshot(tmp_path) == before


def test_pdf_is_never_replaced_without_force(tmp_path, monkeypatch):
    """An existing PDF stops the render before anything is written."""
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    fake_soffice(tmp_path, "exit 0")
    draft = letter(tmp_path)
    draft.with_suffix(".pdf").write_bytes(b"%PDF-1.4 mine")
    before = snapshot(tmp_path)
    refused(cli("render", draft, "--pdf"), 2, "draft.pdf: already exists; not overwritten")
    assert snapshot(tmp_path) == before


def test_libreoffice_that_writes_nothing_is_a_failure(tmp_path, monkeypatch):
    """soffice exits 0 but writes no PDF: exit 1, the old PDF is kept, never reported as new."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    fake_soffice(bin_dir, "echo 'convert ok'; exit 0")
    draft = letter(tmp_path)
    old = draft.with_suffix(".pdf")
    old.write_bytes(b"%PDF-1.4 old")
    result = cli("render", draft, "--pdf", "--force")
    refused(result, 1, "LibreOffice could not convert it")
    assert old.read_bytes() == b"%PDF-1.4 old" and "wrote " + str(old) not in result.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".drafting-pdf")]


# --- filesystem errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only file system"),
    ],
)
def test_filesystem_errors_in_render_annex_new_and_init(tmp_path, monkeypatch, code, words):
    """A full disk, permission denied, a read-only folder: one line, exit 2, nothing half-written."""
    draft = letter(tmp_path)
    assert cli("render", draft).exit_code == 0
    answers = tmp_path / "answers.yaml"
    answers.write_text("senders: [{name: Cllr A}]\nrecipient: {name: B}\nsubject: S\n")
    before = snapshot(tmp_path)
    injector = fail_temp_files if code == errno.EROFS else fail_writes
    injector(monkeypatch, code)
    refused(cli("render", draft, "--force"), 2, "draft.docx: cannot write:", words)
    refused(
        cli("review", draft.with_suffix(".docx"), "--annex", tmp_path / "annex.docx"),
        2,
        "annex.docx: cannot write:",
        words,
    )
    refused(
        cli("new", "letter", "--answers", answers, "-o", tmp_path / "new.yaml"),
        2,
        "new.yaml: cannot write:",
        words,
    )
    refused(cli("init", tmp_path / "campaign"), 2, words)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "campaign").exists() or not any((tmp_path / "campaign").iterdir())


def test_a_name_too_long(tmp_path):
    """A file name over the system's limit is one clear line."""
    draft = letter(tmp_path)
    refused(
        cli("render", draft, "-o", tmp_path / ("x" * 300 + ".docx")), 2, "the file name is too long"
    )
    refused(cli("init", tmp_path / ("y" * 300)), 2, "the file name is too long")


# --- templates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "fragment"),
    [
        ("{% include 'other.docx' %}", "it uses {% include %}"),
        ("{% extends 'base' %}", "it uses {% extends %}"),
        ("{% import 'macros' as m %}", "it uses {% import %}"),
        ("{{ 1/0 }}", "failed while rendering: ZeroDivisionError: division by zero"),
        ("{{ 'a' - 1 }}", "failed while rendering: TypeError"),
        ("{% for i in range(10**9) %}{{ i }}{% endfor %}", "Range too big"),
        (
            "{% for i in range(90000) %}{% for j in range(90000) %}{% endfor %}{% endfor %}",
            "was stopped: its loops ran over 200,000 times",
        ),
        ("{{ 'x' * 10**9 }}", "was stopped: it repeated a value 1,000,000,000 times"),
        ("{{ '{:>999999999}'.format(1) }}", "was stopped: it asked for a field width"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself without end"),
    ],
)
def test_template_runtime_errors_and_runaway_work(tmp_path, tag, fragment):
    """Each is one line naming the template, fast, and nothing is written."""
    tpl = template(tmp_path, "{%p for block in body %}", "{{r block.runs }}", "{%p endfor %}", tag)
    draft = letter(tmp_path, template=str(tpl))
    before = snapshot(tmp_path)
    started = time.monotonic()
    refused(cli("render", draft), 2, "t.docx", fragment)
    assert time.monotonic() - started < 8
    assert snapshot(tmp_path) == before


def test_template_that_cannot_show_the_cited_prose(tmp_path):
    """A template with no body fields would drop 1 citation: refused before rendering."""
    tpl = template(tmp_path, "Dear {{ salutation }},")
    draft = letter(tmp_path, template=str(tpl))
    refused(
        cli("render", draft),
        2,
        "template t.docx does not show body[].runs",
        "citations there would be lost",
    )
    assert not draft.with_suffix(".docx").exists()
    asks = letter(
        tmp_path,
        name="asks.yaml",
        asks=["Reply [@seven-directors-seven-years]."],
        template=str(
            template(
                tmp_path,
                "{%p for block in body %}",
                "{{r block.runs }}",
                "{%p endfor %}",
                name="t2.docx",
            )
        ),
    )
    refused(cli("render", asks), 2, "does not show asks[].runs")


def test_a_template_macro_is_not_a_draft_field(tmp_path):
    """A valid Jinja macro with parameters renders; its names are not 'fields'."""
    tpl = template(
        tmp_path,
        "{% macro greet(x, punct='!') %}Hello {{ x }}{{ punct }}{% endmacro %}",
        "{{ greet(salutation) }}",
        "{%p for block in body %}",
        "{{r block.runs }}",
        "{%p endfor %}",
    )
    draft = letter(tmp_path, template=str(tpl))
    assert cli("render", draft, catch_exceptions=False).exit_code == 0
    text = "\n".join(p.text for p in docx.Document(str(draft.with_suffix(".docx"))).paragraphs)
    assert "Hello Dear Mr Smith!" in text


# --- damaged documents under review -----------------------------------------------------------


@pytest.fixture
def rendered(tmp_path) -> Path:
    draft = letter(tmp_path)
    assert cli("render", draft).exit_code == 0
    return draft.with_suffix(".docx")


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol9;</w:footnotes>'
)


@pytest.mark.parametrize(
    ("part", "damage", "fragment"),
    [
        ("word/footnotes.xml", lambda b: b[: len(b) // 2], "part word/footnotes.xml is damaged"),
        ("docProps/custom.xml", lambda b: b[: len(b) // 2], "part docProps/custom.xml is damaged"),
        (
            "word/footnotes.xml",
            lambda b: (
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                b'"file:///etc/passwd">]><w:footnotes>&e;</w:footnotes>'
            ),
            "declares a DOCTYPE",
        ),
        ("word/footnotes.xml", lambda b: LAUGHS, "declares a DOCTYPE"),
    ],
)
def test_damaged_parts_are_input_errors(rendered, part, damage, fragment):
    """Truncated XML, an external entity, a billion laughs: one line, exit 2, nothing expanded."""
    from zipfile import ZipFile

    with ZipFile(rendered) as archive:
        original = archive.read(part)
    replace_part(rendered, part, damage(original))
    refused(cli("review", rendered), 2, str(rendered.name), fragment)


def test_a_zip_bomb_is_refused_from_its_directory(rendered):
    """A ~1 MB .docx expanding to 1 GB is refused in well under a second."""
    add_zip_bomb(rendered)
    assert rendered.stat().st_size < 2 * 2**20
    started = time.monotonic()
    refused(cli("review", rendered), 2, "declaring", "over the limits", "it was not read")
    assert time.monotonic() - started < 1.0


# --- hostile YAML -------------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "kind: letter\nbody: &b [*b]\n",
            "an alias refers to the mapping or list that contains it",
        ),
        (
            "kind: letter\nbody: " + "[" * 50_000 + "]" * 50_000 + "\n",
            "nested more than 64 levels deep",
        ),
        (BOMB, "aliases expand to more than 1,000,000 values"),
        ("kind: [letter]\n", "kind: ['letter'] is not a kind of document"),
        (
            "kind: !!python/object/apply:os.system ['echo hacked']\n",
            "the YAML tag !!python/object/apply:os.system is not allowed",
        ),
        ('kind: letter\nsubject: "\\a"\n', "contains the control character U+0007"),
    ],
)
def test_hostile_yaml_is_bounded_and_refused(tmp_path, text, fragment):
    """Each is refused quickly with a message; nothing runs, nothing is written."""
    assert len(BOMB) < 450
    draft = tmp_path / "draft.yaml"
    draft.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    started = time.monotonic()
    refused(cli("render", draft), 2, "draft.yaml", fragment)
    assert time.monotonic() - started < 5
    assert snapshot(tmp_path) == before


# --- drafts and dossiers ------------------------------------------------------------------------


def test_init_with_any_title_makes_a_valid_dossier(tmp_path):
    """'Ynys Môn libraries' becomes ynys-mon-libraries; the dossier loads and verifies."""
    folder = tmp_path / "Ynys Môn libraries"
    assert cli("init", folder, catch_exceptions=False).exit_code == 0
    assert "name: ynys-mon-libraries" in (folder / "dossier.yaml").read_text()
    assert cli("evidence", "verify", dossier=folder).exit_code == 0
    refused(cli("init", tmp_path / "other", "--name", "Not Valid"), 2, "lower-case letters")
    assert not (tmp_path / "other").exists()


def test_init_leaves_nothing_when_a_write_fails(tmp_path, monkeypatch):
    """A failure part-way leaves no half-made dossier behind."""
    import evidence.fsio

    real = evidence.fsio.os.fsync
    calls = []

    def third_fails(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(evidence.fsio.os, "fsync", third_fails)
    target = tmp_path / "campaign"
    refused(cli("init", target), 2, "the disk is full")
    assert not target.exists() or list(target.iterdir()) == []


def test_recipient_with_nothing_and_no_subject(tmp_path):
    """recipient: {} is an error naming the field; no traceback."""
    draft = letter(tmp_path, recipient={}, subject=None)
    refused(
        cli("render", draft),
        2,
        "recipient: give the recipient at least a name, a title or an organisation",
    )


def test_recipient_with_only_an_organisation_and_no_subject(tmp_path):
    """With no subject the document title falls back to the recipient."""
    data = yaml.safe_load(letter(tmp_path).read_text())
    del data["subject"]
    data["recipient"] = {"organisation": "Office of the Children's Commissioner"}
    draft = tmp_path / "org.yaml"
    draft.write_text(yaml.safe_dump(data))
    assert cli("render", draft, catch_exceptions=False).exit_code == 0
    props = docx.Document(str(draft.with_suffix(".docx"))).core_properties
    assert props.title == "Letter to Office of the Children's Commissioner"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("facts: {a: 1}\n", "facts: should be a list, not a mapping"),
        ("facts:\n  - id: Bad Id\n", "facts[0].id: 'Bad Id' should be lower-case letters"),
    ],
)
def test_register_messages_are_plain_english(bundled_copy, text, fragment):
    """No 'Input should be a valid dictionary or instance of FactsFile'."""
    (bundled_copy / "facts.yaml").write_text(text, encoding="utf-8")
    out = refused(cli("evidence", "verify", dossier=bundled_copy), 2, fragment)
    assert "Input should" not in out and "instance of" not in out


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (["x", {"numbered": ["a", "b"], "bulets": 1}], "body[1].bulets: unknown field"),
        (
            ["x", {"table": ["a"]}],
            "body[1]: a block is a paragraph of text, {bullets: [...]} or {numbered: [...]}",
        ),
        (["x", 7], "body[1]: a block is a paragraph of text"),
        (["x", "bell \a"], "body[1]: contains the control character U+0007"),
    ],
)
def test_draft_messages_are_plain_english(tmp_path, body, fragment):
    """No pydantic union members (Numbered, function-after[...]) in a message."""
    draft = letter(tmp_path, body=body)
    out = refused(cli("render", draft), 2, fragment)
    assert "function-after" not in out and "Numbered" not in out and "Value error" not in out


def test_review_names_the_dossier_it_used(tmp_path):
    """A draft checked from the wrong folder says which evidence it was checked against."""
    draft = letter(tmp_path)
    table = cli("review", draft)
    assert (
        table.exit_code == 0
        and "evidence: dossier northamptonshire-childrens-services (" in table.output
    )
    import json

    data = json.loads(cli("review", draft, "--format", "json").output)
    assert data["dossier"].startswith("northamptonshire-childrens-services (")


def test_files_are_written_with_the_users_umask(tmp_path):
    """Outputs and dossier files get 0666 & ~umask, as other tools make them."""
    old = os.umask(0o022)
    try:
        draft = letter(tmp_path)
        assert cli("render", draft).exit_code == 0
        assert cli("init", tmp_path / "d").exit_code == 0
    finally:
        os.umask(old)
    for path in (draft.with_suffix(".docx"), tmp_path / "d" / "facts.yaml"):
        assert path.stat().st_mode & 0o777 == 0o644


def test_placeholder_text_is_flagged_by_review(tmp_path):
    """The body 'drafting new' writes, left unedited, is an error; TODO markers too."""
    from drafting.kinds.letter import Letter

    draft = letter(tmp_path, body=list(Letter.placeholders))
    out = refused(cli("review", draft), 1, "placeholder text left in the draft")
    assert out.count("placeholder") >= 3
    refused(cli("render", draft), 1, "placeholder text left in the draft")
    assert not draft.with_suffix(".docx").exists()
    todo = letter(tmp_path, name="todo.yaml", body=["We met on [insert date]. TODO: add figures."])
    refused(cli("review", todo), 1, "“[insert date]” left in the draft")


def test_a_compiled_template_renders_again_with_a_fresh_budget(tmp_path):
    """The sandbox is kept per template (its parts compiled once, for mail merge): each
    render gets its own budget, and a forbidden operation is refused every time."""
    from drafting.kinds import load_draft
    from drafting.render import RenderSession
    from evidence.dossier import open_dossier

    busy = template(
        tmp_path,
        "{%p for block in body %}",
        "{{r block.runs }}",
        "{%p endfor %}",
        "{% for i in range(400) %}{% for j in range(300) %}{% endfor %}{% endfor %}",
        name="busy.docx",
    )
    session = RenderSession(open_dossier(REPO))
    loaded = load_draft(letter(tmp_path, template=str(busy)))
    for _ in range(3):  # 3 x 120,000 loops: over the 200,000 budget only if it carried over
        assert session.render(loaded).citations == 1
    bad = template(
        tmp_path,
        "{%p for block in body %}",
        "{{r block.runs }}",
        "{%p endfor %}",
        "{{ 'x' * 10**9 }}",
        name="bad.docx",
    )
    hostile = load_draft(letter(tmp_path, name="bad.yaml", template=str(bad)))
    for _ in range(2):
        with pytest.raises(Exception, match="was stopped: it repeated a value"):
            session.render(hostile)

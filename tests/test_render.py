import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.docx.template import TemplateError, TemplateSecurityError, compile_template
from tests.conftest import REPO


def _template(tmp_path: Path, *lines: str) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "t.docx"
    document.save(str(path))
    return path


def _text(filled) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(filled.to_bytes())).paragraphs)


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ recipient.__class__ }}",
        "{% for c in ''.__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_hostile_templates_fail_with_a_security_error(tmp_path, payload):
    """Templates reaching for Python internals are refused by the sandbox."""
    path = _template(tmp_path, payload)
    with pytest.raises(TemplateSecurityError, match=r"t\.docx"):
        compile_template(path).render({"recipient": {"name": "x"}})


def test_missing_field_names_the_field_and_the_template(tmp_path):
    """A field the context lacks is named with its full path, before rendering."""
    path = _template(
        tmp_path, "{{ recipient.nmae }}", "{%p for s in senders %}", "{{ s.ward }}", "{%p endfor %}"
    )
    with pytest.raises(TemplateError) as err:
        compile_template(path).render({"recipient": {"name": "A"}, "senders": [{"name": "B"}]})
    assert "template t.docx uses field(s) recipient.nmae, senders[].ward" in str(err.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"plain text, not a docx", "not a readable .docx"),
        (None, "is a zip file but not a Word document"),
    ],
)
def test_corrupt_or_non_docx_templates(tmp_path, data, message):
    """A non-zip or non-Word template is a clear error."""
    path = tmp_path / "bad.docx"
    if data is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        path.write_bytes(data)
    with pytest.raises(TemplateError, match=message):
        compile_template(path)


def test_broken_jinja_is_a_clear_error(tmp_path):
    """Unclosed tags are reported with the template's name."""
    with pytest.raises(TemplateError, match=r"template t\.docx has broken Jinja"):
        compile_template(_template(tmp_path, "{% if x %} never closed"))


def test_one_compiled_template_renders_many_contexts(tmp_path):
    """Compile once, render many (mail merge)."""
    template = compile_template(_template(tmp_path, "Dear {{ name }},"))
    assert [_text(template.render({"name": n})) for n in ("Ann", "Bo")] == ["Dear Ann,", "Dear Bo,"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=40,
    ).filter(lambda s: s.strip() == s and s)
)
def test_any_value_comes_out_exactly_as_typed(tmp_path, value):
    """& < > quotes, £, emoji, right-to-left text: rendered literally, never as markup."""
    template = compile_template(_template(tmp_path, "[{{ value }}]"))
    assert _text(template.render({"value": value})) == f"[{value}]"


def test_letter_template_fields_are_known():
    """The shipped letter template uses only fields the letter context provides."""
    fields = compile_template(REPO / "templates" / "letter.docx").fields
    assert {
        "salutation",
        "closing",
        "body[].runs",
        "signature_rows[].people[].lines[]",
        "letterhead.lines[]",
        "continuation",
        "references[].text",
    } <= fields


def test_docxtpl_escapes_print_brackets_in_the_template_only(tmp_path):
    """A template's {_{ prints {{ (docxtpl's escape); a value's {_{ comes out as typed."""
    template = compile_template(_template(tmp_path, "[{{ value }}] {_{ x }_} {_% y %_}"))
    assert _text(template.render({"value": "{_{ z }_} {_%"})) == "[{_{ z }_} {_%] {{ x }} {% y %}"

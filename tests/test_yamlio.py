from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from evidence.errors import SchemaError
from evidence.yamlio import parse_yaml, read_yaml, validate


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    size: int


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Item]


def test_malformed_yaml_names_file_and_line():
    """A YAML syntax error is one line with the file and line number; one found at the end
    of the file names its last line, not the one after it."""
    with pytest.raises(SchemaError) as err:
        parse_yaml("items:\n  - name: a\n    size: [1\n", Path("x.yaml"))
    assert str(err.value).startswith("x.yaml:3: malformed YAML")
    assert "(at the end of the file)" in str(err.value)
    with pytest.raises(SchemaError, match=r"^x.yaml:2: malformed YAML"):
        parse_yaml("a: [1\nb: 2", Path("x.yaml"))


def test_duplicate_keys_are_refused_not_collapsed():
    """YAML would keep the last of two equal keys; we refuse them."""
    with pytest.raises(SchemaError, match=r"x.yaml:3: duplicate key 'name'"):
        parse_yaml("items:\n  - name: a\n    name: b\n", Path("x.yaml"))


def test_unknown_field_names_the_field_path_and_its_line():
    """A typo in a key is an error at its own line, with the full field path."""
    doc = parse_yaml("items:\n  - name: a\n    size: 1\n  - name: b\n    sise: 2\n", Path("x.yaml"))
    with pytest.raises(SchemaError) as err:
        validate(doc, Doc)
    assert "x.yaml:5: items[1].sise: unknown field" in str(err.value)


def test_wrong_type_names_the_line_of_the_value():
    """A bad value points at its own line."""
    doc = parse_yaml("items:\n  - name: a\n    size: big\n", Path("x.yaml"))
    with pytest.raises(
        SchemaError, match=r"x.yaml:3: items\[0\].size: should be a number, not 'big'"
    ):
        validate(doc, Doc)


def test_non_utf8_and_missing_files_are_clear_errors(tmp_path: Path):
    """Binary and missing YAML files give one-line errors."""
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"name: \xff\n")
    with pytest.raises(SchemaError, match="not UTF-8"):
        read_yaml(bad)
    with pytest.raises(SchemaError, match="file not found"):
        read_yaml(tmp_path / "none.yaml")


def test_the_fast_parser_reads_exactly_what_the_python_one_reads():
    """libyaml (when present) and the pure-Python parser give the same data and lines for
    every YAML file of the repository; deep or bracket-heavy text never reaches libyaml."""
    import evidence.yamlio as yamlio
    from tests.conftest import REPO

    files = [p for p in REPO.rglob("*.yaml") if ".venv" not in p.parts]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = yamlio.parse_yaml(text, path)
        saved = yamlio._FAST
        yamlio._FAST = None
        try:
            slow = yamlio.parse_yaml(text, path)
        finally:
            yamlio._FAST = saved
        assert (fast.data, dict(fast.lines)) == (slow.data, dict(slow.lines)), path
    assert not yamlio._shallow("a: " + "[" * 40 + "]" * 40)
    assert not yamlio._shallow("\n".join(" " * i + "k:" for i in range(0, 80, 2)))
    assert yamlio._shallow((REPO / "facts.yaml").read_text(encoding="utf-8"))

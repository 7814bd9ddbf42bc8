from pathlib import Path

import pytest

from evidence.errors import SchemaError, SourceError
from evidence.sources import load_sources


def test_bundled_manifest_records_dates_as_the_texts_give_them():
    """Stated, inferred and unknown dates are kept apart; nothing is invented."""
    sources = load_sources(Path(__file__).parent.parent / "seeds" / "sources.yaml")
    assert len(sources) == 7
    dates = {sid: (s.meta.date.how, s.meta.date.label()) for sid, s in sources.items()}
    assert dates["scrimshaw-damning-ofsted-report"] == ("stated", "30 July 2019")
    assert dates["birch-motion-news"] == ("stated", "17 September 2019")
    assert dates["letter-to-anne-longfield"] == ("unknown", "n.d.")
    assert all(
        s.meta.publisher is None and s.meta.url is None
        for s in sources.values()
        if s.meta.kind != "report"
    )
    assert dates["ofsted-north-northamptonshire-2022"] == ("stated", "2022")
    assert not any(s.stale for s in sources.values())


def test_reader_comments_and_furniture_are_excluded_in_the_seeds():
    """The seeds' comments, survey prompts and menus are not citable."""
    sources = load_sources(Path(__file__).parent.parent / "seeds" / "sources.yaml")
    trust = sources["trust-plan-news"]
    assert [p.excluded for p in trust.segmentation.excluded] == ["reader comments"] * 3
    assert "Marilyn" not in "".join(trust.text[p.start : p.end] for p in trust.segmentation.citable)


def test_missing_source_file(make_dossier):
    """A source listed in the manifest but not on disk is a clear error."""
    root = make_dossier()
    (root / "seeds" / "a.txt").unlink()
    with pytest.raises(SourceError, match=r"a.txt: source file not found"):
        load_sources(root / "seeds" / "sources.yaml")


def test_non_utf8_source(make_dossier):
    """A source that is not UTF-8 names the byte and its offset."""
    root = make_dossier({"a.txt": b"caf\xe9 au lait\n"})
    with pytest.raises(SourceError, match=r"not UTF-8 text \(byte 0xe9 at offset 3\)"):
        load_sources(root / "seeds" / "sources.yaml")


def test_changed_source_is_stale_not_an_error(make_dossier):
    """A source edited after registration loads, flagged stale."""
    root = make_dossier()
    (root / "seeds" / "a.txt").write_text("Changed.\n", encoding="utf-8")
    assert load_sources(root / "seeds" / "sources.yaml")["src-0"].stale


def test_unknown_manifest_key_names_line(make_dossier):
    """A typo in the manifest is an error with its line."""
    root = make_dossier()
    manifest = root / "seeds" / "sources.yaml"
    manifest.write_text(manifest.read_text().replace("kind: news", "kind: news\n    publsher: X"))
    with pytest.raises(SchemaError, match=r"sources.yaml:6: sources\[0\].publsher: unknown field"):
        load_sources(manifest)


def test_inferred_date_needs_reason(make_dossier):
    """An inferred date without its reason is refused."""
    root = make_dossier()
    manifest = root / "seeds" / "sources.yaml"
    manifest.write_text(
        manifest.read_text().replace("{how: unknown}", "{how: inferred, value: 2019}")
    )
    with pytest.raises(SchemaError, match="an inferred date needs a reason"):
        load_sources(manifest)


def test_docx_sources_are_read_as_paragraphs(make_dossier, tmp_path):
    """A .docx source is read paragraph by paragraph."""
    import docx

    path = tmp_path / "s.docx"
    document = docx.Document()
    document.add_paragraph("First paragraph.")
    document.add_paragraph("The figure was 232.")
    document.save(str(path))
    root = make_dossier({"s.docx": path.read_bytes()})
    src = load_sources(root / "seeds" / "sources.yaml")["src-0"]
    assert [src.text[p.start : p.end] for p in src.segmentation.citable] == [
        "First paragraph.",
        "The figure was 232.",
    ]


def test_corrupt_docx_and_unsupported_formats(make_dossier):
    """A broken .docx, a file that is no PDF, and an unknown suffix are clear errors."""
    root = make_dossier({"s.docx": b"not a zip"})
    with pytest.raises(SourceError, match=r"is not a Word \.docx file"):
        load_sources(root / "seeds" / "sources.yaml")
    root = make_dossier({"s.pdf": b"<html>Not found</html>"}, name="pdf")
    with pytest.raises(SourceError, match=r"is not a PDF file"):
        load_sources(root / "seeds" / "sources.yaml")
    root = make_dossier({"s.odt": b"PK"}, name="odt")
    with pytest.raises(SourceError, match=r"unsupported source format '\.odt'"):
        load_sources(root / "seeds" / "sources.yaml")

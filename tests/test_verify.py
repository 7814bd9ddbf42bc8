from evidence.dossier import open_dossier
from evidence.sources import load_sources
from evidence.verify import check_quote, context, locate, word_diff
from tests.conftest import REPO


def _source(make_dossier, text):
    root = make_dossier({"a.txt": text})
    return load_sources(root / "seeds" / "sources.yaml")["src-0"]


def test_locator_is_computed_from_the_text(make_dossier):
    """Paragraph, sentence and character span come from the source, not the register."""
    text = "Intro.\n\nOne. Cases were “back to 232”. Three.\n"
    src = _source(make_dossier, text)
    loc = locate(src, 'Cases were "back to 232".')
    assert loc is not None
    assert (loc.paragraph, loc.first_sentence, loc.last_sentence) == (2, 2, 2)
    assert text[loc.start:loc.end] == "Cases were “back to 232”."
    assert loc.label() == "para. 2"
    assert context(src, loc) == ("", "Cases were “back to 232”.", "")


def test_quotes_match_across_whitespace_quote_and_dash_differences(make_dossier):
    """Only whitespace, quotes, apostrophes and dashes are normalised."""
    src = _source(make_dossier, "It’s a trust – the   council’s\nchoice.\n")
    assert check_quote(src, "It's a trust - the council's choice.").ok
    assert check_quote(src, "it's a trust - the council's choice.").status == "not-found"


def test_a_misquote_reports_the_closest_passage_and_the_difference(make_dossier):
    """A quote not found gives the nearest passage and a word diff."""
    src = _source(make_dossier, "Intro.\n\nUnallocated cases rose to an alarming figure of 232.\n")
    check = check_quote(src, "cases rose to an alarming figure of 230")
    assert check.status == "not-found"
    assert check.near is not None
    assert check.near.locator is not None and check.near.locator.paragraph == 2
    assert check.near.diff == "... an alarming figure of [-230-] {+232+}"


def test_quotes_in_comments_are_not_citable(make_dossier):
    """Text in readers' comments is found but refused as not citable."""
    src = _source(make_dossier, "Report.\n\n3 Comments\n\nThe council lied about 232.\n")
    check = check_quote(src, "The council lied about 232.")
    assert check.status == "not-citable"
    assert "after the comments marker" in (check.reason or "")


def test_a_changed_source_makes_its_quotes_stale(make_dossier):
    """Editing a source after registration makes even matching quotes stale."""
    root = make_dossier({"a.txt": "The figure was 232.\n"})
    (root / "seeds" / "a.txt").write_text("The figure was 232. Edited.\n", encoding="utf-8")
    src = load_sources(root / "seeds" / "sources.yaml")["src-0"]
    assert check_quote(src, "The figure was 232.").status == "stale"


def test_word_diff_keeps_context_around_changes():
    """Long equal runs are shortened to a few words either side of a change."""
    diff = word_diff("a b c d e f g h i j k", "a b c d e f X h i j k", context=2)
    assert diff == "... e f [-g-] {+X+} h i ..."


def test_every_bundled_locator_points_at_its_quote():
    """Each bundled fact's computed span holds its quote, normalised."""
    from evidence.normalise import normalise

    register = open_dossier(REPO).load()
    for report in register.reports:
        for check in report.checks:
            src = register.sources[check.source_id]
            assert check.locator is not None
            found = src.text[check.locator.start:check.locator.end]
            assert normalise(found) == normalise(check.quote)

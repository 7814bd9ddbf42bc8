import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.dossier import open_dossier
from evidence.segment import segment
from evidence.sources import Source, SourceMeta, load_sources
from evidence.verify import check_quote, context, locate, word_diff
from tests.conftest import REPO

_META = SourceMeta(
    id="x",
    file="x.txt",
    description="made up",
    kind="news",
    date={"how": "unknown"},
    sha256="0" * 64,
)


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
    assert text[loc.start : loc.end] == "Cases were “back to 232”."
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
            found = src.text[check.locator.start : check.locator.end]
            assert normalise(found) == normalise(check.quote)


def test_a_quote_cut_mid_word_does_not_verify(make_dossier):
    """'an alarming figure of 23' is not in a source that says 232; nor 'ate' in 'inadequate'."""
    src = _source(make_dossier, "Cases rose to an alarming figure of 232. It was inadequate.\n")
    assert check_quote(src, "an alarming figure of 232.").ok
    assert check_quote(src, "an alarming figure of 23").status == "not-found"
    assert check_quote(src, "larming figure").status == "not-found"
    assert check_quote(src, "It was inadequate").ok
    assert check_quote(src, "was inadequ").status == "not-found"


def test_whole_words_found_after_a_part_word_match(make_dossier):
    """The first occurrence may be inside a word; a later whole-word one still verifies."""
    src = _source(make_dossier, "Scatter cats everywhere. The cat sat.\n")
    loc = locate(src, "cat")
    assert loc is not None and src.text[loc.start : loc.end] == "cat" and loc.first_sentence == 2


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_quote_cut_inside_a_word_fails(data):
    """Property: a quote whose first or last word is cut short never verifies."""
    words = data.draw(
        st.lists(st.from_regex(r"[A-Za-z0-9]{2,8}", fullmatch=True), min_size=2, max_size=12)
    )
    text = " ".join(words) + "."
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i, len(words) - 1))
    quote_words = list(words[i : j + 1])
    cut_end = data.draw(st.booleans())
    if cut_end:
        quote_words[-1] = quote_words[-1][: data.draw(st.integers(1, len(quote_words[-1]) - 1))]
    else:
        quote_words[0] = quote_words[0][data.draw(st.integers(1, len(quote_words[0]) - 1)) :]
    quote = " ".join(quote_words)
    seg = segment(text)
    source = Source(_META, Path("x.txt"), text, "0" * 64, seg)
    # the cut quote might still occur as whole words elsewhere: then it is a real quote
    elsewhere = re.search(rf"(?<![A-Za-z0-9]){re.escape(quote)}(?![A-Za-z0-9])", text)
    assert (locate(source, quote) is not None) == bool(elsewhere)

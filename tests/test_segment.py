import pytest

from evidence.segment import segment


def texts(seg, *, citable):
    return [seg.text[p.start : p.end] for p in seg.paragraphs if p.citable == citable]


def test_blank_lines_and_closing_punctuation_end_paragraphs():
    """Blank lines end paragraphs; so does a line ending in closing punctuation."""
    seg = segment("One line.\nAnother line.\n\nA wrapped line that\ncontinues here.\n")
    assert texts(seg, citable=True) == [
        "One line.",
        "Another line.",
        "A wrapped line that\ncontinues here.",
    ]
    assert [p.number for p in seg.citable] == [1, 2, 3]


def test_sentences_do_not_split_after_cllr_mr_or_initials():
    """UK honorifics and initials do not end a sentence."""
    text = "Cllr. Jane Doe met Mr. J. Smith today. Dr. Who agreed! Then 3 left."
    seg = segment(text)
    sentences = [text[s.start : s.end] for s in seg.citable[0].sentences]
    assert sentences == [
        "Cllr. Jane Doe met Mr. J. Smith today.",
        "Dr. Who agreed!",
        "Then 3 left.",
    ]


def test_furniture_bylines_captions_and_surveys_are_not_citable():
    """Page furniture found by general rules is excluded and not numbered."""
    text = (
        "Council votes\n\nBy Ann Other on 3 May 2021\n\nTake our quick survey\n\n"
        "Have your say\n\nThe vote was 30 to 12.\n\n(Photo: the chamber)\n\n"
        "Share this article\n\nMore stories\n\nmenuarrow-down login\n"
    )
    seg = segment(text)
    assert texts(seg, citable=True) == ["Council votes", "The vote was 30 to 12."]
    assert [p.excluded for p in seg.excluded] == [
        "byline",
        "survey prompt",
        "survey prompt",
        "photo caption",
        "navigation",
        "navigation",
        "navigation",
    ]


def test_everything_after_a_comment_counter_is_excluded():
    """A comments marker starts the readers' comments, which are never citable."""
    text = "The article.\n\n12 Comments\n\nGreat piece!\n\nI disagree, 40 not 30.\n"
    seg = segment(text)
    assert texts(seg, citable=True) == ["The article."]
    assert [p.excluded for p in seg.excluded] == [
        "comment counter",
        "after the comments marker",
        "after the comments marker",
    ]


def test_unmarked_comments_start_where_the_manifest_says():
    """comments_begin marks the first unmarked reader comment and all after it."""
    text = "Report text.\nMore report.\nSo true, well said!\nNo it isn't.\n"
    seg = segment(text, comments_begin="So true")
    assert texts(seg, citable=True) == ["Report text.", "More report."]
    assert {p.excluded for p in seg.excluded} == {"reader comments"}


def test_comments_begin_that_is_not_there_is_an_error():
    """A comments_begin anchor that matches nothing is reported, not ignored."""
    try:
        segment("Text.\n", comments_begin="Nope")
    except ValueError as exc:
        assert "no paragraph starts with 'Nope'" in str(exc)
    else:
        raise AssertionError("expected ValueError")


def test_leading_date_metadata_is_cut_from_the_first_paragraph():
    """A scraped 'date 2019-09-17' prefix is metadata, the rest of the paragraph is citable."""
    seg = segment(" date 2019-09-17 A councillor spoke.\n")
    assert texts(seg, citable=True) == ["A councillor spoke."]
    assert seg.excluded[0].excluded == "metadata"


def test_spans_cover_the_text_exactly():
    """Every span indexes the original text; nothing overlaps."""
    text = "A.\n\nBy Jo Bloggs\n\nB is here. C too.\n"
    seg = segment(text)
    ends = 0
    for p in seg.paragraphs:
        assert p.start >= ends
        ends = p.end
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end


@pytest.mark.parametrize(
    "line",
    [
        "Click to access the login or register cheese crossmenuarrow-downarrow-right",
        "homechevron-leftchevron-right",
        "menuarrow-down login",
        "searchcaret-down",
        "(Photo above of the leader opening the new library)",
        "Picture: the council chamber",
        "Photo credit: Jo Bloggs",
        "Pictured: councillors at the vote",
        "Image | Council press office",
    ],
)
def test_general_furniture_rules_fire_on_made_up_debris(line):
    """Menu icon names and captions in any wording, not only the seeds', are not citable."""
    seg = segment(f"A real sentence.\n\n{line}\n\nAnother real one.\n")
    assert texts(seg, citable=False) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Members voted to narrow-down the options to two.",
        "The arrow-down icon means the figure fell.",
        "Picture this: 40 children placed out of county in one year.",
        "Photography budgets were cut in 2018.",
        "Images of the flooded library were shared widely.",
        "(The photographer was not named.) The council declined to comment.",
        "Menu prices at the canteen rose.",
    ],
)
def test_general_furniture_rules_spare_real_prose(line):
    """Prose that merely contains those words stays citable."""
    seg = segment(f"A real sentence.\n\n{line}\n")
    assert texts(seg, citable=True) == ["A real sentence.", line]

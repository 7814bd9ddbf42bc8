"""How a source cited again is given: in short, as "ibid", or in full; the references list.

UK notes (OSCOLA's form) give a source in full the first time and in short after that,
pointing back to the full note: "Birch and Stone (n 2), para. 6". A short title is added
where the author has another source in the document, or there is no author; "ibid" stands
for the source of the note just before, when that note cited it alone. The references list
gives each source once. Kinds of source read as words ("news report"), never as slugs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.docx.record import read_rendered
from drafting.references import cited_places, short_title
from evidence.sources import KIND_LABELS, SourceKind, SourceMeta, kind_label
from tests.conftest import REPO, body_texts
from tests.test_citations_pandoc import letter

runner = CliRunner()
# three facts from one letter (paras 6, 8, 4), one from a news report, two Ofsted reports
CASES, INADEQUATE, DIRECTORS = (
    "unallocated-cases-232",
    "ofsted-2019-three-of-four-inadequate",
    "seven-directors-seven-years",
)
NEWS = "trust-ordered-by-government"
NORTH, WEST = "ofsted-2022-north-requires-improvement", "ofsted-2022-west-requires-improvement"
FULL = (
    "Jane Birch and Danielle Stone, “Letter to Anne Longfield Children’s Commissioner” "
    "(letter, n.d.)"
)


def _notes(
    folder: Path, *body: str, options: tuple[str, ...] = (), dossier: Path = REPO
) -> list[str]:
    draft = letter(folder, *body)
    result = runner.invoke(
        app, ["--dossier", str(dossier), "render", str(draft), "--force", *options]
    )
    assert result.exit_code == 0, result.output
    return list(read_rendered(draft.with_suffix(".docx")).footnotes.values())


BODY = (
    f"One [@{CASES}].",
    f"Two [@{INADEQUATE}].",
    f"Three [@{NEWS}].",
    f"Four [@{CASES}].",
    f"Five [@{CASES}].",
    f"Six [@{DIRECTORS}; @{NEWS}].",
    f"Seven [see @{DIRECTORS}].",
)


def test_a_source_is_given_in_full_once_then_in_short(tmp_path):
    notes = _notes(tmp_path, *BODY)
    assert notes[0] == f"{FULL}, para. 6."
    assert notes[1] == "Birch and Stone (n 1), para. 8."  # another fact, the same letter
    assert notes[2].startswith("[") and "(news report, " in notes[2]  # a news report, in full
    assert notes[3] == notes[4] == "Birch and Stone (n 1), para. 6."
    assert notes[5].startswith("Birch and Stone (n 1), para. 4. [")  # two sources in a note
    assert notes[5].endswith("…] (n 3), para. 4.")  # no author: the description, shortened
    assert notes[6] == "See Birch and Stone (n 1), para. 4."


def test_ibid_stands_for_the_note_just_before_when_it_cited_that_source_alone(tmp_path):
    notes = _notes(tmp_path, *BODY, options=("--repeats", "ibid"))
    assert notes[0] == f"{FULL}, para. 6."
    assert notes[1] == "Ibid, para. 8."
    assert notes[3] == "Birch and Stone (n 1), para. 6."  # after a note citing another source
    assert notes[4] == "Ibid."  # the same place as the note before
    assert notes[5].startswith("Birch and Stone (n 1), para. 4.")  # a note of two: no ibid
    assert notes[6] == "See Birch and Stone (n 1), para. 4."  # after a note of two


def test_full_repeats_every_reference_whole(tmp_path):
    notes = _notes(tmp_path, *BODY, options=("--repeats", "full"))
    assert notes[1] == f"{FULL}, para. 8." and notes[4] == f"{FULL}, para. 6."


def test_the_short_title_tells_two_sources_of_one_publisher_apart(tmp_path):
    notes = _notes(
        tmp_path,
        f"North [@{NORTH}].",
        f"West [@{WEST}].",
        f"North again [@{NORTH}].",
        f"West again [@{WEST}].",
    )
    assert notes[0].startswith(
        "Ofsted, “Inspection of North Northamptonshire local authority "
        "children’s services” (report, 2022)"
    )
    assert notes[2].startswith(
        "Ofsted, “Inspection of North Northamptonshire local authority…” (n 1), "
    )
    assert notes[3].startswith(
        "Ofsted, “Inspection of West Northamptonshire local authority…” (n 2), "
    )


def test_an_author_the_sentence_names_is_left_out_of_the_short_form_too(tmp_path):
    notes = _notes(tmp_path, f"One [@{CASES}].", f"Their letter says so [-@{INADEQUATE}].")
    assert notes[1] == "“Letter to Anne Longfield Children’s Commissioner” (n 1), para. 8."


def test_the_dossier_sets_how_repeats_are_given(tmp_path, bundled_copy):
    config = bundled_copy / "dossier.yaml"
    config.write_text(config.read_text() + "citations:\n  repeats: ibid\n", encoding="utf-8")
    notes = _notes(tmp_path, *BODY[:2], dossier=bundled_copy)
    assert notes[1] == "Ibid, para. 8."
    notes = _notes(tmp_path, *BODY[:2], options=("--repeats", "short"), dossier=bundled_copy)
    assert notes[1] == "Birch and Stone (n 1), para. 8."  # the command says otherwise


def test_an_unknown_dossier_citation_setting_is_a_clear_error(tmp_path, bundled_copy):
    config = bundled_copy / "dossier.yaml"
    config.write_text(config.read_text() + "citations:\n  repeats: op-cit\n", encoding="utf-8")
    result = runner.invoke(
        app, ["--dossier", str(bundled_copy), "render", str(letter(tmp_path, BODY[0]))]
    )
    assert result.exit_code == 2 and "citations.repeats" in result.output, result.output
    assert "Traceback" not in result.output


def test_the_references_list_gives_each_source_once_with_its_places(tmp_path):
    draft = letter(tmp_path, *BODY)
    result = runner.invoke(
        app, ["--dossier", str(REPO), "render", str(draft), "--citations", "references"]
    )
    assert result.exit_code == 0, result.output
    texts = body_texts(draft.with_suffix(".docx"))
    refs = texts[texts.index("References") + 1 :]
    assert len(refs) == 2
    assert refs[0] == f"1. {FULL}. Cited at paras. 4, 6, 8."
    assert refs[1].startswith("2. [") and refs[1].endswith(" Cited at para. 4.")
    assert "One1." in texts and "Two1." in texts and "Six1,2." in texts


@pytest.mark.parametrize(
    ("places", "joined"),
    [
        (["para. 8", "para. 4", "para. 8"], "paras. 4, 8"),
        (["para. 2.1", "para. 10", "para. 2.3"], "paras. 2.1, 2.3, 10"),
        (["p. 5, para. 14", "para. 3", "p. 5, para. 14"], "para. 3; p. 5, para. 14"),
        (["para. 6, emphasis added", ""], "para. 6, emphasis added"),
        ([], ""),
    ],
)
def test_places_cited_in_a_source_are_listed_once_in_order(places, joined):
    assert cited_places(places) == joined


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("Letter to the Chief Executive", "“Letter to the Chief Executive”"),
        ("Inspection of Somewhere: inspection dates 1 to 12 May 2023", "“Inspection of Somewhere”"),
        ("Annual report – children's services 2021", "“Annual report”"),
        ("A very long title that goes on for many more words", "“A very long title that goes…”"),
        ("Self-harm: a review", "“Self-harm”"),  # a hyphen inside a word is no subtitle
    ],
)
def test_a_short_title_is_the_main_title_in_six_words_at_most(title, short):
    meta = SourceMeta.model_validate(
        {
            "id": "s",
            "file": "s.txt",
            "title": title,
            "description": "a report",
            "kind": "report",
            "date": {"how": "unknown"},
            "sha256": "0" * 64,
        }
    )
    assert short_title(meta) == short


def test_every_kind_of_source_reads_as_words():
    """No slug ("press-release") reaches a reader; "other" is not named at all."""
    from typing import get_args

    assert set(KIND_LABELS) == set(get_args(SourceKind))
    assert kind_label("press-release") == "press release" and kind_label("news") == "news report"
    assert kind_label("other") is None
    assert all("-" not in label for label in KIND_LABELS.values() if label)

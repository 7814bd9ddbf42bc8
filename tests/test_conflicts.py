"""Conflicts: three made-up articles plant five disagreements; exactly those are found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from drafting.cli import app
from evidence.add import add_source, read_document
from evidence.conflicts import conflict_groups, near, overlap, read_figure, titles_clash
from evidence.dates import PartialDate
from evidence.dossier import open_dossier
from evidence.register import FactFigure
from evidence.sources import DateInfo, SourceMeta
from evidence.yamledit import append_entry
from tests.conftest import REPO, copy_bundled, drafting

runner = CliRunner()
WEXHAM = REPO / "tests" / "data" / "wexham"
#: (handle, id, options) of each fact accepted from the articles.
ACCEPTED = [
    ("gazette:2.1", "waiting-148", ["--measure", "children-waiting", "--as-at", "2023-03"]),
    ("echo:3.1", "waiting-150", ["--measure", "children-waiting", "--as-at", "2023-03"]),
    ("families:2.1", "waiting-over-200", ["--measure", "children-waiting", "--as-at", "2023-03"]),
    ("gazette:3.1", "first-inadequate-2011", ["--event", "first-inadequate", "--as-at", "2011"]),
    ("echo:4.1", "first-inadequate-2012", ["--event", "first-inadequate", "--as-at", "2012"]),
    ("gazette:4.1", "inspection-march", ["--event", "inspection-2023", "--as-at", "2023-03"]),
    ("echo:5.1", "report-april", ["--event", "inspection-2023", "--as-at", "2023-04"]),
    ("families:3.1", "inspectors-visited", ["--event", "inspection-2023", "--as-at", "2023-03"]),
    ("gazette:5.1", "saving-a-year", ["--measure", "case-system-saving", "--as-at", "2018"]),
    ("echo:6.1", "saving-2017-18", ["--measure", "case-system-saving", "--as-at", "2018"]),
    ("families:4.1", "group-members", ["--measure", "group-members", "--as-at", "2023-05"]),
]


def cli(root: Path, *args: str) -> Result:
    return drafting("evidence", *args, dossier=root)


@pytest.fixture(scope="session")
def wexham_built(tmp_path_factory: pytest.TempPathFactory, repo_reads: Path) -> Path:
    """The bundled dossier with the three articles added and their facts accepted, and the
    director's two titles in people.yaml, as a user would record them: built once a session."""
    bundled_copy = copy_bundled(tmp_path_factory.mktemp("wexham") / "dossier", repo_reads)
    dossier = open_dossier(bundled_copy)
    for name, sid, publisher in [
        ("wexham-gazette.txt", "gazette", "Wexham Gazette"),
        ("wexham-echo.md", "echo", "Wexham Echo"),
        ("wexham-families.html", "families", None),
    ]:
        document = read_document(WEXHAM / name)
        add_source(
            dossier,
            document,
            SourceMeta(
                id=sid,
                file=document.keep_as,
                description=f"Made-up article {name}",
                kind="news",
                publisher=publisher,
                date=DateInfo(how="unknown"),
                sha256=document.sha256,
            ),
        )
    for handle, fact_id, options in ACCEPTED:
        result = cli(bundled_copy, "accept", handle, "--id", fact_id, *options)
        assert result.exit_code == 0, result.output
    append_entry(
        bundled_copy / "people.yaml",
        "people",
        {
            "id": "sarah-blythe",
            "name": "Sarah Blythe",
            "standing": "office-holder",
            "roles": [
                {
                    "title": "Interim director of children's services",
                    "as_at": "2023-03",
                    "source": "gazette",
                },
                {"title": "Director of children's services", "as_at": "2023-04", "source": "echo"},
            ],
        },
    )
    return bundled_copy


@pytest.fixture
def wexham(wexham_built: Path, tmp_path: Path) -> Path:
    """A test's own copy of the Wexham dossier (a test may change it)."""
    return Path(shutil.copytree(wexham_built, tmp_path / "wexham"))


def test_every_planted_disagreement_and_nothing_else(wexham):
    """Five groups: the three counts, the rate against the one-year figure, the two first
    ratings, the inspection against its report, the two titles. The agreeing visit date
    joins its event's group; the group's member count is no conflict. (The sixth is the
    bundled dossier's own: the trust's planned start against the day it took over.)"""
    groups = {(g.kind, g.key): g for g in conflict_groups(open_dossier(wexham).load())}
    assert set(groups) == {
        ("values", "children-waiting"),
        ("values", "case-system-saving"),
        ("dates", "first-inadequate"),
        ("dates", "inspection-2023"),
        ("titles", "sarah-blythe"),
        ("dates", "trust-takes-over"),
    }
    waiting = groups[("values", "children-waiting")]
    assert set(waiting.facts) == {"waiting-148", "waiting-150", "waiting-over-200"}
    assert "more than 200 children" in {m.shown.split(" (")[0] for m in waiting.members}
    assert "2 independent publishers" in waiting.independent
    assert "publisher unknown for families" in waiting.independent
    assert (
        groups[("values", "case-system-saving")].note
        == "an annual rate set against a one-year figure: not the same claim"
    )
    assert (
        groups[("dates", "inspection-2023")].note
        == "the date of an inspection versus the date its report was published"
    )
    assert groups[("dates", "first-inadequate")].note is None


def test_cli_formats_and_exit_code(wexham):
    """table, md and json; exit 1 when any group exists (the bundled dossier has one: the
    trust's planned start against the day it took over, in Ofsted's 2022 reports)."""
    table = cli(wexham, "conflicts")
    assert table.exit_code == 1 and "6 conflict group(s)" in table.output
    assert "likely confusion: the date of an inspection" in table.output
    data = json.loads(cli(wexham, "conflicts", "--format", "json").output)
    assert len(data) == 6 and {"id", "gives", "statement", "sources"} <= set(data[0]["facts"][0])
    md = cli(wexham, "conflicts", "--format", "md").output
    assert md.startswith("# Conflicts") and "| `waiting-148` |" in md
    bundled = cli(REPO, "conflicts", "--format", "json")
    assert bundled.exit_code == 1
    assert [
        (g["key"], sorted(f["id"] for f in g["facts"])) for g in json.loads(bundled.output)
    ] == [("trust-takes-over", ["trust-planned-start-june-2020", "trust-took-over-2020-11"])]


def test_review_warns_on_a_conflicted_fact_cited_as_settled(wexham, tmp_path):
    """Citing one of the disagreeing counts bare warns; "reported as" does not, nor citing
    the other account in the same sentence."""
    draft = tmp_path / "d.yaml"
    base = ["--dossier", str(wexham), "review", str(draft)]
    draft.write_text(
        "kind: letter\nsenders: [{name: A}]\nrecipient: {name: B}\n"
        "body: ['There were 148 children waiting [@waiting-148].']\n"
    )
    result = runner.invoke(app, base)
    assert "disputed-fact" in result.output and "waiting-150" in result.output
    draft.write_text(
        "kind: letter\nsenders: [{name: A}]\nrecipient: {name: B}\n"
        "body: ['The number waiting was reported as 148 [@waiting-148].']\n"
    )
    assert "disputed-fact" not in runner.invoke(app, base).output
    draft.write_text(
        "kind: letter\nsenders: [{name: A}]\nrecipient: {name: B}\n"
        "body: ['There were 148 children waiting [@waiting-148], or 150 by another "
        "count [@waiting-150].']\n"
    )
    assert "disputed-fact" not in runner.invoke(app, base).output  # both accounts cited
    draft.write_text(
        "kind: letter\nsenders: [{name: A}]\nrecipient: {name: B}\n"
        "body: ['There were 148 children waiting [@waiting-148]. Another paper "
        "said 150 [@waiting-150].']\n"
    )
    assert "disputed-fact" in runner.invoke(app, base).output  # not in the same sentence


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("more than 200 children were waiting", FactFigure(value=200, bound=">", unit="children")),
        ("saving up to £3m a year", FactFigure(value=3e6, bound="<=", unit="£", per="year")),
        ("it saved £3m in 2017/18", FactFigure(value=3e6, unit="£", in_period="2017/18")),
        ("at least 40 per cent", FactFigure(value=40, bound=">=", unit="per cent")),
        ("In 2019 the council met", None),
    ],
)
def test_figures_read_from_words(text, figure):
    """Bound, unit, rate or one period, from the words around the figure; a year is not one."""
    assert read_figure(text) == figure


def test_dates_titles_and_bounds_in_both_directions():
    """Overlap to each date's precision; near within three months; titles of one rank with
    another standing clash, rewordings do not; a bound and a value conflict only when no
    value satisfies both."""
    d = PartialDate
    assert overlap(d(2019, 6), d(2019, 6, 17)) and not overlap(d(2011), d(2012))
    assert near(d(2023, 3), d(2023, 4)) and not near(d(2023, 1), d(2023, 9))
    assert titles_clash("Leader of the council", "Deputy Leader")
    assert not titles_clash("Labour councillor", "Labour's Deputy Leader; councillor for X")
    over = FactFigure(value=200, bound=">")
    assert over.interval()[0] > 200 and FactFigure(value=250).interval() == (250, 250)

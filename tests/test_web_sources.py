"""Adding a source in the browser: upload or paste, describe, candidates, accept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidence.dossier import open_dossier
from tests.test_web import client

CUTTING = (
    "Council spending on agency staff\n\n"
    "By Jane Reporter, 3 March 2021\n\n"
    "The council spent £4.2 million on agency social workers in 2020, the finance report says.\n\n"
    "The chief executive said the figure would fall next year.\n"
)


@pytest.fixture
def dossier(make_dossier) -> Path:
    root = make_dossier()
    (root / "drafts").mkdir()
    return root


def _token(page: str) -> str:
    return re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]


def test_a_pasted_cutting_is_described_added_and_a_candidate_accepted(dossier: Path):
    c = client(dossier)
    asked = c.post("/sources/add", data={"text": CUTTING, "name": "agency.txt"})
    assert asked.status_code == 200
    page = asked.text
    assert 'value="Council spending on agency staff"' in page  # offered, shown, changeable
    assert "agency.txt" in page
    token = _token(page)
    bad = c.post(
        "/sources/add/describe",
        data={"token": token, "title": "Agency spending", "kind": "news", "date": "2021-02-30"},
    )
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text
    assert "2021-02-30" in bad.text  # what was typed is kept
    assert "agency.txt" not in (dossier / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    added = c.post(
        "/sources/add/describe",
        data={"token": token, "title": "Agency spending", "kind": "news", "date": "2021-03-03"},
    )
    assert added.status_code == 303
    assert added.headers["location"] == "/sources/agency-spending/candidates"
    listed = c.get(added.headers["location"]).text
    assert "£4.2 million" in listed and 'name="handle"' in listed
    handle = re.search(r'name="handle" value="([^"]+)"', listed).group(1)  # type: ignore[union-attr]
    quote = re.search(r'name="quote" value="([^"]+)"', listed).group(1)  # type: ignore[union-attr]
    accepted = c.post(
        "/sources/agency-spending/accept",
        data={
            "handle": handle,
            "quote": quote.replace("&#39;", "'").replace("&amp;", "&"),
            "id": "agency-spend-2020",
            "statement": "The council spent £4.2 million on agency social workers in 2020.",
            "kind": "statistic",
            "as_at": "2020",
        },
    )
    assert (
        accepted.status_code == 303 and accepted.headers["location"] == "/facts/agency-spend-2020"
    )
    assert "verified" in c.get("/facts/agency-spend-2020").text
    register = open_dossier(dossier).load()
    assert register.report("agency-spend-2020").ok
    uploads = dossier / ".drafting-cache" / "uploads"
    assert not [p for p in uploads.iterdir() if p.is_dir()]  # the upload is swept away


def test_the_same_text_twice_is_refused_and_nothing_is_written(dossier: Path):
    c = client(dossier)
    first = _token(c.post("/sources/add", data={"text": CUTTING, "name": "agency.txt"}).text)
    c.post("/sources/add/describe", data={"token": first, "title": "Agency", "kind": "news"})
    manifest = (dossier / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    again = c.post("/sources/add", data={"text": CUTTING, "name": "b.txt"})
    assert again.status_code == 400 and "as agency (the same text); nothing was added" in again.text
    assert (dossier / "seeds" / "sources.yaml").read_text(encoding="utf-8") == manifest
    uploads = dossier / ".drafting-cache" / "uploads"
    assert not [p for p in uploads.iterdir() if p.is_dir()]  # the refused upload is not kept


def test_a_stale_or_forged_acceptance_is_refused(dossier: Path):
    c = client(dossier)
    token = _token(c.post("/sources/add", data={"text": CUTTING, "name": "agency.txt"}).text)
    c.post("/sources/add/describe", data={"token": token, "title": "Agency", "kind": "news"})
    facts = (dossier / "facts.yaml").read_text(encoding="utf-8")
    stale = c.post(
        "/sources/agency/accept",
        data={"handle": "agency:2.1", "quote": "Words it no longer has.", "id": "x-fact"},
    )
    assert stale.status_code == 400 and "no longer reads" in stale.text
    other = c.post("/sources/agency/accept", data={"handle": "src-0:1.1", "id": "y-fact"})
    assert other.status_code == 404
    assert (dossier / "facts.yaml").read_text(encoding="utf-8") == facts


@pytest.mark.parametrize("token", ["../../facts", "0" * 32, "not-hex"])
def test_an_upload_token_reaches_nothing_else(dossier: Path, token: str):
    c = client(dossier)
    response = c.post("/sources/add/describe", data={"token": token, "title": "X"})
    assert response.status_code == 404 and "upload the document again" in response.text


def test_nothing_chosen_and_a_hostile_name_are_handled(dossier: Path):
    c = client(dossier)
    assert c.post("/sources/add", data={"text": "  "}).status_code == 400
    page = c.post(
        "/sources/add",
        files={"document": ("../../../etc/<b>passwd</b>.txt", CUTTING.encode(), "text/plain")},
    ).text
    assert "<b>" not in page and "</b>" not in page
    kept = list((dossier / ".drafting-cache" / "uploads").rglob("*.txt"))
    assert len(kept) == 1 and kept[0].parent.parent.name == "uploads"
    assert re.fullmatch(r"[A-Za-z0-9._-]+", kept[0].name)


def test_an_unknown_source_has_no_candidates_page(dossier: Path):
    response = client(dossier).get("/sources/nothing/candidates")
    assert response.status_code == 400 and "no source &#39;nothing&#39;" in response.text


def test_two_people_accepting_one_candidate_the_second_is_refused(dossier: Path):
    """Both listed it as open; the first makes the fact, the second is told, nothing lost."""
    first, second = client(dossier), client(dossier)
    token = _token(first.post("/sources/add", data={"text": CUTTING, "name": "agency.txt"}).text)
    first.post("/sources/add/describe", data={"token": token, "title": "Agency", "kind": "news"})
    listed = second.get("/sources/agency/candidates").text
    handle = re.search(r'name="handle" value="([^"]+)"', listed).group(1)  # type: ignore[union-attr]
    done = first.post("/sources/agency/accept", data={"handle": handle, "id": "first-fact"})
    assert done.status_code == 303
    facts = (dossier / "facts.yaml").read_text(encoding="utf-8")
    late = second.post("/sources/agency/accept", data={"handle": handle, "id": "second-fact"})
    assert late.status_code == 400 and "first-fact" in late.text and "already" in late.text
    assert (dossier / "facts.yaml").read_text(encoding="utf-8") == facts

"""The web face (``drafting serve``), driven through Starlette's test client.

Who gets in, what each page shows, drafts edited by two people at once, rendering and
reviewing, and hostile input: markup in the register, paths in names, foreign origins.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from drafting.web.app import create_app
from tests.conftest import drafting

KEY = "the-key"
LETTER = (
    "kind: letter\nsenders:\n  - {name: Jo Bloggs, role: Councillor}\n"
    "recipient: {name: Anne Longfield, honorific: Ms}\nsubject: Figures\n"
    "body:\n  - The figure was 232 [@tiny-figure].\n"
)
HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


@pytest.fixture
def tiny(make_dossier) -> Path:
    root = make_dossier(
        facts=(
            "facts:\n  - id: tiny-figure\n"
            f'    statement: "The figure was 232. {HOSTILE}"\n    kind: statistic\n'
            "    citations:\n      - {source: src-0, quote: The figure was 232.}\n"
        )
    )
    (root / "drafts").mkdir()
    (root / "drafts" / "letter.yaml").write_text(LETTER, encoding="utf-8")
    return root


def client(root: Path, *, signed_in: bool = True) -> TestClient:
    c = TestClient(create_app(root, KEY), follow_redirects=False)
    if signed_in:
        assert c.get(f"/?key={KEY}").status_code == 303
    return c


def test_only_the_key_holder_gets_in(tiny: Path):
    stranger = client(tiny, signed_in=False)
    for path in ("/", "/facts", "/drafts/letter.yaml", "/exports/facts.csv"):
        refused = stranger.get(path)
        assert refused.status_code == 403 and "carries the key" in refused.text
    assert stranger.get("/?key=wrong").status_code == 403
    stranger.cookies.set("drafting_session", "forged.value.here")
    assert stranger.get("/").status_code == 403
    welcomed = stranger.get(f"/facts?topic=&key={KEY}")
    assert welcomed.status_code == 303 and welcomed.headers["location"] == "/facts?topic="
    cookie = welcomed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert stranger.get("/facts").status_code == 200


def test_every_page_says_what_the_browser_may_load(tiny: Path):
    response = client(tiny).get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_dossier_pages_show_the_register(tiny: Path):
    c = client(tiny)
    assert "1 facts" in c.get("/").text
    assert "src-0" in c.get("/sources").text
    facts = c.get("/facts").text
    assert 'href="/facts/tiny-figure"' in facts and "verified" in facts
    fact = c.get("/facts/tiny-figure").text
    assert "<mark>The figure was 232.</mark>" in fact and "[@tiny-figure]" in fact
    hits = c.get("/search?q=figure").text
    assert "<mark>figure</mark>" in hits and 'href="/facts/tiny-figure"' in hits
    assert c.get("/conflicts").status_code == 200
    assert "tiny-figure" in c.get("/chronology").text
    export = c.get("/exports/facts.csv")
    assert export.status_code == 200 and "tiny-figure" in export.text
    assert "attachment" in export.headers["content-disposition"]


def test_markup_in_the_register_shows_as_text(tiny: Path):
    c = client(tiny)
    for path in ("/facts", "/facts/tiny-figure", "/search?q=figure"):
        page = c.get(path).text
        assert "<script>alert" not in page and "<b>bold</b>" not in page, path
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;" in c.get("/facts").text


def test_a_search_the_index_cannot_read_is_a_message(tiny: Path):
    response = client(tiny).get('/search?q="unclosed')
    assert response.status_code in (200, 400)
    assert "Traceback" not in response.text


def test_unknown_things_are_not_found_with_a_way_on(tiny: Path):
    c = client(tiny)
    missing = c.get("/facts/tiny-figur")
    assert missing.status_code == 404 and "tiny-figure" in missing.text
    assert c.get("/exports/secrets.txt").status_code == 404
    assert c.get("/facts?topic=nothing").status_code == 400


@pytest.mark.parametrize(
    "name", ["..%2Ffacts.yaml", "%2Fetc%2Fpasswd", "letter.txt", "..yaml", " letter.yaml"]
)
def test_no_path_outside_the_drafts_folder_is_reachable(tiny: Path, name: str):
    c = client(tiny)
    assert c.get(f"/drafts/{name}").status_code == 404
    assert c.post(f"/drafts/{name}", data={"text": "x", "version": "new"}).status_code == 404
    assert (tiny / "facts.yaml").read_text(encoding="utf-8").startswith("facts:")


def test_a_symlinked_draft_is_refused(tiny: Path, tmp_path: Path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(LETTER, encoding="utf-8")
    (tiny / "drafts" / "link.yaml").symlink_to(outside)
    assert client(tiny).get("/drafts/link.yaml").status_code == 404


def test_the_editor_reviews_the_text_as_it_is_typed(tiny: Path):
    c = client(tiny)
    page = c.get("/drafts/letter.yaml").text
    assert "every citation checks out" in page and 'hx-post="/drafts/letter.yaml/review"' in page
    wrong = c.post(
        "/drafts/letter.yaml/review", data={"text": LETTER.replace("tiny-figure", "tiny-figur")}
    ).text
    assert "unknown-fact" in wrong and "Did you mean: tiny-figure" in wrong
    broken = c.post("/drafts/letter.yaml/review", data={"text": "kind: letter\n  bad: [\n"}).text
    assert "Not readable yet" in broken and "malformed YAML" in broken
    assert (tiny / "drafts" / "letter.yaml").read_text(encoding="utf-8") == LETTER  # not saved


def test_saving_checks_the_version_the_editor_opened(tiny: Path):
    """Two people editing one draft: the second save is refused and nothing is lost."""
    path = tiny / "drafts" / "letter.yaml"
    first, second = client(tiny), client(tiny)
    opened = first.get("/drafts/letter.yaml").text
    version = opened.split('name="version" value="')[1].split('"')[0]
    assert second.get("/drafts/letter.yaml").status_code == 200
    mine = LETTER.replace("Figures", "Mine")
    saved = first.post("/drafts/letter.yaml", data={"text": mine, "version": version})
    assert saved.status_code == 303 and saved.headers["location"] == "/drafts/letter.yaml?saved=1"
    assert path.read_text(encoding="utf-8") == mine
    theirs = LETTER.replace("Figures", "Theirs\r")
    stale = second.post("/drafts/letter.yaml", data={"text": theirs, "version": version})
    assert stale.status_code == 409 and "Nothing was written" in stale.text
    assert "Theirs" in stale.text  # their text is given back to copy
    assert path.read_text(encoding="utf-8") == mine
    assert not list(path.parent.glob(".*.tmp"))


def test_line_endings_from_the_browser_are_saved_as_the_command_line_writes(tiny: Path):
    c = client(tiny)
    path = tiny / "drafts" / "letter.yaml"
    version = c.get("/drafts/letter.yaml").text.split('name="version" value="')[1].split('"')[0]
    c.post("/drafts/letter.yaml", data={"text": LETTER.replace("\n", "\r\n"), "version": version})
    assert path.read_bytes() == LETTER.encode()


def test_a_new_draft_is_made_from_the_questions_drafting_new_asks(tiny: Path):
    from drafting.kinds import load_draft

    c = client(tiny)
    form = c.get("/drafts/new?kind=motion&name=my%20motion").text
    for field in ("council", "meeting.date", "proposer.name", "sections.0"):
        assert f'name="{field}"' in form
    answers = {
        "kind": "motion",
        "name": "my motion",
        "council": "Tiny Council",
        "meeting.body": "Council",
        "meeting.date": "2026-13-01",
        "title": "Figures",
        "proposer.name": "Cllr Jo Bloggs",
        "seconder.name": "",
        "sections.0": "the figure was 232 [@tiny-figure].\nIt matters.",
    }
    refused = c.post("/drafts/new", data=answers)
    assert refused.status_code == 400
    assert "is not a real date" in refused.text and "an answer is needed" in refused.text
    assert 'value="Cllr Jo Bloggs"' in refused.text  # what was typed is kept
    assert not (tiny / "drafts" / "my motion.yaml").exists()
    made = c.post(
        "/drafts/new", data={**answers, "meeting.date": "2026-12-10", "seconder.name": "Sam"}
    )
    assert made.status_code == 303 and made.headers["location"] == "/drafts/my%20motion.yaml"
    draft = load_draft(tiny / "drafts" / "my motion.yaml").draft
    assert list(draft.sections[0].clauses) == ["the figure was 232 [@tiny-figure].", "It matters."]
    assert draft.seconder.name == "Sam"


def test_a_new_draft_never_replaces_one(tiny: Path):
    c = client(tiny)
    again = c.post(
        "/drafts/new",
        data={"kind": "letter", "name": "letter", "senders.0.name": "Jo", "subject": "Hi"},
    )
    assert again.status_code == 400 and "there already" in again.text
    assert (tiny / "drafts" / "letter.yaml").read_text(encoding="utf-8") == LETTER
    assert c.get("/drafts/new?kind=poem").status_code == 400
    incomplete = c.post(
        "/drafts/new",
        data={"kind": "letter", "name": "new", "senders.0.name": "Jo", "subject": "Hi"},
    )
    assert incomplete.status_code == 400 and "recipient" in incomplete.text
    assert not (tiny / "drafts" / "new.yaml").exists()


def test_the_fact_picker_finds_facts_to_cite(tiny: Path):
    c = client(tiny)
    picked = c.get("/pick?q=figure").text
    assert 'data-cite="[@tiny-figure]"' in picked
    assert "No fact" in c.get("/pick?q=nothingatall").text
    assert c.get('/pick?q="unclosed').status_code == 200  # half-typed: no error while typing


def test_a_motion_is_checked_against_standing_orders(tiny: Path):
    c = client(tiny)
    motion = (
        "kind: motion\ntitle: Figures\ncouncil: Tiny Council\n"
        "meeting: {body: Council, date: '2019-09-26'}\n"
        "proposer: {name: Cllr A}\nseconder: {name: Cllr B}\n"
        "sections:\n  - heading: This Council notes\n    clauses:\n"
        "      - the figure was 232 [@tiny-figure].\n"
    )
    checked = c.post("/drafts/letter.yaml/check", data={"text": motion}).text
    assert "check (" in checked and "deadline" in checked.lower()
    letter = c.post("/drafts/letter.yaml/check", data={"text": LETTER}).text
    assert "bad" in letter  # a letter has no rules: said, not crashed


def test_a_draft_renders_to_a_word_document_with_its_footnote(tiny: Path):
    c = client(tiny)
    response = c.post("/drafts/letter.yaml/render", data={"text": LETTER})
    assert response.status_code == 200
    assert 'filename="letter.docx"' in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        assert (
            "Made-up source 0] (news report, n.d.), para. 2."
            in docx.read("word/footnotes.xml").decode()
        )
    assert not (tiny / "drafts" / "letter.docx").exists()  # downloaded, not written


def test_a_draft_review_refuses_to_render_is_a_message(tiny: Path):
    response = client(tiny).post(
        "/drafts/letter.yaml/render", data={"text": LETTER.replace("tiny-figure", "nothing")}
    )
    assert response.status_code == 400 and "nothing was written" in response.text


def test_a_form_from_another_site_is_refused(tiny: Path):
    c = client(tiny)
    forged = c.post(
        "/drafts/letter.yaml",
        data={"text": "kind: letter\n", "version": "x"},
        headers={"origin": "https://evil.example"},
    )
    assert forged.status_code == 403
    assert (tiny / "drafts" / "letter.yaml").read_text(encoding="utf-8") == LETTER


def test_a_word_document_is_reviewed(tiny: Path, tmp_path: Path):
    c = client(tiny)
    rendered = c.post("/drafts/letter.yaml/render", data={"text": LETTER}).content
    response = c.post(
        "/review",
        files={"document": ("../../letter.docx", rendered, "application/octet-stream")},
    )
    assert response.status_code == 200 and "tiny-figure" in response.text
    assert "../../letter.docx" in response.text  # shown as text, never used as a path
    not_docx = c.post("/review", files={"document": ("notes.txt", b"hello", "text/plain")})
    assert not_docx.status_code == 400 and "not a .docx" in not_docx.text
    annex = c.post("/review/annex", files={"document": ("C:\\My Docs\\letter.docx", rendered, "x")})
    assert annex.status_code == 200 and 'filename="letter-annex.docx"' in str(annex.headers)
    with zipfile.ZipFile(io.BytesIO(annex.content)) as docx:
        body = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode())
    assert "Document: letter.docx" in body and "The figure was 232." in body
    corrupt = c.post("/review", files={"document": ("bad.docx", b"PK\x03\x04junk", "x")})
    assert corrupt.status_code == 400 and "Traceback" not in corrupt.text


def test_a_failure_inside_shows_one_line_not_a_traceback(tiny: Path, monkeypatch, caplog):
    from drafting.web import dossier_pages

    def broken(register: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("evidence.conflicts.conflict_groups", broken)
    c = TestClient(create_app(tiny, KEY), raise_server_exceptions=False)
    c.get(f"/?key={KEY}")
    response = c.get("/conflicts")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "secret internals" in caplog.text
    assert dossier_pages.ROUTES


def test_a_changed_register_is_loaded_again(tiny: Path):
    c = client(tiny)
    assert "1 facts" in c.get("/").text
    facts = tiny / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + "  - id: second\n    statement: First paragraph here.\n    kind: statistic\n"
        "    citations:\n      - {source: src-0, quote: First paragraph here.}\n",
        encoding="utf-8",
    )
    assert "2 facts" in c.get("/").text


def test_serve_listens_on_this_computer_only():
    result = drafting("serve", "--host", "0.0.0.0", "--no-browser")
    assert result.exit_code == 2
    assert "listens on this computer only" in result.output


def test_facts_are_filtered_by_measure_on_the_bundled_dossier():
    from evidence.dossier import open_dossier
    from tests.conftest import REPO

    register = open_dossier(REPO).load()
    measure = next(f.measure for f in register.facts.values() if f.measure)
    wanted = {f.id for f in register.facts.values() if f.measure == measure}
    page = client(REPO).get(f"/facts?measure={measure}").text
    shown = set(re.findall(r'href="/facts/([^"]+)"', page))
    assert shown == wanted and len(shown) < len(register.facts)


def test_the_home_page_says_what_does_not_verify(tiny: Path):
    c = client(tiny)
    assert "all verified" in c.get("/").text
    (tiny / "seeds" / "a.txt").write_text("First paragraph here.\n\nThe figure was 233.\n")
    page = c.get("/").text
    assert "not verified" in page and "tiny-figure" in page and "Source <code>src-0</code>" in page


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_draft_renders_to_a_pdf_through_libreoffice(tiny: Path):
    c = client(tiny)
    assert "as a PDF" in c.get("/drafts/letter.yaml").text
    response = c.post("/drafts/letter.yaml/pdf", data={"text": LETTER})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert 'filename="letter.pdf"' in response.headers["content-disposition"]
    assert sorted(p.name for p in (tiny / "drafts").iterdir()) == ["letter.yaml"]


def test_the_bundled_dossier_is_shown_but_never_changed(tiny: Path):
    c = TestClient(create_app(tiny, KEY, found_by="bundled"), follow_redirects=False)
    c.get(f"/?key={KEY}")
    assert c.get("/drafts/letter.yaml").status_code == 200
    version = c.get("/drafts/letter.yaml").text.split('name="version" value="')[1].split('"')[0]
    saved = c.post("/drafts/letter.yaml", data={"text": "kind: letter\n", "version": version})
    assert saved.status_code == 400 and "never changed" in saved.text
    assert (tiny / "drafts" / "letter.yaml").read_text(encoding="utf-8") == LETTER


@pytest.mark.parametrize(
    ("sent", "suffix", "kept"),
    [
        ("C:\\My Docs\\Letter (2).docx", ".docx", "Letter-2-.docx"),
        ("../../etc/passwd", "", "passwd"),
        (".docx", ".docx", "fallback"),
        ("...", "", "fallback"),
        ("notes.txt", ".docx", "fallback"),
    ],
)
def test_an_uploaded_name_is_cut_to_a_plain_base_name(sent: str, suffix: str, kept: str):
    from drafting.web.pagekit import plain_name

    assert plain_name(sent, "fallback", suffix) == kept

"""The web face as a person uses it: real headless Chromium (Debian's) driven by Playwright.

The server is the real one (uvicorn, on a free port of 127.0.0.1) over a made-up dossier.
A letter is edited and a live review warning appears as a wrong fact id is typed; the
letter is saved and rendered, and the downloaded .docx carries its footnote; every page
passes axe-core's accessibility rules with no serious or critical violation, works from
the keyboard, and is photographed at desktop and phone widths (kept in ``docs/web/``).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafting.web.app import create_app
from tests.browser import CHROMIUM, TINY_FACTS, chromium, running
from tests.test_web import KEY, LETTER

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def served(make_dossier) -> Iterator[tuple[str, Path]]:
    """The address (with its key) of a real server over a made-up dossier, and its root."""
    root = make_dossier(facts=TINY_FACTS)
    (root / "drafts").mkdir()
    (root / "drafts" / "letter.yaml").write_text(LETTER, encoding="utf-8")
    with running(create_app(root, KEY)) as base:
        yield base, root


@pytest.fixture
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def test_a_letter_is_edited_reviewed_as_typed_saved_and_rendered(served, browser, tmp_path):
    base, root = served
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{base}/?key={KEY}")
    assert "key=" not in page.url  # the key leaves the address bar
    page.click("text=Drafts")
    page.click("text=letter.yaml")
    panel = page.locator("#review")
    assert "every citation checks out" in panel.inner_text()
    page.fill("#text", LETTER.replace("tiny-figure", "tiny-figur"))
    page.locator("#review .sev-error").wait_for(timeout=30_000)  # htmx, after typing stops
    assert "unknown-fact" in panel.inner_text() and "tiny-figure" in panel.inner_text()
    page.click("#review button.goto")  # the finding's line, marked in the text
    chosen = page.evaluate("(t => t.value.slice(t.selectionStart, t.selectionEnd))(text)")
    assert "[@tiny-figur]" in chosen
    page.fill("#text", LETTER.replace("Figures", "Figures again").replace(" [@tiny-figure]", ""))
    page.locator("#review p.meta:has-text('0 citation(s)')").wait_for(timeout=30_000)
    page.click("#text")
    page.keyboard.press("Control+End")
    page.keyboard.press("ArrowLeft")  # before the last line's full stop and newline
    page.keyboard.press("ArrowLeft")
    page.fill("#pick", "figure")
    page.locator("#picked button.cite").first.click(timeout=30_000)
    assert "232 [@tiny-figure]." in page.input_value("#text")
    page.locator("#review td:has-text('verified')").wait_for(timeout=30_000)
    page.click("button:text-is('Save')")
    page.locator("p[role=status]:text-is('Saved.')").wait_for()
    assert "Figures again" in (root / "drafts" / "letter.yaml").read_text(encoding="utf-8")
    with page.expect_download() as caught:
        page.click("text=Render and download")
    saved = tmp_path / "letter.docx"
    caught.value.save_as(saved)
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as docx:
        assert "para. 2." in docx.read("word/footnotes.xml").decode()
    page.close()


def test_a_stranger_without_the_key_sees_nothing(served, browser):
    base, _ = served
    page = browser.new_page()
    page.goto(f"{base}/facts")
    assert "carries the key" in page.inner_text("body")
    assert "tiny-figure" not in page.content()
    page.close()


PAGES = ["/", "/sources", "/facts", "/facts/tiny-figure", "/search?q=figure", "/conflicts",
         "/chronology", "/drafts", "/drafts/letter.yaml", "/drafts/new?kind=motion", "/review",
         "/sources/add", "/sources/src-0/candidates"]  # fmt: skip


def test_every_page_passes_axe_and_is_photographed(served, browser, tmp_path):
    """Photographs go to $DRAFTING_SHOTS when it names a folder (docs/web/ was made so)."""
    base, _ = served
    shots = Path(os.environ.get("DRAFTING_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(bypass_csp=True)  # to add axe's script to the page
    page = context.new_page()
    page.goto(f"{base}/?key={KEY}")
    for path in PAGES:
        page.goto(base + path)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run()).violations")
        serious = [
            f"{v['id']}: {v['help']}" for v in found if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{path}: {serious}"
        name = path.strip("/").replace("/", "-").split("?")[0] or "home"
        for width, height, label in ((1280, 900, "desktop"), (390, 844, "phone")):
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
    context.close()


def test_the_pages_work_from_the_keyboard(served, browser):
    base, _ = served
    page = browser.new_page()
    page.goto(f"{base}/?key={KEY}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.keyboard.press("Enter")
    tabbed = []
    for _ in range(12):
        page.keyboard.press("Tab")
        tabbed.append(page.evaluate("document.activeElement.textContent"))
    assert any("Write a letter" in t for t in tabbed)  # the content, after the skip link
    page.goto(f"{base}/search")
    page.focus("#q")
    page.keyboard.type("figure")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=figure")
    assert page.locator("mark").first.inner_text() == "figure"
    page.close()


def test_a_source_is_added_and_a_candidate_accepted(served, browser, tmp_path):
    from tests.test_web_sources import CUTTING

    base, root = served
    cutting = tmp_path / "agency.txt"
    cutting.write_text(CUTTING, encoding="utf-8")
    page = browser.new_page()
    page.goto(f"{base}/?key={KEY}")
    page.click("text=Sources")
    page.click("text=Add a source")
    page.set_input_files("#document", str(cutting))
    page.click("button:text-is('Read it')")
    assert page.input_value("#q-title") == "Council spending on agency staff"  # offered
    page.fill("#q-title", "Agency spending")
    page.fill("#q-kind", "news")
    page.click("button:text-is('Add it')")
    page.locator("text=£4.2 million").first.wait_for()
    form = page.locator("form.accept").filter(has_text="Statement").first
    form.locator("input[name=id]").fill("agency-spend-2020")
    form.locator("button:text-is('Accept')").click()
    page.wait_for_url("**/facts/agency-spend-2020")
    assert "verified" in page.inner_text("main")
    assert "agency-spend-2020" in (root / "facts.yaml").read_text(encoding="utf-8")
    page.close()


def test_a_mail_merge_shows_its_progress_and_gives_the_letters(served, browser, tmp_path):
    from tests.test_web_merge import RECIPIENTS

    base, _ = served
    people = tmp_path / "people.csv"
    people.write_text(RECIPIENTS, encoding="utf-8")
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{base}/?key={KEY}")
    page.goto(f"{base}/drafts/letter.yaml")
    page.set_input_files("#recipients", str(people))
    page.click("button:text-is('Merge')")
    page.locator("#merge progress").wait_for()
    link = page.locator("#merge a:has-text('Download the 2 letter(s)')")
    link.wait_for(timeout=30_000)
    assert "row 2:" in page.inner_text("#merge")
    with page.expect_download() as caught:
        link.click()
    saved = tmp_path / "letters.zip"
    caught.value.save_as(saved)
    with zipfile.ZipFile(saved) as zipped:
        assert len(zipped.namelist()) == 2
    page.close()


def test_two_windows_saving_one_draft_lose_nothing(served, browser):
    """Both open the draft; the first saves; the second is refused and given its text back."""
    base, root = served
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.goto(f"{base}/?key={KEY}")
    for page in (first, second):
        page.goto(f"{base}/drafts/letter.yaml")
    first.fill("#text", LETTER.replace("Figures", "First's subject"))
    first.click("button:text-is('Save')")
    first.locator("p[role=status]:text-is('Saved.')").wait_for()
    second.fill("#text", LETTER.replace("Figures", "Second's subject"))
    second.click("button:text-is('Save')")
    second.locator("h1:has-text('Not saved')").wait_for()
    assert "Second's subject" in second.input_value("#yours")  # nothing lost
    assert "First's subject" in (root / "drafts" / "letter.yaml").read_text(encoding="utf-8")
    context.close()

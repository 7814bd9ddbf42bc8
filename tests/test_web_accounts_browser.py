"""Accounts in a real browser (#24): headless Chromium (Debian's) driven by Playwright.

The real server (uvicorn, on a free port of 127.0.0.1) with a users file. A viewer signs
in through the sign-in page, sees who they are, opens a draft, changes it and presses Save:
the server refuses with a page naming the role needed, and the draft is as it was. The
sign-in page and the refusal pass axe-core with no serious or critical violation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drafting.web.app import create_app
from tests.browser import CHROMIUM, TINY_FACTS, chromium, running
from tests.test_web import LETTER
from tests.test_web_accounts import CHEAP

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "a viewer's long password"


@pytest.fixture
def served(make_dossier, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The address of a real server with accounts over a made-up dossier, and its root."""
    root = make_dossier(facts=TINY_FACTS)
    (root / "drafts").mkdir()
    (root / "drafts" / "letter.yaml").write_text(LETTER, encoding="utf-8")
    users = tmp_path / "users.yaml"
    users.write_text(
        f"users:\n  - name: vera\n    role: viewer\n    password_hash: {CHEAP.hash(PASSWORD)}\n",
        encoding="utf-8",
    )
    with running(create_app(root, users=users)) as base:
        yield base, root


@pytest.fixture
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def serious(page: object) -> list[str]:
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    found = page.evaluate("async () => (await axe.run()).violations")  # type: ignore[attr-defined]
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in ("serious", "critical")]


def test_a_viewer_signs_in_and_is_refused_an_edit(served, browser):
    base, root = served
    context = browser.new_context(bypass_csp=True)  # to add axe's script to the page
    page = context.new_page()
    page.goto(f"{base}/drafts/letter.yaml")
    assert "/login" in page.url and "letter" not in page.content().replace("letter.yaml", "")
    assert not serious(page), "the sign-in page"
    page.fill("#name", "vera")
    page.fill("#password", "not the password")
    page.click("button:text-is('Sign in')")
    assert "Wrong name or password." in page.inner_text("[role=alert]")
    page.fill("#password", PASSWORD)
    page.click("button:text-is('Sign in')")
    page.wait_for_url(f"{base}/drafts/letter.yaml")  # on to the page first asked for
    assert "Signed in as vera (viewer)" in page.inner_text("header")
    assert page.locator("#text").get_attribute("readonly") is not None  # shown, not offered
    assert page.locator("button:text-is('Save')").count() == 0
    page.evaluate(  # the save the page does not offer, sent anyway with the session's token
        """() => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = "/drafts/letter.yaml";
            for (const [name, value] of [
                ["text", "kind: letter\\n# a viewer's change\\n"],
                ["version", "new"],
                ["csrf_token", document.querySelector("meta[name=csrf-token]").content],
            ]) {
                const field = document.createElement("input");
                field.type = "hidden"; field.name = name; field.value = value;
                form.appendChild(field);
            }
            document.body.appendChild(form);
            form.submit();
        }"""
    )
    page.locator("h1:text-is('Not allowed')").wait_for()
    assert "This needs the drafter role" in page.inner_text("main")
    assert not serious(page), "the refusal"
    assert (root / "drafts" / "letter.yaml").read_text(encoding="utf-8") == LETTER
    page.click("button:text-is('Sign out')")
    page.wait_for_url("**/login?signed_out=1")
    page.goto(f"{base}/facts")
    assert "/login" in page.url
    context.close()

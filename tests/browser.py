"""A real headless browser (Debian's Chromium) for the HTML pages: what it shows and logs."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class Page:
    """A page as the browser loaded it: its DOM after load, its console, a screenshot."""

    dom: str
    console: list[str]
    screenshot: Path


def browse(page: Path, screenshot: Path, profile: Path, height: int = 2400) -> Page:
    """Load ``page`` in headless Chromium (no network: file URL), dump its DOM and console
    messages, and save a screenshot."""
    assert CHROMIUM is not None
    base = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--no-first-run",
        "--disable-extensions",
        f"--window-size=1280,{height}",
    ]
    url = page.resolve().as_uri()
    dumped = subprocess.run(
        [*base, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    )
    subprocess.run(
        [*base, f"--screenshot={screenshot}", url], capture_output=True, timeout=120, check=True
    )
    console = [line for line in dumped.stderr.splitlines() if ":CONSOLE" in line]
    return Page(dumped.stdout, console, screenshot)


#: The made-up register the web tests serve: one fact quoting the made-up source.
TINY_FACTS = (
    "facts:\n  - id: tiny-figure\n    statement: The figure was 232.\n"
    "    kind: statistic\n    topics: [figures]\n"
    "    citations:\n      - {source: src-0, quote: The figure was 232.}\n"
)


@contextmanager
def running(app: object) -> Iterator[str]:
    """``app`` served for real by uvicorn on a free port of 127.0.0.1; yields its address."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (no browser downloaded)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()

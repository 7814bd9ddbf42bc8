"""A real headless browser (Debian's Chromium) for the HTML pages: what it shows and logs."""

from __future__ import annotations

import shutil
import subprocess
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

"""Many people using ``drafting serve`` at once: latency under load, and the dossier after.

Run: ``python bench/web_load.py [--users 20] [--seconds 60] [--think 1.0] [--dossier PATH]``

A copy of the dossier (default: the bundled one) is served by ``drafting serve`` on a free
port of 127.0.0.1 (nothing else is contacted). ``--users`` threads, each with its own
session, then loop for ``--seconds``: a search, the facts page, a live review of the example
letter, and one render in five rounds, pausing between requests as a person does (``--think``
seconds on average, drawn at random from half to one and a half times it; ``--think 0``
sends each request as soon as the last is answered: a saturated server, not people). Each
request's wall time is kept by what it was; the table gives the count, errors, p50 and p95
(milliseconds) of each, beside the
server's floor measured in the same run: the style sheet, a static file. Afterwards the
copy is verified (``evidence verify`` must pass) and searched for temporary files left.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import http.client
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
DRAFTING = str(Path(sys.executable).parent / "drafting")
WORDS = ["children", "Ofsted", "inadequate", "social workers", "trust", "budget", "cases"]


def copy_dossier(source: Path, into: Path) -> Path:
    """A writable copy of the dossier at ``source`` (its files, sources and drafts)."""
    root = into / "dossier"
    root.mkdir()
    for name in ("dossier.yaml", "facts.yaml", "people.yaml"):
        shutil.copy(source / name, root / name)
    for folder in ("seeds", "drafts", "templates", "councils"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, root / folder)
    return root


class User(threading.Thread):
    """One person: their own connection and session cookie, timing each request."""

    def __init__(
        self, host: str, port: int, key: str, until: float, letter: str, think: float
    ) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.key, self.until, self.letter = host, port, key, until, letter
        self.think = think
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.rng = random.Random()

    def request(self, what: str, method: str, path: str, body: str | None = None) -> bytes:
        """Send one request on this user's connection; keep its time under ``what``."""
        headers = {"Cookie": self.cookie, "Origin": f"http://{self.host}:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        self.times.setdefault(what, []).append(time.perf_counter() - start)
        if response.status >= 400:
            self.errors[what] = self.errors.get(what, 0) + 1
        if self.think:
            time.sleep(self.think * self.rng.uniform(0.5, 1.5))
        return data

    def run(self) -> None:
        """Sign in with the key, then loop over the pages until the time is up."""
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        self.conn.request("GET", f"/?key={self.key}")
        response = self.conn.getresponse()
        response.read()
        self.cookie = response.getheader("set-cookie", "").split(";")[0]
        review = urlencode({"text": self.letter})
        rounds = 0
        while time.perf_counter() < self.until:
            self.request("static file", "GET", "/static/style.css")
            words = self.rng.choice(WORDS)
            self.request("search", "GET", f"/search?q={quote(words)}")
            self.request("fact page", "GET", "/facts")
            self.request("live review", "POST", "/drafts/load-letter.yaml/review", review)
            if rounds % 5 == 0:
                self.request("render", "POST", "/drafts/load-letter.yaml/render", review)
            rounds += 1


def main() -> None:
    """Serve a copy, load it with the users, print the table, check the copy."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--dossier", type=Path, default=REPO)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_dossier(args.dossier, Path(tmp))
        letter_path = root / "drafts" / "letter-to-childrens-commissioner.yaml"
        letter = letter_path.read_text(encoding="utf-8")
        (root / "drafts" / "load-letter.yaml").write_text(letter, encoding="utf-8")
        server = subprocess.Popen(
            [DRAFTING, "--dossier", str(root), "serve", "--no-browser"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert server.stdout is not None
            url = urlsplit(server.stdout.readline().strip())
            host, port, key = url.hostname or "", url.port or 0, url.query.removeprefix("key=")
            time.sleep(1.0)
            until = time.perf_counter() + args.seconds
            users = [User(host, port, key, until, letter, args.think) for _ in range(args.users)]
            for user in users:
                user.start()
            for user in users:
                user.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
        report(users, args)
        verify = subprocess.run(
            [DRAFTING, "--dossier", str(root), "evidence", "verify"], capture_output=True
        )
        left = [p for p in root.rglob("*.tmp") if ".drafting-cache" not in p.parts]
        print(
            f"\nafterwards: evidence verify exit {verify.returncode} "
            f"({'every fact verifies' if verify.returncode == 0 else 'PROBLEMS'}); "
            f"temporary files left: {len(left)}"
        )


def report(users: list[User], args: argparse.Namespace) -> None:
    """The table: each kind of request's count, errors, p50 and p95, and the ratio."""
    times: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    for user in users:
        for what, seen in user.times.items():
            times.setdefault(what, []).extend(seen)
        for what, n in user.errors.items():
            errors[what] = errors.get(what, 0) + n
    floor = statistics.median(times["static file"])
    print(
        f"{args.users} users for {args.seconds:g} s, {args.think:g} s between requests, "
        "against 127.0.0.1 (2 cores shared)"
    )
    print(f"{'request':14} {'count':>7} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}  p50 / floor")
    for what, seen in times.items():
        seen.sort()
        p50 = statistics.median(seen)
        p95 = seen[min(len(seen) - 1, int(0.95 * len(seen)))]
        print(
            f"{what:14} {len(seen):7d} {errors.get(what, 0):7d} {p50 * 1e3:8.1f} "
            f"{p95 * 1e3:8.1f}  {p50 / floor:8.1f}"
        )


if __name__ == "__main__":
    main()

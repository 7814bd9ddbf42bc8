"""Mail merge in the browser: a CSV uploaded, its progress asked for, the letters as a zip."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

from tests.test_web import client, tiny  # noqa: F401  (the fixture)

RECIPIENTS = (
    "name,organisation,date\n"
    "Anne Longfield,Children's Commissioner,2026-12-01\n"
    "Sam Smith,Tiny Council,2026-13-40\n"  # no such date: this row fails, the others are written
    "Jo Bloggs,Tiny Trust,\n"
)


def _finished(c, token: str) -> str:
    deadline = time.monotonic() + 60
    while True:
        page = c.get(f"/jobs/{token}").text
        if "hx-trigger" not in page:
            return page
        assert time.monotonic() < deadline, "the merge did not finish"
        time.sleep(0.2)


def test_a_merge_writes_a_letter_per_row_and_names_the_rows_that_failed(tiny: Path):  # noqa: F811
    c = client(tiny)
    started = c.post(
        "/drafts/letter.yaml/merge",
        files={"recipients": ("people.csv", RECIPIENTS.encode(), "text/csv")},
        headers={"HX-Request": "true"},
    )
    assert started.status_code == 200 and "<progress" in started.text
    token = re.search(r"/jobs/([0-9a-f]{32})", started.text).group(1)  # type: ignore[union-attr]
    done = _finished(c, token)
    assert "3 of 3 row(s)" in done and "row 2:" in done and "date" in done
    letters = c.get(f"/jobs/{token}/letters.zip")
    assert letters.status_code == 200
    assert 'filename="letter-letters.zip"' in letters.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(letters.content)) as zipped:
        names = sorted(zipped.namelist())
        assert len(names) == 2 and all(n.endswith(".docx") for n in names)
        with zipfile.ZipFile(io.BytesIO(zipped.read(names[0]))) as first:
            assert "Anne Longfield" in first.read("word/document.xml").decode()
    assert sorted(p.name for p in (tiny / "drafts").iterdir()) == ["letter.yaml"]


def test_a_bad_recipients_file_is_named_as_uploaded(tiny: Path):  # noqa: F811
    c = client(tiny)
    refused = c.post(
        "/drafts/letter.yaml/merge",
        files={"recipients": ("people.csv", b"name\n", "text/csv")},
    )
    assert refused.status_code == 400 and "people.csv" in refused.text
    assert "drafting-merge-" not in refused.text  # not where the server kept it
    nothing = c.post("/drafts/letter.yaml/merge", data={"x": "y"})
    assert nothing.status_code == 400 and "no recipients file" in nothing.text


def test_an_unsaved_draft_or_an_unknown_merge_is_refused(tiny: Path):  # noqa: F811
    c = client(tiny)
    unsaved = c.post(
        "/drafts/new-one.yaml/merge",
        files={"recipients": ("people.csv", RECIPIENTS.encode(), "text/csv")},
    )
    assert unsaved.status_code == 400 and "save new-one.yaml first" in unsaved.text
    assert c.get("/jobs/" + "0" * 32).status_code == 404
    assert c.get("/jobs/../../etc/passwd").status_code == 404
    assert c.get("/jobs/" + "0" * 32 + "/letters.zip").status_code == 404

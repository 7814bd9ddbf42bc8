"""Mail merge here against another checkout: every letter's parts, byte for byte.

Run: ``python bench/merge_equal.py --against DIR [--rows 60]``

``DIR`` holds another checkout's code (``git archive REV | tar -x -C DIR``). Each side
merges the same cases, in its own process, with the same date: drafts of every kind,
recipients that change only the recipient and recipients that change cited fields (the
subject, the body, the asks), rows that fail (a field that does not validate, a citation of
no fact, a placeholder review refuses), every citation style, a template of its own (the
recipient in a table and a header, a picture, empty paragraphs at the end), two
processes, and ``skip_existing`` over a letter cut short. Then it compares, case by case,
what became of each row (status and message) and, for each letter written, the names of
its parts in order and every part's bytes once unzipped. It prints one line per case and
exits 1 on any difference. Used for #23: the shared per-batch work must leave every letter
exactly as it was.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DRAFTS = REPO / "drafts"

CITED = (
    "name,subject,body,asks\n"
    "A One,,,\n"
    "B Two,Subject for B & partners,,\n"
    'C Three,"Inquiry: ""now""",The trust was ordered [@trust-ordered-by-government]; '
    "Cases rose to 232 [@unallocated-cases-232],\n"
    "D Four,,Seven directors in seven years [@seven-directors-seven-years],"
    "that you reply [@inquiry-requested]\n"
    "E Five,,A claim citing nothing known [@no-such-fact],\n"
    "F Six,,TODO write this,\n"
    "G Seven,,,please act; and soon\n"
    "H Eight,A subject,The same body cited [@unallocated-cases-232],\n"
    "I Nine,A subject,The same body cited [@unallocated-cases-232],\n"
)
BUNDLED_EXTRA = (
    'O\'Brien & Sons,Dr,<Chair> of "things",Zoë Ångström Ltd,1 Road; Town\n'
    ',,,Just an organisation,"Line one\nLine two"\n'
    ",Ms,,,\n"
    "Ann Lee,,Chair,,\n"
)


def _rows(count: int) -> str:
    return "name,title\n" + "".join(f"Person {i},Councillor\n" for i in range(count))


def _template(path: Path) -> Path:
    """A letter template of its own: recipient in a table and the header, a picture."""
    import io
    import struct
    import zlib

    import docx

    def png() -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
        pixels = zlib.compress(b"\x00\xff\x00\x00")
        return b"\x89PNG\r\n\x1a\n" + b"".join(
            (chunk(b"IHDR", header), chunk(b"IDAT", pixels), chunk(b"IEND", b""))
        )

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "To {{ continuation }}"
    document.add_picture(io.BytesIO(png()))
    document.add_paragraph("{{ date }}")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "{{ recipient_block|join(', ') }}"
    table.cell(0, 1).text = "{{ letterhead.name }}"
    document.add_paragraph("{%p for line in recipient_block %}")
    document.add_paragraph("{{ line }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ salutation }},")
    document.add_paragraph("{%p for block in body %}")
    document.add_paragraph("{{r block.runs }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for ask in asks %}")
    document.add_paragraph("{{r ask.runs }}")
    document.add_paragraph("{%p endfor %}")
    document.add_picture(io.BytesIO(png()))
    document.add_paragraph("{{ closing }}, for {{ recipient_block[0] }}")
    document.add_paragraph("")
    document.add_paragraph("")
    document.save(str(path))
    return path


def cases(work: Path, count: int) -> list[dict[str, object]]:
    """Every case: a draft, its recipients and the merge's options."""
    letter = DRAFTS / "letter-to-childrens-commissioner.yaml"
    own = work / "own-letter.yaml"
    own.write_text(
        letter.read_text(encoding="utf-8").replace(
            "template: letter", f"template: {_template(work / 'own.docx')}"
        ),
        encoding="utf-8",
    )
    bundled = (DRAFTS / "recipients.csv").read_text(encoding="utf-8") + BUNDLED_EXTRA
    question = (
        "name,title,meeting.body,meeting.date\nCllr A Jones,Cabinet Member,Cabinet,\n"
        "Cllr B Khan,Cabinet Member for Children,,2019-13-40\nCllr C Day,,,2019-10-17\n"
    )
    foi = "organisation,title\nA Council,FOI Officer\nB Council,\nC & D Trust,Clerk\n"
    motion = "title,meeting.date\n,\nAnother title,2019-10-17\nA third & last,\n"
    out: list[dict[str, object]] = [
        {"name": "letter-names", "draft": letter, "csv": _rows(count)},
        {"name": "letter-bundled", "draft": letter, "csv": bundled},
        {"name": "letter-cited", "draft": letter, "csv": CITED},
        {"name": "letter-cited-refs", "draft": letter, "csv": CITED, "style": "references"},
        {"name": "letter-full", "draft": letter, "csv": CITED, "repeats": "full"},
        {"name": "letter-ibid", "draft": letter, "csv": _rows(5), "repeats": "ibid"},
        {"name": "letter-own-template", "draft": own, "csv": bundled},
        {"name": "letter-own-template-cited", "draft": own, "csv": CITED},
        {"name": "letter-two-jobs", "draft": letter, "csv": _rows(count), "jobs": 2},
        {"name": "letter-skip", "draft": letter, "csv": _rows(6), "skip": True},
        {"name": "question", "draft": DRAFTS / "question-unallocated-cases.yaml", "csv": question},
        {
            "name": "foi",
            "draft": DRAFTS / "foi-unallocated-cases.yaml",
            "csv": foi,
            "pattern": "{row}-{organisation}",
        },
    ]
    for style in ("footnotes", "references", "background"):
        out.append(
            {
                "name": f"motion-{style}",
                "draft": DRAFTS / "motion-childrens-commissioner-programme.yaml",
                "csv": motion,
                "style": style,
                "pattern": "{row}",
            }
        )
    return out


RUN = """
import datetime as dt, json, sys, zipfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import drafting.merge
from drafting.merge import merge
from evidence.dossier import open_dossier
cases = json.loads(Path(sys.argv[2]).read_text())
out = Path(sys.argv[3])
dossier = open_dossier(Path(sys.argv[4]))
drafting.merge.MIN_ROWS_PER_JOB = 1
found = {}
for case in cases:
    folder = out / case["name"]
    folder.mkdir(parents=True)
    if case.get("skip"):
        (folder / "002-person-1.docx").write_bytes(b"PK\\x03\\x04 cut short")
        (folder / "004-person-3.docx").write_bytes(Path(sys.argv[5]).read_bytes())
    results = merge(Path(case["draft"]), Path(case["csv"]), folder, dossier,
                    style=case.get("style"), repeats=case.get("repeats"),
                    jobs=case.get("jobs", 1), pattern=case.get("pattern", "{row}-{name}"),
                    skip_existing=bool(case.get("skip")),
                    today=dt.date(2019, 11, 14))
    found[case["name"]] = [
        [r.row, r.status, r.message.replace(str(folder), "OUT"), r.out and r.out.name]
        for r in results
    ]
(out / "results.json").write_text(json.dumps(found, indent=1))
"""


def side(code: Path, work: Path, name: str, listed: Path, sample: Path) -> Path:
    """Merge every case with the code in ``code``; the folder of what it wrote."""
    out = work / name
    run = [sys.executable, "-c", RUN, str(code), str(listed), str(out), str(REPO), str(sample)]
    subprocess.run(run, check=True)
    return out


def unzipped(path: Path) -> list[tuple[str, bytes]]:
    """A package's parts in order, each as its bytes."""
    with zipfile.ZipFile(path) as archive:
        return [(n, archive.read(n)) for n in archive.namelist()]


def compare(ours: Path, theirs: Path, names: list[str]) -> int:
    """Print one line per case; the number of cases that differ."""
    a = json.loads((ours / "results.json").read_text(encoding="utf-8"))
    b = json.loads((theirs / "results.json").read_text(encoding="utf-8"))
    bad = 0
    for name in names:
        problems = [] if a[name] == b[name] else [f"results differ: {a[name]} != {b[name]}"]
        written = [r[3] for r in a[name] if r[1] == "written"]
        for file in written:
            mine, other = unzipped(ours / name / file), unzipped(theirs / name / file)
            if [n for n, _ in mine] != [n for n, _ in other]:
                problems.append(f"{file}: parts differ in name or order")
            problems += [
                f"{file}: {n} differs"
                for (n, x), (_, y) in zip(mine, other, strict=False)
                if x != y
            ]
        status = "same" if not problems else "DIFFERENT"
        statuses = [r[1] for r in a[name]]
        print(
            f"{name:28} {status}: {statuses.count('written')} written, "
            f"{statuses.count('failed')} failed, {statuses.count('skipped')} skipped; "
            f"{len(written)} compared part by part",
            flush=True,
        )
        for problem in problems[:5]:
            print(f"    {problem}")
        bad += bool(problems)
    return bad


def main() -> None:
    """Run every case on both sides and compare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout")
    parser.add_argument("--rows", type=int, default=60, help="rows of the larger cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        listed = work / "cases.json"
        found = cases(work, args.rows)
        for case in found:
            csv = work / f"{case['name']}.csv"
            csv.write_text(str(case["csv"]), encoding="utf-8")
            case["csv"], case["draft"] = str(csv), str(case["draft"])
        listed.write_text(json.dumps(found), encoding="utf-8")
        sample = work / "sample.docx"
        sample.write_bytes((REPO / "templates" / "letter.docx").read_bytes())
        ours = side(REPO, work, "ours", listed, sample)
        theirs = side(args.against.resolve(), work, "theirs", listed, sample)
        bad = compare(ours, theirs, [str(c["name"]) for c in found])
    print(f"\n{len(found) - bad} of {len(found)} cases the same")
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()

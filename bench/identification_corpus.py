"""The ``identification-risk`` check on public text nobody wrote for it: how often it fires.

Run: ``python bench/identification_corpus.py [FILE_OR_FOLDER ...] [--sample 40]``

By default it reads the bundled seeds (``seeds/``: news, blog posts, a letter, two Ofsted
inspection reports as PDF), the public corpus (``bench/public/seeds``), the articles
(``bench/articles``) and, where it is there, ``/work/shared/sources``. Each paragraph
(PDFs through ``pdftotext -layout``'s text, lines joined into paragraphs at blank lines)
is reviewed as one passage with the bundled dossier's register, as a draft's prose is. It
prints the sentences read, the findings (by severity and by kind of risk), findings per
1,000 sentences, and a sample of the sentences that fired, for a person to judge.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from drafting.findings import Passage  # noqa: E402
from drafting.review.identification import identification_findings  # noqa: E402
from evidence.dossier import open_dossier  # noqa: E402
from evidence.segment import sentence_spans  # noqa: E402

DEFAULT = [
    REPO / "seeds",
    REPO / "bench" / "public" / "seeds",
    REPO / "bench" / "articles",
    Path("/work/shared/sources"),
    Path("/work/shared/seeds"),
]
SUFFIXES = {".txt", ".md", ".html", ".pdf"}


def text_of(path: Path) -> str:
    """A file's text: a PDF's through pdftotext, HTML without its tags."""
    if path.suffix == ".pdf":
        run = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
        return run.stdout
    text = path.read_text(encoding="utf-8", errors="replace")
    return re.sub(r"<[^>]+>", " ", text) if path.suffix == ".html" else text


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, their lines joined with spaces."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def files(paths: list[Path]) -> list[Path]:
    """The readable files under ``paths``, in order, each content once (copies are skipped)."""
    found: dict[bytes, Path] = {}
    for path in paths:
        listed = (
            sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES) if path.is_dir() else [path]
        )
        for file in listed:
            if file.is_file():
                found.setdefault(hashlib.sha256(file.read_bytes()).digest(), file)
    return list(found.values())


def kind(message: str) -> str:
    """The kind of risk a finding's message names."""
    for word, name in (
        ("names a child", "name (full)"),
        ("may name", "name (given)"),
        ("anonymised label", "label + detail"),
        ("date of birth", "date of birth"),
        ("full postcode", "postcode"),
        ("age with", "age + place"),
    ):
        if word in message:
            return name
    return "other"


def main() -> None:
    """Run the check over the corpus and print what it found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--sample", type=int, default=40)
    args = parser.parse_args()
    register = open_dossier(REPO).load()
    sentences = 0
    fired: list[tuple[str, str, str, str]] = []
    for path in files(args.paths or DEFAULT):
        for number, text in enumerate(paragraphs(text_of(path)), 1):
            sentences += len(sentence_spans(text))
            for f in identification_findings([Passage(number, text, ())], register):
                fired.append((path.name, f.severity, kind(f.message), f.excerpt))
    by_kind = Counter(k for _, _, k, _ in fired)
    by_severity = Counter(s for _, s, _, _ in fired)
    print(f"sentences: {sentences}; findings: {len(fired)} {dict(by_severity)}")
    print(f"per 1,000 sentences: {1000 * len(fired) / max(sentences, 1):.2f}")
    for name, count in by_kind.most_common():
        print(f"  {name}: {count}")
    for source, severity, name, excerpt in random.Random(0).sample(
        fired, min(args.sample, len(fired))
    ):
        print(f"- [{severity}, {name}] {source}: {excerpt}")


if __name__ == "__main__":
    main()

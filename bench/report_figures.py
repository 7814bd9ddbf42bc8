"""What the prose rules read from report text: figures, periods, judgements, stated dates.

Run: ``python bench/report_figures.py FOLDER [--sample N] [--judgements N] [--seed S]``

FOLDER holds reports as plain text, one ``.txt`` a report (``pdftotext`` output: pages
split by form feeds, page furniture and table layout left in). Each is cut roughly as the
PDF reader cuts it: lines found three times or more (running heads and feet) and lines that
hold only a number (a page or paragraph number) dropped; a paragraph ends at a blank line
or where a line starts with a paragraph number ("23. "), which is taken off; then into
sentences (``evidence.segment.sentence_spans``). Printed:

* figures by kind, and how many look like references: a number just after a reference word
  ("paragraph", "page", "table", "key stage" ...), in a list or footnote mark ("(2)", "[1]",
  "3)"), or half of a year pair ("2013" or "14" of "2013–14"). A rough check, written apart
  from the rules it checks, so it also counts a few true figures ("a number (12) of plans");
* periods by kind (financial and academic years, quarters, year ranges);
* sentences stating a judgement, by grade; and the dates each first page states.

``--sample N`` lists N figures chosen at random, each with its sentence, to label by hand;
``--judgements N`` the same for judgement sentences. Nothing is written; the corpus need
not be in the repository.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from evidence.docdates import stated_dates  # noqa: E402
from evidence.figures import Figure, figures, is_year  # noqa: E402
from evidence.judgements import judgement  # noqa: E402
from evidence.periods import periods as periods_in  # noqa: E402
from evidence.segment import sentence_spans  # noqa: E402

_NUMBER_LINE = re.compile(r"^\s*\(?\d{1,3}(?:\.\d{1,2})*[.)]?\s*$")
_OWN_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,2})*\.\s+(?=\S)")
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:paragraphs?|paras?\.|pages?|pp?\.|sections?|annex(?:es)?|appendix|appendices"
    r"|tables?|figures?|charts?|recommendations?|chapters?|key\s+stages?|stages?|levels?"
    r"|tiers?|grades?|outcomes?|Years?|quarters?)\s*(?:[\d.]+[a-z]?\s*(?:,|and|or|to|of|[-–])"
    r"\s*)*|\[|(?:^|[:;,]\s*)\(|\b(?:19|20)\d\d\s?[/–-]\s?)$",
    re.IGNORECASE,
)
_MARK_AFTER = re.compile(r"^[)\]]")
_PAIR_AFTER = re.compile(r"^\s?[/–-]\s?\d{2}\b")


def sentences(path: Path) -> Iterator[str]:
    """The sentences of one report's text, cut roughly as the PDF reader cuts them."""
    text = path.read_text(encoding="utf-8", errors="replace").replace("\f", "\n\n")
    lines = text.splitlines()
    repeated = {line for line, n in Counter(x.strip() for x in lines).items() if n >= 3}
    paragraph: list[str] = []
    for line in [*lines, ""]:
        if line.strip() in repeated or _NUMBER_LINE.match(line):
            continue  # running heads and feet, page and paragraph numbers on their own
        if paragraph and (not line.strip() or _OWN_NUMBER.match(line)):
            flat = " ".join(" ".join(paragraph).split())
            yield from (flat[a:b] for a, b in sentence_spans(flat))
            paragraph = []
        if line.strip():
            paragraph.append(_OWN_NUMBER.sub("", line, count=1))


def reference_like(sentence: str, figure: Figure) -> bool:
    """Whether a figure looks like a reference, a list or footnote mark, or half a year pair."""
    if figure.kind != "number":
        return False
    before, after = sentence[: figure.start], sentence[figure.end :]
    if is_year(figure):
        return bool(_PAIR_AFTER.match(after))  # "2013" of "2013–14"
    return bool(_REFERENCE_BEFORE.search(before) or _MARK_AFTER.match(after))


def main() -> None:
    """Read every report in the folder; print the counts, and samples to label."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="figures to list for labelling")
    parser.add_argument(
        "--judgements", type=int, default=0, help="judgement sentences to list for labelling"
    )
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    paths = sorted(args.folder.glob("*.txt"))
    if not paths:
        parser.error(f"{args.folder}: no .txt files")
    kinds: Counter[str] = Counter()
    periods: Counter[str] = Counter()
    grades: Counter[str] = Counter()
    found: list[tuple[str, str, Figure]] = []
    judged: list[tuple[str, str]] = []
    count = 0
    for path in paths:
        for sentence in sentences(path):
            count += 1
            named = {p.start: p.kind for p in periods_in(sentence)}
            for figure in figures(sentence):
                kinds[figure.kind] += 1
                kinds["reference-like"] += reference_like(sentence, figure)
                if figure.kind == "period":
                    periods[named.get(figure.start, "?")] += 1
                found.append((path.stem, sentence, figure))
            said = judgement(sentence)
            if said is not None:
                grades[said.grade] += 1
                judged.append((path.stem, sentence))
    print(f"{len(paths)} reports, {count} sentences, {len(found)} figures")
    print("figures:   " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("periods:   " + ", ".join(f"{k} {n}" for k, n in periods.most_common()))
    print(
        f"judgements: {len(judged)} sentences: "
        + ", ".join(f"{k} {n}" for k, n in grades.most_common())
    )
    _dates(paths)
    rng = random.Random(args.seed)
    for stem, sentence, figure in rng.sample(found, min(args.sample, len(found))):
        print(f"\nF {stem}: {figure.text!r} ({figure.kind} {figure.value:g})\n  {sentence}")
    for stem, sentence in rng.sample(judged, min(args.judgements, len(judged))):
        said = judgement(sentence)
        assert said is not None
        print(f"\nJ {stem}: {said.area!r} = {said.grade}\n  {sentence}")


def _dates(paths: list[Path]) -> None:
    """The dates each report's first page states, and how many reports state each."""
    stated: Counter[str] = Counter()
    for path in paths:
        first_page = path.read_text(encoding="utf-8", errors="replace").split("\f")[0]
        for date in stated_dates(first_page):
            stated[date.what] += 1
    print(
        f"stated dates (first page): inspection in {stated['inspection']} of {len(paths)}, "
        f"publication in {stated['publication']}"
    )


if __name__ == "__main__":
    main()

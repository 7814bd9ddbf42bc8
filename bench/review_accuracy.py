"""How well review finds what it should: per-code precision and recall on a labelled corpus.

Run: ``python bench/review_accuracy.py [CORPUS.yaml] [--show] [--format json]``

Each sentence of the corpus (``bench/review_corpus.yaml`` by default) is reviewed on its
own, as one paragraph of a draft, against the corpus's dossier (its top-level ``dossier:``
key, a path relative to the corpus file; else the bundled dossier); the error and warning codes
review gives are compared with the codes the sentence is labelled with. For each code:
true positives, false positives, false negatives, precision and recall; then the share of
clean sentences (labelled with no finding) that got one anyway, and accuracy by class.
``--show`` lists every sentence review got wrong. Info findings are not measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import yaml  # noqa: E402

from drafting.citations import CiteGroup, Span, parse_inline  # noqa: E402
from drafting.findings import Mark, Passage  # noqa: E402
from drafting.review.checks import review_passages  # noqa: E402
from evidence.dossier import open_dossier  # noqa: E402
from evidence.register import Register  # noqa: E402

MEASURED = ("error", "warning")


def passage(text: str) -> Passage:
    """A sentence as the one paragraph of a draft, with its citation marks."""
    plain, marks = "", []
    for item in parse_inline(text):
        if isinstance(item, Span):
            plain += item.text
        elif isinstance(item, CiteGroup):
            marks.append(Mark(len(plain), str(len(marks) + 1), item.facts))
    return Passage(1, plain, tuple(marks))


def predicted(text: str, register: Register) -> set[str]:
    """The error and warning codes review gives one sentence."""
    _, findings = review_passages([passage(text)], register)
    return {f.code for f in findings if f.severity in MEASURED}


@dataclass
class Score:
    """Counts for one code."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """TP / (TP + FP), or None when the code was never given."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """TP / (TP + FN), or None when no sentence is labelled with the code."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Report:
    """The scores of one run over a corpus."""

    scores: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    clean: int = 0
    clean_flagged: int = 0
    by_class: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    wrong: list[dict[str, Any]] = field(default_factory=list)

    def add(self, entry: dict[str, Any], got: set[str]) -> None:
        """Score one sentence."""
        want = set(entry.get("expect") or [])
        for code in want | got:
            score = self.scores[code]
            if code in want and code in got:
                score.tp += 1
            elif code in got:
                score.fp += 1
            else:
                score.fn += 1
        if not want:
            self.clean += 1
            self.clean_flagged += bool(got)
        kind = entry.get("class", "?")
        self.by_class[kind]["right" if got == want else "wrong"] += 1
        if got != want:
            self.wrong.append(
                {"class": kind, "text": entry["text"], "expected": sorted(want), "got": sorted(got)}
            )

    def data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "codes": {
                c: {
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": s.precision,
                    "recall": s.recall,
                }
                for c, s in sorted(self.scores.items())
            },
            "clean": self.clean,
            "clean_flagged": self.clean_flagged,
            "classes": {k: dict(v) for k, v in sorted(self.by_class.items())},
            "wrong": self.wrong,
        }


def dossier_of(corpus: Path) -> Path:
    """The dossier ``corpus`` is reviewed against: its ``dossier:`` key, else the bundled one."""
    name = yaml.safe_load(corpus.read_text(encoding="utf-8")).get("dossier")
    return corpus.resolve().parent / str(name) if name else HERE.parent


def run(corpus: Path, register: Register) -> Report:
    """Review every sentence of ``corpus`` and score it."""
    report = Report()
    for entry in yaml.safe_load(corpus.read_text(encoding="utf-8"))["sentences"]:
        report.add(entry, predicted(entry["text"], register))
    return report


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(report: Report) -> str:
    """The report as text: codes, clean sentences, classes."""
    lines = [f"{'code':<20} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}"]
    for code, s in sorted(report.scores.items()):
        lines.append(
            f"{code:<20} {s.tp:>4} {s.fp:>4} {s.fn:>4} {_fmt(s.precision):>10} {_fmt(s.recall):>7}"
        )
    total = Score(
        sum(s.tp for s in report.scores.values()),
        sum(s.fp for s in report.scores.values()),
        sum(s.fn for s in report.scores.values()),
    )
    lines.append(
        f"{'all codes':<20} {total.tp:>4} {total.fp:>4} {total.fn:>4} "
        f"{_fmt(total.precision):>10} {_fmt(total.recall):>7}"
    )
    rate = report.clean_flagged / report.clean if report.clean else 0.0
    lines.append(
        f"\nclean sentences flagged: {report.clean_flagged} of {report.clean} "
        f"({rate:.0%})\n\n{'class':<20} right wrong"
    )
    for kind, counts in sorted(report.by_class.items()):
        lines.append(f"{kind:<20} {counts['right']:>5} {counts['wrong']:>5}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the report; exit 0 (accuracy is measured, not asserted)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=HERE / "review_corpus.yaml")
    parser.add_argument("--show", action="store_true", help="list the sentences got wrong")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    report = run(args.corpus, open_dossier(dossier_of(args.corpus)).load())
    if args.format == "json":
        print(json.dumps(report.data(), indent=2, ensure_ascii=False))
        return 0
    print(table(report))
    if args.show:
        for w in report.wrong:
            print(f"\n[{w['class']}] expected {w['expected']}, got {w['got']}\n  {w['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

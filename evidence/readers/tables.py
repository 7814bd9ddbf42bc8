"""Tables drawn with ruling lines, read row by row.

A table is found from its borders, not its words: horizontal and vertical rules that touch
one another make a grid; its row bands lie between the horizontal rules, its columns
between the vertical ones. Each row is one block, its cells in order separated by a tab
(a quote across cells verifies: tabs are whitespace), a cell's lines joined by spaces. The
lines read into a table are taken out of the page's running text. A table without drawn
borders, or a frame drawn round text (one column), is left to the paragraph rules.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from evidence.readers.blocks import Block, Page
from evidence.readers.lines import Line

_NEAR = 2.0  # points: rules this close touch


def _groups(rules: list[list[float]]) -> list[tuple[list[float], list[float], list[float]]]:
    """Grids: (horizontal ys, vertical xs, bounding box) of rules that touch one another."""
    horizontal = [r for r in rules if r[3] - r[1] <= 2.5]
    vertical = [r for r in rules if r[2] - r[0] <= 2.5]
    boxes = horizontal + vertical
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if (
                a[0] - _NEAR <= b[2]
                and b[0] - _NEAR <= a[2]
                and a[1] - _NEAR <= b[3]
                and b[1] - _NEAR <= a[3]
            ):
                parent[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for i in range(len(boxes)):
        members.setdefault(root(i), []).append(i)
    out = []
    for idx in members.values():
        hs = [boxes[i] for i in idx if i < len(horizontal)]
        vs = [boxes[i] for i in idx if i >= len(horizontal)]
        ys = _distinct([(h[1] + h[3]) / 2 for h in hs])
        xs = _distinct([(v[0] + v[2]) / 2 for v in vs])
        if len(ys) >= 2 and len(xs) >= 3:  # two columns at least: one box is a frame
            box = [
                min(b[0] for b in (hs + vs)),
                min(b[1] for b in (hs + vs)),
                max(b[2] for b in (hs + vs)),
                max(b[3] for b in (hs + vs)),
            ]
            out.append((ys, xs, box))
    return out


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _NEAR:
            out.append(value)
    return out


def table_rows(
    page: dict[str, Any], lines: list[Line], printed: str | None
) -> list[tuple[float, Block]]:
    """The rows of the page's ruled tables as blocks, each with the height it starts at.

    The lines inside a table are marked ``in_table`` (no longer running text).
    """
    if len(page.get("rules", ())) > 1500:
        return []  # a page drawn with thousands of strokes is a picture, not a table
    out: list[tuple[float, Block]] = []
    for ys, xs, box in _groups(page.get("rules", [])):
        inside = [
            ln
            for ln in lines
            if not ln.excluded
            and box[1] - _NEAR <= ln.y <= box[3] + _NEAR
            and box[0] - _NEAR <= ln.x0 <= box[2]
        ]
        if not inside:
            continue
        for top, bottom in pairwise(ys):
            cells: list[list[str]] = [[] for _ in range(len(xs) - 1)]
            for line in inside:
                if not top < line.y <= bottom + 1:
                    continue
                line.in_table = True
                for x0, x1, text in line.segs:
                    middle = (x0 + x1) / 2
                    column = next(
                        (k for k in range(len(xs) - 1) if xs[k] <= middle < xs[k + 1]), len(xs) - 2
                    )
                    cells[column].append(text)
            words = [" ".join(cell) for cell in cells if cell]
            if words:
                text = "\t".join(words)
                out.append((top, Block(text, pages=(Page(0, page["n"], printed),))))
    return out

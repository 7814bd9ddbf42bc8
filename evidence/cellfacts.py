"""A spreadsheet's figures as candidate facts: each cell holding a number, with its headings.

A cell's quote runs from its row's heading to the cell ("Unallocated cases | 47 | 31"
for the cell of 31), so it names that cell even when the same figure is in another
(:func:`evidence.readers.blocks.cells_place`: a quote names the cell it ends in). Its
proposed statement is its headings and its text ("Unallocated cases, 2020/21: 31.").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evidence.readers.blocks import CellSpan
from evidence.readers.headings import is_number
from evidence.segment import Segmentation

if TYPE_CHECKING:
    from evidence.sources import Source, SourceMeta

#: A candidate's handle for a cell: ``SOURCE:C7`` or ``SOURCE:'Table 2'!C7``.
CELL_HANDLE = re.compile(
    r"^(?P<source>[a-z0-9]+(?:-[a-z0-9]+)*):(?P<cell>(?:(?:'(?:[^']|'')+'|[A-Za-z0-9_.]+)!)?"
    r"[A-Za-z]{1,3}\d+)$"
)


@dataclass(frozen=True)
class CellFact:
    """One cell proposed as a fact."""

    paragraph: int  # the citable paragraph (its row) it is in
    position: int  # its place among its row's cells, from 1
    cell: str  # ``Sheet1!C7``
    text: str  # what the cell says
    quote: str  # from the row's heading to the cell
    statement: str


def _statement(cell: CellSpan, text: str) -> str:
    heads = ", ".join(cell.headings)
    return f"{heads}: {text}." if heads else f"{text}."


def cell_facts(segmentation: Segmentation, *, figures_only: bool = True) -> list[CellFact]:
    """The cells of a spreadsheet's citable rows, in reading order (those with a number)."""
    out = []
    text = segmentation.text
    cells = segmentation.cells
    at = 0
    for para in segmentation.citable:
        assert para.number is not None
        row = []
        while at < len(cells) and cells[at].start < para.end:
            if cells[at].start >= para.start:
                row.append(cells[at])
            at += 1
        head = next((c for c in row if not is_number(text[c.start : c.end])), None)
        for n, cell in enumerate(row, 1):
            said = text[cell.start : cell.end]
            if figures_only and not is_number(said):
                continue
            begin = head.start if head is not None and head.start < cell.start else cell.start
            out.append(
                CellFact(
                    para.number,
                    n,
                    cell.name,
                    said,
                    text[begin : cell.end],
                    _statement(cell, said),
                )
            )
    return out


def cell_named(segmentation: Segmentation, name: str) -> CellFact | None:
    """The cell called ``name`` (``C7``, ``Sheet1!C7``; a sheet's name as Excel quotes it)."""
    wanted = name.casefold()  # as Excel reads them, sheets' names and columns ignore case
    return next(
        (f for f in cell_facts(segmentation, figures_only=False) if f.cell.casefold() == wanted),
        None,
    )


def cell_at(
    sources: Mapping[str, Source], source_id: str, name: str
) -> tuple[SourceMeta, CellFact]:
    """The cell ``name`` of the spreadsheet ``source_id``, and that source's entry.

    Raises:
        RegisterError: an unknown source, or no such cell in it (or the cell is empty).
    """
    from evidence.errors import RegisterError
    from evidence.suggest import did_you_mean

    source = sources.get(source_id)
    if source is None:
        raise RegisterError(
            f"no source {source_id!r} in the dossier", hint=did_you_mean(source_id, sources)
        )
    found = cell_named(source.segmentation, name)
    if found is None:
        what = "is not a spreadsheet" if not source.segmentation.cells else "has no such cell"
        raise RegisterError(
            f"{source_id}:{name}: no such cell ({source_id} {what}, or the cell is empty)",
            hint="Name a cell `drafting evidence add` or `search` printed, like Sheet1!C7",
        )
    return source.meta, found

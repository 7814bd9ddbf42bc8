"""Drafting: evidence-backed letters, motions, questions and FOI requests for UK councillors.

Names are imported on first use, so ``import drafting`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evidence._lazy import lazy_getattr

if TYPE_CHECKING:
    from drafting.errors import DraftingError, UsageError
    from drafting.findings import CitationRow, Finding, Review
    from drafting.kinds import KINDS, LoadedDraft, load_draft
    from drafting.render import RenderResult, RenderSession, ReviewRefused, render_draft
    from drafting.review import review_file
    from drafting.review.annex import write_annex
    from drafting.review.formats import as_csv, as_data, as_markdown, as_table

_WHERE = {
    "DraftingError": "errors",
    "UsageError": "errors",
    "CitationRow": "findings",
    "Finding": "findings",
    "Review": "findings",
    "KINDS": "kinds",
    "LoadedDraft": "kinds",
    "load_draft": "kinds",
    "RenderResult": "render",
    "RenderSession": "render",
    "ReviewRefused": "render",
    "render_draft": "render",
    "review_file": "review",
    "write_annex": "review.annex",
    "as_csv": "review.formats",
    "as_data": "review.formats",
    "as_markdown": "review.formats",
    "as_table": "review.formats",
}
__all__ = [
    "KINDS",
    "CitationRow",
    "DraftingError",
    "Finding",
    "LoadedDraft",
    "RenderResult",
    "RenderSession",
    "Review",
    "ReviewRefused",
    "UsageError",
    "as_csv",
    "as_data",
    "as_markdown",
    "as_table",
    "load_draft",
    "render_draft",
    "review_file",
    "write_annex",
]
assert sorted(__all__) == sorted(_WHERE)

__getattr__ = lazy_getattr(__name__, _WHERE)

"""Drafting: evidence-backed letters, motions, questions and FOI requests for UK councillors.

Names are imported on first use, so ``import drafting`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evidence._lazy import lazy_getattr

if TYPE_CHECKING:
    from drafting.annex import write_annex
    from drafting.errors import DraftingError, UsageError
    from drafting.findings import CitationRow, Finding, Review
    from drafting.pipeline import RenderResult, ReviewRefused, render_draft
    from drafting.review import review_file

_WHERE = {
    "write_annex": "annex",
    "DraftingError": "errors", "UsageError": "errors",
    "CitationRow": "findings", "Finding": "findings", "Review": "findings",
    "RenderResult": "pipeline", "ReviewRefused": "pipeline", "render_draft": "pipeline",
    "review_file": "review",
}
__all__ = [
    "CitationRow",
    "DraftingError",
    "Finding",
    "RenderResult",
    "Review",
    "ReviewRefused",
    "UsageError",
    "render_draft",
    "review_file",
    "write_annex",
]
assert sorted(__all__) == sorted(_WHERE)

__getattr__ = lazy_getattr(__name__, _WHERE)

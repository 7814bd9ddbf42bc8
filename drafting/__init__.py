"""Drafting: evidence-backed letters, motions, questions and FOI requests for UK councillors."""

from drafting.errors import DraftingError, UsageError

__all__ = ["DraftingError", "UsageError"]

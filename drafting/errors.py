"""Errors of the drafting package; all are :class:`evidence.errors.UserError` s."""

from __future__ import annotations

from evidence.errors import UserError


class DraftingError(UserError):
    """Base of the drafting package's errors."""


class UsageError(DraftingError):
    """A command-line argument is wrong (an unknown id, topic or choice)."""

"""Errors a user can fix, each carrying its own message and what to do about it.

The CLI catches :class:`UserError` in one place, prints ``str(error)`` to stderr
and exits with ``error.exit_code`` (2: bad input or usage).
"""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A problem with the user's input: a file, a field, an argument."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: Path | str | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.hint = hint
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    @property
    def where(self) -> str:
        """``file:line`` (or just ``file``) the problem sits in, or ``""``."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text.rstrip('.')}. {self.hint}" if self.hint else text


class EvidenceError(UserError):
    """Base of the evidence package's errors."""


class DossierError(EvidenceError):
    """A dossier cannot be found, made or read."""


class SchemaError(EvidenceError):
    """A YAML file is malformed or does not fit its schema."""


class SourceError(EvidenceError):
    """A source document is missing, unreadable or not in a supported format."""


class RegisterError(EvidenceError):
    """The fact register is inconsistent (duplicate ids, unknown references)."""


class CsvError(EvidenceError):
    """A CSV file cannot be read: its encoding, its header, a row or a cell."""


class SearchError(EvidenceError):
    """A search that cannot run: ``field`` is what is wrong ("source", "query")."""

    def __init__(self, field: str, message: str, *, hint: str | None = None) -> None:
        self.field = field
        super().__init__(message, hint=hint)

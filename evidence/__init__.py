"""Evidence: source documents, a register of citable facts, and their verification.

Names are imported on first use, so ``import evidence`` stays cheap for a CLI
that may not need pydantic or rapidfuzz at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evidence._lazy import lazy_getattr

if TYPE_CHECKING:
    from evidence.dates import PartialDate
    from evidence.dossier import Dossier, find_dossier, init_dossier, open_dossier
    from evidence.errors import EvidenceError, UserError
    from evidence.register import Citation, Fact, FactReport, Person, Register, load_register
    from evidence.sources import Source, SourceMeta
    from evidence.verify import CitationCheck, Locator, check_quote, context, locate

_WHERE = {
    "PartialDate": "dates",
    "Dossier": "dossier",
    "find_dossier": "dossier",
    "init_dossier": "dossier",
    "open_dossier": "dossier",
    "EvidenceError": "errors",
    "UserError": "errors",
    "Citation": "register",
    "Fact": "register",
    "FactReport": "register",
    "Person": "register",
    "Register": "register",
    "load_register": "register",
    "Source": "sources",
    "SourceMeta": "sources",
    "CitationCheck": "verify",
    "Locator": "verify",
    "check_quote": "verify",
    "locate": "verify",
    "context": "verify",
}
__all__ = [
    "Citation",
    "CitationCheck",
    "Dossier",
    "EvidenceError",
    "Fact",
    "FactReport",
    "Locator",
    "PartialDate",
    "Person",
    "Register",
    "Source",
    "SourceMeta",
    "UserError",
    "check_quote",
    "context",
    "find_dossier",
    "init_dossier",
    "load_register",
    "locate",
    "open_dossier",
]
assert sorted(__all__) == sorted(_WHERE)

__getattr__ = lazy_getattr(__name__, _WHERE)

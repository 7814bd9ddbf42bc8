"""Review: what a document relies on, and where it goes beyond its evidence.

The checks are functions returning data (a :class:`~drafting.findings.Review`:
a citation list and findings); :mod:`drafting.review.formats` turns one into
JSON, Markdown or CSV, and only the CLI prints. Findings (severity, code):

* error ``unknown-fact``, ``fact-fails``; info ``later-fact`` (:mod:`.facts`);
* error ``misquote``; warnings ``uncited-quote``, ``uncited-figure``, ``figure-mismatch``,
  ``private-individual`` (:mod:`.prose`); ``partisan-claim``, ``misattributed``
  (:mod:`.attribution`, sentence by sentence from :mod:`.prose`);
* warning ``identification-risk`` (an error for a child's full name) (:mod:`.identification`,
  names by :mod:`.child_names`, ages, places and dates by :mod:`.identifying`);
* error ``placeholder`` and each kind's own checks (drafts only, :mod:`.checks`);
* warnings ``citation-removed``, ``citation-added``, ``citation-edited``, ``quote-changed``,
  ``other-dossier`` (rendered documents only, :mod:`.document`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from drafting.findings import Review
from drafting.kinds import load_draft
from drafting.review.checks import Reviewed, review_draft

if TYPE_CHECKING:
    import datetime as dt

    from drafting.kinds import LoadedDraft
    from evidence.dossier import Dossier
    from evidence.register import Register

__all__ = [
    "dossier_label",
    "ignored_codes",
    "is_docx",
    "review_draft",
    "review_file",
    "review_loaded",
    "without_ignored",
]


def is_docx(path: Path) -> bool:
    """Whether ``path`` is to be reviewed as a rendered document (by name or by content).

    Raises:
        DraftingError: it is not a regular file (a FIFO, a device, a folder), or unreadable.
    """
    import sys
    import zipfile

    from drafting.errors import DraftingError
    from evidence.fsio import open_input

    if path.suffix.lower() == ".docx":
        return True
    # only its kind is sniffed here: the reader of a draft or a document bounds its size
    with open_input(
        path, limit=sys.maxsize, what="draft or Word document", error=DraftingError
    ) as handle:
        return zipfile.is_zipfile(handle)


def dossier_label(dossier: Dossier) -> str:
    """``name (folder, how it was found)``: which evidence a review used."""
    return f"{dossier.config.name} ({dossier.root}, {dossier.found_by})"


def ignored_codes(dossier: Dossier, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The finding codes turned off: the dossier's ``review.ignore`` and ``extra``.

    Raises:
        UsageError: a code that no finding has (a typo would silently ignore nothing).
    """
    from drafting.errors import UsageError
    from drafting.findings import CODES
    from evidence.suggest import did_you_mean

    codes = frozenset((*dossier.config.review.ignore, *extra))
    for code in sorted(codes - CODES):
        raise UsageError(
            f"no finding has the code {code!r}",
            hint=f"{did_you_mean(code, CODES)} Codes: {', '.join(sorted(CODES))}",
        )
    return codes


def without_ignored(review: Review, dossier: Dossier, ignore: tuple[str, ...] = ()) -> Review:
    """``review`` without the codes the dossier's ``review.ignore`` and ``ignore`` leave out."""
    return review.without(ignored_codes(dossier, ignore))


def review_loaded(
    loaded: LoadedDraft,
    dossier: Dossier,
    *,
    register: Register | None = None,
    today: dt.date | None = None,
    ignore: tuple[str, ...] = (),
    memo: Reviewed | None = None,
) -> Review:
    """The one way a draft is reviewed (by ``review``, ``render`` and ``check``).

    Against ``register`` (default: the dossier's, loaded), its dates as of ``today``, the
    codes the dossier ignores left out. ``memo``: a render session's record of passages
    already reviewed (:func:`drafting.review.checks.review_passages`).
    """
    review = review_draft(
        loaded,
        dossier.load() if register is None else register,
        dossier_label(dossier),
        today=today,
        memo=memo,
    )
    return without_ignored(review, dossier, ignore)


def review_file(path: Path, dossier: Dossier, ignore: tuple[str, ...] = ()) -> Review:
    """Review a draft (.yaml) or a rendered .docx with ``dossier``'s evidence.

    Findings of the codes in ``ignore`` and in the dossier's ``review.ignore`` are left out.
    """
    codes = ignored_codes(dossier, ignore)  # before any work: an unknown code is an error
    if not is_docx(path):
        return review_loaded(load_draft(path), dossier, ignore=ignore)
    from drafting.review.word import review_word_file  # lxml: only for documents

    review = review_word_file(path, dossier.load(), dossier.config.name, dossier_label(dossier))
    return review.without(codes)

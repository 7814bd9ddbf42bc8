"""Run XML (``w:r``) built from plain text: escaped here, so templates never see raw text.

These return strings of WordprocessingML; :func:`drafting.docx.template.markup`
marks them safe for a ``{{r ...}}`` tag.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped for XML text.

    As ``xml.sax.saxutils.escape`` does, without its import of ``urllib`` and ``ssl``.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """One ``w:r`` holding ``text`` (escaped), tabs kept as tabs."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = [f'<w:t xml:space="preserve">{escape(p)}</w:t>' if p else "" for p in text.split("\t")]
    return f"<w:r>{rpr}{'<w:tab/>'.join(pieces)}</w:r>"


def footnote_reference_run(note_id: int) -> str:
    """The superscript mark in the body that points at footnote ``note_id``."""
    return (
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
    )


def superscript_run(text: str) -> str:
    """A superscript marker such as ``3`` or ``1,2`` (references style)."""
    return (
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    )

"""How a rendered body flows onto pages: no blank last page, no sign-off left alone.

Two rules hold whatever the template (a dossier's own included):

* empty paragraphs at the end of the body are removed: a template's spacer after the
  last signature is what pushed a letter that filled its page onto a blank one;
* the last paragraph of prose keeps with the paragraph after it (Word's and
  LibreOffice's "keep with next"), so what follows the prose (a closing and the
  signatures, a motion's "Signed" block) never starts a page on its own. The shipped
  templates keep the closing and each signature line with the next, so the whole
  sign-off moves together.
"""

from __future__ import annotations

from typing import Any

from drafting.docx.parts import W
from drafting.docx.record import DocParagraph, list_number_length, read_paragraphs, text_key
from evidence.readers.docx import Paragraph

#: What makes a paragraph with no text still print something.
_VISIBLE = tuple(
    f"{W}{tag}"
    for tag in (
        "drawing",
        "pict",
        "object",
        "fldChar",
        "fldSimple",
        "footnoteReference",
        "endnoteReference",
        "sym",
    )
)


def _empty(paragraph: Any) -> bool:
    """No text, nothing drawn, no field, no page break, no section break."""
    if paragraph.find(f"{W}pPr/{W}sectPr") is not None:
        return False
    if any(t.text and t.text.strip() for t in paragraph.iter(f"{W}t")):
        return False
    if any(next(paragraph.iter(tag), None) is not None for tag in _VISIBLE):
        return False
    return not any(br.get(f"{W}type") == "page" for br in paragraph.iter(f"{W}br"))


def trim_ending(body: Any) -> int:
    """Remove the empty paragraphs that end ``body`` (a ``w:body``); return how many.

    A body must end with a paragraph (Word adds one after a final table): after a table,
    one empty paragraph stays, or is made, one point high, so it cannot spill onto a page
    of its own.
    """
    removed = 0
    while True:
        children = [c for c in body if c.tag != f"{W}sectPr"]
        if children and children[-1].tag == f"{W}tbl":
            children[-1].addnext(_tiny(body.makeelement(f"{W}p", {})))
            return removed
        if len(children) < 2 or children[-1].tag != f"{W}p" or not _empty(children[-1]):
            return removed
        if children[-2].tag == f"{W}tbl":
            _tiny(children[-1])
            return removed
        body.remove(children[-1])
        removed += 1


def _tiny(paragraph: Any) -> Any:
    """An empty paragraph one point high, with no space around it."""
    for props in paragraph.findall(f"{W}pPr"):
        paragraph.remove(props)
    props = paragraph.makeelement(f"{W}pPr", {})
    props.append(
        props.makeelement(
            f"{W}spacing",
            {f"{W}before": "0", f"{W}after": "0", f"{W}line": "20", f"{W}lineRule": "exact"},
        )
    )
    marks = props.makeelement(f"{W}rPr", {})
    marks.append(marks.makeelement(f"{W}sz", {f"{W}val": "2"}))
    props.append(marks)
    paragraph.insert(0, props)
    return paragraph


def keep_with_next(paragraph: Any) -> None:
    """Set "keep with next" on a ``w:p``, in its properties' schema order."""
    props = paragraph.find(f"{W}pPr")
    if props is None:
        props = paragraph.makeelement(f"{W}pPr", {})
        paragraph.insert(0, props)
    if props.find(f"{W}keepNext") is not None:
        return
    keep = props.makeelement(f"{W}keepNext", {})
    style = props.find(f"{W}pStyle")
    props.insert(1 if style is not None else 0, keep)


def keep_last_prose(
    body: Any, prose: list[str], read: list[tuple[Paragraph, DocParagraph]] | None = None
) -> bool:
    """Keep the body's last paragraph of prose with what follows; False if none is found.

    ``prose`` holds the prose texts as rendered (a list number and a tab first, in a list);
    ``read`` the body's paragraphs as :func:`~drafting.docx.record.read_paragraphs` gave
    them, when the caller has them.
    """
    if not prose:
        return False
    last = text_key(prose[-1][list_number_length(prose[-1]) :])
    found = None
    for paragraph, content in read if read is not None else read_paragraphs(body):
        if text_key(content.text) == last:
            found = paragraph
    if found is None:
        return False
    keep_with_next(found[-1])  # the w:p holding the paragraph's mark
    return True

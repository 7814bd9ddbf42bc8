"""How review of a rendered .docx names its prose paragraphs, as rendered and as they are now.

The render record keeps each prose paragraph's label as its kind gives it ("Clause 5",
"Item 2"; nothing for a letter's paragraphs); a record made before labels were kept has
none, and its paragraphs are "paragraph N". It keeps each one's mood too ("proposes" for a
resolution's clause, "notes" for what a motion notes, "asks" for an item requested), so
the review of a document reads its prose as the review of its draft did; a paragraph added
by hand takes the mood of the one before it, in whose section it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from drafting.docx.record import DocParagraph, RenderedDocument, text_key
from drafting.findings import as_place


@dataclass(frozen=True)
class Places:
    """How review names prose paragraphs: as rendered (by the record) and as they are now.

    A kind that labels its prose ("Clause 5", "Item 2") is named by those labels, which an
    edited paragraph keeps and a paragraph added by hand does not have ("a paragraph added
    by hand after clause 2"); other prose is "paragraph N", counted as a reader counts it.
    """

    rendered: tuple[str, ...]
    now: tuple[str, ...]
    moods: tuple[str, ...] = ()  # of the prose now, as :attr:`now`

    def was(self, p: int) -> str:
        """Recorded prose paragraph ``p`` (from 1), as rendered."""
        label = self.rendered[p - 1] if 0 < p <= len(self.rendered) else ""
        return label or f"paragraph {p}"


def places(
    doc: RenderedDocument, proses: list[DocParagraph], paired: dict[int, int] | None = None
) -> Places:
    """The places of the recorded prose and of ``proses`` (the prose now).

    ``paired`` maps a paragraph now (from 0) to the recorded one it was rendered as; by
    default unchanged paragraphs, and edited ones where as many stand in their place.
    """
    recorded = [h for h, is_prose in doc.record.paragraphs if is_prose]
    labels, kept = doc.record.labels, doc.record.moods
    rendered = tuple(as_place(x) for x in labels) if len(labels) == len(recorded) else ()
    moods = kept if len(kept) == len(recorded) else ("",) * len(recorded)
    if paired is None:
        paired = {}
        matcher = SequenceMatcher(a=recorded, b=[text_key(p.text) for p in proses], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                paired.update({j1 + k: i1 + k for k in range(j2 - j1)})
    now: list[str] = []
    now_moods: list[str] = []
    after = ""
    for j in range(len(proses)):
        i = paired.get(j)
        label = rendered[i] if i is not None and i < len(rendered) else ""
        if label:
            after = label
        elif i is None and any(rendered):
            label = "a paragraph added by hand" + (f" after {after}" if after else "")
        now.append(label or f"paragraph {j + 1}")
        mood = moods[i] if i is not None and i < len(moods) else None
        now_moods.append(mood if mood is not None else now_moods[-1] if now_moods else "")
    return Places(rendered, tuple(now), tuple(now_moods))

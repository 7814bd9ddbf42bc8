"""The words by which a motion's headings are read (:mod:`drafting.modeltext`).

Verbs are lemmas: every inflection counts (lemminflect, through :mod:`drafting.lexicon`).
The noting verbs are :data:`drafting.proposals.NOTING`, shared with review's reading of a
draft's headings.
"""

from __future__ import annotations

import re
from typing import Literal

Mood = Literal["notes", "believes", "resolves", ""]

#: Lemmas of verbs by which a motion gives its view ("This Council believes", "regrets").
BELIEVING = (
    "believe",
    "consider",
    "feel",
    "think",
    "regret",
    "welcome",
    "condemn",
    "deplore",
    "applaud",
    "commend",
    "congratulate",
    "share",
    "affirm",
    "reaffirm",
    "oppose",
)
#: Lemmas of the performative verbs by which a motion decides ("This Council resolves",
#: "calls on", "agrees to"): not every verb of intent ("The council plans to close 12
#: libraries" is a claim about what the council does, to be cited).
RESOLVING = (
    "resolve",
    "agree",
    "call",
    "ask",
    "request",
    "urge",
    "instruct",
    "direct",
    "invite",
    "commit",
    "pledge",
    "demand",
    "mandate",
    "authorise",
    "authorize",
    "undertake",
    "support",
    "propose",
    "recommend",
    "move",
    "declare",
)
#: Adjectives of feeling after "is"/"are" that give a view ("This Council is concerned that").
FEELING = frozenset(
    [
        "concerned",
        "alarmed",
        "appalled",
        "disappointed",
        "dismayed",
        "pleased",
        "proud",
        "saddened",
        "worried",
        "shocked",
        "delighted",
        "angry",
        "troubled",
    ]
)
#: Adjectives after "is"/"are" that note ("This Council is aware that") or resolve ("is
#: committed to"); :data:`FEELING` gives a view.
STATES: dict[str, Mood] = {
    **dict.fromkeys(FEELING, "believes"),
    **dict.fromkeys(("aware", "mindful", "conscious", "cognisant", "cognizant"), "notes"),
    **dict.fromkeys(("committed", "determined", "resolved"), "resolves"),
}
#: Words that cannot follow a verb, so show the word before was a noun ("notes were").
FINITE_NEXT = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
    ]
)
#: What joins the speaker to a state or a verb: "is", "are", "will", "shall".
LINKING = frozenset(("is", "are", "will", "shall"))
#: A connective opening a sentence before its speaker: "To this end,", "Therefore,".
CONNECTIVE = re.compile(r"^(?:[A-Z][a-z]*)(?:\s+[a-z]+){0,3},\s+(?=\S)")
#: Words that may stand between the speaker and the verb ("Council further notes").
ADVERBS = frozenset(
    [
        "further",
        "also",
        "therefore",
        "accordingly",
        "furthermore",
        "additionally",
        "hereby",
        "deeply",
        "strongly",
        "firmly",
        "fully",
        "formally",
        "thus",
        "so",
        "finally",
    ]
)
#: Lower-case words a speaker's name may hold ("the Council of the Isles of Scilly").
NAME_WORDS = frozenset(["this", "the", "our", "that", "of", "and", "&", "we", "i"])
#: The last word of who a motion speaks for: "This Council", "The Labour Group", "We".
BODIES = frozenset(
    [
        "council",
        "cabinet",
        "committee",
        "executive",
        "board",
        "assembly",
        "group",
        "members",
        "authority",
        "parliament",
        "senedd",
        "chamber",
        "we",
        "i",
    ]
)

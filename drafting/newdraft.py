"""Starting a draft: answers (from a file or prompts) become a draft file with suggestions."""

from __future__ import annotations

from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from drafting.models import Recipient, Sender, Text
from evidence.register import Fact, Register

SKELETON = (
    "Say who you are and why you are writing.",
    "Set out what has happened, one point per paragraph, each factual sentence cited.",
    "Say what you want the recipient to do.",
)


class LetterAnswers(BaseModel):
    """What ``drafting new letter`` needs to know."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    senders: Annotated[tuple[Sender, ...], Field(min_length=1)]
    recipient: Recipient
    subject: Text


def suggest_facts(register: Register, subject: str, limit: int = 8) -> list[Fact]:
    """The facts whose statement and topics best match ``subject`` (rapidfuzz)."""
    scored = []
    for fact in register.facts.values():
        haystack = f"{fact.statement} {' '.join(fact.topics)}".replace("-", " ")
        score = fuzz.token_set_ratio(subject.lower(), haystack.lower())
        if score >= 45:
            scored.append((score, fact))
    scored.sort(key=lambda pair: -pair[0])
    return [fact for _, fact in scored[:limit]]


def letter_draft_text(answers: LetterAnswers, register: Register) -> str:
    """The new draft's YAML, with relevant facts listed in a comment block."""
    data: dict[str, Any] = {
        "kind": "letter",
        "senders": [s.model_dump(exclude_none=True) for s in answers.senders],
        "recipient": answers.recipient.model_dump(exclude_none=True, exclude_defaults=True),
        "subject": answers.subject,
        "body": list(SKELETON),
    }
    lines = ["# A letter draft made by 'drafting new letter'. Edit the body, then run:",
             "#   drafting render THIS-FILE.yaml", "#"]
    facts = suggest_facts(register, answers.subject)
    if facts:
        lines.append("# Facts that may be relevant (cite as [@id]):")
        lines += [f"#   {f.id}: {f.statement}" for f in facts]
    else:
        lines.append("# No facts matched the subject; see 'drafting evidence list'.")
    return "\n".join(lines) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True,
                                                    width=88)

"""What review asks of lemminflect's word tables, read once and kept small.

lemminflect parses its two tables line by line the first time they are used, about half a
second in every process that reviews a sentence. Review asks them four things: a word's parts
of speech, its verb lemmas, whether it is a verb's past or -s form (a finite verb), and the
inflections of the lexicon's lemmas. Those answers are worked out from lemminflect once and
kept as JSON in the user's cache (``$XDG_CACHE_HOME/drafting``, or ``~/.cache/drafting``),
one file per lemminflect version and lexicon; later processes read it in a few
milliseconds. A cache that cannot be written or read back is rebuilt in memory: it only
saves time, and never changes an answer.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from evidence import jsoncache

#: The parts of speech review asks about, as bits of a word's entry.
_POS = ("NOUN", "VERB", "AUX", "ADJ", "ADV", "PROPN")
#: Changes when what is stored changes.
_FORMAT = 4


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lemminflect")
    except PackageNotFoundError:  # pragma: no cover - installed with drafting
        return "unknown"


def _folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drafting"


def cached(name: str, key: object, build: Callable[[], Any]) -> Any:
    """``build()``'s JSON-able result, read from the cache when it was built for ``key``.

    ``key`` (JSON-able) is what the result depends on besides lemminflect's version.
    """
    full = [_FORMAT, _version(), key]
    digest = hashlib.sha256(json.dumps(full, sort_keys=True).encode()).hexdigest()[:16]
    return jsoncache.cached(_folder() / f"lexicon-{name}-{digest}.json", full, build)


def _table() -> dict[str, Any]:
    """Each word's parts of speech (bits), verb and noun lemmas other than itself, finite forms."""
    from lemminflect import getAllInflections, getAllLemmas  # type: ignore[import-untyped]
    from lemminflect.core.Inflections import Inflections  # type: ignore[import-untyped]
    from lemminflect.core.Lemmatizer import Lemmatizer  # type: ignore[import-untyped]

    getAllLemmas("be"), getAllInflections("be", upos="VERB")  # load both tables
    lemmas: dict[str, dict[str, tuple[str, ...]]] = Lemmatizer()._getLemmaDict()
    inflections: dict[str, dict[str, tuple[str, ...]]] = Inflections()._getInflDict()
    pos = {w: sum(1 << i for i, p in enumerate(_POS) if p in entry) for w, entry in lemmas.items()}
    verbs, nouns = (
        {
            w: list(entry[upos])
            for w, entry in lemmas.items()
            if upos in entry and tuple(entry[upos]) != (w,)
        }
        for upos in ("VERB", "NOUN")
    )
    finite = sorted(
        {
            form
            for entry in inflections.values()
            for tag in ("VBD", "VBZ")
            for form in entry.get(tag, ())
        }
    )
    # a regular verb's table gives its participle as its past form only ("approved")
    participles = sorted(
        {form for entry in inflections.values() for form in entry.get("VBN", entry.get("VBD", ()))}
    )
    return {
        "pos": pos,
        "verbs": verbs,
        "nouns": nouns,
        "finite": finite,
        "participles": participles,
    }


_Index = tuple[
    dict[str, int], dict[str, list[str]], dict[str, list[str]], frozenset[str], frozenset[str]
]


@cache
def _index() -> _Index:
    data = cached("words", "table", _table)
    try:
        return (
            data["pos"],
            data["verbs"],
            data["nouns"],
            frozenset(data["finite"]),
            frozenset(data["participles"]),
        )
    except (KeyError, TypeError):  # a cache of another shape: build it again
        data = _table()
        return (
            data["pos"],
            data["verbs"],
            data["nouns"],
            frozenset(data["finite"]),
            frozenset(data["participles"]),
        )


def parts_of_speech(word: str) -> frozenset[str]:
    """The parts of speech lemminflect knows ``word`` as ("make": NOUN, VERB); none if unknown."""
    bits = _index()[0].get(word, 0)
    return frozenset(p for i, p in enumerate(_POS) if bits & (1 << i))


def verb_lemmas(word: str) -> tuple[str, ...]:
    """The verbs ``word`` is a form of ("said": say); () when it is no verb."""
    if "VERB" not in parts_of_speech(word):
        return ()
    return tuple(_index()[1].get(word, (word,)))


def noun_lemmas(word: str) -> tuple[str, ...]:
    """The nouns ``word`` is a form of ("authorities": authority); () when it is no noun."""
    if "NOUN" not in parts_of_speech(word):
        return ()
    return tuple(_index()[2].get(word, (word,)))


def is_finite_form(word: str) -> bool:
    """Whether ``word`` is some verb's past or third-person present form ("said", "says")."""
    return word in _index()[3]


def is_participle(word: str) -> bool:
    """Whether ``word`` is some verb's past participle ("approved", "set", "made")."""
    return word in _index()[4]


def inflections(lemmas: Iterable[str], upos: str) -> dict[str, dict[str, list[str]]]:
    """Each lemma's inflections by tag, as :func:`lemminflect.getAllInflections` gives them."""
    wanted = sorted(set(lemmas))

    def build() -> dict[str, dict[str, list[str]]]:
        from lemminflect import getAllInflections  # imports numpy: only when not cached

        return {
            lemma: {tag: list(forms) for tag, forms in getAllInflections(lemma, upos=upos).items()}
            for lemma in wanted
        }

    found: dict[str, dict[str, list[str]]] = cached(f"inflections-{upos.lower()}", wanted, build)
    return found

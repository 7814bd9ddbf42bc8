"""The date a web page states of itself, in its markup: never a guess.

Publishers state a page's date in a few standard places: ``<meta>`` tags (Open Graph's
``article:published_time``, Dublin Core's ``dc.date`` and ``dcterms.issued``, Highwire's
``citation_publication_date``, schema.org's ``datePublished`` as microdata), schema.org
JSON-LD (``datePublished``, also inside ``@graph``), and ``<time>`` elements marked as
the publication date. :func:`stated_date` reads those, in that order of trust, with the
standard library's HTML parser. A date found anywhere else (in the words, in the address)
is a guess, and :mod:`evidence.add` offers it as one.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from evidence.dates import PartialDate

#: ``<meta>`` names and properties that state when the page was published, best first.
META_NAMES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "citation_publication_date",
    "citation_date",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.issued",
    "dc.date.created",
    "dc.date",
    "dcterms.date",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
)
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s+Z]|\d{2}:)")
#: The most JSON-LD read, and how deep it may nest.
_MAX_JSON = 2**20
_MAX_DEPTH = 20


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.times: list[str] = []
        self.scripts: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            name = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if name and values.get("content"):
                self.meta.append((name, values["content"]))
        elif (
            tag == "time"
            and values.get("datetime")
            and ("pubdate" in values or values.get("itemprop", "").lower() == "datepublished")
        ):
            self.times.append(values["datetime"])
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in_json = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json and sum(map(len, self.scripts)) < _MAX_JSON:
            self.scripts[-1] += data


def _parse(value: str) -> PartialDate | None:
    found = _ISO.match(value)
    if found is None:
        return None
    try:
        return PartialDate.parse("-".join(p for p in found.groups() if p))
    except ValueError:
        return None


def _json_dates(data: Any, depth: int = 0) -> list[str]:
    if depth > _MAX_DEPTH:
        return []
    if isinstance(data, dict):
        own = [data["datePublished"]] if isinstance(data.get("datePublished"), str) else []
        return own + [d for v in data.values() for d in _json_dates(v, depth + 1)]
    if isinstance(data, list):
        return [d for v in data for d in _json_dates(v, depth + 1)]
    return []


def _ld_dates(scripts: list[str]) -> list[str]:
    out: list[str] = []
    for script in scripts:
        if script.count("[") + script.count("{") > 10_000:
            continue
        try:
            out += _json_dates(json.loads(script))
        except (ValueError, RecursionError):
            continue
    return out


def stated_date(html: str) -> tuple[PartialDate, str] | None:
    """The publication date the page's markup states, and where; None if it states none."""
    collector = _Collector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError):  # malformed markup: use what was read
        pass
    by_name: dict[str, str] = {}
    for name, content in collector.meta:
        by_name.setdefault(name, content)
    found = [
        (by_name[n], f"the page's metadata ({n}: {by_name[n]})") for n in META_NAMES if n in by_name
    ]
    found += [
        (d, f"the page's structured data (datePublished: {d})")
        for d in _ld_dates(collector.scripts)
    ]
    found += [(t, f"the page's publication time element ({t})") for t in collector.times]
    for value, where in found:
        date = _parse(value)
        if date is not None:
            return date, where
    return None

"""How much a template's value holds, and how much an operation would build, before it runs.

The sandbox (:mod:`drafting.docx.sandbox`) counts work in characters. A value holds the
characters it would print: a string its length, a list or dict the characters of its
items (a list of 2,000 strings of a million characters holds two billion, not 2,000).
Operations that can make a result far larger than their arguments (a width, a count,
a repeat, a replacement, a wrap) are estimated here from those arguments, so that the
sandbox refuses them before anything is built; every other result is measured after.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from jinja2 import Undefined
from jinja2.utils import Namespace

#: Python prints no integer of more digits than this (``sys.get_int_max_str_digits``).
MAX_DIGITS = 4300
_BITS = int(MAX_DIGITS * 3.3219280948873626)  # log2(10) bits a digit
#: textwrap copies what is left of a long word for every line it cuts: a word of L
#: characters wrapped at width w costs about L*L/w character copies (1e11: about a second).
WRAP_COPIES = 10**11
#: Adding up n lists copies the growing total n times (1e9 items: about a second).
SUM_COPIES = 10**8
#: A %-format conversion: its width and precision (digits, or ``*`` from the arguments).
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")
_DIGITS = re.compile(r"\d+")
#: Where ``str.splitlines`` (and so the indent filter) starts a new line.
_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
#: How far an estimate measures: past every limit the sandbox sets (a walk of at most
#: a million items, a few tenths of a second at worst).
ENOUGH = 2_000_000


class TemplateLimit(Exception):
    """A template tried to do more than one render may."""


def number(value: Any) -> int:
    """An argument as the whole width or count it stands for (0 when it is not a number)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and abs(value) < 1e300:
        return int(value)
    return 0


def measure(value: Any, limit: int = ENOUGH) -> int:
    """The characters ``value`` holds (as it would print), counted up to just past ``limit``.

    Nested lists, tuples, sets and dicts count their items; every item adds at least two,
    so the walk ends after at most ``limit`` items, however deep the nesting or sharing.
    """
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str | bytes | bytearray):
            total += len(item)
        elif isinstance(item, Undefined | bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * MAX_DIGITS // _BITS + 2
        elif isinstance(item, Mapping):
            total += 2
            for key, val in item.items():
                total += 4
                stack += (key, val)
                if total > limit:
                    break
        elif isinstance(item, Namespace):
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        elif isinstance(item, Collection) and not isinstance(item, range):
            total += 2
            for val in item:
                total += 2
                stack.append(val)
                if total > limit:
                    break
        else:
            total += 24
    return total


def number_too_big(value: Any) -> bool:
    """Whether ``value`` is an integer of more than :data:`MAX_DIGITS` digits."""
    return isinstance(value, int) and value.bit_length() > _BITS


def power_too_big(base: Any, exponent: Any) -> bool:
    """Whether ``base ** exponent`` would be an integer of more than :data:`MAX_DIGITS` digits."""
    if not isinstance(base, int) or not isinstance(exponent, int) or exponent < 0 or -2 < base < 2:
        return False
    return (base.bit_length() - 1) * exponent > _BITS


def product_too_big(left: Any, right: Any) -> bool:
    """Whether ``left * right`` would be an integer of more than :data:`MAX_DIGITS` digits."""
    return (
        isinstance(left, int)
        and isinstance(right, int)
        and left.bit_length() + right.bit_length() > _BITS + 1
    )


def _digits(text: str) -> int:
    if len(text) > 12:
        raise TemplateLimit(f"it asked for a field width of {len(text)} digits")
    return int(text)


def printf_size(fmt: str, args: Any, limit: int = ENOUGH) -> int:
    """About how long ``fmt % args`` is: its text, its arguments, every width and precision."""
    values = list(args) if isinstance(args, tuple) else [args]
    total = len(fmt) + measure(args, limit)
    position = 0
    for match in _PRINTF.finditer(fmt):
        width, precision, conversion = match.groups()
        for spec in (width, precision):
            if spec == "*":
                total += abs(number(values[position])) if position < len(values) else 0
                position += 1
            elif spec:
                total += _digits(spec)
        position += conversion != "%"
    return total


def field_size(value: Any, spec: str, limit: int = ENOUGH) -> int:
    """About how long ``format(value, spec)`` is: the value, and every number in its spec.

    A spec's numbers are widths and precisions (``>9999999``, ``.9999999f``); a date's
    spec (``%d %B %Y``) grows by a few characters a letter.
    """
    return measure(value, limit) + sum(map(_digits, _DIGITS.findall(spec))) + 32 * len(spec)


def replace_size(text: str, old: Any, new: Any, count: Any = -1) -> int:
    """The length of ``text.replace(old, new, count)``, from counting ``old``."""
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def join_size(items: Any, separator: Any, limit: int = ENOUGH) -> int | None:
    """About how long joining ``items`` is, when they are a collection (not an iterator)."""
    if not isinstance(items, Collection) or isinstance(items, str):
        return None
    return measure(items, limit) + len(separator if isinstance(separator, str) else "") * len(items)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# --- filters: each estimate takes the filter's own arguments, after its environment -------


def _center(value: Any, width: Any = 80) -> int:
    return max(len(_text(value)), number(width))


def _indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> int:
    text = _text(s)
    step = len(width) if isinstance(width, str) else number(width)
    return len(text) + (sum(map(text.count, _BREAKS)) + bool(first)) * max(step, 0)


def _wordwrap(
    s: Any,
    width: Any = 79,
    break_long_words: bool = True,
    wrapstring: Any = None,
    break_on_hyphens: bool = True,
) -> int:
    text = _text(s)
    step = max(number(width), 1)
    longest = max(map(len, text.split()), default=0)
    if break_long_words and longest * longest // step > WRAP_COPIES:
        raise TemplateLimit(f"it asked to wrap a word of {longest:,} characters at width {step}")
    lines = len(text) // step + 1 + sum(map(text.count, _BREAKS))
    return len(text) + lines * (len(wrapstring) if isinstance(wrapstring, str) else 1)


def _replace(s: Any, old: Any, new: Any, count: Any = None) -> int | None:
    if not isinstance(s, str):
        return None
    return replace_size(s, old, new, -1 if count is None else count)


def _batch(value: Any, linecount: Any, fill_with: Any = None) -> int:
    return 0 if fill_with is None else number(linecount) * (2 + measure(fill_with))


def _slice(value: Any, slices: Any, fill_with: Any = None) -> int:
    return number(slices) * (4 + (0 if fill_with is None else measure(fill_with)))


def _urlize(
    value: Any,
    trim_url_limit: Any = None,
    nofollow: bool = False,
    target: Any = None,
    rel: Any = None,
    extra_schemes: Any = None,
) -> int:
    text = _text(value)
    links = text.count(".") + text.count("@") + text.count(":")
    return 2 * len(text) + links * (64 + len(_text(target)) + len(_text(rel)))


def _sum(iterable: Any, attribute: Any = None, start: Any = 0) -> int | None:
    if not isinstance(start, list | tuple) or not isinstance(iterable, Collection):
        return None
    items = sum(len(i) for i in iterable if isinstance(i, list | tuple)) + len(start)
    if len(iterable) * items // 2 > SUM_COPIES:
        raise TemplateLimit(
            f"it added up {len(iterable):,} lists, copying about "
            f"{len(iterable) * items // 2:,} items"
        )
    return measure(start) + measure(iterable)


def _join(value: Any, d: Any = "", attribute: Any = None) -> int | None:
    return join_size(value, d)


def _format(value: Any, *args: Any, **kwargs: Any) -> int:
    return printf_size(_text(value), kwargs or args)


#: The filters that can build far more than they are given, and each one's estimate.
FILTERS: dict[str, Callable[..., int | None]] = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "replace": _replace,
    "batch": _batch,
    "slice": _slice,
    "urlize": _urlize,
    "join": _join,
    "format": _format,
    "sum": _sum,
}


def method_size(owner: str, name: str, args: tuple[Any, ...]) -> int | None:
    """About how long ``owner.name(*args)`` is, for the string methods that can grow."""
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(len(owner), number(first))
    if name == "expandtabs":
        return len(owner) + owner.count("\t") * max(number(first) if args else 8, 0)
    if name == "replace" and len(args) >= 2:
        return replace_size(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    if name == "join":
        return join_size(first, owner)
    if name == "translate" and isinstance(first, Mapping):
        return len(owner) * max([1, *(measure(v) for v in first.values())])
    return None


def lipsum_size(n: Any = 5, html: bool = True, min: Any = 20, max: Any = 100) -> int:
    """About how long ``lipsum(n, html, min, max)`` is (words of up to 12 characters)."""
    words = number(max) if number(max) > number(min) else number(min)
    return number(n) * (12 * words + 16)

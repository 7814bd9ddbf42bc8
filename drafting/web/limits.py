"""Sign-ins slowed after failures: per account name and per client address, in memory.

A name may fail :data:`LoginLimiter.name_free` times, and an address (an office behind one
router is one address) :data:`LoginLimiter.address_free` times; after that each further try
waits, 30 seconds after the next failure and twice as long after each one more, up to 15
minutes. While either waits, a try is refused before its password is checked, right or
wrong, so guessing gains nothing by speed. A name's failures are forgotten when it signs in;
any failures an hour after the last. A server restarted forgets them all.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0


@dataclass
class LoginLimiter:
    """Counts failed sign-ins and says how long the next must wait (see the module)."""

    clock: Callable[[], float] = time.monotonic
    name_free: int = 5
    address_free: int = 20
    first_wait: float = 30.0
    longest_wait: float = 15 * 60.0
    forget_after: float = 3600.0
    #: The most names and addresses remembered (the oldest are forgotten past it).
    most: int = 10_000
    _failures: dict[tuple[str, str], _Failures] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _wait(self, key: tuple[str, str], free: int, now: float) -> float:
        found = self._failures.get(key)
        if found is None or found.count < free:
            return 0.0
        wait = min(self.first_wait * 2.0 ** (found.count - free), self.longest_wait)
        return max(0.0, found.last + wait - now)

    def wait(self, name: str, address: str) -> tuple[float, str]:
        """Seconds before ``name`` may try again from ``address`` (0: now), and why."""
        now = self.clock()
        with self._lock:
            by_name = self._wait(("name", name), self.name_free, now)
            by_address = self._wait(("address", address), self.address_free, now)
        if by_name >= by_address:
            return by_name, "for this name"
        return by_address, "from this address"

    def failed(self, name: str, address: str) -> None:
        """Count a failed sign-in of ``name`` from ``address``."""
        now = self.clock()
        with self._lock:
            self._forget(now)
            for key in (("name", name), ("address", address)):
                found = self._failures.setdefault(key, _Failures())
                found.count += 1
                found.last = now

    def succeeded(self, name: str) -> None:
        """Forget ``name``'s failures: it signed in."""
        with self._lock:
            self._failures.pop(("name", name), None)

    def _forget(self, now: float) -> None:
        """Drop failures an hour old; past :attr:`most` keys, the oldest too."""
        old = [k for k, f in self._failures.items() if now - f.last > self.forget_after]
        for key in old:
            del self._failures[key]
        if len(self._failures) >= self.most:
            by_age = sorted(self._failures, key=lambda k: self._failures[k].last)
            for key in by_age[: len(self._failures) - self.most + 1]:
                del self._failures[key]


def in_words(seconds: float) -> str:
    """``seconds`` as a person says it: "30 seconds", "2 minutes"."""
    whole = max(1, math.ceil(seconds))
    if whole < 90:
        return f"{whole} second{'s' if whole != 1 else ''}"
    return f"{math.ceil(whole / 60)} minutes"

"""A batch of output files: each whole under its name at once, all durable once at the end.

Fsyncing every file as it is written costs a journal commit each (5 ms of wall for a
letter that takes 2 ms to make, more under load). A batch writes each file atomically
without syncing (:func:`evidence.fsio.write_atomic` with ``sync=False``) inside
:func:`synced`, which makes them all durable once, on the way out however the batch ends,
and :func:`terminate_raises`, which lets SIGTERM end it that way too. What this guarantees
is stated in :mod:`drafting.merge`, its first user.
"""

from __future__ import annotations

import os
import signal
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evidence.fsio import sync_files


def whole_zip(path: Path) -> bool:
    """Whether ``path`` reads as a zip to its end (a letter cut short by a crash does not)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return bool(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


class _Terminated(BaseException):
    """SIGTERM arrived during a merge (raised so that the batch is synced on the way out)."""


@contextmanager
def terminate_raises() -> Iterator[None]:
    """SIGTERM raises :class:`_Terminated` inside; afterwards it ends the process as it would."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        os.kill(os.getpid(), signal.SIGTERM)  # the default action: the process ends here
        raise KeyboardInterrupt from None  # a handler of the caller's that did not exit
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def synced(paths: list[Path]) -> Iterator[None]:
    """Every one of ``paths`` that exists made durable on the way out, however it is left.

    SIGINT and SIGTERM wait until the sync is done (then arrive as usual).
    """
    try:
        yield
    finally:
        held = {signal.SIGINT, signal.SIGTERM}
        blocking = threading.current_thread() is threading.main_thread() \
            and hasattr(signal, "pthread_sigmask")
        if blocking:
            signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            sync_files([p for p in paths if p.exists()])
        finally:
            if blocking:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, held)

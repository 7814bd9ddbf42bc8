"""A batch of output files: each whole under its name at once, all durable once at the end.

Fsyncing every file as it is written costs a journal commit each (5 ms of wall for a
letter that takes 2 ms to make, more under load). A batch writes each file atomically
without syncing (:func:`evidence.fsio.write_atomic` with ``sync=False``) inside
:func:`synced`, which makes them all durable once, on the way out however the batch ends,
and :func:`terminate_raises`, which lets SIGTERM end it that way too. What this guarantees
is stated in :mod:`drafting.merge`, its first user.
"""

from __future__ import annotations

import errno
import os
import signal
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from evidence.errors import UserError
from evidence.fsio import (
    DOSSIER_FILES,
    DOSSIER_FOLDERS,
    os_error,
    refuse_overwrite,
    write_atomic,
    write_new,
)


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
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    ):  # ignored: left so
        yield
        return

    def raise_terminated(signum: int, frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, raise_terminated) or signal.SIG_DFL  # None: C's
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
        blocking = threading.current_thread() is threading.main_thread() and hasattr(
            signal, "pthread_sigmask"
        )
        if blocking:
            signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            sync_files([p for p in paths if p.exists()])
        finally:
            if blocking:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def sync_files(paths: Iterable[Path]) -> None:
    """Make files written with ``write_atomic(sync=False)`` durable: each, then its folder.

    On Linux, when they share one folder, that is one ``syncfs(2)`` of its filesystem: all
    its dirty data and metadata written and flushed in one journal commit (another
    program's pending writes to that filesystem included), its write errors reported
    (Linux 5.8 and later). Elsewhere, or if it fails, each file is fsynced, then each
    folder. A file gone since (moved or deleted by someone else) is passed over.

    Raises:
        UserError: the filesystem reports a write error (a full disk, a failing device).
    """
    folders: dict[Path, None] = {}
    files = list(paths)
    if not files or (len({p.parent for p in files}) == 1 and _syncfs(files[0].parent)):
        return
    for path in files:
        folders[path.parent] = None
        _fsync(path, os.O_RDONLY)
    for folder in folders:
        _fsync(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _fsync(path: Path, flags: int) -> None:
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):  # a folder that cannot be synced
            raise os_error(exc, path) from None
    finally:
        os.close(fd)


def _syncfs(folder: Path) -> bool:
    """``syncfs(2)`` on ``folder``'s filesystem: whether it was done (False: not here)."""
    syncfs = _syncfs_call()
    if syncfs is None:
        return False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        return bool(syncfs(fd) == 0)  # on failure each file's fsync reports the error
    finally:
        os.close(fd)


@cache
def _syncfs_call() -> Any:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True) if os.name == "posix" else None
    except OSError:
        return None
    return getattr(libc, "syncfs", None)


#: The longest a writer waits for its turn (:class:`Writer`), in seconds.
TURN_WAIT = 2.0


class Writer:
    """A batch's writes, each atomic and not synced, its folder's checks made once.

    What :func:`~evidence.fsio.write_atomic` checks of a new file is its folder's (not a
    dossier's own, not an input, there): that is checked once per folder. A name where
    something is (a file, a link, a folder) gets every check, each time.

    ``turns``, when set, is a lock (``multiprocessing.Lock``) the writers of several
    processes take in turn: two processes creating files in one folder at once make the
    kernel spin on the folder's lock, and each file then costs both about half as much CPU
    again. It only saves work: a writer that cannot have it within :data:`TURN_WAIT`
    seconds (another died holding it) writes without it from then on.
    """

    def __init__(self, *, force: bool, inputs: tuple[Path, ...]) -> None:
        self.force = force
        self.inputs = inputs
        self.turns: Any = None
        self._folders: dict[Path, bool] = {}

    def write(self, path: Path, data: bytes) -> None:
        """Write ``data`` to ``path`` as ``write_atomic(..., sync=False)`` would.

        Raises:
            UserError: as :func:`~evidence.fsio.write_atomic` does.
        """
        turns = self.turns
        if turns is not None and not turns.acquire(timeout=TURN_WAIT):
            self.turns = turns = None
        try:
            if self._new(path):
                try:
                    write_new(path, data)
                    return
                except UserError:  # the folder changed since: the full checks say what is wrong
                    pass
            write_atomic(path, data, force=self.force, inputs=self.inputs, sync=False)
        finally:
            if turns is not None:
                turns.release()

    def _new(self, path: Path) -> bool:
        """Whether nothing is at ``path``, in a folder checked for new files."""
        if path.name in DOSSIER_FILES or path.name in DOSSIER_FOLDERS:
            return False
        try:
            os.lstat(path)
            return False
        except FileNotFoundError:
            pass
        except OSError:
            return False
        folder = path.parent
        if folder not in self._folders:  # what refuses one new name there refuses any
            try:
                refuse_overwrite(path, force=self.force, inputs=self.inputs)
                self._folders[folder] = folder.is_dir()
            except UserError:
                self._folders[folder] = False
        return self._folders[folder]

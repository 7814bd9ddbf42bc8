"""The one place that writes files a user owns: atomically, never over an input, never lost.

* Nothing is overwritten without ``force``, and never a file the command reads
  (``render X.yaml -o X.yaml --force``), however it is named: through a symlink,
  a relative path or a hard link.
* A file is written to a temporary file in the same folder, flushed, and
  renamed over the target, so a reader sees the old file or the new one, never
  half of either; a failure leaves the old file as it was and no temporary file.
* New files get the permissions the user's umask gives (as ``touch`` would);
  a replaced file keeps its own.
* Filesystem errors (a read-only folder, permission denied, a full disk, a
  name too long) are :class:`~evidence.errors.UserError` s naming the path.

It is also where a user's file is read: :func:`open_input` and :func:`read_input` take
regular files only (a FIFO, a device, a socket or a folder, even behind a symlink, is
refused before a byte is read, and never blocks), bounded in size.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import BinaryIO

from evidence.errors import UserError

_WHAT = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the folder is on a read-only file system",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
}


def _why(exc: OSError) -> str:
    return _WHAT.get(exc.errno or 0, exc.strerror or str(exc))


def os_error(exc: OSError, path: Path, doing: str = "cannot write") -> UserError:
    """A :class:`UserError` for a filesystem error, in plain words, naming ``path``."""
    return UserError(
        f"{doing}: {_why(exc)}",
        path=path,
        hint="Choose another place, or free space / fix permissions and try again",
    )


def size_label(size: int) -> str:
    """``20 MB``, ``1.5 MB``, ``300 KB`` or ``12 bytes``."""
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size:,} bytes"


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is, in plain words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def _checked(
    mode: int,
    size: int,
    path: Path,
    limit: int,
    what: str,
    error: type[UserError],
    hint: str | None,
) -> None:
    kind = _not_regular(mode)
    if kind is not None:
        raise error(
            f"is {kind}, not a {what}",
            path=path,
            hint=f"Give a regular {what} (symlinks are followed)",
        )
    if size > limit:
        raise error(
            f"is {size:,} bytes, over the {size_label(limit)} limit for a {what}; not read",
            path=path,
            hint=hint,
        )


@contextmanager
def open_input(
    path: Path,
    *,
    limit: int,
    what: str = "file",
    error: type[UserError] = UserError,
    hint: str | None = None,
    missing: str | None = None,
) -> Iterator[BinaryIO]:
    """Open a user's file for reading: a regular file of at most ``limit`` bytes, else refused.

    The path is examined (symlinks followed) before it is opened, so a device is never
    opened; it is opened without blocking (a FIFO swapped in meanwhile cannot hang the
    open), and the open file is examined again. ``what`` names the file in messages ("is a
    FIFO (named pipe), not a YAML file"); ``error`` is the caller's error class; ``hint``
    says what to do with a file over the limit, ``missing`` with a missing one. Reading
    past ``limit`` is the caller's to refuse (:func:`read_input` does).

    Raises:
        UserError: (of class ``error``) missing, not a regular file, over the limit, or
            unreadable (permission denied ...).
    """
    try:
        info = path.stat()
        _checked(info.st_mode, info.st_size, path, limit, what, error, hint)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise error(f"{what} not found", path=path, hint=missing) from None
    except OSError as exc:
        raise error(f"cannot read the {what}: {_why(exc)}", path=path) from None
    try:
        info = os.fstat(fd)
        _checked(info.st_mode, info.st_size, path, limit, what, error, hint)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def read_input(
    path: Path,
    *,
    limit: int,
    what: str = "file",
    error: type[UserError] = UserError,
    hint: str | None = None,
    missing: str | None = None,
) -> bytes:
    """The bytes of a user's regular file, at most ``limit`` (see :func:`open_input`).

    At most ``limit + 1`` bytes are read, so a file that grows while it is read is
    refused rather than read without end; a small file is read without setting aside
    ``limit`` bytes for it.

    Raises:
        UserError: (of class ``error``) missing, not a regular file, over the limit, or
            unreadable.
    """
    with open_input(
        path, limit=limit, what=what, error=error, hint=hint, missing=missing
    ) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, limit) + 1)
            if size < len(data) <= limit:  # it grew while it was read
                data += handle.read(limit + 1 - len(data))
        except OSError as exc:
            raise error(f"cannot read the {what}: {_why(exc)}", path=path) from None
    if len(data) > limit:
        raise error(
            f"grew past the {size_label(limit)} limit for a {what} while it was read; not read",
            path=path,
            hint=hint,
        )
    return data


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (symlinks and hard links followed)."""
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


#: The dossier's cache folder: what is in it is rebuilt when needed and never committed.
CACHE = ".drafting-cache"
#: What a dossier keeps for itself (beside ``dossier.yaml``): no output goes there.
DOSSIER_FILES = ("dossier.yaml", "facts.yaml", "people.yaml")
DOSSIER_FOLDERS = ("seeds", "templates", "councils", CACHE)


def dossier_part(path: Path) -> str | None:
    """What of a dossier ``path`` is, when it is one of the dossier's own files or folders.

    The dossier is the nearest folder at or above ``path``'s holding ``dossier.yaml``;
    its register, manifest, sources, templates, council profiles and cache are its own.
    """
    target = path.resolve()
    for folder in target.parents:
        if (folder / "dossier.yaml").is_file():
            relative = target.relative_to(folder)
            if str(relative) in DOSSIER_FILES or relative.parts[0] in DOSSIER_FOLDERS:
                return (
                    f"the dossier's {relative.parts[0]}"
                    if len(relative.parts) > 1
                    else f"the dossier's {relative}"
                )
            return None
    return None


def refuse_overwrite(
    path: Path, *, force: bool = False, inputs: Iterable[Path] = (), own: bool = False
) -> None:
    """Raise unless ``path`` is free or ``force`` allows replacing it (check before work).

    An output is never one of the command's inputs, never a dossier's own file or folder
    (its register, manifest, sources, templates: see :func:`dossier_part`), and never
    anything but a regular file (a FIFO, a device, a link), whatever ``force`` says.
    ``own`` is for the dossier's own writes (the register, the sources, the cache).

    Raises:
        UserError: any of those, or ``path`` exists and ``force`` is false.
    """
    try:
        for source in inputs:
            if same_file(path, source) or path.resolve() == source.resolve():
                raise UserError(
                    f"is the input {source}; writing there would destroy it",
                    path=path,
                    hint="Choose another output path (--force never replaces an input)",
                )
        if path.is_dir():
            raise UserError("is a folder; give a file name", path=path)
        kind = (
            ("a link" if not own else None)
            if path.is_symlink()
            else _not_regular(path.stat().st_mode)
            if path.exists()
            else None
        )
        if kind is not None:
            raise UserError(
                f"is {kind}, not a file to write; it is left alone",
                path=path,
                hint="Give the name of a new or ordinary file",
            )
        part = None if own else dossier_part(path)
        if part is not None:
            raise UserError(
                f"is in {part}: an output never replaces or joins the dossier's own files",
                path=path,
                hint="Write it elsewhere (drafts/, or any folder of yours)",
            )
        if path.exists() and not force:
            raise UserError(
                "already exists; not overwritten",
                path=path,
                hint="Use --force to replace it, or choose another output path",
            )
    except OSError as exc:
        raise os_error(exc, path) from None


@cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


#: A temporary file of :func:`write_atomic`: ``.NAME.PID.RANDOM.tmp``.
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]{6,}\.tmp$")


def _temp_prefix(name: str) -> str:
    return f".{name[:200]}.{os.getpid()}."


def alive(pid: int) -> bool:
    """Whether process ``pid`` is running (another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return pid > 0


def sweep_temporaries(folder: Path, name: str | None = None) -> list[Path]:
    """Remove temporary files :func:`write_atomic` left when its process was killed.

    Only files named as it names them (``.NAME.PID.RANDOM.tmp``) whose process is gone
    are removed, and only those of ``name`` when it is given; the rest are left alone.
    Returns what was removed (nothing at all when the folder cannot be listed).
    """
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(f".{glob_escape(name[:200])}.*.tmp" if name else ".*.tmp"))
    except OSError:
        return removed
    for candidate in candidates:
        found = _TEMP.match(candidate.name)
        if (
            found is None
            or (name is not None and found["name"] != name[:200])
            or alive(int(found["pid"]))
            or not candidate.is_file()
        ):
            continue
        try:
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed


def glob_escape(text: str) -> str:
    """``text`` with the characters :meth:`Path.glob` reads as a pattern escaped."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def write_atomic(
    path: Path,
    data: bytes | str,
    *,
    force: bool = False,
    inputs: Iterable[Path] = (),
    own: bool = False,
    sync: bool = True,
) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    ``own`` marks the dossier's own writes (see :func:`refuse_overwrite`). ``sync=False``
    leaves the fsync to the caller, who must sync a batch of such writes with
    :func:`evidence.batch.sync_files` (on the way out when interrupted too): the file is
    whole under its name the moment it has one, but durable (safe from a power cut) only
    once synced; nor are other temporaries of its name swept (the batch sweeps once).

    Raises:
        UserError: ``path`` is an input, not a regular file, a dossier's own file (unless
            ``own``), exists and ``force`` is false, its folder is missing, or the
            filesystem refuses (read-only, full, name too long).
    """
    refuse_overwrite(path, force=force, inputs=inputs, own=own)
    if not path.parent.is_dir():  # refuse_overwrite has shown the path can be examined
        raise UserError(
            "folder does not exist",
            path=path.parent,
            hint="Make the folder first, or choose another output path",
        )
    raw = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode_for(path)
    if sync:  # a batch's writer sweeps its folder once, not once per file
        sweep_temporaries(path.parent, path.name)
    try:
        _place(path, raw, mode, sync, exclusive=not force)
    except FileExistsError as exc:  # another command wrote it since it was checked: theirs stays
        refuse_overwrite(path, force=False, inputs=inputs, own=own)
        raise os_error(exc, path) from None
    return path


def write_new(path: Path, data: bytes) -> None:
    """``data`` written to ``path``, where there is nothing, as :func:`write_atomic` writes it.

    Not synced, and without its checks: for a batch that has made them of the folder
    (:class:`evidence.batch.Writer`), the only thing left to check of a new file's path.

    Raises:
        UserError: the filesystem refuses.
    """
    _place(path, data, 0o666 & ~_umask(), sync=False)


def _place(path: Path, raw: bytes, mode: int, sync: bool, exclusive: bool = False) -> None:
    """``raw`` into a temporary file beside ``path``, flushed (synced), renamed to it.

    ``exclusive``: only where there is no file yet, checked as the file takes its name (a
    hard link fails where one exists; where the filesystem has no hard links, renamed).

    Raises:
        FileExistsError: ``exclusive``, and another process made ``path`` meanwhile.
        UserError: the filesystem refuses.
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path.name), suffix=".tmp")
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        Path(tmp).chmod(mode)
        if not (exclusive and _linked(Path(tmp), path)):
            Path(tmp).replace(path)
    except FileExistsError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise os_error(exc, path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _linked(tmp: Path, path: Path) -> bool:
    """``tmp`` given the name ``path`` only if nothing has it (then ``tmp`` removed).

    Returns False where the filesystem makes no hard links (the caller renames instead).

    Raises:
        FileExistsError: ``path`` exists.
    """
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            return False
        raise
    tmp.unlink()
    return True


def cache_dir(root: Path) -> Path:
    """The dossier's cache folder: inside it when it is writable, else the user's cache.

    The bundled dossier may sit in a read-only installation; its caches then go to
    ``$XDG_CACHE_HOME/drafting`` (``~/.cache/drafting``), one folder per dossier path.
    """
    inside = root / CACHE
    if (inside.is_dir() and os.access(inside, os.W_OK)) or os.access(root, os.W_OK):
        return inside
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drafting"
    return base / hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]


def make_cache_dir(folder: Path) -> None:
    """Make ``folder`` with a ``.gitignore`` that keeps it out of version control.

    Raises:
        OSError: it cannot be made (callers treat a cache they cannot write as absent).
    """
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(
            "# drafting's cache: rebuilt when needed, never committed\n*\n", encoding="utf-8"
        )


#: How long a command waits for another one changing the same dossier, in seconds.
LOCK_WAIT = 60.0


@contextmanager
def locked(root: Path, *, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the dossier at ``root`` for one read-modify-write, against other commands.

    An exclusive ``flock`` on a file in the dossier's cache folder: a second command
    changing the same dossier waits until the first is done (two ``evidence add`` at once
    both keep their entry), and the lock goes with its process, so a killed command never
    leaves the dossier locked.

    Raises:
        UserError: the lock cannot be made (a read-only dossier), or another command held
            it for longer than ``wait`` seconds.
    """
    import fcntl
    import time

    lock_path = root / CACHE / "write.lock"
    try:
        make_cache_dir(lock_path.parent)
        handle = lock_path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise os_error(exc, root, "cannot change the dossier") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UserError(
                        f"another drafting command has been changing this dossier "
                        f"for over {wait:g} s",
                        path=root,
                        hint="Wait for it to finish, then try again",
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        handle.close()  # closing releases the lock


def unchanged(path: Path, before: bytes | None) -> None:
    """Refuse to go on when ``path`` no longer holds ``before`` (``None``: did not exist).

    Raises:
        UserError: somebody (an editor, a command not taking :func:`locked`) changed it.
    """
    try:
        now: bytes | None = read_input(path, limit=len(before or b"") + 1)
    except UserError:
        now = None
    if now != before:
        raise UserError(
            "changed while this command was working on it; nothing was written",
            path=path,
            hint="Run the command again",
        )

"""Changing the users file (``drafting users add`` and ``remove``), keeping the rest of it.

The file is read and checked first (a malformed one is refused with its line and field,
and left alone); the change is made in ruamel.yaml's round trip, so comments and the order
of the accounts stay as their keeper left them; the new text is read back as the server
will read it before it is written; and it is written atomically
(:func:`evidence.fsio.write_atomic`), unless the file changed meanwhile. A new file is made
readable and writable by its owner only.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from drafting.web.roles import Role
from drafting.web.users import (
    HEADER,
    Account,
    check_name,
    check_password,
    hash_password,
    parse_users_text,
)
from evidence.errors import SchemaError, UserError
from evidence.fsio import os_error, unchanged, write_atomic
from evidence.yamlio import read_yaml_text

T = TypeVar("T")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def _before(path: Path) -> str | None:
    """The file's text, or None when there is none (a folder, a FIFO ... is refused)."""
    if not path.exists() and not path.is_symlink():
        return None
    return read_yaml_text(path)


def _private(path: Path) -> None:
    """Make ``path`` empty, readable and writable by its owner only (it must not exist)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise UserError(
            "changed while this command was working on it; nothing was written",
            path=path,
            hint="Run the command again",
        ) from None
    except OSError as exc:
        raise os_error(exc, path) from None


def _edit(path: Path, change: Callable[[CommentedSeq], T]) -> T:
    """Apply ``change`` to the file's list of accounts and write the file (see the module)."""
    before = _before(path)
    text = before or ""
    parse_users_text(text, path)  # a malformed file is refused before anything is changed
    yaml = _yaml()
    try:
        data = yaml.load(text if text.strip() else HEADER + "users: []\n")
    except YAMLError as exc:  # pragma: no cover (yamlio read it first)
        raise SchemaError(f"malformed YAML ({str(exc).splitlines()[0]})", path=path) from None
    if not isinstance(data, CommentedMap):  # pragma: no cover (the check above refuses it)
        raise SchemaError("is not a mapping of keys to values", path=path)
    if not isinstance(data.get("users"), CommentedSeq):
        data["users"] = CommentedSeq()
    data["users"].fa.set_block_style()
    result = change(data["users"])
    out = io.StringIO()
    yaml.dump(data, out)
    parse_users_text(out.getvalue(), path)  # what is written reads back as it will be read
    unchanged(path, None if before is None else before.encode("utf-8"))
    if before is None:
        if not path.parent.is_dir():
            raise UserError(
                "folder does not exist", path=path.parent, hint="Make it, or give another --users"
            )
        _private(path)
    write_atomic(path, out.getvalue(), force=True)
    return result


def set_account(path: Path, name: str, role: Role, password: str | None) -> bool:
    """Add the account ``name``, or give it ``role`` and ``password``; True when added.

    The file is made when there is none. Only the hash of ``password`` is written; with no
    password (None) an account there already keeps its own.

    Raises:
        UserError: a bad name or password, no password for a new account, a malformed
            file, or one that cannot be written.
    """
    check_name(name)
    if password is not None:
        check_password(name, password)
    hashed = hash_password(password) if password is not None else None

    def change(users: CommentedSeq) -> bool:
        for entry in users:
            if isinstance(entry, CommentedMap) and entry.get("name") == name:
                entry["role"] = role.value
                if hashed is not None:
                    entry["password_hash"] = hashed
                return False
        if hashed is None:
            raise UserError(
                f"no account called {name!r} to keep the password of; nothing was written",
                path=path,
                hint="Leave out --keep-password to give the new account a password",
            )
        users.append(CommentedMap(name=name, role=role.value, password_hash=hashed))
        return True

    return _edit(path, change)


def remove_account(path: Path, name: str) -> Account:
    """Remove the account ``name`` from the file; the account it was.

    Raises:
        UserError: no such account (the nearest name offered), or the file is malformed.
    """
    before = _before(path)
    if before is None:
        raise SchemaError("no such users file", path=path)
    found = parse_users_text(before, path)
    account = found.get(name)
    if account is None:
        from evidence.suggest import nearest

        close = nearest(name, [a.name for a in found.users], limit=1, scorer="spelling")
        raise UserError(
            f"no account called {name!r}; nothing was written",
            path=path,
            hint=f"Did you mean {close[0]!r}?" if close else "See 'drafting users list'",
        )

    def change(users: CommentedSeq) -> None:
        for i, entry in enumerate(users):
            if isinstance(entry, CommentedMap) and entry.get("name") == name:
                del users[i]
                return

    _edit(path, change)
    return account

"""The accounts of ``drafting serve --users``: a YAML file of names, roles and argon2 hashes.

::

    users:
      - name: alice
        role: editor            # viewer, drafter or editor (drafting.web.roles)
        password_hash: $argon2id$v=19$m=65536,t=3,p=4$...

The file is read through :mod:`evidence.yamlio` and validated by pydantic, so a mistake is
one line naming the file, line and field; a plain ``password:`` is refused (naming its line,
never its value), as is a ``password_hash`` that is not an argon2id hash. It is the user's
file: ``drafting users`` changes it in ruamel.yaml's round trip (comments and order kept)
and writes it atomically, made readable by its owner only when it is new.

Passwords are hashed by argon2-cffi's :class:`~argon2.PasswordHasher` (argon2id, RFC 9106's
parameters). Checking a name no account has costs the same as checking a wrong password, so
the time taken does not tell which names exist.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, Field, field_validator

from drafting.web.roles import Role
from evidence.errors import SchemaError, UserError
from evidence.yamlio import YamlDoc, parse_yaml, read_yaml, validate

#: An account's name: lower-case letters and digits, with ``. _ @ -`` inside; 64 at most.
NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
#: The shortest password accepted (three random words are longer), and the longest.
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
#: What a new users file starts with.
HEADER = (
    "# Accounts for `drafting serve --users`: names, roles and argon2 hashes, never a password.\n"
    "# Change them with `drafting users add NAME --role ROLE` and `drafting users remove NAME`.\n"
)
_ADD = "Set it with 'drafting users add NAME --role ROLE'"


class Account(BaseModel):
    """One account: who, in which role, and the hash of the password."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=f"^{NAME.pattern}$")
    role: Role
    password_hash: str

    @field_validator("password_hash")
    @classmethod
    def _argon2id(cls, value: str) -> str:
        try:
            kind = extract_parameters(value).type
        except InvalidHashError:
            kind = None
        if kind is not Type.ID:
            raise ValueError(
                "is not an argon2id hash (this file never holds a password): "
                "set it with 'drafting users add NAME --role ROLE'"
            )
        return value


class UsersFile(BaseModel):
    """The whole file: its accounts, each name once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    users: tuple[Account, ...] = ()

    def get(self, name: str) -> Account | None:
        """The account called ``name``, if there is one."""
        return next((a for a in self.users if a.name == name), None)


def check_name(name: str) -> None:
    """Refuse a name no account may have.

    Raises:
        UserError: not lower-case letters and digits (with ``. _ @ -`` inside), or too long.
    """
    if not NAME.fullmatch(name):
        lower = name.strip().lower()
        raise UserError(
            f"{name!r} is not an account name",
            hint=(
                f"Use {lower!r}: names are lower-case"
                if NAME.fullmatch(lower)
                else "Use lower-case letters and digits, with . _ @ - inside (64 at most)"
            ),
        )


def check_password(name: str, password: str) -> None:
    """Refuse a password too short, too long or the same as the name.

    Raises:
        UserError: it is.
    """
    if len(password) < MIN_PASSWORD:
        raise UserError(
            f"the password is shorter than {MIN_PASSWORD} characters; nothing was written",
            hint="Three random words make a good one",
        )
    if len(password) > MAX_PASSWORD:
        raise UserError(f"the password is over {MAX_PASSWORD} characters; nothing was written")
    if password.strip().lower() == name:
        raise UserError("the password is the account's name; nothing was written")


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted: two hashes of one password differ)."""
    return _hasher().hash(password)


@cache
def _nobody() -> str:
    """A hash no password given matches: checked for a name no account has."""
    return hash_password(os.urandom(32).hex())


def verify(account: Account | None, password: str) -> bool:
    """Whether ``password`` is ``account``'s; as slow for no account as for a wrong password."""
    try:
        return _hasher().verify(account.password_hash if account else _nobody(), password)
    except (VerificationError, InvalidHashError):
        return False


def _doc_problems(doc: YamlDoc) -> None:
    """Refuse a plain password in the file (naming its line, never its value)."""
    users = doc.data.get("users") if isinstance(doc.data, dict) else None
    for i, entry in enumerate(users if isinstance(users, list) else []):
        if isinstance(entry, dict) and "password" in entry:
            raise SchemaError(
                f"users[{i}].password: a password in plain text; this file holds only "
                "argon2 hashes (password_hash)",
                path=doc.path,
                line=doc.line_of(("users", i, "password")),
                hint=f"Delete that line and change the password. {_ADD}",
            )


def parse_users(doc: YamlDoc) -> UsersFile:
    """The accounts ``doc`` holds (an empty file holds none).

    Raises:
        SchemaError: a plain password, a field missing, unknown or wrong, or a name twice.
    """
    if doc.data is None:
        return UsersFile()
    _doc_problems(doc)
    found = validate(doc, UsersFile)
    seen: set[str] = set()
    for i, account in enumerate(found.users):
        if account.name in seen:
            raise SchemaError(
                f"users[{i}].name: {account.name!r} is there twice",
                path=doc.path,
                line=doc.line_of(("users", i, "name")),
                hint="Each account once: remove or rename one",
            )
        seen.add(account.name)
    return found


def read_users(path: Path) -> UsersFile:
    """The accounts in the users file at ``path``.

    Raises:
        SchemaError: it is missing, unreadable, or malformed (file, line and field named).
    """
    if not path.exists() and not path.is_symlink():
        raise SchemaError(
            "no such users file",
            path=path,
            hint="Make it with 'drafting users add NAME --role ROLE --users FILE'",
        )
    return parse_users(read_yaml(path))


def parse_users_text(text: str, path: Path) -> UsersFile:
    """The accounts in ``text``, read as the users file ``path`` (see :func:`parse_users`)."""
    return parse_users(parse_yaml(text, path))


def exposure(path: Path) -> str | None:
    """A warning when others on this computer may read the users file, else None."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    if mode & 0o077:
        return (
            f"{path}: other users of this computer may read it (mode {mode:04o}): "
            f"'chmod 600 {path}' keeps the hashes to you"
        )
    return None


@dataclass
class UserStore:
    """The users file a server reads, read again when it changes (size, time, inode).

    A file made malformed while the server runs lets nobody in until it is mended: the
    error is the page every request gets.
    """

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _key: Any = field(default=None, init=False, repr=False)
    _users: UsersFile | None = field(default=None, init=False, repr=False)

    def users(self) -> UsersFile:
        """The accounts as the file holds them now.

        Raises:
            SchemaError: the file is missing or malformed.
        """
        with self._lock:
            try:
                info = self.path.stat()
                key: Any = (info.st_ino, info.st_mtime_ns, info.st_size)
            except OSError:
                key = None
            if self._users is None or key != self._key:
                self._users = None
                self._users = read_users(self.path)
                self._key = key
            return self._users

    def get(self, name: str) -> Account | None:
        """The account called ``name`` now, if there is one."""
        return self.users().get(name)

"""Who may do what in the web face: three roles, each the one before it and more.

A *viewer* reads and searches the dossier; a *drafter* also writes drafts (starts, saves,
renders them, and reviews uploaded documents); an *editor* also changes sources and facts
(for the pages to come). Every route needs a role, decided here and nowhere else: a GET (or
HEAD) needs a viewer unless :data:`RULES` says more, and any other method needs an editor
unless :data:`RULES` names a lower role. A route added without a rule is so closed to all
but editors, never open to all.

This module is light (no web framework): the command line's ``drafting users`` reads the
roles' names from it.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A role an account has, lowest first."""

    viewer = "viewer"
    drafter = "drafter"
    editor = "editor"

    def covers(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may (a drafter covers a viewer)."""
        order = list(Role)
        return order.index(self) >= order.index(needed)


#: What each role may do, in words (help texts, the page refusing a request).
MAY: dict[Role, str] = {
    Role.viewer: "read and search the dossier",
    Role.drafter: "read and search, and start, save, render and review drafts and documents",
    Role.editor: "do all a drafter may, and change the sources and facts",
}

#: The role a request needs, by method and route (as the route is written), where a GET
#: needs more than a viewer or another method less than an editor.
RULES: dict[tuple[str, str], Role] = {
    ("POST", "/drafts/new"): Role.drafter,
    ("POST", "/drafts/{name}"): Role.drafter,
    ("POST", "/drafts/{name}/review"): Role.drafter,
    ("POST", "/drafts/{name}/render"): Role.drafter,
    ("POST", "/drafts/{name}/pdf"): Role.drafter,
    ("POST", "/drafts/{name}/merge"): Role.drafter,
    ("GET", "/jobs/{job}"): Role.drafter,
    ("GET", "/jobs/{job}/letters.zip"): Role.drafter,
    ("POST", "/drafts/{name}/check"): Role.drafter,
    ("POST", "/review"): Role.drafter,
    ("POST", "/review/annex"): Role.drafter,
}

#: Methods that only read (a browser's link or address bar).
SAFE = frozenset({"GET", "HEAD"})


def needed(method: str, route: str) -> Role:
    """The role a ``method`` request to ``route`` (``/drafts/{name}``) needs."""
    rule = RULES.get(("GET" if method == "HEAD" else method, route))
    if rule is not None:
        return rule
    return Role.viewer if method in SAFE else Role.editor

"""Accounts for a group office (#24): ``drafting serve --users`` and ``drafting users``.

The users file (errors with their lines, never a password kept), signing in and out, wrong
passwords and the rate limit, each role allowed or refused on each route with nothing
written, the session's token on every POST, and the commands that keep the file.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from drafting.web.app import create_app
from drafting.web.roles import Role
from drafting.web.users import read_users, verify
from evidence.errors import UserError
from tests.conftest import drafting, refused
from tests.test_web import LETTER

#: Hashes made cheaply for speed (the server reads the cost from each hash).
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORDS = {"vera": "viewer-secret-1", "dan": "drafter-secret-2", "eddie": "editor-secret-3"}
ROLES = {"vera": Role.viewer, "dan": Role.drafter, "eddie": Role.editor}


def users_text() -> str:
    lines = ["# the office's accounts\n", "users:\n"]
    for name, password in PASSWORDS.items():
        lines.append(
            f"  - name: {name}\n    role: {ROLES[name]}\n    password_hash: {CHEAP.hash(password)}\n"
        )
    return "".join(lines)


@pytest.fixture
def office(make_dossier, tmp_path: Path) -> tuple[Path, Path]:
    """A tiny dossier with a draft, and its users file (a viewer, a drafter, an editor)."""
    root = make_dossier(
        facts=(
            "facts:\n  - id: tiny-figure\n    statement: The figure was 232.\n"
            "    kind: statistic\n"
            "    citations:\n      - {source: src-0, quote: The figure was 232.}\n"
        )
    )
    (root / "drafts").mkdir()
    (root / "drafts" / "letter.yaml").write_text(LETTER, encoding="utf-8")
    users = tmp_path / "users.yaml"
    users.write_text(users_text(), encoding="utf-8")
    return root, users


def token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def sign_in(c: TestClient, name: str, password: str | None = None) -> TestClient:
    form = c.get("/login")
    assert form.status_code == 200
    done = c.post(
        "/login",
        data={
            "name": name,
            "password": PASSWORDS.get(name, "") if password is None else password,
            "csrf_token": token(form.text),
            "next": "/",
        },
    )
    assert done.status_code == 303, done.text
    return c


def client(office: tuple[Path, Path], name: str | None = None, **kwargs: object) -> TestClient:
    root, users = office
    c = TestClient(create_app(root, users=users), follow_redirects=False, **kwargs)  # type: ignore[arg-type]
    return sign_in(c, name) if name else c


def page_token(c: TestClient, path: str = "/") -> str:
    return token(c.get(path).text)


# --- the users file -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (
            "users:\n  - name: ann\n    role: viewer\n    password: hunter22\n",
            4,
            "users[0].password: a password in plain text",
        ),
        (
            "users:\n  - name: ann\n    role: boss\n    password_hash: HASH\n",
            3,
            "users[0].role: should be 'viewer', 'drafter' or 'editor'",
        ),
        (
            "users:\n  - name: ann\n    role: viewer\n    password_hash: hunter22\n",
            4,
            "users[0].password_hash: is not an argon2id hash",
        ),
        (
            "users:\n  - name: ann\n    role: viewer\n    password_hash: HASH\n    email: a@b\n",
            5,
            "users[0].email: unknown field",
        ),
        (
            "users:\n  - name: ann\n    role: viewer\n    password_hash: HASH\n  - name: ann\n    role: editor\n    password_hash: HASH\n",
            5,
            "users[1].name: 'ann' is there twice",
        ),
        (
            "users:\n  - name: Ann Smith\n    role: viewer\n    password_hash: HASH\n",
            2,
            "users[0].name:",
        ),
        ("users:\n  - name: ann\n    role: [viewer\n", 3, "malformed YAML"),
        (
            "users:\n  - name: ann\n    password_hash: HASH\n",
            2,
            "users[0].role: required field is missing",
        ),
    ],
)
def test_a_malformed_users_file_is_refused_with_its_line(tmp_path: Path, text, line, fragment):
    path = tmp_path / "users.yaml"
    path.write_text(text.replace("HASH", CHEAP.hash("whatever-it-is")), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_users(path)
    assert str(caught.value).startswith(f"{path}:{line}: {fragment}"), str(caught.value)
    assert "hunter22" not in str(caught.value)  # a password is never repeated


def test_an_empty_users_file_holds_no_account_and_a_server_refuses_it(tmp_path: Path, office):
    root, _ = office
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert read_users(empty).users == ()
    with pytest.raises(UserError, match="holds no account"):
        create_app(root, users=empty)
    with pytest.raises(UserError, match="no such users file"):
        create_app(root, users=tmp_path / "missing.yaml")


# --- signing in and out ---------------------------------------------------------------


def test_a_stranger_is_sent_to_sign_in_and_sees_nothing(office):
    c = client(office)
    for path in ("/", "/facts", "/drafts/letter.yaml", "/exports/facts.csv"):
        sent = c.get(path)
        assert sent.status_code == 303 and sent.headers["location"].startswith("/login"), path
    assert c.get("/facts?topic=x").headers["location"] == "/login?next=%2Ffacts%3Ftopic%3Dx"
    assert c.get("/?key=anything").headers["location"].startswith("/login")  # no key here
    login = c.get("/login")
    assert login.status_code == 200 and "Sign in" in login.text
    assert "Tiny" not in login.text and "/facts" not in login.text  # nothing of the dossier
    assert c.get("/static/htmx.min.js").status_code == 200
    posted = c.post("/drafts/new", data={"kind": "letter", "name": "x"})
    assert posted.status_code == 403 and "not signed in" in posted.text
    assert not (office[0] / "drafts" / "x.yaml").exists()


def test_signing_in_gives_a_strict_cookie_and_shows_who(office):
    c = client(office)
    form = c.get("/login?next=/facts%3Ftopic%3D")
    cookie = form.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http on this computer
    done = c.post(
        "/login",
        data={"name": " Dan ", "password": PASSWORDS["dan"], "csrf_token": token(form.text),
              "next": "/facts?topic="},
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == "/facts?topic="
    assert "samesite=strict" in done.headers["set-cookie"].lower()
    home = c.get("/")
    assert home.status_code == 200
    assert "Signed in as <strong>dan</strong> (drafter)" in home.text
    assert 'action="/logout"' in home.text
    assert f'hx-headers=\'{{"X-CSRF-Token": "{token(home.text)}"}}\'' in home.text
    assert token(home.text) != token(form.text)  # a new token once signed in


def test_over_https_the_cookie_is_secure(office):
    c = client(office, base_url="https://office.example")
    assert "secure" in c.get("/login").headers["set-cookie"].lower()


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_after_signing_in_only_this_server_s_pages_are_gone_to(office, target):
    c = client(office)
    form = c.get("/login")
    done = c.post(
        "/login",
        data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": token(form.text),
              "next": target},
    )  # fmt: skip
    assert done.headers["location"] == "/"


def test_a_wrong_password_or_name_gets_one_answer(office):
    c = client(office)
    for name, password in (("vera", "not-the-password"), ("nobody", "not-the-password")):
        form = c.get("/login")
        wrong = c.post(
            "/login", data={"name": name, "password": password, "csrf_token": token(form.text)}
        )
        assert wrong.status_code == 401 and "Wrong name or password." in wrong.text
        assert "not-the-password" not in wrong.text
        assert c.get("/").status_code == 303  # still not signed in


def test_sign_in_without_the_form_s_token_is_refused(office):
    c = client(office)
    c.get("/login")
    bare = c.post("/login", data={"name": "vera", "password": PASSWORDS["vera"]})
    assert bare.status_code == 403 and "security token" in bare.text
    assert c.get("/").status_code == 303
    no_cookie = client(office).post(
        "/login", data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": "x"}
    )
    assert no_cookie.status_code == 403


def test_signing_out_ends_the_session_even_for_a_kept_cookie(office):
    c = client(office, "vera")
    kept = dict(c.cookies)
    out = c.post("/logout", data={"csrf_token": page_token(c)})
    assert out.status_code == 303 and out.headers["location"] == "/login?signed_out=1"
    assert "Signed out." in c.get("/login?signed_out=1").text
    assert c.get("/").status_code == 303
    c.cookies.clear()
    c.cookies.update(kept)
    assert c.get("/").status_code == 303  # the old cookie no longer lets anyone in
    assert client(office).get("/logout").headers["location"] == "/login"


def test_a_forged_cookie_lets_nobody_in(office):
    c = client(office)
    c.cookies.set("drafting_session", '{"s": "a", "c": "b", "u": "eddie", "r": "editor"}')
    assert c.get("/").status_code == 303


def test_a_changed_password_role_or_removed_account_ends_its_sessions(office):
    root, users = office
    vera, dan = client(office, "vera"), client(office, "dan")
    text = users.read_text(encoding="utf-8")
    users.write_text(text.replace("role: viewer", "role: drafter"), encoding="utf-8")
    assert vera.get("/").status_code == 303  # signs in again, to be a drafter
    sign_in(vera, "vera")
    assert "(drafter)" in vera.get("/").text
    drafting("users", "remove", "dan", "--users", users, dossier=root, ok=True)
    assert dan.get("/").status_code == 303


def test_a_users_file_broken_while_serving_lets_nobody_in(office):
    c = client(office, "eddie")
    office[1].write_text("users: [\n", encoding="utf-8")
    broken = c.get("/")
    assert broken.status_code == 503 and "Nobody can sign in" in broken.text
    assert "users: [" not in broken.text


# --- the rate limit -------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _try(c: TestClient, name: str, password: str):
    form = c.get("/login")
    return c.post(
        "/login", data={"name": name, "password": password, "csrf_token": token(form.text)}
    )


def test_five_failures_for_a_name_make_the_next_try_wait(office):
    c = client(office)
    clock = Clock()
    c.app.state.accounts.limiter.clock = clock  # type: ignore[attr-defined]
    for i in range(4):
        assert "wait" not in _try(c, "dan", f"wrong-{i}").text
    fifth = _try(c, "dan", "wrong-5")
    assert fifth.status_code == 401 and "wait 30 seconds before the next try" in fifth.text
    right = _try(c, "dan", PASSWORDS["dan"])  # right, but too soon: not even checked
    assert right.status_code == 429 and right.headers["retry-after"] == "31"
    assert "Too many failed sign-ins for this name: wait 30 seconds" in right.text
    other = TestClient(c.app, follow_redirects=False)  # another browser, the same server
    assert _try(other, "vera", PASSWORDS["vera"]).status_code == 303  # another name may
    clock.now += 31
    assert _try(c, "dan", "wrong-6").status_code == 401
    assert "wait 60 seconds" in _try(c, "dan", PASSWORDS["dan"]).text  # the wait grows
    clock.now += 61
    assert _try(c, "dan", PASSWORDS["dan"]).status_code == 303


def test_twenty_failures_from_one_address_make_it_wait(office, monkeypatch):
    monkeypatch.setattr("drafting.web.users._nobody", lambda: CHEAP.hash("nobody's"))
    c = client(office)
    c.app.state.accounts.limiter.clock = Clock()  # type: ignore[attr-defined]
    for i in range(20):
        _try(c, f"guess{i}", "wrong-password")
    refused_ = _try(c, "eddie", PASSWORDS["eddie"])
    assert refused_.status_code == 429 and "from this address" in refused_.text


# --- roles on every route -------------------------------------------------------------

#: (method, route, path, form, the lowest role allowed): every route of the app.
ROUTES = [
    ("GET", "/", "/", None, Role.viewer),
    ("GET", "/sources", "/sources", None, Role.viewer),
    ("GET", "/facts", "/facts", None, Role.viewer),
    ("GET", "/facts/{fact_id}", "/facts/tiny-figure", None, Role.viewer),
    ("GET", "/search", "/search?q=figure", None, Role.viewer),
    ("GET", "/conflicts", "/conflicts", None, Role.viewer),
    ("GET", "/chronology", "/chronology", None, Role.viewer),
    ("GET", "/exports/{name}", "/exports/facts.csv", None, Role.viewer),
    ("GET", "/drafts", "/drafts", None, Role.viewer),
    ("GET", "/drafts/{name}", "/drafts/letter.yaml", None, Role.viewer),
    ("GET", "/review", "/review", None, Role.viewer),
    ("GET", "/drafts/new", "/drafts/new?kind=letter", None, Role.viewer),
    ("GET", "/pick", "/pick?q=figure", None, Role.viewer),
    ("GET", "/sources/add", "/sources/add", None, Role.viewer),
    ("GET", "/sources/{source_id}/candidates", "/sources/src-0/candidates", None, Role.viewer),
    ("POST", "/sources/add", "/sources/add", {"text": "A new text.", "name": "new.txt"}, Role.editor),
    ("POST", "/sources/add/describe", "/sources/add/describe", {"token": "0" * 32}, Role.editor),
    ("POST", "/sources/{source_id}/accept", "/sources/src-0/accept", {"handle": "src-0:1.1", "id": "x"}, Role.editor),
    ("POST", "/drafts/new", "/drafts/new", {"kind": "letter", "name": "fresh"}, Role.drafter),
    ("POST", "/drafts/{name}", "/drafts/letter.yaml", {"text": LETTER + "# mine\n", "version": "VERSION"}, Role.drafter),
    ("POST", "/drafts/{name}/review", "/drafts/letter.yaml/review", {"text": LETTER}, Role.drafter),
    ("POST", "/drafts/{name}/render", "/drafts/letter.yaml/render", {"text": LETTER}, Role.drafter),
    ("POST", "/drafts/{name}/merge", "/drafts/letter.yaml/merge", "upload", Role.drafter),
    ("GET", "/jobs/{job}", "/jobs/" + "0" * 32, None, Role.drafter),
    ("GET", "/jobs/{job}/letters.zip", "/jobs/" + "0" * 32 + "/letters.zip", None, Role.drafter),
    ("POST", "/drafts/{name}/pdf", "/drafts/letter.yaml/pdf", {"text": "kind: poem\n"}, Role.drafter),
    ("POST", "/drafts/{name}/check", "/drafts/letter.yaml/check", {"text": LETTER}, Role.drafter),
    ("POST", "/review", "/review", "upload", Role.drafter),
    ("POST", "/review/annex", "/review/annex", "upload", Role.drafter),
]  # fmt: skip


def _send(c: TestClient, method: str, path: str, form: object):
    if method == "GET":
        return c.get(path)
    csrf = page_token(c)
    if form == "upload":
        return c.post(
            path,
            data={"csrf_token": csrf},
            files={"document": ("x.docx", b"PK\x03\x04junk", "application/octet-stream")},
        )
    assert isinstance(form, dict)
    version = c.get("/drafts/letter.yaml").text.split('name="version" value="')[1].split('"')[0]
    data = {k: v.replace("VERSION", version) for k, v in form.items()} | {"csrf_token": csrf}
    return c.post(path, data=data)


def _written(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (root / "drafts").iterdir()}


@pytest.mark.parametrize("name", ["vera", "dan", "eddie"])
def test_each_role_is_allowed_or_refused_on_each_route(office, name):
    root = office[0]
    c = client(office, name)
    for method, _, path, form, lowest in ROUTES:
        before = _written(root)
        answer = _send(c, method, path, form)
        if ROLES[name].covers(lowest):
            assert answer.status_code != 403, (name, method, path, answer.text)
        else:
            assert answer.status_code == 403, (name, method, path)
            assert f"This needs the {lowest} role" in answer.text
            assert f"signed in as {name}, whose role is {ROLES[name]}" in answer.text
            assert f"drafting users add {name} --role {lowest} --keep-password" in answer.text
            assert _written(root) == before, (name, path)  # nothing written


def test_the_table_above_is_every_route_of_the_app(office):
    app = create_app(office[0], users=office[1])
    served = {
        (method, route.path)
        for route in app.routes
        for method in getattr(route, "methods", None) or ()
        if method != "HEAD" and route.path not in ("/login", "/logout")
    }
    assert served == {(method, route) for method, route, *_ in ROUTES}


def test_a_route_with_no_rule_is_an_editor_s():
    from drafting.web.roles import needed

    assert needed("POST", "/sources/new") is Role.editor
    assert needed("DELETE", "/facts/{fact_id}") is Role.editor
    assert needed("HEAD", "/drafts/{name}") is Role.viewer


# --- the session's token on every POST ------------------------------------------------


@pytest.mark.parametrize("given", [None, "", "wrong-token"])
def test_a_post_without_its_session_s_token_is_refused_and_nothing_written(office, given):
    root = office[0]
    c = client(office, "eddie")
    version = c.get("/drafts/letter.yaml").text.split('name="version" value="')[1].split('"')[0]
    sent = {} if given is None else {"csrf_token": given}
    for path, form in (
        ("/drafts/letter.yaml", {"text": "kind: letter\n", "version": version}),
        ("/drafts/new", {"kind": "letter", "name": "n"}),
    ):
        answer = c.post(path, data=form | sent)
        assert answer.status_code == 403 and "security token" in answer.text
    upload = c.post(
        "/review",
        data=sent,
        files={"document": ("x.docx", b"PK\x03\x04junk", "application/octet-stream")},
    )
    assert upload.status_code == 403 and "security token" in upload.text
    assert _written(root) == {"letter.yaml": LETTER}


def test_another_session_s_token_is_refused(office):
    eddie, dan = client(office, "eddie"), client(office, "dan")
    theirs = page_token(dan)
    answer = eddie.post("/drafts/new", data={"kind": "letter", "name": "n", "csrf_token": theirs})
    assert answer.status_code == 403


def test_htmx_sends_the_token_as_a_header(office):
    c = client(office, "dan")
    csrf = page_token(c)
    live = c.post(
        "/drafts/letter.yaml/review", data={"text": LETTER}, headers={"X-CSRF-Token": csrf}
    )
    assert live.status_code == 200 and "every citation checks out" in live.text
    wrong = c.post(
        "/drafts/letter.yaml/review", data={"text": LETTER}, headers={"X-CSRF-Token": "x"}
    )
    assert wrong.status_code == 403


def test_a_form_from_another_site_is_still_refused(office):
    c = client(office, "eddie")
    forged = c.post(
        "/drafts/new",
        data={"kind": "letter", "name": "n", "csrf_token": page_token(c)},
        headers={"origin": "https://evil.example"},
    )
    assert forged.status_code == 403 and not (office[0] / "drafts" / "n.yaml").exists()


def test_a_drafter_saves_with_the_token(office):
    root = office[0]
    c = client(office, "dan")
    page = c.get("/drafts/letter.yaml").text
    version = page.split('name="version" value="')[1].split('"')[0]
    mine = LETTER.replace("Figures", "Mine")
    saved = c.post(
        "/drafts/letter.yaml", data={"text": mine, "version": version, "csrf_token": token(page)}
    )
    assert saved.status_code == 303
    assert (root / "drafts" / "letter.yaml").read_text(encoding="utf-8") == mine


# --- drafting users -------------------------------------------------------------------


def test_users_add_asks_twice_never_echoes_and_stores_only_a_hash(tmp_path: Path, office):
    root = office[0]
    path = tmp_path / "new-users.yaml"
    secret = "correct horse battery"
    result = drafting(
        "users", "add", "alice", "--role", "drafter", "--users", path,
        dossier=root, input=f"{secret}\n{secret}\n", ok=True,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"added alice (drafter) in {path}" in result.output
    assert secret not in result.output and "Password again" in result.output
    text = path.read_text(encoding="utf-8")
    assert secret not in text and "$argon2id$" in text and text.startswith("# Accounts")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    account = read_users(path).get("alice")
    assert account is not None and account.role is Role.drafter and verify(account, secret)


def test_users_add_reads_stdin_and_changes_an_account_keeping_comments(office):
    root, users = office
    result = drafting(
        "users", "add", "vera", "--role", "editor", "--password-stdin", "--users", users,
        dossier=root, input="a new long password\n", ok=True,
    )  # fmt: skip
    assert result.exit_code == 0 and "changed vera (editor)" in result.output
    assert "a new long password" not in result.output
    text = users.read_text(encoding="utf-8")
    assert text.startswith("# the office's accounts\n") and "a new long password" not in text
    found = read_users(users)
    assert [a.name for a in found.users] == ["vera", "dan", "eddie"]
    vera = found.get("vera")
    assert vera is not None and vera.role is Role.editor and verify(vera, "a new long password")


def test_users_add_keep_password_changes_only_the_role(office):
    root, users = office
    before = read_users(users).get("vera")
    result = drafting(
        "users", "add", "vera", "--role", "drafter", "--keep-password", "--users", users,
        dossier=root, ok=True,
    )  # fmt: skip
    assert result.exit_code == 0 and "Password" not in result.output
    after = read_users(users).get("vera")
    assert after is not None and before is not None and after.role is Role.drafter
    assert after.password_hash == before.password_hash
    refused(
        drafting("users", "add", "newbie", "--role", "viewer", "--keep-password",
                 "--users", users, dossier=root),
        2, "no account called 'newbie' to keep the password of",
    )  # fmt: skip


def test_users_add_defaults_to_the_dossier_s_users_file(office):
    root = office[0]
    result = drafting(
        "users", "add", "ann", "--role", "viewer", "--password-stdin",
        dossier=root, input="ten-chars-or-more\n", ok=True,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert read_users(root / "users.yaml").get("ann") is not None
    listed = drafting("users", "list", "--format", "json", dossier=root, ok=True)
    assert listed.exit_code == 0 and '"name": "ann"' in listed.output


def test_users_add_refuses_a_bad_role_name_or_password_and_writes_nothing(tmp_path, office):
    root = office[0]
    path = tmp_path / "u.yaml"

    def add(*args: str, password: str = "long-enough-password") -> object:
        return drafting(
            "users", "add", *args, "--password-stdin", "--users", path,
            dossier=root, input=f"{password}\n",
        )  # fmt: skip

    refused(add("ann", "--role", "admin"), 2, "'admin' is not one of", "viewer", "editor")
    refused(add("Ann", "--role", "viewer"), 2, "'Ann' is not an account name", "Use 'ann'")
    refused(add("ann smith", "--role", "viewer"), 2, "is not an account name")
    refused(add("ann", "--role", "viewer", password="short"), 2, "shorter than 10 characters")
    refused(add("ann", "--role", "viewer", password=""), 2, "shorter than 10 characters")
    refused(
        add("annannanna", "--role", "viewer", password="AnnAnnAnna"), 2, "is the account's name"
    )
    assert not path.exists()


def test_users_add_with_two_different_passwords_writes_nothing(tmp_path, office):
    path = tmp_path / "u.yaml"
    result = drafting(
        "users", "add", "ann", "--role", "viewer", "--users", path,
        dossier=office[0], input="first-password-x\nsecond-password\n",
    )  # fmt: skip
    assert result.exit_code != 0 and "do not match" in result.output
    assert "first-password-x" not in result.output and not path.exists()


def test_users_add_refuses_a_malformed_file_and_leaves_it_alone(office):
    root, users = office
    broken = users.read_text(encoding="utf-8").replace("role: drafter", "role: chief")
    users.write_text(broken, encoding="utf-8")
    result = drafting(
        "users", "add", "ann", "--role", "viewer", "--password-stdin", "--users", users,
        dossier=root, input="long-enough-password\n",
    )  # fmt: skip
    refused(result, 2, f"{users}:7: users[1].role: should be")
    assert users.read_text(encoding="utf-8") == broken


def test_users_list_shows_names_and_roles_never_hashes(office):
    root, users = office
    result = drafting("users", "list", "--users", users, dossier=root, ok=True)
    assert result.exit_code == 0
    assert re.search(r"vera\s+viewer", result.output) and re.search(
        r"eddie\s+editor", result.output
    )
    assert "argon2" not in result.output


def test_users_remove_removes_one_and_names_the_nearest_when_unknown(office):
    root, users = office
    result = drafting("users", "remove", "dan", "--users", users, dossier=root, ok=True)
    assert result.exit_code == 0 and "removed dan (drafter)" in result.output
    assert [a.name for a in read_users(users).users] == ["vera", "eddie"]
    refused(
        drafting("users", "remove", "edie", "--users", users, dossier=root),
        2, "no account called 'edie'", "Did you mean 'eddie'?",
    )  # fmt: skip
    refused(
        drafting("users", "list", "--users", users.with_name("none.yaml"), dossier=root),
        2, "no such users file",
    )  # fmt: skip


def test_users_add_never_changes_the_bundled_dossier(tmp_path: Path, monkeypatch):
    from evidence.dossier import bundled_root

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTING_DOSSIER", raising=False)
    result = drafting(
        "users", "add", "ann", "--role", "viewer", "--password-stdin",
        dossier=None, input="long-enough-password\n",
    )  # fmt: skip
    refused(result, 2, "'users add' changes a dossier")
    assert not (bundled_root() / "users.yaml").exists()


# --- drafting serve -------------------------------------------------------------------


def test_serve_on_another_address_needs_accounts():
    result = drafting("serve", "--host", "0.0.0.0", "--no-browser")
    refused(
        result,
        2,
        "--host 0.0.0.0: without accounts",
        "listens on this computer only",
        "--users FILE",
    )


def test_serve_refuses_a_users_file_it_cannot_use(tmp_path: Path):
    empty = tmp_path / "users.yaml"
    empty.write_text("users: []\n", encoding="utf-8")
    refused(drafting("serve", "--users", empty, "--no-browser"), 2, "holds no account")
    refused(
        drafting("serve", "--users", tmp_path / "nope.yaml", "--no-browser"),
        2,
        "no such users file",
    )
    empty.write_text("users:\n  - name: ann\n    role: viewer\n    password: plain-text-pw\n")
    refused(
        drafting("serve", "--host", "0.0.0.0", "--users", empty, "--no-browser"),
        2,
        ":4: users[0].password",
    )

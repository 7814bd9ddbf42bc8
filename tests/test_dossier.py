from pathlib import Path

import pytest

from evidence.dossier import ENV_VAR, bundled_root, find_dossier, init_dossier
from evidence.errors import DossierError, UserError
from evidence.fsio import write_atomic


def test_explicit_path_beats_environment_and_folder(make_dossier, tmp_path):
    """--dossier wins over DRAFTING_DOSSIER, which wins over the folder walk."""
    first = make_dossier(name="first")
    second = make_dossier(name="second")
    assert find_dossier(first, env={ENV_VAR: str(second)}).config.name == "first"
    assert find_dossier(None, env={ENV_VAR: str(second)}, cwd=first).config.name == "second"


def test_walks_up_to_the_marker(make_dossier):
    """From a sub-folder, the nearest dossier.yaml above is used."""
    root = make_dossier(name="walk")
    deep = root / "drafts" / "old"
    deep.mkdir(parents=True)
    assert find_dossier(None, env={}, cwd=deep).root == root.resolve()


def test_falls_back_to_the_bundled_dossier(tmp_path):
    """With no marker anywhere above, the bundled Northamptonshire dossier is used."""
    found = find_dossier(None, env={}, cwd=tmp_path)
    assert found.found_by == "bundled"
    assert found.root == bundled_root()
    assert found.config.name == "northamptonshire-childrens-services"


def test_a_missing_dossier_path_is_a_clear_error(tmp_path):
    """A --dossier or environment path that does not exist says so."""
    with pytest.raises(DossierError, match="dossier path does not exist"):
        find_dossier(tmp_path / "nope", env={})
    with pytest.raises(DossierError, match=f"{ENV_VAR}: dossier path does not exist"):
        find_dossier(None, env={ENV_VAR: str(tmp_path / "nope")})
    with pytest.raises(DossierError, match=r"not a dossier \(no dossier.yaml\)"):
        find_dossier(tmp_path, env={})


def test_init_makes_an_empty_dossier_that_loads(tmp_path):
    """drafting init's layout opens, loads and verifies with nothing in it."""
    made = init_dossier(tmp_path / "mine", title="My campaign: 2026")
    assert made.config.title == "My campaign: 2026"
    register = made.load()
    assert (register.sources, register.facts) == ({}, {})
    for sub in ("seeds", "templates", "drafts"):
        assert (made.root / sub).is_dir()


def test_init_never_overwrites(tmp_path):
    """init refuses a folder that already holds dossier files, writing nothing."""
    init_dossier(tmp_path / "mine")
    facts = tmp_path / "mine" / "facts.yaml"
    facts.write_text("facts: []  # mine\n")
    with pytest.raises(DossierError, match="already has"):
        init_dossier(tmp_path / "mine")
    assert facts.read_text() == "facts: []  # mine\n"


def test_atomic_write_refuses_to_overwrite_without_force(tmp_path: Path):
    """write_atomic keeps an existing file unless forced, and leaves no temporary file."""
    target = tmp_path / "out.txt"
    write_atomic(target, "one")
    with pytest.raises(UserError, match="already exists"):
        write_atomic(target, "two")
    write_atomic(target, "two", force=True)
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]

"""The installed case: a plain `pip install .` into a fresh venv, run from an empty folder."""

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_ships_the_bundled_dossier(tmp_path: Path):
    """A non-editable install finds and verifies the bundled dossier from an empty folder."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", str(REPO)],
        check=True,
        capture_output=True,
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DRAFTING_DOSSIER"}
    drafting = env_dir / "bin" / "drafting"
    out = subprocess.run(
        [drafting, "evidence", "verify"], cwd=empty, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "(bundled): all verified" in out.stdout
    where = subprocess.run(
        [python, "-c", "import evidence; print(evidence.__file__)"],
        cwd=empty,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(env_dir) in where and str(REPO) not in where
    assert sys.executable != str(python)
    out = subprocess.run(
        [
            drafting,
            "render",
            str(REPO / "drafts" / "letter-to-childrens-commissioner.yaml"),
            "-o",
            str(empty / "letter.docx"),
        ],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert (empty / "letter.docx").is_file()
    out = subprocess.run(
        [drafting, "review", "letter.docx", "--annex", "annex.docx"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "18 citation(s); 0 errors" in out.stdout and (empty / "annex.docx").is_file()

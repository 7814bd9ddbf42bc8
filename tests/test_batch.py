"""A batch of atomic writes made durable once: syncfs where there is one, else each fsync."""

from __future__ import annotations

import os
from pathlib import Path

import evidence.batch
from evidence.batch import sync_files, whole_zip
from evidence.fsio import write_atomic


def _written(tmp_path: Path, count: int) -> list[Path]:
    return [write_atomic(tmp_path / f"{i}.bin", b"x" * 1000, sync=False) for i in range(count)]


def test_one_syncfs_makes_a_folder_of_files_durable(tmp_path, monkeypatch):
    """Files in one folder: one syncfs, no fsync of each (where the C library has syncfs)."""
    calls: list[int] = []
    monkeypatch.setattr(evidence.batch, "_syncfs_call", lambda: lambda fd: calls.append(fd) or 0)
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(-1))
    sync_files(_written(tmp_path, 5))
    assert len(calls) == 1 and calls[0] >= 0


def test_without_syncfs_each_file_then_the_folder_is_fsynced(tmp_path, monkeypatch):
    """No syncfs (or it failed): every file fsynced, then its folder; a file gone is passed
    over."""
    synced: list[str] = []
    monkeypatch.setattr(evidence.batch, "_syncfs_call", lambda: None)
    real = os.fsync
    monkeypatch.setattr(
        os,
        "fsync",
        lambda fd: (synced.append(str(Path(f"/proc/self/fd/{fd}").readlink())), real(fd)),
    )
    files = _written(tmp_path, 3)
    files[1].unlink()
    sync_files(files)
    assert synced == [str(files[0]), str(files[2]), str(tmp_path)]


def test_a_zip_cut_short_is_not_whole(tmp_path):
    """whole_zip: a zip reads; empty, cut short or missing does not."""
    import zipfile

    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "a" * 5000)
    data = path.read_bytes()
    assert whole_zip(path)
    path.write_bytes(data[:-30])
    assert not whole_zip(path)
    path.write_bytes(b"")
    assert not whole_zip(path) and not whole_zip(tmp_path / "missing.zip")


def test_sigterm_is_caught_only_inside_a_batch_and_left_alone_when_ignored():
    """terminate_raises puts the SIGTERM handler back as it found it; an ignored SIGTERM
    stays ignored."""
    import signal

    from evidence.batch import terminate_raises

    before = signal.getsignal(signal.SIGTERM)
    with terminate_raises():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with terminate_raises():
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, before)

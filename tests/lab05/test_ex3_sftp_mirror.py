"""Exercise 3: sftp_mirror.mirror() copies a remote tree and, run again, copies nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def tree(ssh_server):
    """A remote tree beside test.txt and upload/: files two levels down, one binary."""
    root = ssh_server.root
    (root / "docs" / "old").mkdir(parents=True)
    (root / "docs" / "readme.md").write_text("# Remote docs\n")
    (root / "docs" / "old" / "notes.txt").write_text("old notes\n")
    (root / "upload" / "blob.bin").write_bytes(os.urandom(70_000))
    return root


@pytest.fixture
def sftp(ssh_server):
    with ssh_server.client() as client, client.open_sftp() as session:
        session.get_channel().settimeout(10)
        yield session


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def reads(server) -> list[str]:
    return [event for event in server.events if " reads " in event]


ALL = ["docs/old/notes.txt", "docs/readme.md", "test.txt", "upload/blob.bin"]


@pytest.mark.points(2)
def test_local_and_remote_trees_are_equal(exercise, ssh_server, tree, sftp, tmp_path):
    mirror = exercise.load("sftp_mirror.py").mirror
    copied = mirror(sftp, "/", tmp_path / "copy")
    assert files(tmp_path / "copy") == files(tree)
    assert copied == ALL


@pytest.mark.points(2)
def test_a_second_run_transfers_nothing(exercise, ssh_server, tree, sftp, tmp_path):
    mirror = exercise.load("sftp_mirror.py").mirror
    mirror(sftp, "/", tmp_path / "copy")
    before = len(reads(ssh_server))
    assert before == 4
    assert mirror(sftp, "/", tmp_path / "copy") == []
    assert len(reads(ssh_server)) == before, "the second run read files again"
    assert files(tmp_path / "copy") == files(tree)


@pytest.mark.points(1)
def test_local_copies_get_the_remote_mtime(exercise, ssh_server, tree, sftp, tmp_path):
    os.utime(tree / "docs" / "readme.md", (1_600_000_000, 1_600_000_000))
    exercise.load("sftp_mirror.py").mirror(sftp, "/", tmp_path / "copy")
    assert int((tmp_path / "copy" / "docs" / "readme.md").stat().st_mtime) == 1_600_000_000


@pytest.mark.points(1)
def test_a_changed_file_is_transferred_again_and_only_it(
    exercise, ssh_server, tree, sftp, tmp_path
):
    mirror = exercise.load("sftp_mirror.py").mirror
    mirror(sftp, "/", tmp_path / "copy")
    changed = tree / "docs" / "old" / "notes.txt"
    changed.write_text("new notes, longer than before\n")
    os.utime(changed, (changed.stat().st_atime, changed.stat().st_mtime + 60))
    assert mirror(sftp, "/", tmp_path / "copy") == ["docs/old/notes.txt"]
    assert files(tmp_path / "copy") == files(tree)


@pytest.mark.points(1)
def test_a_new_file_in_a_new_folder_comes_next_time(exercise, ssh_server, tree, sftp, tmp_path):
    mirror = exercise.load("sftp_mirror.py").mirror
    mirror(sftp, "/", tmp_path / "copy")
    (tree / "new" / "deeper").mkdir(parents=True)
    (tree / "new" / "deeper" / "file.txt").write_text("fresh\n")
    assert mirror(sftp, "/", tmp_path / "copy") == ["new/deeper/file.txt"]
    assert files(tmp_path / "copy") == files(tree)


@pytest.mark.points(1)
def test_a_sub_folder_alone(exercise, ssh_server, tree, sftp, tmp_path):
    mirror = exercise.load("sftp_mirror.py").mirror
    assert mirror(sftp, "/docs", tmp_path / "docs") == ["old/notes.txt", "readme.md"]
    assert files(tmp_path / "docs") == files(tree / "docs")

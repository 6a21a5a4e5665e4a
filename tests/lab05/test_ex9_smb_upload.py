"""Exercise 9: smb_upload.upload_directory() copies a folder tree to the share."""

from __future__ import annotations

import os
import posixpath

import pytest


@pytest.fixture
def folder(tmp_path):
    """A local tree: two files on top, one binary file two folders down."""
    root = tmp_path / "report"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "summary.txt").write_text("All good.\n")
    (root / "notes.md").write_text("# Notes\n\nNothing yet.\n")
    (root / "data" / "raw" / "samples.bin").write_bytes(os.urandom(70_000))
    return root


def local_files(root) -> dict[str, int]:
    return {
        path.relative_to(root).as_posix(): path.stat().st_size
        for path in root.rglob("*")
        if path.is_file()
    }


def remote_files(server, folder: str) -> dict[str, int]:
    """{relative path: size} of every file under ``folder``, over a new connection."""
    connection = server.connection()
    found = {}

    def walk(path: str, prefix: str) -> None:
        for entry in connection.listPath(server.share, path, timeout=5):
            if entry.filename in (".", ".."):
                continue
            name = prefix + entry.filename
            if entry.isDirectory:
                walk(posixpath.join(path, entry.filename), name + "/")
            else:
                found[name] = entry.file_size

    try:
        walk(folder, "")
    finally:
        connection.close()
    return found


def upload(exercise, server, local, remote="/backup", password=None):
    upload_directory = exercise.load("smb_upload.py").upload_directory
    return upload_directory(
        server.host, server.port, server.user, password or server.password,
        local, server.share, remote, timeout=10,
    )  # fmt: skip


@pytest.mark.points(2)
def test_top_level_files_arrive_with_their_sizes(exercise, smb_server, folder):
    upload(exercise, smb_server, folder)
    found = remote_files(smb_server, "/backup")
    assert found.get("summary.txt") == 10
    assert found.get("notes.md") == len("# Notes\n\nNothing yet.\n")


@pytest.mark.points(2)
def test_sub_folders_are_created_and_filled(exercise, smb_server, folder):
    upload(exercise, smb_server, folder)
    assert remote_files(smb_server, "/backup") == local_files(folder)
    data = (folder / "data" / "raw" / "samples.bin").read_bytes()
    assert smb_server.read("/backup/data/raw/samples.bin") == data


@pytest.mark.points(1)
def test_returns_the_paths_and_sizes(exercise, smb_server, folder):
    assert upload(exercise, smb_server, folder) == local_files(folder)


@pytest.mark.points(1)
def test_uploading_again_overwrites(exercise, smb_server, folder):
    upload(exercise, smb_server, folder)
    (folder / "summary.txt").write_text("Changed: all good now.\n")
    (folder / "data" / "new.txt").write_text("new\n")
    assert upload(exercise, smb_server, folder) == local_files(folder)
    assert remote_files(smb_server, "/backup") == local_files(folder)
    assert smb_server.read("/backup/summary.txt") == b"Changed: all good now.\n"


@pytest.mark.points(1)
def test_a_wrong_password_raises_permission_error(exercise, smb_server, folder):
    with pytest.raises(PermissionError):
        upload(exercise, smb_server, folder, password="wrong")
    assert not (smb_server.share_dir / "backup").exists()

"""smb_file_share.py (the book's SMB listing) against the fixture's smbd, and its failures."""

from __future__ import annotations

import pytest
import smb_file_share as share_client

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "smb_file_share.py"


def run(server, *args, password="secret", **kwargs):
    port = ["--port", server.port] if server is not None else []
    env = {"LAB_PASSWORD": password}
    return testing.run_script(SCRIPT, *port, *args, env=env, **kwargs)


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--user", "--password-env", "--share", "--path", "--dest"):
        assert option in result.stdout


def test_lists_the_shares_and_the_chosen_share_then_saves_the_file(smb_server, tmp_path):
    result = run(smb_server, "--dest", tmp_path)
    assert result.returncode == 0, result.stderr
    size = len(smb_server.test_rtf)
    assert result.stdout.splitlines() == [
        f"Shares on 127.0.0.1:{smb_server.port}:",
        "  Share",
        "  IPC$",
        "Files in Share:/",
        f"  test.rtf  ({size} bytes)",
        f"Saved Share:/test.rtf as {tmp_path / 'test.rtf'} ({size} bytes)",
    ]
    assert (tmp_path / "test.rtf").read_bytes() == smb_server.test_rtf


def test_saves_into_the_current_folder_by_default(smb_server, tmp_path):
    result = run(smb_server, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "test.rtf").read_bytes() == smb_server.test_rtf


def test_lists_the_chosen_share_not_the_last_one(smb_server, tmp_path):
    """The book listed whichever share its loop saw last (IPC$ here)."""
    (smb_server.share_dir / "docs").mkdir()
    (smb_server.share_dir / "docs" / "notes.txt").write_text("lab notes\n")
    connection = share_client.connect(
        smb_server.host, smb_server.port, smb_server.user, smb_server.password
    )
    try:
        assert share_client.list_folder(connection, "Share") == [
            ("docs", 0, True),
            ("test.rtf", len(smb_server.test_rtf), False),
        ]
        assert share_client.list_folder(connection, "Share", "/docs") == [("notes.txt", 10, False)]
    finally:
        connection.close()
    result = run(smb_server, "--path", "/docs/notes.txt", "--dest", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "  docs/" in result.stdout.splitlines()
    assert (tmp_path / "notes.txt").read_text() == "lab notes\n"


def test_a_bad_password_is_one_line(smb_server, tmp_path):
    with pytest.raises(share_client.SmbError, match="login failed"):
        share_client.connect(smb_server.host, smb_server.port, smb_server.user, "wrong")
    result = run(smb_server, "--dest", tmp_path, password="wrong")
    assert "login failed" in testing.assert_one_line_error(result, 1)
    assert not (tmp_path / "test.rtf").exists()


def test_no_password_is_one_line(smb_server):
    result = run(smb_server, password="")
    assert "no password" in testing.assert_one_line_error(result, 1)


def test_a_missing_file_is_one_line_and_leaves_nothing(smb_server, tmp_path):
    result = run(smb_server, "--path", "/nope.rtf", "--dest", tmp_path)
    assert "no such file" in testing.assert_one_line_error(result, 1)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_share_is_one_line(smb_server, tmp_path):
    result = run(smb_server, "--share", "Nope", "--dest", tmp_path)
    assert "no such share" in testing.assert_one_line_error(result, 1)


def test_refused_port(closed_port):
    result = run(None, "--port", closed_port)
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line and "smb_server.py" in line


def test_connect_timeout(backlog_full_port):
    result = run(None, "--port", backlog_full_port, "--timeout", "1")
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_silent_server_times_out(silent_port):
    result = run(None, "--port", silent_port, "--timeout", "1")
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    "args",
    [["--port", "x"], ["--dest", "/no/such/folder"], ["--path", "/"], ["--timeout", "0"]],
)
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(run(None, *args), 2)

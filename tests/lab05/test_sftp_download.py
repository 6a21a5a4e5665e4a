"""sftp_download.py (the book's 5_2) and SFTP against the lab's server: get, put, errors."""

from __future__ import annotations

import hashlib
import inspect
import io
import os
import threading

import asyncssh
import paramiko
import pytest
import sftp_download

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "sftp_download.py"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(server, known_hosts, *args, password="secret", **kwargs):
    env = {"LAB_PASSWORD": password if password is not None else ""}
    options = ["--port", server.port, "--known-hosts", known_hosts]
    return testing.run_script(SCRIPT, *options, *args, env=env, **kwargs)


def fetch(server, known_hosts, remote, dest, password="secret"):
    return sftp_download.fetch(
        server.host, server.port, server.user, password, remote, dest, known_hosts, 5
    )


def transports_alive() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, paramiko.Transport) and t.is_alive()]


@pytest.fixture
def big_file(ssh_server):
    """A 300 kB binary file two folders down: the SFTP reads come in many pieces."""
    data = os.urandom(300_000)
    folder = ssh_server.root / "data" / "2025"
    folder.mkdir(parents=True)
    (folder / "blob.bin").write_bytes(data)
    return "/data/2025/blob.bin", data


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for text in ("REMOTE_PATH", "--dest", "--known-hosts", "LAB_PASSWORD"):
        assert text in result.stdout


# --- the library functions ------------------------------------------------------------------


def test_the_download_lands_under_its_basename_with_equal_sha256(
    ssh_server, ssh_known_hosts, big_file, tmp_path
):
    remote, data = big_file
    local = fetch(ssh_server, ssh_known_hosts, remote, tmp_path)
    assert local == tmp_path / "blob.bin"
    assert sha256(local.read_bytes()) == sha256(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blob.bin", "known_hosts", "sftp"]
    assert f"student reads {remote}" in ssh_server.events


def test_the_books_file(ssh_server, ssh_known_hosts, tmp_path):
    local = fetch(ssh_server, ssh_known_hosts, "/test.txt", tmp_path)
    assert local.read_text() == "This is a test file\n"


def test_the_transport_is_closed_afterwards(ssh_server, ssh_known_hosts, tmp_path):
    fetch(ssh_server, ssh_known_hosts, "/test.txt", tmp_path)
    testing.wait_until(lambda: not transports_alive(), timeout=5)


def test_an_upload_round_trips(ssh_server, tmp_path):
    data = os.urandom(100_000)
    with ssh_server.client() as client, client.open_sftp() as sftp:
        attributes = sftp.putfo(io.BytesIO(data), "/upload/sent.bin")
        assert attributes.st_size == len(data)
        back = io.BytesIO()
        sftp.getfo("/upload/sent.bin", back)
    assert back.getvalue() == data
    assert (ssh_server.root / "upload" / "sent.bin").read_bytes() == data


def test_a_missing_path_raises_file_not_found(ssh_server, ssh_known_hosts, tmp_path):
    with pytest.raises(FileNotFoundError, match="/nope.txt"):
        fetch(ssh_server, ssh_known_hosts, "/nope.txt", tmp_path)
    assert not (tmp_path / "nope.txt").exists()
    assert not list(tmp_path.glob("*.part"))
    testing.wait_until(lambda: not transports_alive(), timeout=5)


def test_paramiko_raises_file_not_found_itself(ssh_server):
    with ssh_server.client() as client, client.open_sftp() as sftp:
        with pytest.raises(FileNotFoundError):
            sftp.stat("/nope.txt")


def test_the_books_transport_call_takes_the_port_as_window_size():
    """Regression: Transport(hostname, port) puts the port in default_window_size."""
    parameters = list(inspect.signature(paramiko.Transport).parameters)
    assert parameters[:2] == ["sock", "default_window_size"]


def test_a_server_on_a_port_other_than_22_is_reached(ssh_server):
    assert ssh_server.port != 22
    with sftp_download.open_transport(ssh_server.host, ssh_server.port, 5) as transport:
        transport.start_client(timeout=5)
        assert transport.remote_version.startswith("SSH-2.0-AsyncSSH_")
        assert transport.getpeername()[1] == ssh_server.port


def test_an_unknown_host_key_stops_before_the_password(ssh_server, tmp_path):
    empty = tmp_path / "known_hosts"
    empty.touch()
    with pytest.raises(paramiko.SSHException, match="not found in known_hosts"):
        fetch(ssh_server, empty, "/test.txt", tmp_path)
    assert ssh_server.events == []


def test_a_changed_host_key_raises(ssh_server, tmp_path):
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{ssh_server.port} {other}")
    with pytest.raises(paramiko.BadHostKeyException):
        fetch(ssh_server, known_hosts, "/test.txt", tmp_path)


# --- the script ------------------------------------------------------------------------------


def test_the_script_saves_into_the_current_folder(ssh_server, ssh_known_hosts, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    result = run(ssh_server, ssh_known_hosts, cwd=work)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Downloaded /test.txt to test.txt (20 bytes)\n"
    assert (work / "test.txt").read_text() == "This is a test file\n"


def test_the_script_saves_into_dest(ssh_server, ssh_known_hosts, big_file, tmp_path):
    remote, data = big_file
    result = run(ssh_server, ssh_known_hosts, "--dest", tmp_path, remote)
    assert result.returncode == 0, result.stderr
    assert sha256((tmp_path / "blob.bin").read_bytes()) == sha256(data)


def test_a_missing_remote_file_is_one_line(ssh_server, ssh_known_hosts, tmp_path):
    result = run(ssh_server, ssh_known_hosts, "--dest", tmp_path, "/nope.txt")
    line = testing.assert_one_line_error(result, 1)
    assert "no such file on the server: /nope.txt" in line, line


def test_a_folder_is_one_line(ssh_server, ssh_known_hosts, tmp_path):
    result = run(ssh_server, ssh_known_hosts, "--dest", tmp_path, "/upload")
    assert "is a folder" in testing.assert_one_line_error(result, 1)


def test_a_bad_password_is_one_line(ssh_server, ssh_known_hosts, tmp_path):
    result = run(ssh_server, ssh_known_hosts, "--dest", tmp_path, password="wrong")
    assert "authentication failed" in testing.assert_one_line_error(result, 1)
    assert not (tmp_path / "test.txt").exists()


def test_an_unknown_host_key_is_one_line(ssh_server, tmp_path):
    result = run(ssh_server, tmp_path / "no_known_hosts", "--dest", tmp_path)
    assert "is not in" in testing.assert_one_line_error(result, 1)


def test_the_password_can_come_from_stdin(ssh_server, ssh_known_hosts, tmp_path):
    result = run(ssh_server, ssh_known_hosts, "--dest", tmp_path, password=None, input="secret\n")
    assert result.returncode == 0, result.stderr


def test_a_refused_port_is_one_line(closed_port, tmp_path):
    result = testing.run_script(
        SCRIPT, "--port", closed_port, "--known-hosts", tmp_path / "kh", env={"LAB_PASSWORD": "x"}
    )
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line and "ssh_server.py" in line, line


def test_a_connect_timeout_is_one_line(backlog_full_port, tmp_path):
    result = testing.run_script(
        SCRIPT,
        *("--port", backlog_full_port, "--known-hosts", tmp_path / "kh", "--timeout", "1"),
        env={"LAB_PASSWORD": "x"},
    )
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_a_silent_server_is_one_line(silent_port, tmp_path):
    result = testing.run_script(
        SCRIPT,
        *("--port", silent_port, "--known-hosts", tmp_path / "kh", "--timeout", "1"),
        env={"LAB_PASSWORD": "x"},
    )
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--port", "0x16"], "not a port number"),
        (["--dest", "/nonexistent/folder"], "no such folder"),
        (["--timeout", "-1"], "must be greater than 0"),
    ],
)
def test_bad_arguments_are_usage_errors(args, fragment):
    result = testing.run_script(SCRIPT, *args, env={"LAB_PASSWORD": "x"})
    assert fragment in testing.assert_one_line_error(result, 2)

"""ssh_server.py: its commands, its host key file, the script's life cycle, the fixture."""

from __future__ import annotations

import re
import socket

import paramiko
import pytest
import ssh_server as server

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "ssh_server.py"


# --- the commands, without a network ------------------------------------------------------


@pytest.fixture
def root(tmp_path):
    return server.seed_root(tmp_path / "root")


def test_the_folder_holds_the_books_file(root):
    assert (root / "test.txt").read_text() == "This is a test file\n"
    assert (root / "upload").is_dir()


@pytest.mark.parametrize(
    "command, expected",
    [
        ("echo hello world", (0, "hello world\n", "")),
        ("echo 'two  spaces'", (0, "two  spaces\n", "")),
        ("whoami", (0, "student\n", "")),
        ("exit 3", (3, "", "")),
        ("exit 256", (0, "", "")),
        ("exit", (0, "", "")),
        ("ls", (0, "test.txt\nupload\n", "")),
        ("ls /upload", (0, "", "")),
        ("cat /test.txt", (0, "This is a test file\n", "")),
        ("cat test.txt", (0, "This is a test file\n", "")),
    ],
)
def test_commands(root, command, expected):
    assert server.run_command(command, root, "student") == expected


@pytest.mark.parametrize(
    "command, status, error",
    [
        ("reboot now", 127, "sh: reboot: command not found\n"),
        ("cat /nope", 1, "cat: /nope: No such file or directory\n"),
        ("cat ../../../etc/hostname", 1, "No such file"),
        ("cat /upload", 1, "Is a directory"),
        ("ls /nope", 2, "No such file"),
        ("exit x", 2, "numeric argument required"),
        ("echo 'unclosed", 2, "syntax error"),
    ],
)
def test_failing_commands(root, command, status, error):
    got_status, out, err = server.run_command(command, root, "student")
    assert (got_status, out) == (status, "")
    assert error in err


def test_a_path_cannot_leave_the_folder(root):
    assert server.inside(root, "/../..") is None
    assert server.inside(root, "/upload/../test.txt") == (root / "test.txt").resolve()


def test_a_host_key_file_is_written_once_and_reused(tmp_path):
    path = tmp_path / "host_key"
    first = server.load_host_key(path)
    assert path.stat().st_mode & 0o077 == 0, "the private key is readable by others"
    assert (tmp_path / "host_key.pub").read_text().startswith("ssh-ed25519 AAAA")
    assert server.public_line(first) == " ".join(
        (tmp_path / "host_key.pub").read_text().split()[:2]
    )
    assert server.load_host_key(path).get_fingerprint() == first.get_fingerprint()
    assert server.load_host_key(None).get_fingerprint() != first.get_fingerprint()


# --- the script -------------------------------------------------------------------------------


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--host-key", "--root", "--password-env", "--user"):
        assert option in result.stdout


def test_the_script_serves_and_stops_cleanly(tmp_path):
    key = tmp_path / "host_key"
    with testing.start_script(
        SCRIPT, "--port", "0", "--host-key", key, env={"LAB_PASSWORD": "pw"}
    ) as proc:
        fingerprint = re.search(r"Host key: ssh-ed25519 (SHA256:\S+)", "\n".join(proc.lines))
        folder = re.search(r"SFTP folder: (\S+)", "\n".join(proc.lines))
        assert fingerprint and folder, proc.lines
        assert server.load_host_key(key).get_fingerprint() == fingerprint.group(1)
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # the key is checked above
        client.connect(
            proc.host,
            proc.port,
            "student",
            "pw",
            timeout=5,
            look_for_keys=False,
            allow_agent=False,
        )
        with client:
            _, stdout, _ = client.exec_command("echo from the script", timeout=5)
            assert stdout.read() == b"from the script\n"
            assert client.get_transport().get_remote_server_key().fingerprint == fingerprint.group(
                1
            )
        proc.wait_for_line(r"student ran 'echo from the script': exit status 0")
        assert proc.stop() == 0
    assert not (tmp_path / folder.group(1)).exists(), "the temporary folder was not removed"


def test_the_script_serves_a_given_folder(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine\n")
    with testing.start_script(SCRIPT, "--port", "0", "--root", tmp_path / "mine") as proc:
        assert f"SFTP folder: {tmp_path / 'mine'}" in proc.lines
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == [
        "notes.txt",
        "test.txt",
        "upload",
    ]


def test_a_port_in_use_is_one_line():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = testing.run_script(SCRIPT, "--port", port)
    line = testing.assert_one_line_error(result, 1)
    assert f"cannot listen on 127.0.0.1:{port}" in line, line


def test_a_bad_host_key_file_is_one_line(tmp_path):
    bad = tmp_path / "bad_key"
    bad.write_text("not a key\n")
    line = testing.assert_one_line_error(testing.run_script(SCRIPT, "--host-key", bad), 1)
    assert "cannot use host key" in line, line


@pytest.mark.parametrize("args", [["--port", "70000"], ["--bogus"]])
def test_bad_arguments_are_usage_errors(args):
    testing.assert_one_line_error(testing.run_script(SCRIPT, *args), 2)


# --- the fixture -------------------------------------------------------------------------------


def test_the_fixture_logs_in_and_runs_commands(ssh_server):
    with ssh_server.client() as client:
        assert client.get_transport().remote_version.startswith("SSH-2.0-AsyncSSH_2.")
        _, stdout, stderr = client.exec_command("whoami", timeout=5)
        assert stdout.read() == b"student\n" and stdout.channel.recv_exit_status() == 0
    assert ssh_server.events == [
        "student logged in from 127.0.0.1",
        "student ran 'whoami': exit status 0",
    ]


def test_the_fixture_refuses_a_wrong_password(ssh_server):
    with pytest.raises(paramiko.AuthenticationException):
        ssh_server.client(password="wrong")
    assert ssh_server.events == ["student failed to log in from 127.0.0.1"]


def test_a_shell_is_refused(ssh_server):
    with ssh_server.client() as client:
        channel = client.get_transport().open_session(timeout=5)
        channel.settimeout(5)
        channel.invoke_shell()
        assert channel.recv_exit_status() == 1
        assert b"single commands only" in channel.recv_stderr(1000)

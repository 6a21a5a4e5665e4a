"""ssh_exec.py (the book's 5_1) against the lab's SSH server: output, exit status, host keys."""

from __future__ import annotations

import asyncssh
import paramiko
import pytest
import ssh_exec

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "ssh_exec.py"


def run(server, known_hosts, *command, password="secret", extra=(), **kwargs):
    env = {"LAB_PASSWORD": password if password is not None else ""}
    args = ["--port", server.port, "--known-hosts", known_hosts, *extra, *command]
    return testing.run_script(SCRIPT, *args, env=env, **kwargs)


def connect(server, known_hosts, password="secret", **options):
    return ssh_exec.connect(
        server.host, server.port, server.user, password, known_hosts, 5, **options
    )


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for text in ("--known-hosts", "--password-env", "LAB_PASSWORD", "--insecure-auto-add"):
        assert text in result.stdout


def test_known_hosts_names_a_port_in_brackets():
    assert ssh_exec.known_hosts_name("127.0.0.1", 22) == "127.0.0.1"
    assert ssh_exec.known_hosts_name("127.0.0.1", 8022) == "[127.0.0.1]:8022"


# --- the library functions ---------------------------------------------------------------


def test_a_command_returns_its_output_and_status_0(ssh_server, ssh_known_hosts):
    with connect(ssh_server, ssh_known_hosts) as client:
        assert ssh_exec.run(client, "echo hello", 5) == (0, "hello\n", "")


def test_exit_3_gives_status_3(ssh_server, ssh_known_hosts):
    with connect(ssh_server, ssh_known_hosts) as client:
        assert ssh_exec.run(client, "exit 3", 5) == (3, "", "")


def test_a_bad_password_raises_authentication_exception(ssh_server, ssh_known_hosts):
    with pytest.raises(paramiko.AuthenticationException):
        connect(ssh_server, ssh_known_hosts, password="wrong")


def test_reject_policy_refuses_an_empty_known_hosts(ssh_server, tmp_path):
    empty = tmp_path / "empty_known_hosts"
    empty.touch()
    with pytest.raises(paramiko.SSHException, match="not found in known_hosts"):
        connect(ssh_server, empty)
    assert ssh_server.events == [], "the password was sent to an unknown server"


def test_a_missing_known_hosts_file_counts_as_empty(ssh_server, tmp_path):
    with pytest.raises(paramiko.SSHException, match="not found in known_hosts"):
        connect(ssh_server, tmp_path / "nowhere" / "known_hosts")


def test_a_changed_key_raises_bad_host_key(start_ssh_server, tmp_path):
    first = start_ssh_server()
    known_hosts = first.write_known_hosts(tmp_path / "known_hosts")
    first.stop()
    second = start_ssh_server(port=first.port)  # same address, another key
    with pytest.raises(paramiko.BadHostKeyException):
        connect(second, known_hosts)
    assert second.events == []


def test_auto_add_trusts_on_first_use_and_saves_the_key(ssh_server, tmp_path):
    known_hosts = tmp_path / "new" / "known_hosts"
    with connect(ssh_server, known_hosts, insecure_auto_add=True) as client:
        assert ssh_exec.run(client, "whoami", 5)[1] == "student\n"
    assert known_hosts.read_text().strip() == ssh_server.known_hosts_line
    with connect(ssh_server, known_hosts) as client:  # pinned now: RejectPolicy is happy
        assert ssh_exec.run(client, "whoami", 5)[0] == 0


# --- the script ------------------------------------------------------------------------------


def test_the_script_prints_the_output_as_text(ssh_server, ssh_known_hosts):
    result = run(ssh_server, ssh_known_hosts, "echo", "hello", "world")
    assert (result.returncode, result.stdout, result.stderr) == (0, "hello world\n", "")
    assert "b'" not in result.stdout  # the book printed a bytes repr


def test_the_script_exits_with_the_remote_status(ssh_server, ssh_known_hosts):
    assert run(ssh_server, ssh_known_hosts, "exit", "3").returncode == 3
    assert run(ssh_server, ssh_known_hosts, "exit 42").returncode == 42


def test_remote_errors_go_to_stderr(ssh_server, ssh_known_hosts):
    result = run(ssh_server, ssh_known_hosts, "cat", "/missing.txt")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "cat: /missing.txt: No such file or directory\n"
    result = run(ssh_server, ssh_known_hosts, "frobnicate")
    assert result.returncode == 127 and "command not found" in result.stderr


def test_the_password_variable_can_be_chosen(ssh_server, ssh_known_hosts):
    result = testing.run_script(
        SCRIPT,
        *("--port", ssh_server.port, "--known-hosts", ssh_known_hosts),
        *("--password-env", "MY_SSH_PW", "whoami"),
        env={"MY_SSH_PW": "secret", "LAB_PASSWORD": ""},
    )
    assert (result.returncode, result.stdout) == (0, "student\n"), result.stderr


def test_the_password_can_come_from_stdin(ssh_server, ssh_known_hosts):
    result = run(ssh_server, ssh_known_hosts, "whoami", password=None, input="secret\n")
    assert (result.returncode, result.stdout) == (0, "student\n"), result.stderr


def test_no_password_is_one_line(ssh_server, ssh_known_hosts):
    result = run(ssh_server, ssh_known_hosts, "whoami", password=None, input="")
    assert "no password" in testing.assert_one_line_error(result, 1)


def test_a_bad_password_is_one_line(ssh_server, ssh_known_hosts):
    result = run(ssh_server, ssh_known_hosts, "whoami", password="wrong")
    assert "authentication failed" in testing.assert_one_line_error(result, 1)


def test_an_unknown_host_key_is_one_line(ssh_server, tmp_path):
    empty = tmp_path / "known_hosts"
    empty.touch()
    line = testing.assert_one_line_error(run(ssh_server, empty, "whoami"), 1)
    assert f"[127.0.0.1]:{ssh_server.port} is not in {empty}" in line, line


def test_a_changed_host_key_is_one_line(ssh_server, tmp_path):
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{ssh_server.port} {other}")
    line = testing.assert_one_line_error(run(ssh_server, known_hosts, "whoami"), 1)
    assert "CHANGED" in line and ssh_server.fingerprint in line, line


def test_insecure_auto_add_then_pinned(ssh_server, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    result = run(ssh_server, known_hosts, "whoami", extra=["--insecure-auto-add"])
    assert (result.returncode, result.stdout) == (0, "student\n"), result.stderr
    assert ssh_server.known_hosts_line in known_hosts.read_text()
    assert run(ssh_server, known_hosts, "whoami").returncode == 0


def test_a_refused_port_is_one_line(closed_port, ssh_known_hosts, ssh_server):
    result = run(ssh_server, ssh_known_hosts, "whoami", extra=["--port", closed_port])
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line and "ssh_server.py" in line, line


def test_a_connect_timeout_is_one_line(backlog_full_port, tmp_path):
    result = testing.run_script(
        SCRIPT,
        *("--port", backlog_full_port, "--known-hosts", tmp_path / "kh", "--timeout", "1"),
        "whoami",
        env={"LAB_PASSWORD": "secret"},
    )
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_a_silent_server_is_one_line(silent_port, tmp_path):
    result = testing.run_script(
        SCRIPT,
        *("--port", silent_port, "--known-hosts", tmp_path / "kh", "--timeout", "1"),
        "whoami",
        env={"LAB_PASSWORD": "secret"},
    )
    line = testing.assert_one_line_error(result, 1)
    assert "banner" in line or "timed out" in line, line


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--port", "99999", "whoami"], "port must be between"),
        (["--timeout", "0", "whoami"], "must be greater than 0"),
        ([], "the following arguments are required"),
    ],
)
def test_bad_arguments_are_usage_errors(args, fragment):
    result = testing.run_script(SCRIPT, *args, env={"LAB_PASSWORD": "secret"})
    assert fragment in testing.assert_one_line_error(result, 2)

"""Exercise 1: remote_exec.py runs a command over SSH and behaves like it (output, status)."""

from __future__ import annotations

import paramiko
import pytest

from labkit import testing


def run_cli(exercise, server, known_hosts, *command, env=None):
    env = {"LAB_PASSWORD": "secret"} if env is None else env
    args = ["--port", server.port, "--known-hosts", known_hosts, *command]
    return testing.run_script(exercise.path("remote_exec.py"), *args, env=env)


def run_remote(exercise, server, known_hosts, command, password="secret"):
    module = exercise.load("remote_exec.py")
    return module.run_remote(
        server.host, server.port, server.user, password, command, known_hosts, 5
    )


@pytest.mark.points(2)
def test_run_remote_returns_status_and_output(exercise, ssh_server, ssh_known_hosts):
    assert run_remote(exercise, ssh_server, ssh_known_hosts, "echo hello") == (0, "hello\n", "")
    assert "student ran 'echo hello': exit status 0" in ssh_server.events


@pytest.mark.points(1)
def test_run_remote_returns_failures_too(exercise, ssh_server, ssh_known_hosts):
    assert run_remote(exercise, ssh_server, ssh_known_hosts, "exit 3") == (3, "", "")
    status, out, err = run_remote(exercise, ssh_server, ssh_known_hosts, "nosuchcommand")
    assert (status, out) == (127, "") and "command not found" in err


@pytest.mark.points(1)
def test_run_remote_raises_on_a_bad_password(exercise, ssh_server, ssh_known_hosts):
    with pytest.raises(paramiko.AuthenticationException):
        run_remote(exercise, ssh_server, ssh_known_hosts, "whoami", password="wrong")


@pytest.mark.points(2)
def test_the_exit_code_equals_the_remote_one(exercise, ssh_server, ssh_known_hosts):
    for command, status in (["exit", "3"], 3), (["exit 42"], 42), (["whoami"], 0):
        result = run_cli(exercise, ssh_server, ssh_known_hosts, *command)
        assert result.returncode == status, (command, result.stderr)
    result = run_cli(exercise, ssh_server, ssh_known_hosts, "nosuchcommand")
    assert result.returncode == 127
    assert result.stderr == "sh: nosuchcommand: command not found\n"


@pytest.mark.points(1)
def test_stdout_matches(exercise, ssh_server, ssh_known_hosts):
    result = run_cli(exercise, ssh_server, ssh_known_hosts, "echo", "hello", "world")
    assert (result.returncode, result.stdout, result.stderr) == (0, "hello world\n", "")
    result = run_cli(exercise, ssh_server, ssh_known_hosts, "cat", "/test.txt")
    assert result.stdout == "This is a test file\n"


@pytest.mark.points(1)
def test_the_password_comes_from_password_env(exercise, ssh_server, ssh_known_hosts):
    env = {"LAB_PASSWORD": "", "OTHER_PW": "secret"}
    result = run_cli(
        exercise, ssh_server, ssh_known_hosts, "--password-env", "OTHER_PW", "whoami", env=env
    )
    assert (result.returncode, result.stdout) == (0, "student\n"), result.stderr
    env = {"LAB_PASSWORD": "secret", "OTHER_PW": "wrong"}
    result = run_cli(
        exercise, ssh_server, ssh_known_hosts, "--password-env", "OTHER_PW", "whoami", env=env
    )
    testing.assert_one_line_error(result, 1)


@pytest.mark.points(1)
def test_failures_are_one_line(exercise, ssh_server, ssh_known_hosts, closed_port):
    result = run_cli(exercise, ssh_server, ssh_known_hosts, "whoami", env={"LAB_PASSWORD": "x"})
    testing.assert_one_line_error(result, 1)
    result = testing.run_script(
        exercise.path("remote_exec.py"),
        *("--port", closed_port, "--known-hosts", ssh_known_hosts, "whoami"),
        env={"LAB_PASSWORD": "secret"},
    )
    testing.assert_one_line_error(result, 1)

"""Exercise 2: remote_exec.py --trust pins the server's key; a rotated key is refused."""

from __future__ import annotations

import paramiko
import pytest

from labkit import testing


def run_cli(exercise, server, known_hosts, *args):
    return testing.run_script(
        exercise.path("remote_exec.py"),
        *("--port", server.port, "--known-hosts", known_hosts, *args),
        env={"LAB_PASSWORD": "secret"},
    )


def pinned_keys(known_hosts, server) -> dict:
    keys = paramiko.HostKeys(str(known_hosts))
    return dict(keys.lookup(f"[{server.host}]:{server.port}") or {})


@pytest.mark.points(1)
def test_the_first_run_fails(exercise, ssh_server, tmp_path):
    module = exercise.load("remote_exec.py")
    with pytest.raises(paramiko.SSHException) as raised:
        module.run_remote(
            ssh_server.host, ssh_server.port, "student", "secret", "whoami", tmp_path / "kh", 5
        )
    assert not isinstance(raised.value, paramiko.AuthenticationException)
    result = run_cli(exercise, ssh_server, tmp_path / "kh", "whoami")
    testing.assert_one_line_error(result, 1)
    assert ssh_server.events == [], "the password went to a server nobody trusted"


@pytest.mark.points(2)
def test_after_trust_it_passes(exercise, ssh_server, tmp_path):
    known_hosts = tmp_path / "kh"
    result = run_cli(exercise, ssh_server, known_hosts, "--trust")
    assert result.returncode == 0, result.stderr
    assert pinned_keys(known_hosts, ssh_server) == {"ssh-ed25519": ssh_server.paramiko_key()}
    result = run_cli(exercise, ssh_server, known_hosts, "whoami")
    assert (result.returncode, result.stdout) == (0, "student\n"), result.stderr


@pytest.mark.points(1)
def test_trust_shows_the_fingerprint_and_runs_the_command(exercise, ssh_server, tmp_path):
    result = run_cli(exercise, ssh_server, tmp_path / "kh", "--trust", "echo", "pinned")
    assert (result.returncode, result.stdout) == (0, "pinned\n"), result.stderr
    assert ssh_server.fingerprint in result.stderr


@pytest.mark.points(1)
def test_trust_logs_in_nowhere_and_keeps_other_lines(exercise, ssh_server, tmp_path):
    known_hosts = tmp_path / "kh"
    known_hosts.write_text("[192.168.56.10]:22 " + ssh_server.public_key + "\n")
    module = exercise.load("remote_exec.py")
    key = module.trust(ssh_server.host, ssh_server.port, known_hosts, 5)
    assert key == ssh_server.paramiko_key()
    assert ssh_server.events == []
    text = known_hosts.read_text()
    assert "[192.168.56.10]:22" in text and f"[127.0.0.1]:{ssh_server.port}" in text


@pytest.mark.points(2)
def test_a_rotated_key_raises_bad_host_key(exercise, start_ssh_server, tmp_path):
    module = exercise.load("remote_exec.py")
    first = start_ssh_server()
    known_hosts = tmp_path / "kh"
    module.trust(first.host, first.port, known_hosts, 5)
    first.stop()
    rotated = start_ssh_server(port=first.port)  # same address, a new key
    with pytest.raises(paramiko.BadHostKeyException):
        module.run_remote(rotated.host, rotated.port, "student", "secret", "whoami", known_hosts)
    result = run_cli(exercise, rotated, known_hosts, "whoami")
    testing.assert_one_line_error(result, 1)
    assert rotated.events == []


@pytest.mark.points(1)
def test_trust_does_not_replace_a_pinned_key(exercise, start_ssh_server, tmp_path):
    first = start_ssh_server()
    known_hosts = first.write_known_hosts(tmp_path / "kh")
    first.stop()
    rotated = start_ssh_server(port=first.port)
    result = run_cli(exercise, rotated, known_hosts, "--trust", "whoami")
    testing.assert_one_line_error(result, 1)
    assert pinned_keys(known_hosts, rotated) == {"ssh-ed25519": first.paramiko_key()}

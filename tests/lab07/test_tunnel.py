"""port_forwarding.py: an SSH tunnel (sshtunnel) through an in-test paramiko SSH server
to an in-test pyftpdlib FTP server; and against the lab network's files host (labnet)."""

import ftplib
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from labkit import lab_dir, testing

from .conftest import PASSWORD

LAB = lab_dir("07")
SCRIPT = LAB / "port_forwarding.py"
port_forwarding = testing.load_module(SCRIPT)
NO_LABNET = {"LABNET_CONFIG": "/nonexistent/client.json", "LAB_FILES_ADDRESS": ""}


def tunnel_args(ssh_gateway, ftp_server, *extra):
    return [
        "--ssh-host", "127.0.0.1", "--ssh-port", str(ssh_gateway.port),
        "--remote-host", "127.0.0.1", "--remote-port", str(ftp_server.port), *extra,
    ]  # fmt: skip


def test_ftp_login_through_the_tunnel(ssh_gateway, ftp_server):
    result = testing.run_script(
        SCRIPT, *tunnel_args(ssh_gateway, ftp_server, "--ftp-check"),
        env={"LAB_SSH_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Connect the remote service via local port: ")
    assert lines[1] == "220 lab 07 FTP server ready"
    assert lines[2].startswith("230 ")
    assert lines[3] == '257 "/" is the current directory.'
    assert ftp_server.logins == ["labuser"]
    assert ssh_gateway.forwarded == [("127.0.0.1", ftp_server.port)]


def test_the_tunnel_stays_up_for_ftp_retr_until_sigterm(ssh_gateway, ftp_server):
    env = {"LAB_SSH_PASSWORD": PASSWORD}
    with testing.start_script(
        SCRIPT, *tunnel_args(ssh_gateway, ftp_server), ready=False, env=env
    ) as tunnel:
        match = tunnel.wait_for_line(r"^Connect the remote service via local port: (\d+)$")
        port = int(match.group(1))
        with ftplib.FTP() as ftp:
            ftp.connect("127.0.0.1", port, timeout=5)
            ftp.login("labuser", PASSWORD)
            data = []
            ftp.retrbinary("RETR welcome.txt", data.append)
            ftp.quit()
        assert b"".join(data) == (ftp_server.home / "welcome.txt").read_bytes()
        assert tunnel.stop() == 0
        assert "Traceback" not in tunnel.proc.stderr.read()
    assert ssh_gateway.forwarded == [("127.0.0.1", ftp_server.port)]


def test_one_mebibyte_both_ways_through_the_tunnel(ssh_gateway, echo_target):
    tunnel = port_forwarding.open_tunnel(
        ("127.0.0.1", ssh_gateway.port), "labuser", PASSWORD, ("127.0.0.1", echo_target)
    )
    try:
        payload = os.urandom(1 << 20)
        with socket.create_connection(("127.0.0.1", tunnel.local_bind_port), timeout=10) as sock:
            sender = threading.Thread(target=sock.sendall, args=(payload,), daemon=True)
            sender.start()
            echoed = b""
            while len(echoed) < len(payload):
                chunk = sock.recv(65536)
                assert chunk, "the tunnel closed early"
                echoed += chunk
            sender.join(10)
        assert echoed == payload
    finally:
        tunnel.stop(force=True)


def test_ten_concurrent_connections_through_one_tunnel(ssh_gateway, echo_target):
    tunnel = port_forwarding.open_tunnel(
        ("127.0.0.1", ssh_gateway.port), "labuser", PASSWORD, ("127.0.0.1", echo_target)
    )

    def echo(i):
        with socket.create_connection(("127.0.0.1", tunnel.local_bind_port), timeout=10) as sock:
            message = f"client {i} ".encode() * 100
            sock.sendall(message)
            got = b""
            while len(got) < len(message):
                got += sock.recv(65536)
            return got == message

    try:
        with ThreadPoolExecutor(10) as pool:
            assert all(pool.map(echo, range(10)))
    finally:
        tunnel.stop(force=True)


def test_a_wrong_password_is_one_line(ssh_gateway, ftp_server):
    result = testing.run_script(
        SCRIPT, *tunnel_args(ssh_gateway, ftp_server, "--ftp-check"),
        env={"LAB_SSH_PASSWORD": "wrong"},
    )  # fmt: skip
    line = testing.assert_one_line_error(result, 1)
    assert "SSH login failed (wrong user or password?)" in line


def test_ssh_server_refused(closed_port):
    result = testing.run_script(
        SCRIPT, "--ssh-host", "127.0.0.1", "--ssh-port", str(closed_port),
        "--remote-host", "127.0.0.1", env={"LAB_SSH_PASSWORD": "x"},
    )  # fmt: skip
    line = testing.assert_one_line_error(result, 1)
    assert line.endswith(f"cannot open the tunnel via 127.0.0.1:{closed_port}: connection refused")


def test_ssh_server_timeout(backlog_full_port):
    result = testing.run_script(
        SCRIPT, "--ssh-host", "127.0.0.1", "--ssh-port", str(backlog_full_port),
        "--remote-host", "127.0.0.1", "--timeout", "0.5", env={"LAB_SSH_PASSWORD": "x"},
    )  # fmt: skip
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_unknown_ssh_host(unknown_host, capsys, monkeypatch):
    monkeypatch.setenv("LAB_SSH_PASSWORD", "x")
    assert port_forwarding.main(["--ssh-host", "x.invalid", "--remote-host", "127.0.0.1"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "unknown host" in err


def test_nothing_listening_behind_the_tunnel(ssh_gateway, closed_port):
    result = testing.run_script(
        SCRIPT, "--ssh-host", "127.0.0.1", "--ssh-port", str(ssh_gateway.port),
        "--remote-host", "127.0.0.1", "--remote-port", str(closed_port), "--ftp-check",
        env={"LAB_SSH_PASSWORD": PASSWORD},
    )  # fmt: skip
    line = testing.assert_one_line_error(result, 1)
    assert f"127.0.0.1:{closed_port} closed the tunnelled connection at once" in line


def test_no_password_and_no_terminal(ssh_gateway, ftp_server):
    result = testing.run_script(
        SCRIPT, *tunnel_args(ssh_gateway, ftp_server), env={"LAB_SSH_PASSWORD": ""}
    )
    line = testing.assert_one_line_error(result, 1)
    assert "no password: set LAB_SSH_PASSWORD" in line


def test_without_a_lab_network_the_default_names_the_fix():
    result = testing.run_script(SCRIPT, env=NO_LABNET)
    line = testing.assert_one_line_error(result, 1)
    assert "lab host 'files' is not configured" in line
    assert "sudo make labnet-up" in line and "--ssh-host" in line


@pytest.mark.labnet
def test_through_the_lab_networks_files_host():
    """The book's setup for real: SSH to files.lab.test, FTP behind it."""
    result = testing.run_script(SCRIPT, "--ftp-check", timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("220") and lines[2].startswith("230")

"""Exercise 10: ssh -L by hand (paramiko) to the in-test SSH gateway and FTP server."""

import os
import socket

import pytest

from labkit import testing

from .conftest import PASSWORD
from .lab07_helpers import Worker


@pytest.fixture
def tunnel_ftp(exercise):
    return exercise.load("tunnel_ftp.py")


@pytest.fixture
def transport(tunnel_ftp, ssh_gateway):
    running = tunnel_ftp.ssh_connect("127.0.0.1", ssh_gateway.port, "labuser", PASSWORD, 5.0)
    yield running
    running.close()


@pytest.mark.points(1)
def test_ssh_login(tunnel_ftp, transport):
    assert transport.is_active() and transport.is_authenticated()


@pytest.mark.points(1)
def test_wrong_password_and_unreachable_server(tunnel_ftp, ssh_gateway, closed_port):
    with pytest.raises(tunnel_ftp.TunnelError):
        tunnel_ftp.ssh_connect("127.0.0.1", ssh_gateway.port, "labuser", "wrong", 5.0)
    with pytest.raises(tunnel_ftp.TunnelError):
        tunnel_ftp.ssh_connect("127.0.0.1", closed_port, "labuser", PASSWORD, 5.0)


@pytest.mark.points(2)
def test_ftp_retr_through_the_tunnel(tunnel_ftp, transport, ssh_gateway, ftp_server):
    forward = tunnel_ftp.LocalForward(transport, ("127.0.0.1", ftp_server.port), 0, 5.0)
    try:
        data = tunnel_ftp.ftp_retr(forward.port, "labuser", PASSWORD, "welcome.txt", 5.0)
    finally:
        forward.close()
    assert data == (ftp_server.home / "welcome.txt").read_bytes()
    assert ftp_server.logins == ["labuser"]
    assert ssh_gateway.forwarded == [("127.0.0.1", ftp_server.port)]


@pytest.mark.points(1)
def test_one_mebibyte_both_ways(tunnel_ftp, transport, ssh_gateway, echo_target):
    forward = tunnel_ftp.LocalForward(transport, ("127.0.0.1", echo_target), 0, 5.0)
    payload = os.urandom(1 << 20)
    try:
        with socket.create_connection(("127.0.0.1", forward.port), timeout=10) as sock:
            writer = Worker(sock.sendall, payload)
            writer.start()
            echoed = b""
            while len(echoed) < len(payload) and (chunk := sock.recv(65536)):
                echoed += chunk
            writer.finish(10)
    finally:
        forward.close()
    assert echoed == payload
    assert ssh_gateway.forwarded == [("127.0.0.1", echo_target)]


@pytest.mark.points(1)
def test_the_command_line(exercise, ssh_gateway, ftp_server):
    script = exercise.path("tunnel_ftp.py")
    args = [
        "welcome.txt", "--ssh-port", str(ssh_gateway.port),
        "--remote-port", str(ftp_server.port), "--timeout", "5",
    ]  # fmt: skip
    result = testing.run_script(script, *args, env={"LAB_SSH_PASSWORD": PASSWORD}, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.encode() == (ftp_server.home / "welcome.txt").read_bytes()
    result = testing.run_script(script, *args, env={"LAB_SSH_PASSWORD": "wrong"}, timeout=30)
    assert "refused" in testing.assert_one_line_error(result, 1)

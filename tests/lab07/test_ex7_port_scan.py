"""Exercise 7: the loopback-only port scanner."""

import socket

import pytest

from labkit import testing


@pytest.fixture
def listeners():
    """Three listening ports and the range around them."""
    socks = [socket.create_server(("127.0.0.1", 0)) for _ in range(3)]
    ports = sorted(s.getsockname()[1] for s in socks)
    yield ports
    for s in socks:
        s.close()


@pytest.mark.points(2)
def test_finds_exactly_the_listening_ports(exercise, listeners):
    scanner = exercise.load("port_scan.py")
    closed = [testing.closed_port() for _ in range(5)]
    candidates = sorted(set(listeners + closed))
    assert scanner.scan("127.0.0.1", candidates, timeout=0.5) == listeners


@pytest.mark.points(1)
@pytest.mark.parametrize("host", ["192.0.2.1", "10.0.0.1", "www.lab.test"])
def test_refuses_non_loopback_targets_without_sending(exercise, monkeypatch, host):
    scanner = exercise.load("port_scan.py")

    def no_network(*args, **kwargs):
        raise AssertionError("the scanner created a socket for a non-loopback target")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(ValueError):
        scanner.scan(host, [80, 443])


@pytest.mark.points(1)
def test_the_command_line(exercise, listeners):
    script = exercise.path("port_scan.py")
    low, high = listeners[0], listeners[-1]
    result = testing.run_script(script, "127.0.0.1", f"{low}-{high}")
    assert result.returncode == 0, result.stderr
    found = result.stdout.splitlines()
    assert set(found) >= {f"{port}/tcp open" for port in listeners}
    result = testing.run_script(script, "192.0.2.1", "80")
    assert "not a loopback address" in testing.assert_one_line_error(result, 2) or (
        "loopback" in result.stderr
    )

"""udp_server.py and udp_client.py."""

import socket

from labkit import lab_dir, testing

LAB = lab_dir("07")
udp_client = testing.load_module(LAB / "udp_client.py")


def start_server(*args):
    return testing.start_script(LAB / "udp_server.py", "--port", "0", *args)


def test_the_exact_reply_bytes():
    with start_server() as server:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(5)
            sock.sendto(b"Hello UDP server", ("127.0.0.1", server.port))
            reply, address = sock.recvfrom(100)
        assert reply == b"Hello UDP client!" and len(reply) == 17
        assert address == ("127.0.0.1", server.port)
        server.wait_for_line(r"^Received from 127\.0\.0\.1:\d+: b'Hello UDP server'$")


def test_the_client_prints_the_reply():
    with start_server() as server:
        result = testing.run_script(LAB / "udp_client.py", "--port", str(server.port))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Server says: b'Hello UDP client!'\n"


def test_each_datagram_is_one_message():
    with start_server() as server:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(5)
            for message in (b"one", b"two", b"three"):
                sock.sendto(message, ("127.0.0.1", server.port))
            replies = [sock.recv(100) for _ in range(3)]
        assert replies == [b"Hello UDP client!"] * 3
        for message in ("one", "two", "three"):
            server.wait_for_line(rf"b'{message}'$")


def test_max_datagrams_ends_the_server():
    with start_server("--max-datagrams", "1") as server:
        assert udp_client.exchange("127.0.0.1", server.port, b"x", 5) == b"Hello UDP client!"
        assert server.proc.wait(5) == 0


def test_no_reply_times_out_instead_of_hanging(silent_udp_port):
    result = testing.run_script(
        LAB / "udp_client.py", "--port", str(silent_udp_port), "--timeout", "0.5", timeout=10
    )
    line = testing.assert_one_line_error(result, 1)
    assert f"no reply from 127.0.0.1:{silent_udp_port} within 0.5 s" in line


def test_a_closed_udp_port_is_refused():
    port = testing.closed_port()
    result = testing.run_script(LAB / "udp_client.py", "--port", str(port), "--timeout", "2")
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line or "within 2 s" in line


def test_unknown_host(unknown_host, capsys):
    assert udp_client.main(["--host", "x.invalid"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "unknown host" in err


def test_a_big_datagram_and_the_server_keeps_serving():
    with start_server() as server:
        assert (
            udp_client.exchange("127.0.0.1", server.port, b"x" * 60000, 5) == b"Hello UDP client!"
        )
        assert udp_client.exchange("127.0.0.1", server.port, b"", 5) == b"Hello UDP client!"

"""create_socket.py, tcp_client_socket.py (7_1) and simple_tcp_client.py (7_2)."""

import socket

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("07")
create_socket = testing.load_module(LAB / "create_socket.py")
tcp_client_socket = testing.load_module(LAB / "tcp_client_socket.py")
simple_tcp_client = testing.load_module(LAB / "simple_tcp_client.py")


def run(script, *args, **kwargs):
    return testing.run_script(LAB / script, *args, **kwargs)


# --- create_socket.py -------------------------------------------------------------------


def test_create_socket_prints_socket_created():
    result = run("create_socket.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Socket created", "family=AF_INET type=SOCK_STREAM"]


@pytest.mark.parametrize(
    ("family", "kind", "expected"),
    [
        ("inet6", "dgram", (socket.AF_INET6, socket.SOCK_DGRAM)),
        ("unix", "stream", (socket.AF_UNIX, socket.SOCK_STREAM)),
    ],
)
def test_create_socket_families(family, kind, expected):
    with create_socket.create_socket(family, kind) as sock:
        assert (sock.family, sock.type) == expected


def test_an_unsupported_family_is_one_line():
    result = run("create_socket.py", "--family", "bluetooth")
    if result.returncode == 0:
        pytest.skip("this Python and kernel support AF_BLUETOOTH")
    assert "cannot create the socket" in testing.assert_one_line_error(result, 1)


# --- tcp_client_socket.py ---------------------------------------------------------------


def test_connects_to_a_server(web):
    result = run("tcp_client_socket.py", "--host", "127.0.0.1", "--port", str(web.port))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Socket Connected to 127.0.0.1 on port: {web.port}\n"


def test_reads_host_and_port_from_stdin(web):
    result = run("tcp_client_socket.py", input=f"127.0.0.1\n{web.port}\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"Socket Connected to 127.0.0.1 on port: {web.port}\n")
    assert "Enter host [127.0.0.1]: " in result.stdout


def test_a_bad_port_on_stdin_is_a_usage_error():
    result = run("tcp_client_socket.py", input="127.0.0.1\neighty\n")
    assert "not a port number" in testing.assert_one_line_error(result, 2)


def test_refused(closed_port):
    result = run("tcp_client_socket.py", "--host", "127.0.0.1", "--port", str(closed_port))
    line = testing.assert_one_line_error(result, 1)
    assert line == (
        f"tcp_client_socket.py: error: failed to connect to 127.0.0.1 on port {closed_port}: "
        "connection refused"
    )


def test_connect_timeout(backlog_full_port):
    result = run(
        "tcp_client_socket.py",
        "--host",
        "127.0.0.1",
        "--port",
        str(backlog_full_port),
        "--timeout",
        "0.5",
    )
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_unknown_host(unknown_host, capsys):
    assert tcp_client_socket.main(["--host", "x.invalid", "--port", "80"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.rstrip().endswith(
        "error: failed to connect to x.invalid on port 80: unknown host (Name or service not known)"
    )


def test_unknown_host_is_a_gaierror(unknown_host):
    with pytest.raises(socket.gaierror):
        tcp_client_socket.connect_test("x.invalid", 80, timeout=1)


def test_the_server_sees_a_connection_then_a_shutdown():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(5)
        port = listener.getsockname()[1]
        assert tcp_client_socket.connect_test("127.0.0.1", port, 5) == ("127.0.0.1", port)
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(5)
            assert conn.recv(10) == b""  # the client shut its side down: EOF


# --- simple_tcp_client.py ---------------------------------------------------------------


def test_prints_the_whole_reply(web):
    result = run("simple_tcp_client.py", "--port", str(web.port))
    assert result.returncode == 0, result.stderr
    head, body = result.stdout.split("\n\n", 1)  # text mode: \r\n reads as \n
    assert head.startswith("HTTP/1.0 200 OK\n")
    assert "Content-Length: 111" in head
    assert "Connection: close" in head
    assert body == web.reply.split(b"\r\n\r\n", 1)[1].decode() + "\n"
    assert len(body) == 111 + 1  # print() adds the newline


def test_sends_exactly_one_request(web):
    assert run("simple_tcp_client.py", "--port", str(web.port)).returncode == 0
    assert web.requests == [b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"]


def test_a_body_over_4096_bytes_arrives_whole():
    from web_fixture import WebFixture, make_body

    with WebFixture(body_size=50_000) as big:
        chunks = simple_tcp_client.fetch("127.0.0.1", big.port, timeout=5)
        assert b"".join(chunks) == big.reply
        assert b"".join(chunks).endswith(make_body(50_000))
        assert all(len(chunk) <= 4096 for chunk in chunks) and len(chunks) >= 13
        assert len(big.requests) == 1


def test_chunks_option_shows_the_reads(web):
    result = run("simple_tcp_client.py", "--port", str(web.port), "--chunks")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"1 reads, {len(web.reply)} bytes: [{len(web.reply)}]\n"


def test_simple_client_refused(closed_port):
    result = run("simple_tcp_client.py", "--port", str(closed_port))
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused (is the server running?" in line


def test_simple_client_read_timeout(silent_port):
    result = run("simple_tcp_client.py", "--port", str(silent_port), "--timeout", "0.5")
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_simple_client_unknown_host(unknown_host, capsys):
    assert simple_tcp_client.main(["--host", "x.invalid"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "unknown host" in err

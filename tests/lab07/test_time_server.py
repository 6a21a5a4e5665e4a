"""tcp_time_server.py (7_3), tcp_time_client.py (7_4) and async_time_server.py."""

import re
import signal
import socket
import threading

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("07")
CTIME = re.compile(r"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}")
SERVERS = ["tcp_time_server.py", "async_time_server.py"]


class LineClient:
    """A raw line client for the servers, with a timeout on every read."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.file = self.sock.makefile("rb")

    def ask(self, message: bytes) -> bytes:
        self.sock.sendall(message + b"\n")
        return self.file.readline()

    def close(self):
        self.file.close()
        self.sock.close()


@pytest.fixture(params=SERVERS)
def time_server(request):
    with testing.start_script(LAB / request.param, "--port", "0") as running:
        yield running


def test_three_messages_on_one_connection(time_server):
    client = LineClient(time_server.port)
    try:
        replies = [client.ask(m) for m in (b"GET TIME", b"hello", b"GET TIME")]
    finally:
        client.close()
    assert all(reply.endswith(b"\n") for reply in replies), replies
    for reply in replies:
        assert CTIME.fullmatch(reply.decode().rstrip("\n")), reply


def test_end_closes_the_connection(time_server):
    client = LineClient(time_server.port)
    try:
        assert CTIME.fullmatch(client.ask(b"GET TIME").decode().strip())
        assert client.ask(b"END") == b""  # the server closed: EOF
    finally:
        client.close()


def test_sequential_clients_are_served(time_server):
    for _ in range(3):
        client = LineClient(time_server.port)
        try:
            assert CTIME.fullmatch(client.ask(b"GET TIME").decode().strip())
            client.sock.sendall(b"END\n")
        finally:
            client.close()


@pytest.mark.parametrize("bad", ["mid-message", "reset", "silent"])
def test_a_bad_client_does_not_stop_the_server(bad):
    args = ["--port", "0", "--client-timeout", "0.5"]
    with testing.start_script(LAB / "tcp_time_server.py", *args) as running:
        sock = socket.create_connection(("127.0.0.1", running.port), timeout=5)
        if bad == "mid-message":
            sock.sendall(b"GET TI")
            sock.close()
            running.wait_for_line(r"disconnected mid-message \(6 bytes without a line end\)")
        elif bad == "reset":
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            sock.sendall(b"GET TIME\n")
            sock.close()
            running.wait_for_line(r"Client .*(reset|closed|broken)|Client said|waiting")
        else:
            running.wait_for_line(r"silent for 0.5 s: closing")
            sock.close()
        client = LineClient(running.port)
        try:
            assert CTIME.fullmatch(client.ask(b"GET TIME").decode().strip())
        finally:
            client.close()


def test_the_server_log(time_server):
    client = LineClient(time_server.port)
    client.ask(b"GET TIME")
    client.ask(b"END")
    client.close()
    if time_server.proc.args[-3].endswith("tcp_time_server.py"):
        time_server.wait_for_line(r"^Client said END: closing the connection$")
        text = "\n".join(time_server.lines)
        assert "Server waiting for connection..." in text
        assert re.search(r"Client connected from: \('127\.0\.0\.1', \d+\)", text)
        assert "Received from client: GET TIME" in text
        assert re.search(r"Sending the server time to client: " + CTIME.pattern, text)
    else:
        time_server.wait_for_line(r"done$")


def test_restart_on_the_same_port_at_once():
    script = LAB / "tcp_time_server.py"
    with testing.start_script(script, "--port", "0") as first:
        port = first.port
        client = LineClient(port)
        client.ask(b"GET TIME")
        client.ask(b"END")  # the server closes first: its side goes to TIME_WAIT
        client.close()
    with testing.start_script(script, "--port", str(port)) as second:
        assert second.port == port
        client = LineClient(port)
        try:
            assert CTIME.fullmatch(client.ask(b"GET TIME").decode().strip())
        finally:
            client.close()


def test_max_clients_ends_the_server():
    with testing.start_script(LAB / "tcp_time_server.py", "--port", "0", "--max-clients", "1") as s:
        client = LineClient(s.port)
        client.ask(b"END")
        client.close()
        assert s.proc.wait(5) == 0


@pytest.mark.parametrize("script", SERVERS)
def test_sigterm_and_ctrl_c_stop_cleanly(script):
    for sig in (signal.SIGTERM, signal.SIGINT):
        with testing.start_script(LAB / script, "--port", "0") as running:
            running.proc.send_signal(sig)
            assert running.proc.wait(5) == 0
            assert "Traceback" not in running.proc.stderr.read()


@pytest.mark.parametrize("script", SERVERS)
def test_sigterm_with_a_client_connected(script):
    with testing.start_script(LAB / script, "--port", "0") as running:
        client = LineClient(running.port)
        try:
            assert CTIME.fullmatch(client.ask(b"GET TIME").decode().strip())
            running.proc.send_signal(signal.SIGTERM)
            assert running.proc.wait(5) == 0
        finally:
            client.close()
        assert "Traceback" not in running.proc.stderr.read()


def test_async_server_serves_clients_concurrently():
    with testing.start_script(LAB / "async_time_server.py", "--port", "0") as running:
        idle = [LineClient(running.port) for _ in range(5)]  # connected, silent
        try:
            client = LineClient(running.port)
            assert CTIME.fullmatch(client.ask(b"GET TIME").decode().strip())
            client.close()
        finally:
            for c in idle:
                c.close()


# --- tcp_time_client.py ---------------------------------------------------------------


def run_client(*args, **kwargs):
    return testing.run_script(LAB / "tcp_time_client.py", *args, **kwargs)


def test_client_gets_the_time(time_server):
    result = run_client("--host", "127.0.0.1", "--port", str(time_server.port), input="n\n")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert re.fullmatch(r"b'" + CTIME.pattern + "'", first), result.stdout


def test_client_sends_more_on_y(time_server):
    answers = "y\nhello\ny\nagain\nn\n"
    result = run_client("--host", "127.0.0.1", "--port", str(time_server.port), input=answers)
    assert result.returncode == 0, result.stderr
    assert len(re.findall(r"b'" + CTIME.pattern + "'", result.stdout)) == 3


def test_client_prompts_show_the_real_defaults(time_server):
    # Enter for the host keeps localhost; the port is typed.
    result = run_client(input=f"\n{time_server.port}\nn\n")
    assert "Enter server host [localhost]: " in result.stdout
    assert "Enter server port [12345]: " in result.stdout
    if result.returncode != 0:  # localhost may resolve to ::1 first: still one line
        testing.assert_one_line_error(result, 1)
    else:
        assert re.search(CTIME, result.stdout)


def test_client_refused(closed_port):
    result = run_client("--host", "127.0.0.1", "--port", str(closed_port))
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused (is the server running?" in line


def test_client_read_timeout(silent_port):
    result = run_client("--host", "127.0.0.1", "--port", str(silent_port), "--timeout", "0.5")
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_client_when_the_server_hangs_up():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def hang_up():
            conn, _ = listener.accept()
            conn.recv(100)
            conn.close()

        thread = threading.Thread(target=hang_up, daemon=True)
        thread.start()
        result = run_client("--host", "127.0.0.1", "--port", str(port))
        thread.join(5)
    line = testing.assert_one_line_error(result, 1)
    assert "the server closed the connection" in line


def test_client_unknown_host(unknown_host, capsys):
    client = testing.load_module(LAB / "tcp_time_client.py")
    assert client.main(["--host", "x.invalid", "--port", "12345"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "unknown host" in err

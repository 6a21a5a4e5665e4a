"""Interop with standard tools: openssl s_client/s_server, nc and socat.

Each test is skipped, naming the package, when its tool is missing.
"""

import re
import subprocess

import pytest

from labkit import lab_dir, testing

from .conftest import need_tool

LAB = lab_dir("07")
CTIME = r"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}"


def tool(*command, input=None, timeout=10):
    return subprocess.run(
        command,
        input=input,
        capture_output=True,
        timeout=timeout,
        stdin=None if input else subprocess.DEVNULL,
    )


# --- TLS ---------------------------------------------------------------------------------


def test_openssl_s_client_verifies_our_tls_server(certs):
    openssl = need_tool("openssl")
    args = ["--port", "0", "--cert", certs["server.pem"], "--key", certs["server.key"]]
    with testing.start_script(LAB / "ssl_socket_server.py", *args) as server:
        result = tool(
            openssl, "s_client", "-connect", f"127.0.0.1:{server.port}",
            "-CAfile", str(certs["ca.pem"]), "-verify_hostname", "localhost",
            "-verify_return_error", "-servername", "localhost", "-ign_eof",
            input=b"GET / \n",
        )  # fmt: skip
        out = result.stdout.decode(errors="replace")
        assert "Verify return code: 0 (ok)" in out, out + result.stderr.decode()
        assert "200 OK" in out
        assert re.search(r"Protocol\s*:\s*TLSv1\.3|New, TLSv1\.3", out)
        server.wait_for_line(r"^b'GET / \\n'$")


def test_openssl_s_client_with_tls_12(certs):
    openssl = need_tool("openssl")
    args = ["--port", "0", "--cert", certs["server.pem"], "--key", certs["server.key"]]
    with testing.start_script(LAB / "ssl_socket_server.py", *args) as server:
        result = tool(
            openssl, "s_client", "-connect", f"127.0.0.1:{server.port}", "-tls1_2",
            "-CAfile", str(certs["ca.pem"]), "-verify_return_error", "-ign_eof",
            input=b"GET / \n",
        )  # fmt: skip
        out = result.stdout.decode(errors="replace")
        assert "New, TLSv1.2" in out and "200 OK" in out, out
        server.wait_for_line(r"^TLS handshake done: TLSv1\.2, ECDHE-")


def test_openssl_s_client_capped_at_tls_11_is_refused(certs):
    openssl = need_tool("openssl")
    args = ["--port", "0", "--cert", certs["server.pem"], "--key", certs["server.key"]]
    with testing.start_script(LAB / "ssl_socket_server.py", *args) as server:
        tool(
            openssl, "s_client", "-connect", f"127.0.0.1:{server.port}", "-tls1_1",
            "-cipher", "DEFAULT:@SECLEVEL=0",
        )  # fmt: skip
        server.wait_for_line(r"^Client 127\.0\.0\.1:\d+ failed: ")


@pytest.fixture
def s_server(certs):
    """``openssl s_server -www`` with the lab certificate, on a free port."""
    openssl = need_tool("openssl")
    port = testing.closed_port()
    proc = subprocess.Popen(
        [
            openssl, "s_server", "-accept", f"127.0.0.1:{port}", "-www", "-naccept", "1",
            "-cert", str(certs["server.pem"]), "-key", str(certs["server.key"]),
        ],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        testing.wait_until(lambda: proc.stdout.readline().startswith(b"ACCEPT"), timeout=10)
        yield port
    finally:
        proc.kill()
        proc.wait(5)
        proc.stdout.close()


def test_our_tls_client_against_openssl_s_server(s_server, certs):
    result = testing.run_script(
        LAB / "ssl_client.py", "--host", "localhost", "--port", str(s_server),
        "--cafile", certs["ca.pem"],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.match(r"Connected to localhost:\d+ as 'localhost' with TLSv1\.3", result.stdout)
    assert "Reply to b'GET / \\n': b'HTTP/1.0 200 ok" in result.stdout


def test_our_socket_client_against_openssl_s_server(s_server, certs):
    result = testing.run_script(
        LAB / "ssl_socket_client.py", "--port", str(s_server), "--cafile", certs["ca.pem"]
    )
    assert result.returncode == 0, result.stderr
    assert "Server certificate OK (TLSv1.3)." in result.stdout
    assert result.stdout.splitlines()[-1].startswith("b'HTTP/1.0 200 ok")


# --- plain TCP and UDP ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nc", "ncat", "socat"])
def test_time_server_with_standard_tools(name):
    path = need_tool(name)
    with testing.start_script(LAB / "tcp_time_server.py", "--port", "0") as server:
        if name == "socat":
            command = [path, "-t", "2", "-", f"TCP:127.0.0.1:{server.port}"]
        elif name == "ncat":
            command = [path, "127.0.0.1", str(server.port)]
        else:
            command = [path, "-q", "2", "127.0.0.1", str(server.port)]
        result = tool(*command, input=b"GET TIME\nhello\nEND\n")
        lines = result.stdout.decode().splitlines()
        assert len(lines) == 2 and all(re.fullmatch(CTIME, line) for line in lines), lines
        server.wait_for_line(r"^Client said END")


@pytest.mark.parametrize("name", ["nc", "ncat", "socat"])
def test_udp_server_with_standard_tools(name):
    path = need_tool(name)
    with testing.start_script(LAB / "udp_server.py", "--port", "0") as server:
        if name == "socat":
            command = [path, "-T", "2", "-", f"UDP:127.0.0.1:{server.port}"]
        elif name == "ncat":  # ncat stops at the end of its input: keep stdin open a while
            command = [
                "bash",
                "-c",
                f"(cat; sleep 1) | {path} --udp --idle-timeout 1 127.0.0.1 {server.port}",
            ]
        else:
            command = [path, "-u", "-w", "1", "127.0.0.1", str(server.port)]
        result = tool(*command, input=b"hello from a tool")
        assert result.stdout == b"Hello UDP client!", (result.stdout, result.stderr)
        server.wait_for_line(r"b'hello from a tool'$")


def test_our_udp_client_against_socat():
    socat = need_tool("socat")
    port = testing.closed_port()
    proc = subprocess.Popen(
        [socat, "-T", "5", f"UDP-RECVFROM:{port},bind=127.0.0.1", "SYSTEM:printf pong"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        udp = testing.load_module(LAB / "udp_client.py")
        reply = testing.wait_until(lambda: _try_udp(udp, port), timeout=5)
        assert reply == b"pong"
    finally:
        proc.kill()
        proc.wait(5)


def _try_udp(udp, port):
    try:
        return udp.exchange("127.0.0.1", port, b"ping", 0.5)
    except OSError:
        return None

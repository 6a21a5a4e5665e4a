"""ssl_socket_server.py (7_9), ssl_socket_client.py (7_10), ssl_client.py (7_8), make_certs.py."""

import ast
import re
import socket
import ssl
import threading

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("07")
ssl_client = testing.load_module(LAB / "ssl_client.py")
ssl_socket_client = testing.load_module(LAB / "ssl_socket_client.py")


@pytest.fixture
def start_tls_server(certs):
    def start(*extra, cert="server.pem", key="server.key"):
        args = ["--port", "0", "--cert", certs[cert], "--key", certs[key], "--timeout", "2"]
        return testing.start_script(LAB / "ssl_socket_server.py", *args, *extra)

    return start


@pytest.fixture
def tls_server(start_tls_server):
    with start_tls_server() as running:
        yield running


def run(script, *args, **kwargs):
    return testing.run_script(LAB / script, *args, **kwargs)


def printed_cert(stdout: str) -> dict:
    """The pprint-ed certificate dict at the start of the output."""
    text = stdout[stdout.index("{") : stdout.index("}\n") + 1]
    return ast.literal_eval(text)


def assert_served(server, request=b"GET / \n"):
    server.wait_for_line(re.escape(repr(request)))
    server.wait_for_line(r"^Served ssl client\.")


# --- the good path ------------------------------------------------------------------------


def test_socket_client_gets_200_ok(tls_server, certs):
    result = run(
        "ssl_socket_client.py", "--port", str(tls_server.port), "--cafile", certs["ca.pem"]
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == r"b'200 OK\r\n\r\n'"
    assert re.fullmatch(r"Server certificate OK \(TLSv1\.[23]\)\.", lines[-2])
    cert = printed_cert(result.stdout)
    assert cert["subjectAltName"] == (("DNS", "localhost"), ("IP Address", "127.0.0.1"))
    assert cert["version"] == 3
    assert set(cert) >= {"issuer", "notAfter", "notBefore", "serialNumber", "subject"}
    tls_server.wait_for_line(r"^TLS handshake done: TLSv1\.3, ")
    assert_served(tls_server)


def test_ssl_client_with_sni(tls_server, certs):
    result = run(
        "ssl_client.py",
        "--host",
        "127.0.0.1",
        "--sni",
        "localhost",
        "--port",
        str(tls_server.port),
        "--cafile",
        certs["ca.pem"],
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.match(
        rf"Connected to 127\.0\.0\.1:{tls_server.port} as 'localhost' with TLSv1\.3, \S+\n", out
    )
    assert "Certificate names: localhost, 127.0.0.1 (commonName: localhost)" in out
    assert "The certificate is valid for localhost: the handshake checked it." in out
    assert out.endswith("Reply to b'GET / \\n': b'200 OK\\r\\n\\r\\n'\n")
    assert printed_cert(out)["subjectAltName"]


def test_ssl_client_asks_for_the_host(tls_server, certs):
    result = run(
        "ssl_client.py",
        "--port",
        str(tls_server.port),
        "--cafile",
        certs["ca.pem"],
        input="127.0.0.1\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Enter host name [localhost]: Connected to 127.0.0.1:")


def test_in_process_handshake_versions(tls_server, certs):
    context = ssl_socket_client.make_context(certs["ca.pem"])
    cert, version, reply = ssl_socket_client.talk("127.0.0.1", tls_server.port, context, None, 5)
    assert version in {"TLSv1.2", "TLSv1.3"}
    assert ("DNS", "localhost") in cert["subjectAltName"]
    assert reply == b"200 OK\r\n\r\n"


def test_max_tls_12(start_tls_server, certs):
    with start_tls_server("--max-tls", "1.2") as server:
        context = ssl_socket_client.make_context(certs["ca.pem"])
        _, version, reply = ssl_socket_client.talk("127.0.0.1", server.port, context, None, 5)
        assert (version, reply) == ("TLSv1.2", b"200 OK\r\n\r\n")


def test_once_serves_one_client_and_exits(start_tls_server, certs):
    with start_tls_server("--once") as server:
        result = run(
            "ssl_socket_client.py", "--port", str(server.port), "--cafile", certs["ca.pem"]
        )
        assert result.returncode == 0, result.stderr
        server.wait_for_line(r"^Served ssl client\. Exiting\.\.\.$")
        assert server.proc.wait(5) == 0


def test_the_default_context_verifies():
    context = ssl_client.make_context(None)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2 or (
        context.minimum_version == ssl.TLSVersion.MINIMUM_SUPPORTED
    )


def test_common_name_is_found_anywhere_in_the_subject():
    cert = {"subject": ((("organizationName", "x"),), (("commonName", "www.lab.test"),))}
    assert ssl_client.common_name(cert) == "www.lab.test"
    assert ssl_client.common_name({"subject": ()}) is None


def test_make_certs_keys_are_private(certs):
    for name in ("server.key", "client.key", "expired.key"):
        assert certs[name].stat().st_mode & 0o077 == 0


def test_generated_keys_are_ignored_by_git():
    assert "certs/" in (LAB / ".gitignore").read_text().split()


# --- bad inputs: each one line on stderr, exit 1; the server keeps serving ---------------------


@pytest.mark.parametrize("script", ["ssl_socket_client.py", "ssl_client.py"])
def test_hostname_mismatch(tls_server, certs, script):
    name_option = "--server-name" if script == "ssl_socket_client.py" else "--sni"
    result = run(
        script,
        "--host",
        "127.0.0.1",
        "--port",
        str(tls_server.port),
        "--cafile",
        certs["ca.pem"],
        name_option,
        "www.lab.test",
    )
    line = testing.assert_one_line_error(result, 1)
    assert "certificate verification failed: Hostname mismatch" in line
    assert "'www.lab.test'" in line
    tls_server.wait_for_line(r"failed: .*bad certificate")
    assert_served_after(tls_server, certs)


@pytest.mark.parametrize("script", ["ssl_socket_client.py", "ssl_client.py"])
def test_untrusted_ca(tls_server, certs, script):
    result = run(
        script,
        "--host",
        "127.0.0.1",
        "--port",
        str(tls_server.port),
        "--cafile",
        certs["other-ca.pem"],
    )
    line = testing.assert_one_line_error(result, 1)
    assert "certificate verification failed: unable to get local issuer certificate" in line
    tls_server.wait_for_line(r"failed: .*unknown ca")
    assert_served_after(tls_server, certs)


def test_expired_certificate(start_tls_server, certs):
    with start_tls_server(cert="expired.pem", key="expired.key") as server:
        result = run(
            "ssl_socket_client.py", "--port", str(server.port), "--cafile", certs["ca.pem"]
        )
        line = testing.assert_one_line_error(result, 1)
        assert "certificate verification failed: certificate has expired" in line


def test_plaintext_client_on_the_tls_port(tls_server, certs):
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        try:
            sock.recv(100)  # a TLS alert, or nothing
        except ConnectionResetError:
            pass  # the server closed with our unread request bytes pending: a reset
    tls_server.wait_for_line(
        r"^Client 127\.0\.0\.1:\d+ failed: (http request|wrong version number)"
    )
    assert_served_after(tls_server, certs)


def test_client_disconnects_mid_handshake(tls_server, certs):
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5) as sock:
        sock.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")  # half a ClientHello
    tls_server.wait_for_line(r"^Client 127\.0\.0\.1:\d+ failed: ")
    assert_served_after(tls_server, certs)


def test_silent_client_times_out_on_the_server(tls_server, certs):
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5):
        tls_server.wait_for_line(r"^Client 127\.0\.0\.1:\d+ failed: timed out", timeout=10)
    assert_served_after(tls_server, certs)


def assert_served_after(server, certs):
    """The server still serves a good client."""
    context = ssl_socket_client.make_context(certs["ca.pem"])
    _, _, reply = ssl_socket_client.talk("127.0.0.1", server.port, context, None, 5)
    assert reply == b"200 OK\r\n\r\n"


@pytest.mark.parametrize("script", ["ssl_socket_client.py", "ssl_client.py"])
def test_refused(script, certs, closed_port):
    result = run(
        script, "--host", "127.0.0.1", "--port", str(closed_port), "--cafile", certs["ca.pem"]
    )
    assert "connection refused" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", ["ssl_socket_client.py", "ssl_client.py"])
def test_handshake_timeout(script, certs, silent_port):
    result = run(
        script,
        "--host",
        "127.0.0.1",
        "--port",
        str(silent_port),
        "--cafile",
        certs["ca.pem"],
        "--timeout",
        "0.5",
        timeout=10,
    )
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_a_plaintext_server_is_not_tls(certs):
    """A TLS client on a plain TCP port: the 'handshake' reply is not TLS."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(5)
        port = listener.getsockname()[1]

        def answer_plaintext():
            conn, _ = listener.accept()
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")

        thread = threading.Thread(target=answer_plaintext, daemon=True)
        thread.start()
        result = run("ssl_socket_client.py", "--port", str(port), "--cafile", certs["ca.pem"])
        thread.join(5)
    line = testing.assert_one_line_error(result, 1)
    assert "TLS failed: WRONG_VERSION_NUMBER" in line or "TLS failed" in line


@pytest.mark.parametrize("module", [ssl_client, ssl_socket_client])
def test_unknown_host(module, certs, unknown_host, capsys):
    assert (
        module.main(["--host", "x.invalid", "--port", "443", "--cafile", str(certs["ca.pem"])]) == 1
    )
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "unknown host" in err


def test_missing_certificates_name_the_fix(tmp_path):
    result = run("ssl_socket_server.py", "--port", "0", "--cert", tmp_path / "no.pem")
    line = testing.assert_one_line_error(result, 1)
    assert "run python make_certs.py first" in line
    result = run("ssl_socket_client.py", "--cafile", tmp_path / "no.pem")
    assert "run python make_certs.py first" in testing.assert_one_line_error(result, 1)

"""Exercise 5: tlsinfo against ssl_socket_server.py with the lab's test certificates."""

import re
import ssl

import pytest

from labkit import lab_dir, testing

LAB = lab_dir("07")


@pytest.fixture
def start_server(certs):
    def start(cert="server.pem", key="server.key"):
        args = ["--port", "0", "--cert", certs[cert], "--key", certs[key], "--timeout", "2"]
        return testing.start_script(LAB / "ssl_socket_server.py", *args)

    return start


@pytest.mark.points(2)
def test_every_field(exercise, start_server, certs):
    tlsinfo = exercise.load("tlsinfo.py")
    with start_server() as server:
        info = tlsinfo.tls_info("127.0.0.1", server.port, str(certs["ca.pem"]), "localhost")
    assert info["subject"] == "localhost"
    assert info["issuer"] == "Lab 07 CA"
    assert info["san"] == ["localhost", "127.0.0.1"]
    assert info["not_after"] == "Jan  1 00:00:00 3000 GMT"
    assert info["version"] == "TLSv1.3"
    assert info["cipher"].startswith("TLS_")


@pytest.mark.points(1)
def test_the_command_line(exercise, start_server, certs):
    with start_server() as server:
        result = testing.run_script(
            exercise.path("tlsinfo.py"), "127.0.0.1", str(server.port), "--cafile", certs["ca.pem"]
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "subject:   CN=localhost",
        "issuer:    Lab 07 CA",
        "names:     localhost, 127.0.0.1",
    ]
    assert re.search(r"^version:   TLSv1\.3$", result.stdout, re.M)


@pytest.mark.points(1)
def test_hostname_mismatch(exercise, start_server, certs):
    tlsinfo = exercise.load("tlsinfo.py")
    with start_server() as server:
        with pytest.raises(ssl.SSLCertVerificationError, match="Hostname mismatch"):
            tlsinfo.tls_info("127.0.0.1", server.port, str(certs["ca.pem"]), "www.lab.test")


@pytest.mark.points(1)
def test_untrusted_ca(exercise, start_server, certs):
    with start_server() as server:
        result = testing.run_script(
            exercise.path("tlsinfo.py"), "127.0.0.1", str(server.port),
            "--cafile", certs["other-ca.pem"],
        )  # fmt: skip
    assert "unable to get local issuer certificate" in testing.assert_one_line_error(result, 1)


@pytest.mark.points(1)
def test_expired(exercise, start_server, certs):
    with start_server("expired.pem", "expired.key") as server:
        result = testing.run_script(
            exercise.path("tlsinfo.py"), "127.0.0.1", str(server.port), "--cafile", certs["ca.pem"]
        )
    assert "certificate has expired" in testing.assert_one_line_error(result, 1)

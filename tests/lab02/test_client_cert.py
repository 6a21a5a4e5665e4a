"""client_cert.py and mtls_server.py: mutual TLS with a client certificate."""

import ssl

import pytest
import requests
import trustme

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "client_cert.py"
SERVER = LAB / "mtls_server.py"


def run(*args, **kwargs):
    return testing.run_script(SCRIPT, *args, **kwargs)


def test_help():
    for script in (SCRIPT, SERVER):
        result = testing.run_script(script, "--help")
        assert result.returncode == 0
        assert "--cert" in result.stdout or "--write-client-cert" in result.stdout


def test_with_the_client_certificate(mtls):
    result = run(mtls.url, "--cafile", mtls.ca_path, "--cert", mtls.client_cert_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "200 OK\nhello student\n"


def test_cert_and_key_in_separate_files(mtls, tmp_path):
    leaf = mtls.ca.issue_cert("alice@lab.test", common_name="alice")
    cert, key = tmp_path / "alice.crt", tmp_path / "alice.key"
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    leaf.private_key_pem.write_to_path(str(key))
    result = run(mtls.url, "--cafile", mtls.ca_path, "--cert", cert, "--key", key)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "200 OK\nhello alice\n"


def test_without_a_certificate_the_handshake_fails(mtls):
    line = testing.assert_one_line_error(run(mtls.url, "--cafile", mtls.ca_path), 1)
    assert "TLS failed" in line and "certificate required" in line
    testing.wait_until(lambda: mtls.handshake_errors)
    assert "did not return a certificate" in mtls.handshake_errors[0]


def test_a_certificate_from_another_ca_is_refused(mtls, tmp_path):
    stranger = trustme.CA().issue_cert("mallory@lab.test", common_name="mallory")
    pem = tmp_path / "mallory.pem"
    stranger.private_key_and_cert_chain_pem.write_to_path(str(pem))
    line = testing.assert_one_line_error(run(mtls.url, "--cafile", mtls.ca_path, "--cert", pem), 1)
    assert "TLS failed" in line


def test_the_server_certificate_is_verified(mtls, tmp_path):
    other_ca = tmp_path / "other.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    line = testing.assert_one_line_error(
        run(mtls.url, "--cafile", other_ca, "--cert", mtls.client_cert_path), 1
    )
    assert "certificate verify failed" in line


def test_the_server_keeps_serving_after_a_refused_client(mtls):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(mtls.url, verify=mtls.ca_path, timeout=5)
    response = requests.get(mtls.url, verify=mtls.ca_path, cert=mtls.client_cert_path, timeout=5)
    assert response.text == "hello student\n"


def test_the_server_context_requires_a_certificate():
    import mtls_server

    context = mtls_server.server_context(mtls_server.make_ca())
    assert context.verify_mode == ssl.CERT_REQUIRED


def test_missing_files_and_refused(tmp_path, closed_port):
    missing = tmp_path / "missing.pem"
    url = f"https://127.0.0.1:{closed_port}/"
    testing.assert_one_line_error(run(url, "--cafile", missing), 1)
    line = testing.assert_one_line_error(run(url, "--cafile", __file__), 1)
    assert "connection refused" in line


def test_usage_errors():
    testing.assert_one_line_error(run("http://127.0.0.1/", "--cafile", "ca.pem"), 2)
    testing.assert_one_line_error(run("https://127.0.0.1/"), 2)  # --cafile is required
    testing.assert_one_line_error(run("https://127.0.0.1/", "--cafile", "x", "--key", "k"), 2)


def test_the_server_script_writes_the_files_and_serves(tmp_path):
    ca, client = tmp_path / "ca.pem", tmp_path / "client.pem"
    args = ("--port", "0", "--write-ca", ca, "--write-client-cert", client, "--client-name", "bob")
    with testing.start_script(SERVER, *args) as server:
        url = f"https://127.0.0.1:{server.port}/"
        result = run(url, "--cafile", ca, "--cert", client)
        assert result.stdout == "200 OK\nhello bob\n", result.stderr
        testing.assert_one_line_error(run(url, "--cafile", ca), 1)
    assert server.proc.returncode == 0


def test_the_server_cannot_write_its_files(tmp_path):
    result = testing.run_script(SERVER, "--port", "0", "--write-ca", tmp_path / "no" / "ca.pem")
    assert "cannot write" in testing.assert_one_line_error(result, 1)

"""Exercise 12: client certificates with requests (cert=) and urllib (load_cert_chain)."""

import ssl
import urllib.error

import pytest
import requests
import trustme

SSL_FAILURES = (requests.exceptions.SSLError, ssl.SSLError, urllib.error.URLError)


@pytest.fixture
def alice(mtls, tmp_path):
    """A certificate for CN=alice from the server's CA, certificate and key apart."""
    leaf = mtls.ca.issue_cert("alice@lab.test", common_name="alice")
    cert, key = tmp_path / "alice.crt", tmp_path / "alice.key"
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    leaf.private_key_pem.write_to_path(str(key))
    return str(cert), str(key)


def test_the_server_really_demands_a_certificate(mtls):
    """Not graded: checks the fixture, so the graded tests below mean something."""
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(mtls.url, verify=mtls.ca_path, timeout=5)


@pytest.mark.points(2)
def test_requests_with_a_client_certificate(exercise, mtls, alice):
    get_with_cert = exercise.load("mtls.py").get_with_cert
    assert get_with_cert(mtls.url, mtls.ca_path, *alice) == "hello alice\n"
    assert mtls.handshake_errors == []


@pytest.mark.points(2)
def test_urllib_with_a_client_certificate(exercise, mtls, alice):
    urlopen_with_cert = exercise.load("mtls.py").urlopen_with_cert
    assert urlopen_with_cert(mtls.url, mtls.ca_path, *alice) == "hello alice\n"
    assert mtls.handshake_errors == []


@pytest.mark.points(1)
def test_strangers_fail_both_ways(exercise, mtls, alice, tmp_path):
    module = exercise.load("mtls.py")
    stranger = trustme.CA().issue_cert("mallory@lab.test", common_name="mallory")
    cert, key = tmp_path / "mallory.crt", tmp_path / "mallory.key"
    stranger.cert_chain_pems[0].write_to_path(str(cert))
    stranger.private_key_pem.write_to_path(str(key))
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    for function in (module.get_with_cert, module.urlopen_with_cert):
        with pytest.raises(SSL_FAILURES):  # the server refuses mallory's certificate
            function(mtls.url, mtls.ca_path, str(cert), str(key))
        with pytest.raises(SSL_FAILURES):  # we do not trust a server from another CA
            function(mtls.url, str(other_ca), *alice)

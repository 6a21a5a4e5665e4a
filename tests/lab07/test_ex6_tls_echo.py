"""Exercise 6: the TLS echo server: TLS >= 1.2, optional client certificates."""

import socket
import ssl

import pytest

from labkit import testing


@pytest.fixture
def start_echo(exercise, certs):
    def start(*extra):
        args = ["--port", "0", "--cert", certs["server.pem"], "--key", certs["server.key"]]
        return testing.start_script(exercise.path("tls_echo.py"), *args, *extra)

    return start


def client_context(certs, version=None, with_cert=False):
    context = ssl.create_default_context(cafile=str(certs["ca.pem"]))
    if version is not None:
        context.minimum_version = context.maximum_version = version
    if with_cert:
        context.load_cert_chain(certs["client.pem"], certs["client.key"])
    return context


def echo_round_trip(port, context, message=b"hello over TLS\n"):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        with context.wrap_socket(sock, server_hostname="localhost") as tls:
            tls.sendall(message)
            got = b""
            while len(got) < len(message):
                chunk = tls.recv(1024)
                assert chunk, "closed before the echo"
                got += chunk
            return tls.version(), got


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "version", [ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_2], ids=["TLSv1.3", "TLSv1.2"]
)
def test_echo_over_tls(start_echo, certs, version):
    with start_echo() as server:
        negotiated, got = echo_round_trip(server.port, client_context(certs, version))
    assert got == b"hello over TLS\n"
    assert (
        negotiated
        == {ssl.TLSVersion.TLSv1_3: "TLSv1.3", ssl.TLSVersion.TLSv1_2: "TLSv1.2"}[version]
    )


@pytest.mark.points(1)
@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1_1 is deprecated:DeprecationWarning")
def test_tls_11_is_refused(start_echo, certs):
    with start_echo() as server:
        assert echo_round_trip(server.port, client_context(certs))[1] == b"hello over TLS\n"
        old = client_context(certs)
        old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        old.maximum_version = ssl.TLSVersion.TLSv1_1
        old.set_ciphers("DEFAULT:@SECLEVEL=0")  # let our side at least offer TLS 1.1
        with pytest.raises(ssl.SSLError):
            echo_round_trip(server.port, old)


@pytest.mark.points(1)
def test_client_auth_refuses_a_client_without_certificate(start_echo, certs):
    with start_echo("--client-ca", certs["ca.pem"]) as server:
        assert echo_round_trip(server.port, client_context(certs, with_cert=True))[1]
        with pytest.raises((ssl.SSLError, ConnectionError)):
            # TLS 1.3: the refusal arrives after the handshake, at the first read.
            echo_round_trip(server.port, client_context(certs))


@pytest.mark.points(1)
def test_client_auth_serves_a_ca_issued_certificate(start_echo, certs):
    with start_echo("--client-ca", certs["ca.pem"]) as server:
        version, got = echo_round_trip(server.port, client_context(certs, with_cert=True))
    assert got == b"hello over TLS\n"

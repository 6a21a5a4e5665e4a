"""A verifying TLS client: connect with SNI, print the server's certificate, check its name.

Follows listing 7_8 of the book (``7_8_ssl_client.py``) and the snippet beside it,
``ssl.create_default_context(ssl.Purpose.SERVER_AUTH)``. The default context does the
three things that make TLS safe against a man in the middle:

1. it requires a certificate (``verify_mode`` is ``CERT_REQUIRED``) that chains up to
   a CA it trusts (the system's CAs, or ``--cafile``);
2. it sends the host name in the ClientHello (SNI, Server Name Indication), so a
   server hosting many sites knows which certificate to present;
3. it checks that the certificate is valid for that name (``check_hostname``).

Run it (``python ssl_socket_server.py`` in another terminal)::

    python ssl_client.py --host localhost --port 8000 --cafile certs/ca.pem
    python ssl_client.py --port 8000 --cafile certs/ca.pem       # asks for the host

Changes from the book: ``PROTOCOL_TLSv1`` fails on OpenSSL 3 (no ciphers left), so the
default context negotiates TLS 1.2 or 1.3; the name checked is the host you typed (the
book checked a constant), taken from the subjectAltName and never by position in the
subject (the book's ``cert['subject'][4]``); failures are one line on stderr.
"""

from __future__ import annotations

import pprint
import socket
import ssl
import sys
from pathlib import Path

from labkit import cli, config

DEFAULT_HOST, DEFAULT_PORT = "localhost", 443
REQUEST = b"GET / \n"


def ask(prompt: str, default: str) -> str:
    try:
        answer = input(f"{prompt} [{default}]: ").strip()
    except EOFError:
        answer = ""
    return answer or default


def default_cafile() -> str | None:
    """The lab CA when a lab network is configured; otherwise the system's CAs (None)."""
    try:
        return config.load().ca_cert
    except config.ConfigError:
        return None


def make_context(cafile: str | Path | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    return context


def subject_names(cert: dict) -> list[str]:
    """The names a certificate is valid for: its subjectAltName entries (DNS and IP)."""
    return [
        value for kind, value in cert.get("subjectAltName", ()) if kind in ("DNS", "IP Address")
    ]


def common_name(cert: dict) -> str | None:
    """The subject's commonName, wherever it is among the subject's fields."""
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return value
    return None


def connect(
    host: str, port: int, context: ssl.SSLContext, server_name: str | None, timeout: float
) -> tuple[dict, str, str, bytes]:
    """TLS handshake with SNI; return (certificate, version, cipher, first reply bytes)."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        with context.wrap_socket(sock, server_hostname=server_name or host) as tls:
            cert = tls.getpeercert()
            tls.sendall(REQUEST)
            try:
                reply = tls.recv(1024)
            except (ssl.SSLEOFError, TimeoutError):
                reply = b""
            return cert, tls.version(), tls.cipher()[0], reply


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Show a TLS server's verified certificate.")
    parser.add_argument("--host", help=f"server to connect to (asked if missing; [{DEFAULT_HOST}])")
    parser.add_argument(
        "--port", type=cli.port_number, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}"
    )
    parser.add_argument(
        "--cafile",
        type=Path,
        help="CA certificates to trust (default: the lab CA, else the system's)",
    )
    parser.add_argument("--sni", help="the name to send and check (default: --host)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    host = args.host or ask("Enter host name", DEFAULT_HOST)
    cafile = args.cafile or default_cafile()
    if cafile is not None and not Path(cafile).is_file():
        return cli.error(f"no CA file {cafile}: run python make_certs.py first")
    name = args.sni or host
    try:
        cert, version, cipher, reply = connect(
            host, args.port, make_context(cafile), args.sni, args.timeout
        )
    except ssl.SSLCertVerificationError as exc:
        return cli.error(f"{host}:{args.port}: {cli.describe_error(exc)}")
    except ssl.SSLError as exc:
        return cli.error(f"{host}:{args.port}: TLS failed: {exc.reason or exc}")
    except OSError as exc:
        return cli.error(f"cannot connect to {host}:{args.port}: {cli.describe_error(exc)}")
    print(f"Connected to {host}:{args.port} as {name!r} with {version}, {cipher}")
    pprint.pprint(cert)
    print(f"Certificate names: {', '.join(subject_names(cert))} (commonName: {common_name(cert)})")
    print(f"The certificate is valid for {name}: the handshake checked it.")
    print(f"Reply to {REQUEST!r}: {reply!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

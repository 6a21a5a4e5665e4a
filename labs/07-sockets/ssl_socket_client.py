"""A TLS client for ssl_socket_server.py: verify the server, send a request, print the reply.

Follows listing 7_10 of the book (``7_10_ssl_socket_client.py``): connect to the TLS
server, check its certificate, print it, send ``GET / \\n`` and print the answer.
The client trusts the lab CA (``certs/ca.pem``, from ``make_certs.py``), not the
server's certificate itself, and checks that the certificate names the host it
connected to.

Run it (``python ssl_socket_server.py`` in another terminal)::

    python ssl_socket_client.py
    python ssl_socket_client.py --server-name www.lab.test      # a name not in the certificate

Changes from the book: ``ssl.wrap_socket`` and ``ssl.match_hostname`` are gone in
Python 3.12. ``ssl.create_default_context(cafile=...)`` makes a context that requires
a valid certificate and checks the host name during the handshake, so a wrong
certificate is refused before a single byte of the request is sent (the book's check
came after the handshake and relied on ``match_hostname`` returning ``None``).
Failures are one line on stderr with exit status 1.
"""

from __future__ import annotations

import pprint
import socket
import ssl
import sys
from pathlib import Path

from labkit import cli

DEFAULT_PORT = 8000
CA_FILE = Path(__file__).resolve().parent / "certs" / "ca.pem"
REQUEST = b"GET / \n"
HINT = "is the server running? start it with: python ssl_socket_server.py"


def make_context(cafile: Path | str | None) -> ssl.SSLContext:
    """Verify the server against ``cafile`` (and check its host name): the default context."""
    return ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)


def read_reply(tls: ssl.SSLSocket) -> bytes:
    """Read until the server closes the connection."""
    reply = b""
    while True:
        try:
            data = tls.recv(1024)
        except ssl.SSLEOFError:  # closed without a TLS close_notify: the end all the same
            break
        if not data:
            break
        reply += data
    return reply


def talk(
    host: str, port: int, context: ssl.SSLContext, server_name: str | None, timeout: float
) -> tuple[dict, str, bytes]:
    """Handshake, send REQUEST; return (peer certificate, TLS version, reply)."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        with context.wrap_socket(sock, server_hostname=server_name or host) as tls:
            cert = tls.getpeercert()
            version = tls.version()
            tls.sendall(REQUEST)
            return cert, version, read_reply(tls)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Talk to ssl_socket_server.py over verified TLS.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument("--cafile", type=Path, default=CA_FILE, help="CA to trust (certs/ca.pem)")
    parser.add_argument("--server-name", help="name to check the certificate against (--host)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if not args.cafile.is_file():
        return cli.error(f"no {args.cafile}: run python make_certs.py first")
    try:
        context = make_context(args.cafile)
        cert, version, reply = talk(args.host, args.port, context, args.server_name, args.timeout)
    except ssl.SSLCertVerificationError as exc:
        return cli.error(f"{args.host}:{args.port}: {cli.describe_error(exc)}")
    except ssl.SSLError as exc:
        return cli.error(f"{args.host}:{args.port}: TLS failed: {exc.reason or exc}")
    except OSError as exc:
        reason = cli.with_hint(cli.describe_error(exc), HINT)
        return cli.error(f"cannot connect to {args.host}:{args.port}: {reason}")
    pprint.pprint(cert)
    print(f"Server certificate OK ({version}).")
    print(repr(reply))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Present a client certificate with requests: mutual TLS.

Cory Benfield's requests talk (doc 001) lists client certificates among the things a
Session does for you: ``cert=('cert.crt', 'cert.key')``, or one file holding both.
``verify=`` is the other half of TLS and stays on: it names the authority that signed
the *server's* certificate, so both sides check each other.

Start the server that demands a certificate in another terminal, then connect to it
with and without one::

    python mtls_server.py --port 8444 --write-ca ca.pem --write-client-cert client.pem
    python client_cert.py https://127.0.0.1:8444/ --cafile ca.pem --cert client.pem
    python client_cert.py https://127.0.0.1:8444/ --cafile ca.pem      # refused

Without a certificate the server ends the handshake with a TLS alert and requests
raises ``requests.exceptions.SSLError``; this script reports it in one line, exit 1.
"""

from __future__ import annotations

import re
import sys

import requests

from labkit import cli


def fetch(
    url: str, cafile: str, cert: str | None, key: str | None, timeout: float
) -> requests.Response:
    """GET ``url``, verifying the server with ``cafile`` and presenting ``cert`` if given."""
    client_cert = (cert, key) if key else cert  # a pair, or one PEM holding both, or None
    with requests.Session() as session:
        session.trust_env = False  # no proxies: the server is on loopback
        return session.get(url, verify=cafile, cert=client_cert, timeout=timeout)


def parse_args(argv):
    parser = cli.ArgumentParser(description="GET an HTTPS URL presenting a client certificate.")
    parser.add_argument("url", type=lambda text: cli.http_url(text, ("https",)), help="https URL")
    parser.add_argument(
        "--cafile", required=True, help="CA certificate that signed the server's certificate"
    )
    parser.add_argument("--cert", help="client certificate (PEM; may also hold the key)")
    parser.add_argument("--key", help="the client certificate's private key, if separate")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    if args.key and not args.cert:
        parser.error("--key needs --cert")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        response = fetch(args.url, args.cafile, args.cert, args.key, args.timeout)
    except requests.exceptions.SSLError as exc:
        return cli.error(f"TLS failed for {args.url}: {ssl_reason(exc)}")
    except requests.exceptions.RequestException as exc:
        return cli.error(f"cannot fetch {args.url}: {request_reason(exc)}")
    except OSError as exc:  # requests reports unreadable --cafile/--cert files this way
        return cli.error(cli.describe_error(exc))
    print(f"{response.status_code} {response.reason}")
    print(response.text, end="")
    return 0 if response.ok else 1


def ssl_reason(exc: Exception) -> str:
    """OpenSSL's words from deep inside the exception, e.g. 'tlsv13 alert certificate required'.

    requests wraps urllib3's error, which wraps the ssl module's; their messages nest, and
    the innermost text ends with ``(_ssl.c:LINE)``.
    """
    match = re.search(r"(?:\] |')([^'\]]+?) \(_ssl\.c:\d+\)", str(exc))
    return match.group(1) if match else "TLS handshake failed"


def request_reason(exc: requests.exceptions.RequestException) -> str:
    if isinstance(exc, requests.exceptions.Timeout):
        return "timed out"
    if "refused" in str(exc).lower():
        return "connection refused (is mtls_server.py running?)"
    return type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())

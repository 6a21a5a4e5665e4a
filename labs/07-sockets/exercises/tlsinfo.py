"""Exercise 5: tlsinfo, show what a TLS server presents and what was negotiated.

Connect to a TLS server with a *verifying* context (``ssl.create_default_context``
with ``cafile``), sending and checking ``server_name`` (default: the host), and
return a dict describing the session:

``subject``    the certificate subject's commonName (``None`` if it has none);
``issuer``     the issuer's organizationName (or its commonName if it has none);
``san``        the subjectAltName values, in order, e.g. ``["localhost", "127.0.0.1"]``;
``not_after``  the ``notAfter`` text of ``getpeercert()``;
``version``    ``tls.version()``, e.g. ``"TLSv1.3"``;
``cipher``     the cipher suite's name, ``tls.cipher()[0]``.

Look fields up by name, never by position: ``getpeercert()["subject"]`` is a tuple of
relative distinguished names, each a tuple of ``(key, value)`` pairs. Verification
errors are raised, not hidden: the command line (provided) turns them into one line.

    python exercises/tlsinfo.py 127.0.0.1 8000 --cafile certs/ca.pem

Graded (``pytest tests/lab07/test_ex5_tlsinfo.py``) against ``ssl_socket_server.py``
with the lab's test certificates: every field for a good server, by function and on
the command line; a hostname mismatch, an untrusted CA and an expired certificate
each raise ``ssl.SSLCertVerificationError`` and give one line on stderr with exit 1.
"""

from __future__ import annotations

import socket  # noqa: F401 - for tls_info()
import ssl
import sys

from labkit import cli


def tls_info(
    host: str,
    port: int,
    cafile: str | None = None,
    server_name: str | None = None,
    timeout: float = 5.0,
) -> dict:
    """Connect with a verifying context and describe the session and the certificate."""
    # TODO (exercise 5)
    raise NotImplementedError("exercise 5: write tls_info()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Show a TLS server's certificate and session.")
    parser.add_argument("host")
    parser.add_argument("port", type=cli.port_number)
    parser.add_argument("--cafile", help="CA certificates to trust")
    parser.add_argument("--server-name", help="the name to check (default: HOST)")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    try:
        info = tls_info(args.host, args.port, args.cafile, args.server_name, args.timeout)
    except ssl.SSLCertVerificationError as exc:
        return cli.error(cli.describe_error(exc))
    except ssl.SSLError as exc:
        return cli.error(f"TLS failed: {exc.reason or exc}")
    except OSError as exc:
        return cli.error(f"cannot connect to {args.host}:{args.port}: {cli.describe_error(exc)}")
    print(f"subject:   CN={info['subject']}")
    print(f"issuer:    {info['issuer']}")
    print(f"names:     {', '.join(info['san'])}")
    print(f"notAfter:  {info['not_after']}")
    print(f"version:   {info['version']}")
    print(f"cipher:    {info['cipher']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

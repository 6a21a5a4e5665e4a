"""Make a private lab CA and certificates for the TLS examples (never commit them).

The book makes a self-signed X.509 v1 certificate with three openssl commands; Python
3.13 rejects such a certificate (``VERIFY_X509_STRICT``), and a certificate without a
subjectAltName does not match any host name. This script does what a real setup does:
a certificate authority (CA) signs a server certificate whose subjectAltName lists
``localhost`` and ``127.0.0.1``; clients trust the CA, not the server certificate.

It writes, into ``certs/`` (git ignores that folder):

- ``ca.pem``: the lab CA's certificate, what clients load with ``--cafile``;
- ``server.pem`` and ``server.key``: the server's certificate chain and private key;
- ``client.pem`` and ``client.key``: a client certificate, for mutual TLS;
- ``other-ca.pem``: a CA that signed nothing here, to see an untrusted server fail;
- ``expired.pem`` and ``expired.key``: a server certificate that expired yesterday.

Run it::

    python make_certs.py                 # writes certs/
    python make_certs.py --out /tmp/lab07-certs --name www.lab.test
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import trustme

from labkit import cli

DEFAULT_NAMES = ["localhost", "127.0.0.1"]


def write_private(path: Path, data: bytes) -> None:
    """Write a private key readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def make_certs(out: Path, names: list[str]) -> list[Path]:
    """Create the CA and certificates in ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="Lab 07 CA", key_type=trustme.KeyType.RSA)
    server_cert = ca.issue_cert(*names, common_name=names[0], key_type=trustme.KeyType.RSA)
    client_cert = ca.issue_cert("student@lab.test", common_name="student")
    yesterday = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    expired = ca.issue_cert(
        *names,
        common_name=names[0],
        not_before=yesterday - datetime.timedelta(days=30),
        not_after=yesterday,
    )
    other_ca = trustme.CA(organization_name="Some other CA")
    written = []
    for name, pem in [
        ("ca.pem", ca.cert_pem.bytes()),
        ("server.pem", b"".join(blob.bytes() for blob in server_cert.cert_chain_pems)),
        ("client.pem", b"".join(blob.bytes() for blob in client_cert.cert_chain_pems)),
        ("expired.pem", b"".join(blob.bytes() for blob in expired.cert_chain_pems)),
        ("other-ca.pem", other_ca.cert_pem.bytes()),
    ]:
        (out / name).write_bytes(pem)
        written.append(out / name)
    for name, cert in [
        ("server.key", server_cert),
        ("client.key", client_cert),
        ("expired.key", expired),
    ]:
        write_private(out / name, cert.private_key_pem.bytes())
        written.append(out / name)
    return written


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Make a lab CA and TLS certificates.")
    parser.add_argument("--out", type=Path, default=Path("certs"), help="folder (default: certs)")
    parser.add_argument(
        "--name",
        dest="names",
        action="append",
        help="a host name or address for the server certificate (repeatable; "
        "default: localhost and 127.0.0.1)",
    )
    args = parser.parse_args(argv)
    try:
        written = make_certs(args.out, args.names or DEFAULT_NAMES)
    except OSError as exc:
        return cli.error(f"cannot write to {args.out}: {cli.describe_error(exc)}")
    except ValueError as exc:
        return cli.error(f"bad --name: {exc}", cli.USAGE)
    names = ", ".join(args.names or DEFAULT_NAMES)
    print(f"Wrote a lab CA and certificates for {names} in {args.out}/:")
    print("  " + " ".join(path.name for path in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())

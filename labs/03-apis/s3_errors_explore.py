"""Read S3's error document: sign a request with the wrong secret and walk the reply.

Follows "Parsing XML and handling errors" in chapter 3 of the book. The book signed a
``GET`` of the service root (``/``, "list my buckets") with an empty secret to provoke
an error, then explored the XML that came back at the prompt. requests-aws4auth no
longer accepts an empty secret, so this script signs with a wrong, non-empty one.

The server must check signatures: start ``python local_s3.py --auth --write-keys
keys.json`` and give this script the same file (the key id is real, only the secret is
wrong). A server that does not check (plain ``local_s3.py``) answers 200, and the script
says so.

Run it::

    python s3_errors_explore.py --endpoint http://127.0.0.1:9001 --keys-file keys.json

Without ``--keys-file`` the key id comes from ``AWS_ACCESS_KEY_ID`` (or the lab default).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import requests
from requests_aws4auth import AWS4Auth
from s3_client import (
    default_credentials,
    default_endpoint,
    default_region,
    describe_request_error,
    new_session,
)

from labkit import cli

WRONG_SECRET = "not-the-secret"


def signed_with_wrong_secret(
    endpoint: str, access_key: str, region: str, timeout: float
) -> requests.Response:
    """GET the service root, signed with the right key id and a wrong secret."""
    auth = AWS4Auth(access_key, WRONG_SECRET, region, "s3")
    return new_session().get(endpoint.rstrip("/") + "/", auth=auth, timeout=timeout)


def explore(body: bytes) -> list[str]:
    """The lines the book's REPL session shows: each child's tag and text, then findall."""
    root = ET.fromstring(body)
    lines = [f"root.tag: {root.tag}", "children:"]
    for element in root:
        lines.append(f"  {element.tag}: {element.text}")
    messages = [element.text for element in root.findall("Message")]
    lines.append(f"findall('Message'): {messages}")
    code = root.find("Code")
    lines.append(f"find('Code').text: {code.text if code is not None else None}")
    return lines


def read_access_key(path: Path) -> str:
    """The access key id from a ``local_s3.py --write-keys`` file; ValueError if unusable."""
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))
        return str(keys["access_key"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"{path}: not a keys file written by local_s3.py --write-keys") from None


def parse_args(argv):
    parser = cli.ArgumentParser(description="Provoke an S3 error and walk its XML.")
    parser.add_argument(
        "--endpoint",
        type=cli.http_url,
        default=default_endpoint(),
        help="an S3 server that checks signatures (default: %(default)s; env S3_ENDPOINT)",
    )
    parser.add_argument(
        "--keys-file", type=Path, help="JSON keys written by local_s3.py --auth --write-keys"
    )
    parser.add_argument("--region", default=default_region(), help="default: %(default)s")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    access_key = default_credentials()[0]
    if args.keys_file is not None:
        try:
            access_key = read_access_key(args.keys_file)
        except OSError as exc:
            return cli.error(f"{args.keys_file}: {cli.describe_error(exc)}")
        except ValueError as exc:
            return cli.error(str(exc))
    try:
        r = signed_with_wrong_secret(args.endpoint, access_key, args.region, args.timeout)
    except requests.RequestException as exc:
        return cli.error(f"cannot reach {args.endpoint}: {describe_request_error(exc)}")
    if r.ok:
        return cli.error(
            f"{args.endpoint} accepted a wrong signature (HTTP {r.status_code}): it does not "
            "check signatures; start python local_s3.py --auth"
        )
    print(f"Status code: {r.status_code}")
    try:
        lines = explore(r.content)
    except ET.ParseError:
        return cli.error(f"HTTP {r.status_code} and the body is not XML")
    print("\n".join(lines))
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())

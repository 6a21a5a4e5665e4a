"""Exercise 6: change an object's Content-Type with a PUT-copy. Reference solution."""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import requests
from requests_aws4auth import AWS4Auth

from labkit import cli

META_PREFIX = "x-amz-meta-"


@dataclass
class S3Error(Exception):
    status: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"Status code: {self.status}\nError code: {self.code}\nMessage: {self.message}"


def s3_error(r: requests.Response) -> S3Error:
    """S3Error from an error response (code "" when the body is not S3 error XML)."""
    try:
        root = ET.fromstring(r.content)
    except ET.ParseError:
        return S3Error(r.status_code, "", r.reason or "")
    return S3Error(r.status_code, root.findtext("Code", ""), root.findtext("Message", ""))


def new_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    return session


def set_content_type(
    endpoint: str,
    auth: AWS4Auth,
    bucket: str,
    key: str,
    content_type: str,
    timeout: float = cli.DEFAULT_TIMEOUT,
) -> None:
    """Copy the object onto itself with a new Content-Type, keeping its user metadata."""
    session = new_session()
    url = f"{endpoint.rstrip('/')}/{bucket}/{key}"
    head = session.head(url, auth=auth, timeout=timeout)
    if not head.ok:
        # HEAD answers have no body: ask again with GET to get S3's error document.
        raise s3_error(session.get(url, auth=auth, timeout=timeout))
    headers = {
        "x-amz-copy-source": f"/{bucket}/{key}",
        "x-amz-metadata-directive": "REPLACE",
        "Content-Type": content_type,
    }
    for name, value in head.headers.items():
        if name.lower().startswith(META_PREFIX):
            headers[name.lower()] = value
    r = session.put(url, auth=auth, headers=headers, timeout=timeout)
    if not r.ok:
        raise s3_error(r)


def parse_args(argv):
    parser = cli.ArgumentParser(description="Change an S3 object's Content-Type.")
    parser.add_argument("bucket")
    parser.add_argument("key")
    parser.add_argument("content_type", help="e.g. image/png")
    parser.add_argument(
        "--endpoint",
        type=cli.http_url,
        default=os.environ.get("S3_ENDPOINT") or "http://127.0.0.1:9000",
    )
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or "us-east-1")
    cli.add_timeout(parser)
    return parser, parser.parse_args(argv)


def main(argv=None) -> int:
    parser, args = parse_args(argv)
    access_key = os.environ.get("AWS_ACCESS_KEY_ID")
    secret_key = os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not access_key or not secret_key:
        return cli.error("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", cli.USAGE, parser.prog)
    auth = AWS4Auth(access_key, secret_key, args.region, "s3")
    try:
        set_content_type(
            args.endpoint, auth, args.bucket, args.key, args.content_type, args.timeout
        )
    except S3Error as exc:
        print(exc)
        return cli.FAILURE
    except requests.RequestException as exc:
        return cli.error(f"cannot reach {args.endpoint}: {type(exc).__name__}")
    print(f"Content-Type of {args.key} is now {args.content_type}")
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())

"""Exercise 6: change an object's Content-Type with a PUT-copy.

S3 has no "change the metadata" call: an object's Content-Type and its user metadata
(``x-amz-meta-*`` headers) are fixed when it is written. To change them you *copy the
object onto itself*: ``PUT /bucket/key`` with an empty body and the headers

- ``x-amz-copy-source: /bucket/key`` (the same object),
- ``x-amz-metadata-directive: REPLACE`` (take the metadata from this request, not from
  the source; without it S3 refuses to copy an object onto itself),
- ``Content-Type: NEW/TYPE``.

REPLACE replaces *all* the metadata: user metadata you do not send again is lost. So
first read the current headers with ``HEAD /bucket/key`` and send every
``x-amz-meta-*`` header back with the copy.

Write :func:`set_content_type`. On an error status (from the HEAD or the PUT) raise
``S3Error`` (use :func:`s3_error`); a HEAD answer has no body, so for a failed HEAD
repeat the request as a GET to get S3's error document (a missing key: 404
``NoSuchKey``). The command line is provided::

    python s3_metadata.py BUCKET KEY CONTENT_TYPE [--endpoint URL] [--region R]

Graded (``tests/lab03/test_ex06_s3_metadata.py``): the new Content-Type as boto3's
``head_object`` reports it, the body and user metadata unchanged, and a missing key.
"""

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
    # TODO (exercise 6): HEAD, then PUT-copy with the new Content-Type.
    raise NotImplementedError("exercise 6: write set_content_type()")


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

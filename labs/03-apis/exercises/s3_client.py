"""Exercises 3, 4 and 5: finish the S3 command-line client.

This is ``s3_client.py`` from the walkthrough, grown up: the same requests +
requests_aws4auth client with three more commands, real error objects and no secrets in
the source. Usage::

    python s3_client.py COMMAND ARGS... [--endpoint URL] [--region R] [--keys-file F]

    create_bucket BUCKET                    (done)
    upload_file BUCKET S3_NAME LOCAL_PATH   (done; --acl public-read etc.)
    download_file BUCKET S3_NAME LOCAL_PATH (done)
    list_objects BUCKET                     exercise 3: one line "KEY SIZE" per object
    delete_object BUCKET S3_NAME            exercise 3: prints "Deleted S3_NAME OK"
    delete_bucket BUCKET                    exercise 3: prints "Deleted bucket BUCKET OK"

Exercise 3: write :func:`list_objects` (``GET /bucket?list-type=2`` returns a
``ListBucketResult`` in the S3 namespace ``NS``: each ``Contents`` element has a
``Key`` and a ``Size``; an empty bucket prints nothing; if ``IsTruncated`` is ``true``,
repeat the request with ``continuation-token`` = ``NextContinuationToken``),
:func:`delete_object` (``DELETE /bucket/key``, S3 answers 204) and
:func:`delete_bucket` (``DELETE /bucket``; a bucket that still holds objects gives 409
BucketNotEmpty). Use :func:`check` so that an error status ends up in ``main``, which
prints the three lines and exits 1.

Exercise 4: :func:`handle_error` is still the book's: it prints, returns nothing and
crashes on an empty body (a HEAD, some 403s) or a body that is not XML (moto's 500
page). Make it *return* ``S3Error(status, code, message)`` and print nothing (``main``
prints the error: ``S3Error.__str__`` gives the three lines). Code and message come from
the ``<Error>`` document's ``Code`` and ``Message``; when the body is empty or not an S3
error document, the code is ``""`` and the message is the response's reason phrase
(``r.reason``, e.g. ``"Not Found"``).

Exercise 5: the keys are written in the source below, as in the book. Delete them.
:func:`load_credentials` returns the keys from ``keys_file`` when it is given (JSON with
``access_key`` and ``secret_key``, the format ``python local_s3.py --auth --write-keys
FILE`` writes), else from ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` in
``environ`` (default ``os.environ``); when neither gives both keys it raises
``CredentialsError``, and ``main`` then exits with status 2 and a one-line message on
stderr. No key may remain in this file, not even the lab's.

Graded: ``tests/lab03/test_ex03_s3_client.py``, ``test_ex04_s3_errors.py`` and
``test_ex05_credentials.py``, against a moto server (plain, and checking signatures).
"""

from __future__ import annotations

import mimetypes
import os
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import requests
from requests_aws4auth import AWS4Auth

from labkit import cli

NS = "http://s3.amazonaws.com/doc/2006-03-01/"
FALLBACK_ENDPOINT = "http://127.0.0.1:9000"
CANNED_ACLS = ["private", "public-read", "public-read-write", "authenticated-read"]


# --- exercise 5: credentials --------------------------------------------------------------


# The book's way: keys in the source. TODO (exercise 5): remove these two lines.
ACCESS_KEY = "labkey"
SECRET_KEY = "labsecret"


class CredentialsError(Exception):
    """No usable access key id and secret."""


def load_credentials(environ=None, keys_file: str | Path | None = None) -> tuple[str, str]:
    """(access key id, secret key) from ``keys_file`` if given, else from ``environ``.

    Raises CredentialsError when there are no usable keys.
    """
    # TODO (exercise 5): read keys_file (JSON), else environ (default os.environ).
    return ACCESS_KEY, SECRET_KEY


# --- talking to S3 ------------------------------------------------------------------------


def new_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    return session


@dataclass
class S3:
    endpoint: str
    auth: AWS4Auth
    timeout: float = cli.DEFAULT_TIMEOUT
    session: requests.Session = field(default_factory=new_session)

    @property
    def region(self) -> str:
        return self.auth.region

    def url(self, bucket: str = "", key: str = "") -> str:
        url = f"{self.endpoint.rstrip('/')}/{bucket}"
        return f"{url}/{key}" if key else url

    def request(self, method: str, bucket: str = "", key: str = "", **kwargs):
        return self.session.request(
            method, self.url(bucket, key), auth=self.auth, timeout=self.timeout, **kwargs
        )


def connect(endpoint, access_key, secret_key, region, timeout=cli.DEFAULT_TIMEOUT) -> S3:
    return S3(endpoint, AWS4Auth(access_key, secret_key, region, "s3"), timeout)


# --- exercise 4: errors ------------------------------------------------------------------


@dataclass
class S3Error(Exception):
    status: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"Status code: {self.status}\nError code: {self.code}\nMessage: {self.message}"


def handle_error(r: requests.Response) -> S3Error:
    """S3Error(status, code, message) from S3's error XML; code "" when there is none."""
    # The book's version. TODO (exercise 4): return an S3Error instead of printing, and
    # survive an empty body or one that is not XML.
    root = ET.fromstring(r.text)
    print(f"Status code: {r.status_code}")
    print(f"Error code: {root.find('Code').text}")
    print(f"Message: {root.find('Message').text}")


class RequestFailed(Exception):
    """S3 answered with an error status; ``main`` reports it with handle_error()."""

    def __init__(self, response: requests.Response):
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def check(r: requests.Response) -> requests.Response:
    """``r`` if its status is 2xx, else raise RequestFailed."""
    if not r.ok:
        raise RequestFailed(r)
    return r


# --- the commands ------------------------------------------------------------------------


def build_create_bucket_xml(region: str) -> bytes:
    root = ET.Element(f"{{{NS}}}CreateBucketConfiguration")
    ET.SubElement(root, f"{{{NS}}}LocationConstraint").text = region
    ET.register_namespace("", NS)
    return ET.tostring(root, encoding="utf-8")


def create_bucket(s3: S3, bucket: str) -> str:
    body = None if s3.region == "us-east-1" else build_create_bucket_xml(s3.region)
    check(s3.request("PUT", bucket, data=body))
    return f"Created bucket {bucket} OK"


def upload_file(s3: S3, bucket: str, s3_name: str, local_path: str, acl: str = "private") -> str:
    headers = {"x-amz-acl": acl}
    content_type = mimetypes.guess_type(local_path)[0]
    if content_type:
        headers["Content-Type"] = content_type
    data = Path(local_path).read_bytes()
    check(s3.request("PUT", bucket, s3_name, data=data, headers=headers))
    return f"Uploaded {local_path} OK"


def download_file(s3: S3, bucket: str, s3_name: str, local_path: str) -> str:
    r = check(s3.request("GET", bucket, s3_name))
    Path(local_path).write_bytes(r.content)
    return f"Downloaded {s3_name} OK"


def list_objects(s3: S3, bucket: str) -> str:
    """One line per object, ``KEY SIZE``, following continuation tokens."""
    # TODO (exercise 3)
    raise NotImplementedError("exercise 3: write list_objects()")


def delete_object(s3: S3, bucket: str, s3_name: str) -> str:
    """DELETE /bucket/s3_name; returns "Deleted S3_NAME OK"."""
    # TODO (exercise 3)
    raise NotImplementedError("exercise 3: write delete_object()")


def delete_bucket(s3: S3, bucket: str) -> str:
    """DELETE /bucket; returns "Deleted bucket BUCKET OK"."""
    # TODO (exercise 3)
    raise NotImplementedError("exercise 3: write delete_bucket()")


# --- command line ------------------------------------------------------------------------


def parse_args(argv):
    common = cli.ArgumentParser(add_help=False)
    common.add_argument(
        "--endpoint",
        type=cli.http_url,
        default=os.environ.get("S3_ENDPOINT") or FALLBACK_ENDPOINT,
        help="the S3 server (default: env S3_ENDPOINT, else %(default)s)",
    )
    common.add_argument(
        "--region", default=os.environ.get("AWS_REGION") or "us-east-1", help="signing region"
    )
    common.add_argument("--keys-file", help="JSON file with access_key and secret_key")
    cli.add_timeout(common)

    parser = cli.ArgumentParser(description="An S3 client on the REST API.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, help, *arguments):
        sub = commands.add_parser(name, parents=[common], help=help)
        for argument in arguments:
            sub.add_argument(argument)
        return sub

    command("create_bucket", "create a bucket", "bucket")
    upload = command("upload_file", "upload a file", "bucket", "s3_name", "local_path")
    upload.add_argument("--acl", choices=CANNED_ACLS, default="private")
    command("download_file", "download a file", "bucket", "s3_name", "local_path")
    command("list_objects", "list a bucket's keys and sizes", "bucket")
    command("delete_object", "delete an object", "bucket", "s3_name")
    command("delete_bucket", "delete an empty bucket", "bucket")
    return parser, parser.parse_args(argv)


def run(s3: S3, args) -> str:
    if args.command == "create_bucket":
        return create_bucket(s3, args.bucket)
    if args.command == "upload_file":
        return upload_file(s3, args.bucket, args.s3_name, args.local_path, args.acl)
    if args.command == "download_file":
        return download_file(s3, args.bucket, args.s3_name, args.local_path)
    if args.command == "list_objects":
        return list_objects(s3, args.bucket)
    if args.command == "delete_object":
        return delete_object(s3, args.bucket, args.s3_name)
    return delete_bucket(s3, args.bucket)


def main(argv=None) -> int:
    parser, args = parse_args(argv)
    try:
        access_key, secret_key = load_credentials(keys_file=args.keys_file)
    except CredentialsError as exc:
        return cli.error(str(exc), cli.USAGE, parser.prog)
    s3 = connect(args.endpoint, access_key, secret_key, args.region, args.timeout)
    try:
        output = run(s3, args)
    except RequestFailed as exc:
        error = handle_error(exc.response)
        if error is not None:  # None: the book's handle_error printed the lines itself
            print(error)  # the three lines: S3Error.__str__
        return cli.FAILURE
    except requests.Timeout:
        return cli.error(f"cannot reach {args.endpoint}: timed out")
    except requests.ConnectionError:
        return cli.error(f"cannot reach {args.endpoint}: connection refused or failed")
    except OSError as exc:
        return cli.error(f"{exc.filename}: {cli.describe_error(exc)}")
    if output:
        print(output)
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())

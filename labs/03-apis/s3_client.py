"""A small Amazon S3 client on the REST API: create a bucket, upload and download files.

Follows "An S3 command-line client" in chapter 3 of the book. S3's REST API (version
2006-03-01) is plain HTTP: a bucket is ``PUT /bucket``, an object is ``PUT`` or ``GET
/bucket/key``, and errors come back as a small XML document. What makes it an API and
not a web site is authentication: every request is signed with your secret key (AWS
Signature Version 4, done here by ``requests_aws4auth``), so the server knows who asks
without the secret ever travelling.

This lab never talks to Amazon. Its S3 server is moto (``python local_s3.py`` in another
terminal, or the lab network's www host), and every URL is path-style,
``{endpoint}/{bucket}/{key}``, where the book used ``http://{bucket}.s3-{region}...``.

Run it::

    python s3_client.py create_bucket lab-bucket --region eu-west-1
    python s3_client.py upload_file lab-bucket photo.jpg ~/photo.jpg --acl public-read
    python s3_client.py download_file lab-bucket photo.jpg copy.jpg

Where it connects: ``--endpoint`` (default: env ``S3_ENDPOINT``, else the lab network's www
host, else http://127.0.0.1:9000); keys from ``AWS_ACCESS_KEY_ID`` and
``AWS_SECRET_ACCESS_KEY``, else the lab defaults; region from ``--region``, else
``AWS_REGION``, else the lab default (us-east-1).

Differences from the book: argparse subcommands instead of ``globals()[cmd]`` (which let
any global be called and crashed without arguments), no keys in the source, files opened
with ``with``, and every error is either S3's three lines (status, code, message) or one
line on stderr (refused connection, timeout, missing local file), exit status 1.
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

from labkit import cli, config

NS = "http://s3.amazonaws.com/doc/2006-03-01/"  # the S3 API's XML namespace
FALLBACK_ENDPOINT = "http://127.0.0.1:9000"  # python local_s3.py
CANNED_ACLS = ["private", "public-read", "public-read-write", "authenticated-read"]
SERVER_HINT = "is the S3 server running? start it with: python local_s3.py"


# --- where the server is and who we are ---------------------------------------------------


def default_endpoint() -> str:
    """``S3_ENDPOINT``, else the lab network's www host (port ``s3``), else loopback:9000."""
    if os.environ.get("S3_ENDPOINT"):
        return os.environ["S3_ENDPOINT"]
    try:
        www = config.load().host("www")
        return f"http://{www.address}:{www.port('s3')}"
    except config.ConfigError:
        return FALLBACK_ENDPOINT


def default_region() -> str:
    return os.environ.get("AWS_REGION") or config.setting("s3_region")


def default_credentials() -> tuple[str, str]:
    """(access key id, secret key): the AWS_* environment variables, else the lab's keys."""
    access_key = os.environ.get("AWS_ACCESS_KEY_ID") or config.setting("s3_access_key")
    secret_key = os.environ.get("AWS_SECRET_ACCESS_KEY") or config.setting("s3_secret_key")
    return access_key, secret_key


def new_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies: the S3 server is local
    return session


@dataclass
class S3:
    """An S3 endpoint plus what signs our requests to it."""

    endpoint: str
    auth: AWS4Auth
    timeout: float = cli.DEFAULT_TIMEOUT
    session: requests.Session = field(default_factory=new_session)

    @property
    def region(self) -> str:
        return self.auth.region

    def url(self, bucket: str, key: str = "") -> str:
        """Path-style: ``http://host:port/bucket`` or ``http://host:port/bucket/key``."""
        base = f"{self.endpoint.rstrip('/')}/{bucket}"
        return f"{base}/{key}" if key else base

    def request(self, method: str, bucket: str, key: str = "", **kwargs) -> requests.Response:
        return self.session.request(
            method, self.url(bucket, key), auth=self.auth, timeout=self.timeout, **kwargs
        )


def connect(
    endpoint: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    region: str | None = None,
    timeout: float = cli.DEFAULT_TIMEOUT,
) -> S3:
    """An :class:`S3` for ``endpoint``; what is not given comes from the defaults above."""
    default_key, default_secret = default_credentials()
    region = region or default_region()
    auth = AWS4Auth(access_key or default_key, secret_key or default_secret, region, "s3")
    return S3(endpoint or default_endpoint(), auth, timeout)


# --- the three commands -----------------------------------------------------------------


def build_create_bucket_xml(region: str) -> ET.Element:
    """``<CreateBucketConfiguration><LocationConstraint>region</...>``, in the S3 namespace."""
    root = ET.Element(f"{{{NS}}}CreateBucketConfiguration")
    constraint = ET.SubElement(root, f"{{{NS}}}LocationConstraint")
    constraint.text = region
    return root


def create_bucket(s3: S3, bucket: str, location: str | None = None) -> requests.Response:
    """PUT /bucket, with a LocationConstraint body when ``location`` is given.

    S3 wants the constraint everywhere except in us-east-1, where it must be left out.
    """
    body = None
    if location is not None:
        ET.register_namespace("", NS)  # serialise as xmlns="...", not xmlns:ns0="..."
        body = ET.tostring(build_create_bucket_xml(location), encoding="utf-8")
    return s3.request("PUT", bucket, data=body)


def location_for(region: str) -> str | None:
    """The LocationConstraint to send when creating a bucket in ``region``."""
    return None if region == "us-east-1" else region


def upload_file(
    s3: S3, bucket: str, s3_name: str, local_path: str | Path, acl: str = "private"
) -> requests.Response:
    """PUT /bucket/s3_name with the file's bytes, a canned ACL and a guessed Content-Type."""
    data = Path(local_path).read_bytes()
    headers = {"x-amz-acl": acl}
    content_type, _encoding = mimetypes.guess_type(str(local_path))
    if content_type is not None:  # else S3 stores binary/octet-stream
        headers["Content-Type"] = content_type
    return s3.request("PUT", bucket, s3_name, data=data, headers=headers)


def download_file(s3: S3, bucket: str, s3_name: str, local_path: str | Path) -> requests.Response:
    """GET /bucket/s3_name and save the body to ``local_path``, only if the GET succeeded."""
    r = s3.request("GET", bucket, s3_name)
    if r.ok:
        Path(local_path).write_bytes(r.content)
    return r


# --- errors -----------------------------------------------------------------------------


def parse_error(body: bytes) -> tuple[str, str]:
    """(code, message) from S3's ``<Error><Code/><Message/></Error>``; placeholders if absent."""
    if not body.strip():
        return "(none)", "(empty body)"
    try:
        root = ET.fromstring(body)  # bytes: the document declares its own encoding
    except ET.ParseError:
        return "(none)", "(the body is not XML)"
    code = root.find("Code")  # S3's error documents have no namespace
    message = root.find("Message")
    return (
        code.text if code is not None and code.text else "(none)",
        message.text if message is not None and message.text else "(none)",
    )


def handle_error(r: requests.Response) -> None:
    """Print the status, S3's error code and its message, one line each."""
    code, message = parse_error(r.content)
    print(f"Status code: {r.status_code}")
    print(f"Error code: {code}")
    print(f"Message: {message}")


def describe_request_error(exc: requests.RequestException) -> str:
    """One line for a network failure that requests raised."""
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if "Connection refused" in str(exc):
        return cli.with_hint("connection refused", SERVER_HINT)
    return f"connection failed ({type(exc).__name__})"


# --- command line -----------------------------------------------------------------------


def parse_args(argv):
    common = cli.ArgumentParser(add_help=False)
    common.add_argument(
        "--endpoint",
        type=cli.http_url,
        default=default_endpoint(),
        help="the S3 server (default: %(default)s; env S3_ENDPOINT)",
    )
    common.add_argument("--region", help="signing region (default: env AWS_REGION, else lab's)")
    cli.add_timeout(common)

    parser = cli.ArgumentParser(description="A small S3 client on the REST API.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    create = commands.add_parser("create_bucket", parents=[common], help="create a bucket")
    create.add_argument("bucket")
    upload = commands.add_parser("upload_file", parents=[common], help="upload a local file")
    upload.add_argument("bucket")
    upload.add_argument("s3_name", help="the object's key in the bucket")
    upload.add_argument("local_path", help="the file to upload")
    upload.add_argument("--acl", choices=CANNED_ACLS, default="private", help="canned ACL")
    download = commands.add_parser("download_file", parents=[common], help="download a file")
    download.add_argument("bucket")
    download.add_argument("s3_name", help="the object's key in the bucket")
    download.add_argument("local_path", help="where to save it")
    return parser.parse_args(argv)


def run_command(s3: S3, args) -> int:
    if args.command == "create_bucket":
        r = create_bucket(s3, args.bucket, location_for(s3.region))
        done = f"Created bucket {args.bucket} OK"
    elif args.command == "upload_file":
        local_path = os.path.expanduser(args.local_path)
        r = upload_file(s3, args.bucket, args.s3_name, local_path, args.acl)
        done = f"Uploaded {args.local_path} OK"
    else:  # download_file: argparse accepts no other command
        local_path = os.path.expanduser(args.local_path)
        r = download_file(s3, args.bucket, args.s3_name, local_path)
        done = f"Downloaded {args.s3_name} OK"
    if not r.ok:
        handle_error(r)
        return cli.FAILURE
    print(done)
    return cli.OK


def main(argv=None) -> int:
    args = parse_args(argv)
    s3 = connect(args.endpoint, region=args.region, timeout=args.timeout)
    try:
        return run_command(s3, args)
    except requests.RequestException as exc:
        return cli.error(f"cannot reach {args.endpoint}: {describe_request_error(exc)}")
    except OSError as exc:  # the local file: missing, a directory, no permission
        return cli.error(f"{exc.filename}: {cli.describe_error(exc)}")


if __name__ == "__main__":
    sys.exit(main())

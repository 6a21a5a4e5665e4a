"""The same S3 round trip with an SDK: boto3.

Follows "boto" in chapter 3 of the book. An SDK hides the HTTP: no URLs, no XML, no
signing code; you call methods and get Python objects back, and errors arrive as
exceptions carrying S3's error code. The book used boto, whose last release (2.49) no
longer imports on Python 3.12; its successor is boto3:

=================================  =====================================================
boto (book)                        boto3 (here)
=================================  =====================================================
``connect_s3()``                   ``boto3.client("s3", endpoint_url=...)``
``create_bucket(location=EU)``     ``create_bucket(CreateBucketConfiguration=...)``
``get_all_buckets()``              ``list_buckets()["Buckets"]``
``bucket.list()``                  ``list_objects_v2(Bucket=...)["Contents"]``
``set_contents_from_filename``     ``upload_file(..., ExtraArgs={"ContentType": ...})``
``get_contents_to_filename``       ``download_file``
``key.set_acl("public-read")``     ``put_object_acl(ACL="public-read", ...)``
=================================  =====================================================

boto guessed the Content-Type from the file name; boto3's ``upload_file`` does not (S3
then stores ``binary/octet-stream``), so the script guesses it with ``mimetypes``. And
the book's ``'~/...'`` paths were never expanded (only a shell does that): here every
path goes through ``os.path.expanduser``.

Run it (with ``python local_s3.py`` running)::

    python s3_sdk_demo.py
    python s3_sdk_demo.py --file ~/notes.txt --bucket my-bucket

The endpoint, keys and region come from the same places as in ``s3_client.py``.
"""

from __future__ import annotations

import mimetypes
import os
import sys
import tempfile
from pathlib import Path

import boto3
import botocore.config
import botocore.exceptions
from s3_client import SERVER_HINT, default_credentials, default_endpoint

from labkit import cli

DEMO_TEXT = "Hello from lab 03: this file went to S3 and back with boto3.\n"


def make_client(endpoint: str, region: str, timeout: float):
    access_key, secret_key = default_credentials()
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=botocore.config.Config(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"max_attempts": 1},  # report a refused connection at once
        ),
    )


def create_bucket(s3, bucket: str, region: str) -> str:
    """Create ``bucket`` in ``region``; an existing bucket of ours is fine."""
    options = {}
    if region != "us-east-1":  # us-east-1 takes no LocationConstraint
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        s3.create_bucket(Bucket=bucket, **options)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        return f"Bucket {bucket} exists already, and it is ours"
    return f"Created bucket {bucket} in {region}"


def upload(s3, bucket: str, key: str, path: str) -> str:
    """upload_file with the Content-Type boto3 would not guess; returns the type."""
    content_type = mimetypes.guess_type(path)[0] or "binary/octet-stream"
    s3.upload_file(path, bucket, key, ExtraArgs={"ContentType": content_type})
    return content_type


def public_grants(s3, bucket: str, key: str) -> list[str]:
    """The permissions the object's ACL gives to everyone (the AllUsers group)."""
    acl = s3.get_object_acl(Bucket=bucket, Key=key)
    return [
        grant["Permission"]
        for grant in acl["Grants"]
        if grant["Grantee"].get("URI", "").endswith("/global/AllUsers")
    ]


def round_trip(s3, bucket: str, region: str, local: str, download_to: str) -> None:
    key = os.path.basename(local)
    print(create_bucket(s3, bucket, region))
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    print(f"Buckets: {', '.join(names)}")
    content_type = upload(s3, bucket, key, local)
    print(f"Uploaded {local} as {key} ({content_type})")
    keys = [obj["Key"] for obj in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    print(f"Keys in {bucket}: {', '.join(keys)}")
    s3.download_file(bucket, key, download_to)
    same = Path(download_to).read_bytes() == Path(local).read_bytes()
    print(f"Downloaded {key} to {download_to}: {'same bytes' if same else 'DIFFERENT bytes'}")
    print(f"Public grants before: {public_grants(s3, bucket, key) or 'none'}")
    s3.put_object_acl(Bucket=bucket, Key=key, ACL="public-read")
    print(f"Public grants after put_object_acl public-read: {public_grants(s3, bucket, key)}")


def parse_args(argv):
    parser = cli.ArgumentParser(description="An S3 round trip with boto3.")
    parser.add_argument(
        "--endpoint",
        type=cli.http_url,
        default=default_endpoint(),
        help="the S3 server (default: %(default)s; env S3_ENDPOINT)",
    )
    parser.add_argument("--region", default="eu-west-1", help="default: %(default)s")
    parser.add_argument("--bucket", default="lab-sdk-demo", help="default: %(default)s")
    parser.add_argument("--file", help="the file to upload (default: a small text file)")
    parser.add_argument("--download-to", help="where to save the copy (default: a temp dir)")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    s3 = make_client(args.endpoint, args.region, args.timeout)
    with tempfile.TemporaryDirectory(prefix="lab03-") as tmp:
        local = os.path.expanduser(args.file) if args.file else os.path.join(tmp, "hello.txt")
        if not args.file:
            Path(local).write_text(DEMO_TEXT, encoding="utf-8")
        download_to = os.path.expanduser(args.download_to or os.path.join(tmp, "copy.txt"))
        try:
            round_trip(s3, args.bucket, args.region, local, download_to)
        except botocore.exceptions.ClientError as exc:
            error = exc.response.get("Error", {})
            return cli.error(f"S3 error {error.get('Code')}: {error.get('Message')}")
        except botocore.exceptions.EndpointConnectionError:
            return cli.error(f"cannot reach {args.endpoint}: connection refused ({SERVER_HINT})")
        except (botocore.exceptions.ConnectTimeoutError, botocore.exceptions.ReadTimeoutError):
            return cli.error(f"cannot reach {args.endpoint}: timed out")
        except OSError as exc:
            return cli.error(f"{exc.filename}: {cli.describe_error(exc)}")
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())

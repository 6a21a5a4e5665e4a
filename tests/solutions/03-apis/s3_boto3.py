"""Exercise 7: the exercise-3 client on boto3. Reference solution."""

from __future__ import annotations

import json
import mimetypes
import os
import sys
from pathlib import Path

import boto3
import botocore.config
import botocore.exceptions

from labkit import cli

FALLBACK_ENDPOINT = "http://127.0.0.1:9000"
CANNED_ACLS = ["private", "public-read", "public-read-write", "authenticated-read"]


class CredentialsError(Exception):
    """No usable access key id and secret."""


def load_credentials(environ=None, keys_file=None) -> tuple[str, str]:
    """(access key id, secret key) from ``keys_file`` (JSON) or the AWS_* variables."""
    if keys_file is not None:
        try:
            keys = json.loads(Path(keys_file).read_text(encoding="utf-8"))
            return str(keys["access_key"]), str(keys["secret_key"])
        except (OSError, ValueError, KeyError, TypeError):
            raise CredentialsError(f"cannot read keys from {keys_file}") from None
    environ = os.environ if environ is None else environ
    access_key = environ.get("AWS_ACCESS_KEY_ID")
    secret_key = environ.get("AWS_SECRET_ACCESS_KEY")
    if not access_key or not secret_key:
        raise CredentialsError("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or --keys-file")
    return access_key, secret_key


def make_client(endpoint, access_key, secret_key, region, timeout=cli.DEFAULT_TIMEOUT):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=botocore.config.Config(
            connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1}
        ),
    )


def error_lines(exc: botocore.exceptions.ClientError) -> str:
    """The three lines of the REST client, from boto3's exception."""
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "")
    error = exc.response.get("Error", {})
    return (
        f"Status code: {status}\nError code: {error.get('Code', '')}\n"
        f"Message: {error.get('Message', '')}"
    )


def create_bucket(s3, bucket: str) -> str:
    region = s3.meta.region_name
    options = {}
    if region != "us-east-1":
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    s3.create_bucket(Bucket=bucket, **options)
    return f"Created bucket {bucket} OK"


def upload_file(s3, bucket: str, s3_name: str, local_path: str, acl: str = "private") -> str:
    extra = {"ACL": acl}
    content_type = mimetypes.guess_type(local_path)[0]
    if content_type:
        extra["ContentType"] = content_type
    if not Path(local_path).is_file():
        raise FileNotFoundError(2, "No such file or directory", local_path)
    s3.upload_file(local_path, bucket, s3_name, ExtraArgs=extra)
    return f"Uploaded {local_path} OK"


def download_file(s3, bucket: str, s3_name: str, local_path: str) -> str:
    body = s3.get_object(Bucket=bucket, Key=s3_name)["Body"].read()
    Path(local_path).write_bytes(body)
    return f"Downloaded {s3_name} OK"


def list_objects(s3, bucket: str) -> str:
    lines = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            lines.append(f"{obj['Key']} {obj['Size']}")
    return "\n".join(lines)


def delete_object(s3, bucket: str, s3_name: str) -> str:
    s3.delete_object(Bucket=bucket, Key=s3_name)
    return f"Deleted {s3_name} OK"


def delete_bucket(s3, bucket: str) -> str:
    s3.delete_bucket(Bucket=bucket)
    return f"Deleted bucket {bucket} OK"


COMMANDS = {
    "create_bucket": (create_bucket, ["bucket"]),
    "upload_file": (upload_file, ["bucket", "s3_name", "local_path"]),
    "download_file": (download_file, ["bucket", "s3_name", "local_path"]),
    "list_objects": (list_objects, ["bucket"]),
    "delete_object": (delete_object, ["bucket", "s3_name"]),
    "delete_bucket": (delete_bucket, ["bucket"]),
}


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
    parser = cli.ArgumentParser(description="An S3 client on boto3.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_function, arguments) in COMMANDS.items():
        sub = commands.add_parser(name, parents=[common])
        for argument in arguments:
            sub.add_argument(argument)
        if name == "upload_file":
            sub.add_argument("--acl", choices=CANNED_ACLS, default="private")
    return parser, parser.parse_args(argv)


def main(argv=None) -> int:
    parser, args = parse_args(argv)
    try:
        access_key, secret_key = load_credentials(keys_file=args.keys_file)
    except CredentialsError as exc:
        return cli.error(str(exc), cli.USAGE, parser.prog)
    s3 = make_client(args.endpoint, access_key, secret_key, args.region, args.timeout)
    function, arguments = COMMANDS[args.command]  # argparse allows only these names
    values = [getattr(args, name) for name in arguments]
    if args.command == "upload_file":
        values.append(args.acl)
    try:
        output = function(s3, *values)
    except botocore.exceptions.ClientError as exc:
        print(error_lines(exc))
        return cli.FAILURE
    except botocore.exceptions.EndpointConnectionError:
        return cli.error(f"cannot reach {args.endpoint}: connection refused")
    except (botocore.exceptions.ConnectTimeoutError, botocore.exceptions.ReadTimeoutError):
        return cli.error(f"cannot reach {args.endpoint}: timed out")
    except OSError as exc:
        return cli.error(f"{exc.filename}: {cli.describe_error(exc)}")
    if output:
        print(output)
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())

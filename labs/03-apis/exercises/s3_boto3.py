"""Exercise 7: the exercise-3 client again, on boto3.

Same command line, same output, same exit statuses as your ``exercises/s3_client.py``
(exercises 3 to 5), but every S3 call goes through a boto3 client instead of requests
and hand-made XML::

    python s3_boto3.py COMMAND ARGS... [--endpoint URL] [--region R] [--keys-file F]

    create_bucket BUCKET                    -> Created bucket BUCKET OK
    upload_file BUCKET S3_NAME LOCAL_PATH   -> Uploaded LOCAL_PATH OK  (--acl ...)
    download_file BUCKET S3_NAME LOCAL_PATH -> Downloaded S3_NAME OK
    list_objects BUCKET                     -> one "KEY SIZE" line per object
    delete_object BUCKET S3_NAME            -> Deleted S3_NAME OK
    delete_bucket BUCKET                    -> Deleted bucket BUCKET OK

The command line, the credentials and the client are provided; write the six command
functions and the error handling in :func:`main`. Hints: a bucket outside us-east-1
needs ``CreateBucketConfiguration={"LocationConstraint": region}``
(``s3.meta.region_name`` is the client's region); ``upload_file`` does not guess the
Content-Type, pass ``ExtraArgs={"ContentType": ..., "ACL": acl}``; a bucket can hold
more than 1000 keys, so list with ``s3.get_paginator("list_objects_v2")``. An S3 error
raises ``botocore.exceptions.ClientError``, whose ``response`` holds
``["Error"]["Code"]``, ``["Error"]["Message"]`` and
``["ResponseMetadata"]["HTTPStatusCode"]``: print the three lines (:func:`error_lines`)
and exit 1. A refused connection (``EndpointConnectionError``) is one line on stderr,
exit 1.

Graded: the exercise-3 tests run against this file too (``tests/lab03/
test_ex03_s3_client.py``, the ``boto3`` cases) plus ``test_ex07_s3_boto3.py``.
"""

from __future__ import annotations

import json
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
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: write error_lines()")


def create_bucket(s3, bucket: str) -> str:
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: write create_bucket()")


def upload_file(s3, bucket: str, s3_name: str, local_path: str, acl: str = "private") -> str:
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: write upload_file()")


def download_file(s3, bucket: str, s3_name: str, local_path: str) -> str:
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: write download_file()")


def list_objects(s3, bucket: str) -> str:
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: write list_objects()")


def delete_object(s3, bucket: str, s3_name: str) -> str:
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: write delete_object()")


def delete_bucket(s3, bucket: str) -> str:
    # TODO (exercise 7)
    raise NotImplementedError("exercise 7: write delete_bucket()")


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
    # TODO (exercise 7): catch boto3's exceptions (see the module docstring).
    output = function(s3, *values)
    if output:
        print(output)
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())

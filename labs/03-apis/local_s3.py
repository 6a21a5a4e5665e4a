"""A local S3 server for the lab: moto, on 127.0.0.1.

The book's S3 examples talk to Amazon with a real account. This lab replaces Amazon by
moto, a Python library that imitates AWS services and can run as an HTTP server. It
speaks the same REST API (2006-03-01) and returns the same XML, so the lab's clients,
``requests`` with ``requests_aws4auth`` and ``boto3``, work unchanged against it.

Two modes:

- plain (default): moto accepts any request, signed with any key or not signed at all.
  Good for trying the client; the lab's default keys (labkey / labsecret) do.
- ``--auth``: moto checks signatures the way S3 does. Moto lets the first few requests
  through unchecked (``INITIAL_NO_AUTH_ACTION_COUNT``, read when moto is imported); this
  script spends them on IAM, as you would in the AWS console: it creates a user, gives
  it an inline policy allowing ``s3:*`` and creates an access key, then prints the key id
  and secret (or writes them as JSON to ``--write-keys FILE``). From then on a wrong
  secret gets 403 SignatureDoesNotMatch and an unknown key 403 InvalidAccessKeyId.

Run it::

    python local_s3.py                  # plain, on 127.0.0.1:9000
    python local_s3.py --port 0 --auth  # checks signatures; prints the keys
    python local_s3.py --verbose        # also print moto's access log

Stop it with Ctrl-C.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from labkit import cli, server

NO_AUTH_ACTIONS = 3  # create_user, put_user_policy, create_access_key
AUTH_REGION = "us-east-1"  # IAM is a global service
USER_NAME = "lab-student"
S3_FULL_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}


def make_moto_server(port: int):
    """moto's S3 (and IAM) application in a threaded werkzeug server on 127.0.0.1:``port``.

    Binding happens here, so a port in use raises OSError at once. ``serve_forever()``
    serves requests, ``shutdown()`` (from another thread) stops it.
    """
    from moto.moto_server.werkzeug_app import (  # imported late: see enable_auth()
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    # Bind first, ourselves: werkzeug would print two lines and exit on a port in use.
    listener = socket.create_server(("127.0.0.1", port))
    port = listener.getsockname()[1]
    app = DomainDispatcherApplication(create_backend_app)
    return make_server(
        "127.0.0.1",
        port,
        app,
        threaded=True,
        request_handler=MotoRequestHandler,
        fd=listener.detach(),
    )


def enable_auth() -> None:
    """Make moto check signatures, after NO_AUTH_ACTIONS free requests.

    moto reads the variable once, when it is first imported: set it before that.
    """
    if "moto" in sys.modules:
        raise RuntimeError("moto was imported before INITIAL_NO_AUTH_ACTION_COUNT was set")
    os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(NO_AUTH_ACTIONS)


def create_access_key(endpoint: str) -> dict[str, str]:
    """IAM, through moto's HTTP API: a user allowed s3:* and an access key for it."""
    import boto3

    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name=AUTH_REGION,
        aws_access_key_id="bootstrap",  # not checked: these are the free requests
        aws_secret_access_key="bootstrap",
    )
    iam.create_user(UserName=USER_NAME)
    iam.put_user_policy(
        UserName=USER_NAME, PolicyName="s3-full-access", PolicyDocument=json.dumps(S3_FULL_ACCESS)
    )
    key = iam.create_access_key(UserName=USER_NAME)["AccessKey"]
    return {"access_key": key["AccessKeyId"], "secret_key": key["SecretAccessKey"]}


def parse_args(argv):
    parser = cli.ArgumentParser(description="Run moto as a local S3 server on 127.0.0.1.")
    parser.add_argument(
        "--port", type=cli.port_number, default=9000, help="port (default: 9000; 0: any free)"
    )
    parser.add_argument("--auth", action="store_true", help="check request signatures")
    parser.add_argument(
        "--write-keys", metavar="FILE", type=Path, help="with --auth: write the keys here as JSON"
    )
    parser.add_argument("--verbose", action="store_true", help="print moto's access log")
    args = parser.parse_args(argv)
    if args.write_keys and not args.auth:
        parser.error("--write-keys needs --auth")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    # werkzeug logs every request (and moto's crashes) to stderr; keep that for --verbose.
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.CRITICAL)
    if args.auth:
        enable_auth()
    try:
        httpd = make_moto_server(args.port)
    except OSError as exc:
        return cli.error(f"cannot listen on 127.0.0.1:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    serving = threading.Thread(target=httpd.serve_forever, daemon=True)
    serving.start()
    try:
        host, port = httpd.server_address[:2]
        if args.auth:
            keys = create_access_key(f"http://{host}:{port}")
            if args.write_keys:
                args.write_keys.write_text(json.dumps(keys) + "\n", encoding="utf-8")
                print(f"Keys written to {args.write_keys}", flush=True)
            else:
                print(f"AWS_ACCESS_KEY_ID={keys['access_key']}", flush=True)
                print(f"AWS_SECRET_ACCESS_KEY={keys['secret_key']}", flush=True)
        server.announce((host, port))
        while serving.is_alive():
            serving.join(1)
    except KeyboardInterrupt:
        server.print_stopped()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not interrupt
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the shutdown
        httpd.shutdown()
        httpd.server_close()
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())

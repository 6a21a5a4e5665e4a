"""Fixtures for lab 03: moto S3 servers (plain and with signature checks).

The web fixtures (Twitter API, static site) live in ``fixtures_web.py``; importing them
here makes them visible to every test of the lab.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from labkit import lab_dir, testing

LAB = lab_dir("03")
sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from .fixtures_web import fake_clock, http, site, start_twitter_api, twitter_api  # noqa: E402, F401

REGION = "eu-west-1"
# moto without auth checks accepts any key; these are the lab network's defaults.
PLAIN_KEYS = ("labkey", "labsecret")


@dataclass
class S3Server:
    """Where a moto S3 server is and how to talk to it."""

    endpoint: str
    access_key: str
    secret_key: str
    region: str = REGION

    def env(self, **extra: str) -> dict[str, str]:
        """Environment variables for a script run as a subprocess."""
        env = {
            "S3_ENDPOINT": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_REGION": self.region,
        }
        env.update(extra)
        return testing.script_env(env)

    def client(self, region: str | None = None):
        """A boto3 S3 client for checking the server's state."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=region or self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )


@pytest.fixture(scope="session")
def moto_server():
    """One in-process moto server for the whole session (no signature checks)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def moto(moto_server, monkeypatch) -> S3Server:
    """A freshly reset moto S3 server; the script environment variables point at it."""
    reset = requests.post(f"{moto_server}/moto-api/reset", timeout=10)
    reset.raise_for_status()
    server = S3Server(moto_server, *PLAIN_KEYS)
    for name, value in server.env().items():
        if name in ("S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
            monkeypatch.setenv(name, value)
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    return server


@pytest.fixture(scope="session")
def moto_auth(tmp_path_factory) -> S3Server:
    """``local_s3.py --auth``: moto checking signatures, with a real IAM access key."""
    keys_file = Path(tmp_path_factory.mktemp("moto_auth")) / "keys.json"
    with testing.start_script(
        LAB / "local_s3.py",
        "--auth",
        "--port",
        "0",
        "--write-keys",
        str(keys_file),
        timeout=60,
    ) as proc:
        keys = json.loads(keys_file.read_text(encoding="utf-8"))
        yield S3Server(
            f"http://{proc.host}:{proc.port}",
            keys["access_key"],
            keys["secret_key"],
            keys.get("region", REGION),
        )

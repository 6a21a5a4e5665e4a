"""local_s3.py: moto as a local S3 server, plain and with signature checks."""

import json
import socket

import boto3
import requests

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "local_s3.py"
EU = {"LocationConstraint": "eu-west-1"}


def client(endpoint, key="labkey", secret="labsecret"):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
    )


def test_plain_mode_serves_s3_and_stops_on_sigterm():
    with testing.start_script(SCRIPT, "--port", "0", timeout=30) as proc:
        assert proc.host == "127.0.0.1"
        endpoint = f"http://127.0.0.1:{proc.port}"
        s3 = client(endpoint, "anything", "goes")
        s3.create_bucket(Bucket="plain", CreateBucketConfiguration=EU)
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["plain"]
        # No signature checks: an unsigned request is answered too.
        session = requests.Session()
        session.trust_env = False
        assert session.get(endpoint + "/", timeout=5).status_code == 200
        assert proc.stop() == 0
        assert "Traceback" not in proc.stderr_text()


def test_auth_mode_prints_working_keys():
    with testing.start_script(SCRIPT, "--port", "0", "--auth", timeout=30) as proc:
        key_line, secret_line = proc.lines[:2]
        assert key_line.startswith("AWS_ACCESS_KEY_ID=AKIA")
        key = key_line.split("=", 1)[1]
        secret = secret_line.split("=", 1)[1]
        endpoint = f"http://127.0.0.1:{proc.port}"
        s3 = client(endpoint, key, secret)
        s3.create_bucket(Bucket="authed", CreateBucketConfiguration=EU)
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["authed"]
        wrong = client(endpoint, key, secret[:-1] + ("x" if secret[-1] != "x" else "y"))
        try:
            wrong.list_buckets()
        except wrong.exceptions.ClientError as exc:
            assert exc.response["Error"]["Code"] == "SignatureDoesNotMatch"
        else:
            raise AssertionError("a wrong secret was accepted")


def test_write_keys_file(tmp_path):
    keys_file = tmp_path / "keys.json"
    args = ["--port", "0", "--auth", "--write-keys", keys_file]
    with testing.start_script(SCRIPT, *args, timeout=30) as proc:
        assert proc.lines[0] == f"Keys written to {keys_file}"
        keys = json.loads(keys_file.read_text())
        assert set(keys) == {"access_key", "secret_key"}
        assert len(keys["secret_key"]) == 40


def test_port_in_use_is_one_line():
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = testing.run_script(SCRIPT, "--port", port)
    line = testing.assert_one_line_error(result, 1)
    assert f"127.0.0.1:{port}" in line


def test_usage_errors():
    assert testing.run_script(SCRIPT, "--help").returncode == 0
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--port", "70000"), 2)
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--write-keys", "k.json"), 2)

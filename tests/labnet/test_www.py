"""www: nginx over HTTP and HTTPS (lab CA), and the S3 endpoint (moto server)."""

import uuid

import boto3
import pytest
import requests
from botocore.config import Config

from .labnet_cli import cli

pytestmark = pytest.mark.labnet


def test_http_index_robots_and_rfc(www):
    base = f"http://{www.address}:{www.port('http')}"
    assert "lab nginx" in requests.get(base + "/", timeout=5).text
    robots = requests.get(base + "/robots.txt", timeout=5)
    assert "Disallow: /private/" in robots.text
    rfc = requests.get(base + "/rfc/rfc2324.txt", timeout=5)
    assert rfc.status_code == 200 and rfc.headers["Content-Type"].startswith("text/plain")
    assert int(rfc.headers["Content-Length"]) == len(rfc.content) > 0
    assert "jessie" in requests.get(base + "/releases/stable/", timeout=5).text


def test_https_with_the_lab_ca(lab, www):
    url = f"https://{www.address}:{www.port('https')}/robots.txt"
    assert requests.get(url, verify=lab.ca_cert, timeout=5).status_code == 200
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(url, timeout=5)  # the system CAs do not know the lab CA


def test_curl_https(lab, www):
    out = cli("curl", "-sS", "--cacert", lab.ca_cert, f"https://{www.address}/")
    assert "lab nginx" in out


def _s3(lab, www, secret=None):
    return boto3.client(
        "s3",
        endpoint_url=f"http://{www.address}:{www.port('s3')}",
        aws_access_key_id=lab.settings["s3_access_key"],
        aws_secret_access_key=secret or lab.settings["s3_secret_key"],
        region_name=lab.settings["s3_region"],
        config=Config(connect_timeout=5, read_timeout=5, retries={"max_attempts": 1}),
    )


def test_s3_list_put_get(lab, www):
    s3 = _s3(lab, www)
    bucket = lab.settings["s3_bucket"]
    assert bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    key = f"test-{uuid.uuid4().hex}.txt"
    s3.put_object(Bucket=bucket, Key=key, Body=b"round trip")
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"round trip"
    s3.delete_object(Bucket=bucket, Key=key)

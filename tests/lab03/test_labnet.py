"""Lab 03's scripts against the lab network: S3 on www.lab.test:9000 and its static site.

No endpoint or key is given here: the scripts find them in the lab network's
configuration, as they do for a student.
"""

import uuid

import pytest

from labkit import config, testing

from .conftest import LAB

pytestmark = pytest.mark.labnet


def lab_env() -> dict[str, str]:
    """The environment minus any S3 or AWS override, so the lab configuration counts."""
    env = testing.script_env()
    for name in ("S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
        env.pop(name, None)
    return env


def s3_client(*args):
    return testing.run_script(LAB / "s3_client.py", *args, env=lab_env(), timeout=60)


def test_s3_client_round_trip_on_the_lab_network(tmp_path):
    bucket = f"labnet-{uuid.uuid4().hex[:12]}"
    source = tmp_path / "note.txt"
    source.write_text("through the lab network\n")
    created = s3_client("create_bucket", bucket)
    assert created.returncode == 0, created.stderr
    assert f"Created bucket {bucket} OK" in created.stdout
    uploaded = s3_client("upload_file", bucket, "note.txt", source)
    assert uploaded.returncode == 0, uploaded.stderr
    back = tmp_path / "back.txt"
    downloaded = s3_client("download_file", bucket, "note.txt", back)
    assert downloaded.returncode == 0, downloaded.stderr
    assert back.read_text() == source.read_text()
    missing = s3_client("download_file", bucket, "no-such-key", tmp_path / "none")
    assert missing.returncode == 1
    assert "NoSuchKey" in missing.stdout + missing.stderr


def test_get_debian_version_from_the_www_host():
    url = f"http://{config.load().host('www').address}/releases/stable/"
    result = testing.run_script(LAB / "get_debian_version.py", url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Codename: jessie", "Version: 8.0"]


def test_polite_client_obeys_the_www_hosts_robots_txt():
    base = f"http://{config.load().host('www').address}"
    result = testing.run_script(
        LAB / "polite_client.py",
        "--url",
        f"{base}/",
        "--url",
        f"{base}/private/secret.html",
        "--delay",
        "0.1",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "/private/secret.html" in result.stdout
    assert "skipped" in result.stdout and "disallowed by robots.txt" in result.stdout

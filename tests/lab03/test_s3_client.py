"""s3_client.py (P3): create a bucket, upload and download files, against moto."""

import xml.etree.ElementTree as ET

import pytest
import requests
import s3_client

from labkit import testing

from .conftest import LAB

NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
SCRIPT = LAB / "s3_client.py"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def public_reads(client, bucket, key) -> list:
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return [g for g in grants if g["Grantee"].get("URI") == ALL_USERS and g["Permission"] == "READ"]


def test_create_bucket_xml_has_the_location_constraint():
    root = s3_client.build_create_bucket_xml("eu-west-1")
    assert root.tag == f"{NS}CreateBucketConfiguration"
    assert root.find(f"{NS}LocationConstraint").text == "eu-west-1"


def test_create_bucket_body_declares_the_s3_namespace(moto):
    s3 = s3_client.connect(moto.endpoint, region="eu-west-1")
    r = s3_client.create_bucket(s3, "ns-bucket", "eu-west-1")
    assert r.status_code == 200
    body = r.request.body
    assert body.startswith(b"<CreateBucketConfiguration ")
    assert b'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"' in body
    assert b"<LocationConstraint>eu-west-1</LocationConstraint>" in body


def test_create_bucket(moto, capsys):
    assert s3_client.main(["create_bucket", "lab-bucket"]) == 0
    assert capsys.readouterr().out == "Created bucket lab-bucket OK\n"
    names = [b["Name"] for b in moto.client().list_buckets()["Buckets"]]
    assert names == ["lab-bucket"]
    location = moto.client().get_bucket_location(Bucket="lab-bucket")["LocationConstraint"]
    assert location == "eu-west-1"


def test_create_twice_in_eu_west_1_is_409(moto, capsys):
    assert s3_client.main(["create_bucket", "lab-bucket"]) == 0
    capsys.readouterr()
    assert s3_client.main(["create_bucket", "lab-bucket"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "Status code: 409",
        "Error code: BucketAlreadyOwnedByYou",
        "Message: Your previous request to create the named bucket succeeded and you already"
        " own it.",
    ]


def test_create_twice_in_us_east_1_is_fine(moto, capsys):
    # us-east-1 takes no LocationConstraint, and re-creating your own bucket there is a 200.
    args = ["create_bucket", "east-bucket", "--region", "us-east-1"]
    assert s3_client.main(args) == 0
    assert s3_client.main(args) == 0
    assert capsys.readouterr().out.count("Created bucket east-bucket OK") == 2


def test_us_east_1_constraint_is_invalid(moto):
    s3 = s3_client.connect(moto.endpoint, region="us-east-1")
    r = s3_client.create_bucket(s3, "lab-bucket", location="us-east-1")
    assert r.status_code == 400
    assert s3_client.parse_error(r.content)[0] == "InvalidLocationConstraint"


def test_constraint_other_than_signing_region_is_illegal(moto):
    s3 = s3_client.connect(moto.endpoint, region="eu-west-1")
    r = s3_client.create_bucket(s3, "lab-bucket", location="eu-central-1")
    assert r.status_code == 400
    assert s3_client.parse_error(r.content)[0] == "IllegalLocationConstraintException"


def test_invalid_bucket_name(moto, capsys):
    assert s3_client.main(["create_bucket", "x1"]) == 1
    out = capsys.readouterr().out
    assert "Status code: 400" in out and "Error code: InvalidBucketName" in out


def test_upload_round_trip_and_content_types(moto, tmp_path, capsys):
    moto.client().create_bucket(
        Bucket="lab-bucket", CreateBucketConfiguration={"LocationConstraint": moto.region}
    )
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(bytes(range(256)) * 4)
    other = tmp_path / "data.lab03unknown"
    other.write_bytes(b"\x00\x01 no type")
    assert s3_client.main(["upload_file", "lab-bucket", "photo.jpg", str(photo)]) == 0
    assert s3_client.main(["upload_file", "lab-bucket", "data", str(other)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"Uploaded {photo} OK", f"Uploaded {other} OK"]
    client = moto.client()
    assert client.get_object(Bucket="lab-bucket", Key="photo.jpg")["Body"].read() == (
        photo.read_bytes()
    )
    assert client.head_object(Bucket="lab-bucket", Key="photo.jpg")["ContentType"] == "image/jpeg"
    assert client.head_object(Bucket="lab-bucket", Key="data")["ContentType"] == (
        "binary/octet-stream"
    )


def test_acl_public_read_adds_an_all_users_grant(moto, tmp_path):
    moto.client().create_bucket(
        Bucket="lab-bucket", CreateBucketConfiguration={"LocationConstraint": moto.region}
    )
    page = tmp_path / "index.html"
    page.write_text("<h1>hi</h1>")
    assert s3_client.main(["upload_file", "lab-bucket", "private.html", str(page)]) == 0
    args = ["upload_file", "lab-bucket", "public.html", str(page), "--acl", "public-read"]
    assert s3_client.main(args) == 0
    client = moto.client()
    assert public_reads(client, "lab-bucket", "private.html") == []
    assert len(public_reads(client, "lab-bucket", "public.html")) == 1
    # The same check the README suggests, with the REST API: GET /bucket/key?acl
    s3 = s3_client.connect(moto.endpoint)
    acl = ET.fromstring(s3.request("GET", "lab-bucket", "public.html", params="acl").content)
    uris = [e.text for e in acl.iter(f"{NS}URI")]
    assert ALL_USERS in uris


def test_download_gives_the_uploaded_bytes(moto, tmp_path, capsys):
    client = moto.client()
    client.create_bucket(
        Bucket="lab-bucket", CreateBucketConfiguration={"LocationConstraint": moto.region}
    )
    data = "Grüße über S3\n".encode() * 100
    client.put_object(Bucket="lab-bucket", Key="notes/greeting.txt", Body=data)
    target = tmp_path / "copy.txt"
    assert s3_client.main(["download_file", "lab-bucket", "notes/greeting.txt", str(target)]) == 0
    assert capsys.readouterr().out == "Downloaded notes/greeting.txt OK\n"
    assert target.read_bytes() == data


def test_download_of_a_missing_key_creates_no_file(moto, tmp_path, capsys):
    moto.client().create_bucket(
        Bucket="lab-bucket", CreateBucketConfiguration={"LocationConstraint": moto.region}
    )
    target = tmp_path / "missing.txt"
    assert s3_client.main(["download_file", "lab-bucket", "nothing.txt", str(target)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["Status code: 404", "Error code: NoSuchKey"]
    assert out[2] == "Message: The specified key does not exist."
    assert not target.exists()


def test_missing_bucket(moto, tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text("a")
    assert s3_client.main(["upload_file", "no-such-bucket", "a.txt", str(source)]) == 1
    out = capsys.readouterr().out
    assert "Status code: 404" in out and "Error code: NoSuchBucket" in out


def test_url_is_path_style():
    s3 = s3_client.connect("http://127.0.0.1:9000/", "id", "secret", "eu-west-1")
    assert s3.url("my.dotted.bucket", "a/b.txt") == "http://127.0.0.1:9000/my.dotted.bucket/a/b.txt"
    assert s3.url("lab-bucket") == "http://127.0.0.1:9000/lab-bucket"


def test_endpoint_and_keys_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LABNET_CONFIG", str(tmp_path / "none.json"))
    monkeypatch.setenv("S3_ENDPOINT", "http://127.0.0.1:9999")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "env-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    s3 = s3_client.connect()
    assert s3.endpoint == "http://127.0.0.1:9999"
    assert s3.region == "ap-south-1"
    assert s3.auth.access_id == "env-key-id"


def test_defaults_without_environment_or_lab_network(monkeypatch, tmp_path):
    monkeypatch.setenv("LABNET_CONFIG", str(tmp_path / "none.json"))
    for name in ("S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name in ("S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_REGION", "LAB_WWW_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    assert s3_client.default_endpoint() == "http://127.0.0.1:9000"
    assert s3_client.default_region() == "us-east-1"
    assert s3_client.default_credentials() == ("labkey", "labsecret")


def test_endpoint_from_the_lab_network_configuration(monkeypatch, tmp_path):
    config = tmp_path / "client.json"
    config.write_text(
        '{"hosts": {"www": {"address": "192.168.56.13", "ports": {"s3": 9000}}},'
        ' "settings": {"s3_access_key": "cfg-key", "s3_secret_key": "cfg-secret"}}'
    )
    monkeypatch.setenv("LABNET_CONFIG", str(config))
    for name in ("S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "LAB_WWW_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    assert s3_client.default_endpoint() == "http://192.168.56.13:9000"
    assert s3_client.default_credentials() == ("cfg-key", "cfg-secret")


# --- the command line, as a subprocess ----------------------------------------------------


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for command in ("create_bucket", "upload_file", "download_file"):
        assert command in result.stdout
    result = testing.run_script(SCRIPT, "upload_file", "--help")
    assert result.returncode == 0 and "--acl" in result.stdout


@pytest.mark.parametrize("command", ["print", "globals", "main", "handle_error", "exit"])
def test_unknown_command_or_global_name_is_a_usage_error(command):
    result = testing.run_script(SCRIPT, command, "lab-bucket")
    line = testing.assert_one_line_error(result, 2)
    assert "invalid choice" in line


def test_no_arguments_is_a_usage_error():
    line = testing.assert_one_line_error(testing.run_script(SCRIPT), 2)
    assert "required" in line


@pytest.mark.parametrize(
    "args",
    [
        ["create_bucket"],
        ["upload_file", "lab-bucket", "key-only"],
        ["download_file", "lab-bucket"],
        ["upload_file", "b", "k", "f", "--acl", "everyone"],
        ["create_bucket", "b", "--endpoint", "ftp://127.0.0.1"],
        ["create_bucket", "b", "--timeout", "0"],
    ],
)
def test_missing_or_bad_arguments(args):
    testing.assert_one_line_error(testing.run_script(SCRIPT, *args), 2)


def test_missing_local_file(moto, tmp_path):
    result = testing.run_script(
        SCRIPT, "upload_file", "lab-bucket", "k", tmp_path / "absent.txt", env=moto.env()
    )
    line = testing.assert_one_line_error(result, 1)
    assert "absent.txt" in line and "no such file" in line


def test_refused_connection_is_one_line():
    port = testing.closed_port()
    result = testing.run_script(
        SCRIPT, "create_bucket", "lab-bucket", "--endpoint", f"http://127.0.0.1:{port}"
    )
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line and "local_s3.py" in line


def test_silent_server_times_out(silent_port):
    result = testing.run_script(
        SCRIPT,
        "create_bucket",
        "lab-bucket",
        "--endpoint",
        f"http://127.0.0.1:{silent_port}",
        "--timeout",
        "0.5",
    )
    assert "timed out" in testing.assert_one_line_error(result, 1)


def test_script_round_trip(moto, tmp_path):
    source = tmp_path / "hello.txt"
    source.write_text("hello, S3\n")
    env = moto.env()
    steps = [
        (["create_bucket", "cli-bucket"], "Created bucket cli-bucket OK"),
        (["upload_file", "cli-bucket", "hello.txt", source], f"Uploaded {source} OK"),
        (
            ["download_file", "cli-bucket", "hello.txt", tmp_path / "copy.txt"],
            "Downloaded hello.txt OK",
        ),
    ]
    for args, expected in steps:
        result = testing.run_script(SCRIPT, *args, env=env)
        assert (result.returncode, result.stdout, result.stderr) == (0, expected + "\n", "")
    assert (tmp_path / "copy.txt").read_text() == "hello, S3\n"


def test_s3_error_from_the_script_is_three_lines_and_exit_1(moto):
    result = testing.run_script(SCRIPT, "download_file", "no-bucket", "k", "x", env=moto.env())
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == ["Status code: 404", "Error code: NoSuchBucket"]
    assert "Traceback" not in result.stderr


def test_connect_uses_no_proxy(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:1")
    s3 = s3_client.connect("http://127.0.0.1:9000", "a", "b", "eu-west-1")
    assert s3.session.trust_env is False
    assert isinstance(s3.session, requests.Session)

"""s3_sdk_demo.py (P5): the same round trip with boto3 against moto."""

import s3_sdk_demo

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "s3_sdk_demo.py"


def test_round_trip_functions(moto, tmp_path):
    s3 = s3_sdk_demo.make_client(moto.endpoint, "eu-west-1", 5)
    assert s3_sdk_demo.create_bucket(s3, "sdk-bucket", "eu-west-1") == (
        "Created bucket sdk-bucket in eu-west-1"
    )
    assert "exists already" in s3_sdk_demo.create_bucket(s3, "sdk-bucket", "eu-west-1")
    location = moto.client().get_bucket_location(Bucket="sdk-bucket")["LocationConstraint"]
    assert location == "eu-west-1"
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG fake")
    assert s3_sdk_demo.upload(s3, "sdk-bucket", "cat.png", str(picture)) == "image/png"
    head = moto.client().head_object(Bucket="sdk-bucket", Key="cat.png")
    assert head["ContentType"] == "image/png"  # boto3 alone would store binary/octet-stream
    assert s3_sdk_demo.public_grants(s3, "sdk-bucket", "cat.png") == []
    s3.put_object_acl(Bucket="sdk-bucket", Key="cat.png", ACL="public-read")
    assert s3_sdk_demo.public_grants(s3, "sdk-bucket", "cat.png") == ["READ"]


def test_boto3_upload_file_alone_does_not_guess(moto, tmp_path):
    picture = tmp_path / "cat.jpg"
    picture.write_bytes(b"jpeg")
    client = moto.client()
    client.create_bucket(
        Bucket="sdk-bucket", CreateBucketConfiguration={"LocationConstraint": moto.region}
    )
    client.upload_file(str(picture), "sdk-bucket", "cat.jpg")
    assert client.head_object(Bucket="sdk-bucket", Key="cat.jpg")["ContentType"] == (
        "binary/octet-stream"
    )


def test_script_output(moto):
    result = testing.run_script(SCRIPT, env=moto.env())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Created bucket lab-sdk-demo in eu-west-1"
    assert lines[1] == "Buckets: lab-sdk-demo"
    assert lines[2].startswith("Uploaded ") and lines[2].endswith("as hello.txt (text/plain)")
    assert lines[3] == "Keys in lab-sdk-demo: hello.txt"
    assert lines[4].endswith("same bytes")
    assert lines[5:] == [
        "Public grants before: none",
        "Public grants after put_object_acl public-read: ['READ']",
    ]
    body = moto.client().get_object(Bucket="lab-sdk-demo", Key="hello.txt")["Body"].read()
    assert body == s3_sdk_demo.DEMO_TEXT.encode()


def test_tilde_paths_are_expanded(moto, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("in my home\n")
    env = moto.env(HOME=str(home))
    result = testing.run_script(
        SCRIPT, "--file", "~/notes.txt", "--download-to", "~/copy.txt", env=env
    )
    assert result.returncode == 0, result.stderr
    assert (home / "copy.txt").read_text() == "in my home\n"
    assert f"Uploaded {home}/notes.txt as notes.txt (text/plain)" in result.stdout


def test_missing_file(moto, tmp_path):
    result = testing.run_script(SCRIPT, "--file", tmp_path / "absent.txt", env=moto.env())
    assert "absent.txt" in testing.assert_one_line_error(result, 1)


def test_s3_error_is_one_line(moto):
    result = testing.run_script(SCRIPT, "--bucket", "x1", env=moto.env())
    assert "InvalidBucketName" in testing.assert_one_line_error(result, 1)


def test_wrong_secret_is_one_line(moto_auth):
    env = moto_auth.env(AWS_SECRET_ACCESS_KEY="wrong")
    result = testing.run_script(SCRIPT, env=env)
    assert "SignatureDoesNotMatch" in testing.assert_one_line_error(result, 1)


def test_right_keys_in_auth_mode(moto_auth):
    result = testing.run_script(SCRIPT, "--bucket", "sdk-auth", env=moto_auth.env())
    assert result.returncode == 0, result.stderr
    assert "['READ']" in result.stdout


def test_refused_connection():
    port = testing.closed_port()
    result = testing.run_script(SCRIPT, "--endpoint", f"http://127.0.0.1:{port}")
    assert "connection refused" in testing.assert_one_line_error(result, 1)


def test_help_and_usage():
    assert testing.run_script(SCRIPT, "--help").returncode == 0
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--timeout", "soon"), 2)

"""Exercise 7: the boto3 port keeps the command line of exercise 3.

The list and delete commands are graded by test_ex03_s3_client.py (its ``ex7-boto3``
cases); this file grades the three commands of the walkthrough and the error lines.
"""

import pytest


def run(exercise, capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    status = exercise.load("s3_boto3.py").main([str(arg) for arg in args])
    return status, capsys.readouterr().out


@pytest.mark.points(1)
def test_create_upload_download(exercise, moto, capsys, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(bytes(range(256)) * 10)
    copy = tmp_path / "copy.jpg"
    assert run(exercise, capsys, "create_bucket", "boto-bucket") == (
        0,
        "Created bucket boto-bucket OK\n",
    )
    client = moto.client()
    location = client.get_bucket_location(Bucket="boto-bucket")["LocationConstraint"]
    assert location == moto.region
    assert run(exercise, capsys, "upload_file", "boto-bucket", "photo.jpg", photo) == (
        0,
        f"Uploaded {photo} OK\n",
    )
    assert client.head_object(Bucket="boto-bucket", Key="photo.jpg")["ContentType"] == "image/jpeg"
    assert run(exercise, capsys, "download_file", "boto-bucket", "photo.jpg", copy) == (
        0,
        "Downloaded photo.jpg OK\n",
    )
    assert copy.read_bytes() == photo.read_bytes()


@pytest.mark.points(1)
def test_error_lines(exercise, moto, capsys, tmp_path):
    assert run(exercise, capsys, "create_bucket", "twice-bucket")[0] == 0
    status, out = run(exercise, capsys, "create_bucket", "twice-bucket")
    assert status == 1
    assert out.splitlines() == [
        "Status code: 409",
        "Error code: BucketAlreadyOwnedByYou",
        "Message: Your previous request to create the named bucket succeeded and you already"
        " own it.",
    ]
    status, out = run(exercise, capsys, "download_file", "twice-bucket", "absent", tmp_path / "x")
    assert status == 1
    assert out.splitlines()[:2] == ["Status code: 404", "Error code: NoSuchKey"]
    assert not (tmp_path / "x").exists()

"""Exercise 6: set_content_type() changes an object's Content-Type with a PUT-copy."""

import pytest
from requests_aws4auth import AWS4Auth

BUCKET = "meta-bucket"


@pytest.fixture
def stored(moto):
    client = moto.client()
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": moto.region}
    )
    client.put_object(Bucket=BUCKET, Key="logo", Body=b"\x89PNG data", Metadata={"owner": "alice"})
    return client


def set_type(exercise, moto, key, content_type):
    auth = AWS4Auth(moto.access_key, moto.secret_key, moto.region, "s3")
    module = exercise.load("s3_metadata.py")
    module.set_content_type(moto.endpoint, auth, BUCKET, key, content_type)
    return module


@pytest.mark.points(2)
def test_content_type_changes(exercise, moto, stored):
    assert stored.head_object(Bucket=BUCKET, Key="logo")["ContentType"] == "binary/octet-stream"
    set_type(exercise, moto, "logo", "image/png")
    assert stored.head_object(Bucket=BUCKET, Key="logo")["ContentType"] == "image/png"


@pytest.mark.points(1)
def test_body_and_user_metadata_are_kept(exercise, moto, stored):
    set_type(exercise, moto, "logo", "image/png")
    obj = stored.get_object(Bucket=BUCKET, Key="logo")
    assert obj["Body"].read() == b"\x89PNG data"
    assert obj["Metadata"] == {"owner": "alice"}


@pytest.mark.points(1)
def test_missing_key_raises_s3_error(exercise, moto, stored):
    module = exercise.load("s3_metadata.py")
    auth = AWS4Auth(moto.access_key, moto.secret_key, moto.region, "s3")
    with pytest.raises(module.S3Error) as info:
        module.set_content_type(moto.endpoint, auth, BUCKET, "absent", "text/plain")
    assert (info.value.status, info.value.code) == (404, "NoSuchKey")

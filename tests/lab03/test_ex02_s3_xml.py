"""Exercise 2: list_bucket_names() and list_keys() read S3's namespaced XML from moto."""

import pytest
import s3_client


@pytest.fixture
def s3(moto):
    return s3_client.connect(moto.endpoint, region=moto.region)


def make_buckets(moto, *names):
    client = moto.client()
    for name in names:
        client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": moto.region}
        )
    return client


@pytest.mark.points(1)
def test_no_buckets(exercise, s3):
    body = s3.request("GET", "").content
    assert b"ListAllMyBucketsResult" in body
    assert exercise.load("s3_xml.py").list_bucket_names(body) == []


@pytest.mark.points(1)
def test_bucket_names(exercise, moto, s3):
    make_buckets(moto, "alpha-bucket", "beta.dotted.bucket", "gamma-bucket")
    body = s3.request("GET", "").content
    names = exercise.load("s3_xml.py").list_bucket_names(body)
    assert sorted(names) == ["alpha-bucket", "beta.dotted.bucket", "gamma-bucket"]


@pytest.mark.points(1)
def test_keys_and_sizes(exercise, moto, s3):
    client = make_buckets(moto, "keys-bucket")
    objects = {"a.txt": b"12345", "dir/b & c.bin": b"x" * 1000, "empty": b""}
    for key, data in objects.items():
        client.put_object(Bucket="keys-bucket", Key=key, Body=data)
    body = s3.request("GET", "keys-bucket", params={"list-type": "2"}).content
    keys = exercise.load("s3_xml.py").list_keys(body)
    assert sorted(keys) == sorted((key, len(data)) for key, data in objects.items())
    assert all(isinstance(size, int) for _key, size in keys)


@pytest.mark.points(1)
def test_wrong_documents_raise_value_error(exercise, moto, s3):
    make_buckets(moto, "keys-bucket")
    module = exercise.load("s3_xml.py")
    error = s3.request("GET", "no-such-bucket", params={"list-type": "2"}).content
    listing = s3.request("GET", "").content
    with pytest.raises(ValueError):
        module.list_keys(error)
    with pytest.raises(ValueError):
        module.list_bucket_names(error)
    with pytest.raises(ValueError):
        module.list_keys(listing)

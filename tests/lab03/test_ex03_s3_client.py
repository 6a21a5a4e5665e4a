"""Exercise 3: list_objects, delete_object and delete_bucket, graded through main(argv).

The same tests grade exercise 7 (the boto3 port): every test runs against
``exercises/s3_client.py`` (exercise 3 points) and ``exercises/s3_boto3.py``
(exercise 7 points).
"""

import pytest


def implementations(ex3_points: int, ex7_points: int = 1):
    return pytest.mark.parametrize(
        "impl",
        [
            pytest.param("s3_client.py", marks=pytest.mark.points(ex3_points), id="ex3"),
            pytest.param("s3_boto3.py", marks=pytest.mark.points(ex7_points), id="ex7-boto3"),
        ],
    )


def run(exercise, impl, capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    status = exercise.load(impl).main([*args])
    return status, capsys.readouterr().out


def make_bucket(moto, name="lab-bucket", objects=None):
    client = moto.client()
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": moto.region})
    for key, data in (objects or {}).items():
        client.put_object(Bucket=name, Key=key, Body=data)
    return client


def keys(client, bucket="lab-bucket") -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


@implementations(3)
def test_list_objects(exercise, moto, capsys, impl):
    objects = {"b.txt": b"bb", "a.txt": b"a", "notes/c & d.md": b"c" * 1234, "zero": b""}
    make_bucket(moto, objects=objects)
    status, out = run(exercise, impl, capsys, "list_objects", "lab-bucket")
    assert status == 0
    assert out.splitlines() == ["a.txt 1", "b.txt 2", "notes/c & d.md 1234", "zero 0"]
    make_bucket(moto, "empty-bucket")
    assert run(exercise, impl, capsys, "list_objects", "empty-bucket") == (0, "")


@implementations(1)
def test_list_objects_of_a_missing_bucket(exercise, moto, capsys, impl):
    status, out = run(exercise, impl, capsys, "list_objects", "no-such-bucket")
    assert status == 1
    assert out.splitlines()[:2] == ["Status code: 404", "Error code: NoSuchBucket"]


@implementations(2)
def test_delete_object(exercise, moto, capsys, impl):
    client = make_bucket(moto, objects={"keep.txt": b"k", "drop.txt": b"d"})
    status, out = run(exercise, impl, capsys, "delete_object", "lab-bucket", "drop.txt")
    assert (status, out) == (0, "Deleted drop.txt OK\n")
    assert keys(client) == ["keep.txt"]


@implementations(1)
def test_delete_empty_bucket(exercise, moto, capsys, impl):
    client = make_bucket(moto, "doomed-bucket")
    status, out = run(exercise, impl, capsys, "delete_bucket", "doomed-bucket")
    assert (status, out) == (0, "Deleted bucket doomed-bucket OK\n")
    assert [b["Name"] for b in client.list_buckets()["Buckets"]] == []


@implementations(1)
def test_delete_bucket_that_is_not_empty(exercise, moto, capsys, impl):
    client = make_bucket(moto, objects={"still-here.txt": b"x"})
    status, out = run(exercise, impl, capsys, "delete_bucket", "lab-bucket")
    assert status == 1
    assert out.splitlines()[:2] == ["Status code: 409", "Error code: BucketNotEmpty"]
    assert keys(client) == ["still-here.txt"]

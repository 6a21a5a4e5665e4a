"""Exercise 5: keys only from the environment or a keys file; none in the source."""

import json
import re

import pytest

from labkit import testing

# What a key looks like: the lab's defaults, an AWS key id, a 40-character secret.
KEY_PATTERNS = [
    re.compile(r"labkey|labsecret"),
    re.compile(r"\b(AKIA|ASIA)[A-Z0-9]{16}\b"),
    re.compile(r"""["'][A-Za-z0-9/+=]{40}["']"""),
]


def unset_keys(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.points(1)
def test_keys_from_the_environment(exercise):
    module = exercise.load("s3_client.py")
    environ = {"AWS_ACCESS_KEY_ID": "env-key-id", "AWS_SECRET_ACCESS_KEY": "env-secret"}
    assert module.load_credentials(environ) == ("env-key-id", "env-secret")
    with pytest.raises(module.CredentialsError):
        module.load_credentials({"AWS_ACCESS_KEY_ID": "only-the-id"})


@pytest.mark.points(1)
def test_keys_file_against_a_checking_server(exercise, moto_auth, tmp_path, monkeypatch):
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(
        json.dumps({"access_key": moto_auth.access_key, "secret_key": moto_auth.secret_key})
    )
    unset_keys(monkeypatch)
    module = exercise.load("s3_client.py")
    assert module.load_credentials({}, keys_file) == (moto_auth.access_key, moto_auth.secret_key)
    result = testing.run_script(
        exercise.path("s3_client.py"),
        "create_bucket",
        "keys-file-bucket",
        "--endpoint",
        moto_auth.endpoint,
        "--region",
        "eu-west-1",
        "--keys-file",
        keys_file,
        env={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
    )
    assert (result.returncode, result.stdout) == (0, "Created bucket keys-file-bucket OK\n")


@pytest.mark.points(1)
def test_missing_keys_exit_2(exercise, closed_port):
    result = testing.run_script(
        exercise.path("s3_client.py"),
        "create_bucket",
        "lab-bucket",
        "--endpoint",
        f"http://127.0.0.1:{closed_port}",
        env={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
    )
    line = testing.assert_one_line_error(result, 2)
    assert "AWS_ACCESS_KEY_ID" in line


@pytest.mark.points(1)
def test_no_keys_in_the_source(exercise):
    source = exercise.path("s3_client.py").read_text(encoding="utf-8")
    for pattern in KEY_PATTERNS:
        found = pattern.search(source)
        assert found is None, f"a key in the source: {found.group(0)!r}"

"""Errors: handle_error() on canned and real responses, and s3_errors_explore.py (P4)."""

import json

import pytest
import requests
import s3_client
import s3_errors_explore

from labkit import testing

from .conftest import LAB

EXPLORE = LAB / "s3_errors_explore.py"
SIGNATURE_MESSAGE = "The request signature we calculated"

ERROR_XML = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Access Denied</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>"
)


def canned(status: int, body: bytes, reason: str = "") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.reason = reason
    response._content = body
    return response


def test_handle_error_prints_the_three_lines(capsys):
    s3_client.handle_error(canned(403, ERROR_XML, "Forbidden"))
    assert capsys.readouterr().out == (
        "Status code: 403\nError code: AccessDenied\nMessage: Access Denied\n"
    )


@pytest.mark.parametrize(
    "body, code, message",
    [
        (b"", "(none)", "(empty body)"),
        (b"  \n", "(none)", "(empty body)"),
        (b"<!doctype html><title>500</title><p>Internal Server Error", "(none)", "(the body"),
        (b"<Error><Message>no code here</Message></Error>", "(none)", "no code here"),
        (b"<Error><Code>Oops</Code><Message/></Error>", "Oops", "(none)"),
    ],
)
def test_handle_error_survives_odd_bodies(capsys, body, code, message):
    s3_client.handle_error(canned(500, body))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Status code: 500"
    assert lines[1] == f"Error code: {code}"
    assert lines[2].startswith(f"Message: {message}")


def test_head_404_has_an_empty_body(moto, capsys):
    s3 = s3_client.connect(moto.endpoint)
    moto.client().create_bucket(
        Bucket="lab-bucket", CreateBucketConfiguration={"LocationConstraint": moto.region}
    )
    r = s3.request("HEAD", "lab-bucket", "missing")
    assert (r.status_code, r.content) == (404, b"")
    s3_client.handle_error(r)
    assert capsys.readouterr().out.splitlines()[:2] == ["Status code: 404", "Error code: (none)"]


def test_error_documents_have_no_namespace(moto):
    s3 = s3_client.connect(moto.endpoint)
    r = s3.request("GET", "no-such-bucket")
    assert r.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert b"<Error>" in r.content and b"xmlns" not in r.content
    code, message = s3_client.parse_error(r.content)
    assert (code, message) == ("NoSuchBucket", "The specified bucket does not exist")


# --- a server that checks signatures ------------------------------------------------------


def test_wrong_secret_is_signature_does_not_match(moto_auth, capsys):
    s3 = s3_client.connect(moto_auth.endpoint, moto_auth.access_key, "wrong-secret", "eu-west-1")
    r = s3.request("GET", "")
    s3_client.handle_error(r)
    status, code, message = capsys.readouterr().out.splitlines()
    assert status == "Status code: 403"
    assert code == "Error code: SignatureDoesNotMatch"
    assert message.startswith(f"Message: {SIGNATURE_MESSAGE}")


def test_unknown_key_is_invalid_access_key_id(moto_auth, capsys):
    s3 = s3_client.connect(moto_auth.endpoint, "AKIAUNKNOWNKEY000000", "whatever", "eu-west-1")
    s3_client.handle_error(s3.request("GET", ""))
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["Status code: 403", "Error code: InvalidAccessKeyId"]


def test_right_keys_work_in_auth_mode(moto_auth, tmp_path):
    result = testing.run_script(
        LAB / "s3_client.py", "create_bucket", "auth-bucket", env=moto_auth.env()
    )
    assert (result.returncode, result.stdout) == (0, "Created bucket auth-bucket OK\n")


def test_script_with_wrong_secret_prints_signature_error(moto_auth):
    env = moto_auth.env(AWS_SECRET_ACCESS_KEY="not-it")
    result = testing.run_script(LAB / "s3_client.py", "create_bucket", "b-wrong", env=env)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Status code: 403", "Error code: SignatureDoesNotMatch"]


def test_unsigned_requests_crash_moto_in_auth_mode(moto_auth):
    # What the spec warns about: SigV2 and unsigned requests get a 500 HTML page.
    session = s3_client.new_session()
    r = session.get(moto_auth.endpoint + "/", timeout=5)
    assert r.status_code == 500
    assert s3_client.parse_error(r.content) == ("(none)", "(the body is not XML)")


# --- s3_errors_explore.py -----------------------------------------------------------------


@pytest.fixture
def keys_file(moto_auth, tmp_path):
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"access_key": moto_auth.access_key, "secret_key": "x"}))
    return path


def test_explore_walks_the_error_document(moto_auth, keys_file):
    result = testing.run_script(EXPLORE, "--endpoint", moto_auth.endpoint, "--keys-file", keys_file)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "Status code: 403",
        "root.tag: Error",
        "children:",
        "  Code: SignatureDoesNotMatch",
    ]
    assert lines[4].startswith(f"  Message: {SIGNATURE_MESSAGE}")
    assert lines[5].startswith("  RequestId: ") and lines[6].startswith("  HostId: ")
    assert lines[7].startswith(f"findall('Message'): ['{SIGNATURE_MESSAGE}")
    assert lines[8] == "find('Code').text: SignatureDoesNotMatch"


def test_explore_with_an_unknown_key(moto_auth):
    env = moto_auth.env(AWS_ACCESS_KEY_ID="AKIANOSUCHKEY0000000")
    result = testing.run_script(EXPLORE, "--endpoint", moto_auth.endpoint, env=env)
    assert result.returncode == 0
    assert "  Code: InvalidAccessKeyId" in result.stdout.splitlines()


def test_explore_function_on_canned_xml():
    lines = s3_errors_explore.explore(ERROR_XML)
    assert lines[:3] == ["root.tag: Error", "children:", "  Code: AccessDenied"]
    assert "findall('Message'): ['Access Denied']" in lines


def test_explore_against_a_server_that_does_not_check(moto):
    result = testing.run_script(EXPLORE, "--endpoint", moto.endpoint)
    line = testing.assert_one_line_error(result, 1)
    assert "does not check signatures" in line


def test_explore_refused():
    port = testing.closed_port()
    result = testing.run_script(EXPLORE, "--endpoint", f"http://127.0.0.1:{port}")
    assert "connection refused" in testing.assert_one_line_error(result, 1)


def test_explore_bad_keys_file(tmp_path):
    bad = tmp_path / "keys.json"
    bad.write_text("not json")
    result = testing.run_script(EXPLORE, "--keys-file", bad, "--endpoint", "http://127.0.0.1:1")
    assert "not a keys file" in testing.assert_one_line_error(result, 1)
    result = testing.run_script(EXPLORE, "--keys-file", tmp_path / "absent.json")
    assert "no such file" in testing.assert_one_line_error(result, 1)


def test_explore_help_and_usage():
    assert testing.run_script(EXPLORE, "--help").returncode == 0
    testing.assert_one_line_error(testing.run_script(EXPLORE, "--endpoint", "nowhere"), 2)


def test_explore_non_xml_error(moto_auth):
    # An unsigned request is impossible with this script; a non-XML answer is simulated
    # by a server that is not S3 at all: the 404 page of the moto dashboard path.
    result = testing.run_script(
        EXPLORE, "--endpoint", moto_auth.endpoint + "/moto-api/nothing-here"
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr

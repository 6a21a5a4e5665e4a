"""Exercise 4: handle_error() returns S3Error(status, code, message), whatever the body."""

import pytest
import requests

SIGNATURE_MESSAGE = "The request signature we calculated"
ERROR_XML = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<Error><Code>NoSuchKey</Code>'
    b"<Message>The specified key does not exist.</Message><Key>k</Key></Error>"
)


def canned(status: int, body: bytes, reason: str) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.reason = reason
    response._content = body
    return response


def handle(exercise, response, capsys):
    module = exercise.load("s3_client.py")
    error = module.handle_error(response)
    assert isinstance(error, module.S3Error), "handle_error must return an S3Error"
    assert capsys.readouterr().out == "", "handle_error must not print: main prints the error"
    return error


@pytest.mark.points(1)
def test_error_document(exercise, capsys):
    error = handle(exercise, canned(404, ERROR_XML, "Not Found"), capsys)
    assert (error.status, error.code, error.message) == (
        404,
        "NoSuchKey",
        "The specified key does not exist.",
    )
    assert str(error) == (
        "Status code: 404\nError code: NoSuchKey\nMessage: The specified key does not exist."
    )


@pytest.mark.points(1)
def test_empty_body(exercise, capsys):
    error = handle(exercise, canned(404, b"", "Not Found"), capsys)
    assert (error.status, error.code, error.message) == (404, "", "Not Found")


@pytest.mark.points(1)
def test_body_that_is_not_xml(exercise, capsys):
    page = b"<!doctype html>\n<title>500 Internal Server Error</title><p>Oops"
    error = handle(exercise, canned(500, page, "Internal Server Error"), capsys)
    assert (error.status, error.code, error.message) == (500, "", "Internal Server Error")


@pytest.mark.points(1)
def test_wrong_secret_against_a_checking_server(exercise, moto_auth, capsys):
    module = exercise.load("s3_client.py")
    s3 = module.connect(moto_auth.endpoint, moto_auth.access_key, "wrong-secret", "eu-west-1")
    error = handle(exercise, s3.request("GET"), capsys)
    assert (error.status, error.code) == (403, "SignatureDoesNotMatch")
    assert error.message.startswith(SIGNATURE_MESSAGE)


@pytest.mark.points(1)
def test_unknown_key_against_a_checking_server(exercise, moto_auth, capsys):
    module = exercise.load("s3_client.py")
    s3 = module.connect(moto_auth.endpoint, "AKIANOSUCHKEY0000000", "secret", "eu-west-1")
    error = handle(exercise, s3.request("GET"), capsys)
    assert (error.status, error.code) == (403, "InvalidAccessKeyId")

"""Exercise 13: Basic auth with session.auth and with a hand-built http.client header."""

import base64

import pytest

CORY = "Basic Q29yeTpMT0xOTw=="


@pytest.mark.points(1)
def test_the_header(exercise):
    basic_header = exercise.load("basic_auth.py").basic_header
    assert basic_header("Cory", "LOLNO") == CORY
    value = basic_header("zoë", "pässword:with colon")
    assert value.startswith("Basic ")
    assert base64.b64decode(value[6:]).decode("utf-8") == "zoë:pässword:with colon"


@pytest.mark.points(1)
def test_session_auth(exercise, web):
    session_get = exercise.load("basic_auth.py").session_get
    response = session_get(f"{web.url}/auth/basic", "Cory", "LOLNO")
    assert response.status_code == 200
    assert response.text == "hello Cory\n"
    assert session_get(f"{web.url}/auth/basic", "Cory", "wrong").status_code == 401
    first, second = web.requests_to("/auth/basic")
    assert first.header("Authorization") == CORY
    assert second.header("Authorization", "").startswith("Basic ")


@pytest.mark.points(1)
def test_http_client_header(exercise, web):
    http_client_get = exercise.load("basic_auth.py").http_client_get
    assert http_client_get(f"{web.url}/auth/basic", "Cory", "LOLNO") == 200
    assert http_client_get(f"{web.url}/auth/basic", "Cory", "nope") == 401
    first, second = web.requests_to("/auth/basic")
    assert first.header("Authorization") == CORY
    assert "python-requests" not in (first.header("User-Agent") or "")  # http.client, really

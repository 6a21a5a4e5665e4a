"""Exercise 2: a guestbook whose forms carry a one-time CSRF token."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest


class Forms(HTMLParser):
    """The forms of a page: [(action, {input name: value})]."""

    def __init__(self, page: str):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action", ""), {}))
        elif tag == "input" and self.forms and attrs.get("type") == "hidden":
            self.forms[-1][1][attrs.get("name", "")] = attrs.get("value", "")


@pytest.fixture
def client(exercise):
    module = exercise.load("csrf_app.py")
    module.messages.clear()
    module.app.testing = False
    return module.app.test_client()


def token_of(client, action="/sign") -> str:
    response = client.get("/")
    assert response.status_code == 200
    forms = dict(Forms(response.text).forms)
    token = forms.get(action, {}).get("_csrf_token")
    assert token, f"the form posting to {action} has no hidden _csrf_token input"
    return token


@pytest.mark.points(1)
def test_every_form_carries_the_token(client):
    forms = Forms(client.get("/").text).forms
    assert len(forms) == 2
    tokens = {fields.get("_csrf_token") for _action, fields in forms}
    assert None not in tokens and "" not in tokens, "a form has no hidden _csrf_token input"
    assert len(tokens) == 1 and len(tokens.pop()) >= 32  # the session's one token, long enough


@pytest.mark.points(1)
def test_post_without_a_token_is_403(client):
    client.get("/")
    assert client.post("/sign", data={"message": "forged"}).status_code == 403
    assert client.post("/clear").status_code == 403
    assert "forged" not in client.get("/").text


@pytest.mark.points(1)
def test_post_with_a_wrong_token_is_403(client):
    token = token_of(client)
    data = {"message": "forged", "_csrf_token": token[::-1]}
    assert client.post("/sign", data=data).status_code == 403


@pytest.mark.points(2)
def test_post_with_the_token_is_200(client):
    token = token_of(client)
    response = client.post("/sign", data={"message": "hello <b>", "_csrf_token": token})
    assert response.status_code == 200
    assert "<li>hello &lt;b&gt;</li>" in response.text
    assert (
        client.post("/clear", data={"_csrf_token": token_of(client, "/clear")}).status_code == 200
    )
    assert "hello" not in client.get("/").text


@pytest.mark.points(1)
def test_replayed_token_is_403(client):
    token = token_of(client)
    assert client.post("/sign", data={"message": "1", "_csrf_token": token}).status_code == 200
    assert client.post("/sign", data={"message": "2", "_csrf_token": token}).status_code == 403


@pytest.mark.points(1)
def test_a_token_from_another_session_is_403(client):
    token = token_of(client)
    other = client.application.test_client()  # the same app, another browser
    assert other.post("/sign", data={"message": "x", "_csrf_token": token}).status_code == 403

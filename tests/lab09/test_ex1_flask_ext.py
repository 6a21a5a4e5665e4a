"""Exercise 1: a JSON API with a JSON 404, a search page that escapes, a custom 404 page."""

from __future__ import annotations

import builtins
import re

import pytest

EXPECTED = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}


@pytest.fixture
def client(exercise):
    app = exercise.load("tinyflaskapp_ext.py").app
    app.testing = False  # a student's exception must give a 500, not abort the test run
    return app.test_client()


@pytest.mark.points(2)
def test_api_returns_json(client):
    for name in ("len", "LEN", "bin"):
        response = client.get(f"/api/functions/{name}")
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert response.get_json() == {"name": name.lower(), "doc": EXPECTED[name.lower()]}


@pytest.mark.points(2)
def test_api_404_is_json(client):
    response = client.get("/api/functions/NoSuchThing")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json() == {"error": "not found", "name": "NoSuchThing"}


@pytest.mark.points(2)
def test_search_lists_matching_builtins(client):
    response = client.get("/search", query_string={"q": "ATTR"})
    assert response.status_code == 200
    links = re.findall(r'<a href="/functions/(\w+)">\1</a>', response.text)
    assert links == sorted(name for name in EXPECTED if "attr" in name)
    assert "<h1>Search: ATTR</h1>" in response.text
    empty = client.get("/search")
    assert empty.status_code == 200 and "/functions/" not in empty.text


@pytest.mark.points(2)
def test_search_escapes_the_query(client):
    response = client.get("/search", query_string={"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "<h1>Search: &lt;script&gt;alert(1)&lt;/script&gt;</h1>" in response.text


@pytest.mark.points(2)
@pytest.mark.parametrize("path", ["/nowhere", "/functions/nosuch"])
def test_custom_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '<p class="not-found">' in response.text
    assert f"Nothing at {path}." in response.text


@pytest.mark.points(1)
def test_custom_404_escapes_the_path(client):
    response = client.get("/<b>bold</b>")
    assert response.status_code == 404
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.text and "<b>" not in response.text


@pytest.mark.points(1)
def test_existing_routes_still_work(client):
    assert client.get("/functions/LEN").status_code == 200
    assert client.get("/api/functions/abs").get_json()["name"] == "abs"

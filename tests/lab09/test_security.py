"""Security of the stage-3 app and the XSS demo: cookies, CSRF, escaping, secrets, debug."""

from __future__ import annotations

import re

import pytest
import tinyflaskapp_style
import xss_demo

from labkit import lab_dir, testing

LAB = lab_dir("09")
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


@pytest.fixture
def client():
    return tinyflaskapp_style.app.test_client()


def scrape_token(page: str) -> str:
    match = TOKEN.search(page)
    assert match, "the form has no hidden _csrf_token input"
    return match.group(1)


def test_session_cookie_is_httponly_and_samesite(client):
    response = client.get("/functions/len")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_post_without_token_is_403(client):
    client.get("/functions/len")  # the session now holds a token
    response = client.post("/functions/len/notes", data={"note": "forged"})
    assert response.status_code == 403
    assert "forged" not in client.get("/functions/len").text


def test_post_with_a_wrong_token_is_403(client):
    client.get("/functions/len")
    response = client.post("/functions/len/notes", data={"note": "x", "_csrf_token": "guess"})
    assert response.status_code == 403


def test_post_without_a_session_is_403():
    # A forged form from another site: a token, but no session that issued it.
    victim = tinyflaskapp_style.app.test_client()
    token = scrape_token(victim.get("/functions/len").text)
    attacker = tinyflaskapp_style.app.test_client()
    response = attacker.post("/functions/len/notes", data={"note": "x", "_csrf_token": token})
    assert response.status_code == 403


def test_token_works_once_then_replay_is_403(client):
    token = scrape_token(client.get("/functions/len").text)
    first = client.post("/functions/len/notes", data={"note": "first note", "_csrf_token": token})
    assert first.status_code == 200
    assert "<li>first note</li>" in first.text
    new_token = scrape_token(first.text)
    assert new_token != token  # a fresh token for the next form
    replay = client.post("/functions/len/notes", data={"note": "again", "_csrf_token": token})
    assert replay.status_code == 403
    # The fresh token was spent by the failed attempt too: reload the page for a new one.
    page = client.get("/functions/len").text
    assert "again" not in page and "<li>first note</li>" in page


def test_notes_are_escaped(client):
    token = scrape_token(client.get("/functions/iter").text)
    note = "<script>alert('xss')</script>"
    response = client.post("/functions/iter/notes", data={"note": note, "_csrf_token": token})
    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in response.text


def test_notes_are_kept_per_session_and_bounded(client):
    for i in range(7):
        token = scrape_token(client.get("/functions/abs").text)
        data = {"note": f"note {i} " + "x" * 300, "_csrf_token": token}
        assert client.post("/functions/abs/notes", data=data).status_code == 200
    items = re.findall(r"<li>(note \d x+)</li>", client.get("/functions/abs").text)
    assert [item[:6] for item in items] == [f"note {i}" for i in range(2, 7)]
    assert all(len(item) == tinyflaskapp_style.MAX_NOTE_LENGTH for item in items)
    other = tinyflaskapp_style.app.test_client()
    assert "note 6" not in other.get("/functions/abs").text


def test_notes_for_an_unknown_builtin_is_404(client):
    token = scrape_token(client.get("/functions/abs").text)
    response = client.post("/functions/nothing/notes", data={"note": "x", "_csrf_token": token})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/", "/functions/len"])
def test_every_form_carries_the_token(client, path):
    page = client.get(path).text
    assert page.count("<form") == page.count('name="_csrf_token"')


def test_secret_key_is_generated_or_read_from_the_environment():
    code = "import tinyflaskapp_style as m; print(m.app.secret_key)"
    keys = [testing.run_script("-c", code, cwd=LAB).stdout.strip() for _ in range(2)]
    assert keys[0] != keys[1] and len(keys[0]) == 64  # fresh at each start
    fixed = testing.run_script("-c", code, cwd=LAB, env={"FLASK_SECRET_KEY": "from-env"})
    assert fixed.stdout.strip() == "from-env"


# --- reflected XSS -----------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script>"


def test_unsafe_route_reflects_markup():
    page = xss_demo.app.test_client().get("/unsafe", query_string={"name": PAYLOAD}).text
    assert PAYLOAD in page


@pytest.mark.parametrize("route", ["/safe", "/escaped"])
def test_safe_routes_escape_markup(route):
    page = xss_demo.app.test_client().get(route, query_string={"name": PAYLOAD}).text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.strip() == "<p>Hello, &lt;script&gt;alert(1)&lt;/script&gt;!</p>"


def test_xss_demo_index_and_default_name():
    client = xss_demo.app.test_client()
    assert 'href="/unsafe?name=' in client.get("/").text
    assert client.get("/safe").text.strip() == "<p>Hello, world!</p>"


# --- debug mode only behind --debug -------------------------------------------------------


def test_debug_is_off_by_default_and_on_with_the_flag():
    for module in ("tinyflaskapp", "tinyflaskapp_templates", "tinyflaskapp_style", "xss_demo"):
        assert __import__(module).app.debug is False
    with testing.start_script(LAB / "tinyflaskapp.py", "--port", "0") as server:
        assert server.port > 0
    with testing.start_script(LAB / "tinyflaskapp.py", "--port", "0", "--debug") as server:
        assert server.port > 0
        server.stop()
        assert "debug mode is on" in server.proc.stderr.read()

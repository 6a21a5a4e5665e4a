"""The apps on real servers: wsgiref on port 0, the scripts themselves, Gunicorn, nginx."""

from __future__ import annotations

import re

import pytest
import tinyflaskapp
import tinyflaskapp_style
import tinyflaskapp_templates
import xss_demo

from labkit import testing

from .conftest import LAB, nginx_proxy

FLASK_APPS = [tinyflaskapp, tinyflaskapp_templates, tinyflaskapp_style, xss_demo]
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
PATHS = ["/", "/functions/len", "/functions/bin", "/functions/nothing"]


def without_token(page: str) -> str:
    return TOKEN.sub('name="_csrf_token" value=""', page)


@pytest.mark.parametrize("module", FLASK_APPS[:3], ids=lambda m: m.__name__)
def test_real_server_returns_what_the_test_client_returns(module, serve, http):
    base = serve(module.app)
    client = module.app.test_client()
    for path in PATHS:
        response = http.get(base + path, timeout=5)
        expected = client.get(path)
        assert response.status_code == expected.status_code, path
        assert response.headers["Content-Type"] == expected.headers["Content-Type"]
        if expected.status_code == 200:
            assert without_token(response.text) == without_token(expected.text), path


def test_csrf_over_real_http(serve, http):
    base = serve(tinyflaskapp_style.app)
    page = http.get(base + "/functions/len", timeout=5)
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = TOKEN.search(page.text).group(1)
    url = base + "/functions/len/notes"
    assert http.post(url, data={"note": "n"}, timeout=5).status_code == 403
    # That failed POST spent the session's token: fetch the form again.
    token = TOKEN.search(http.get(base + "/functions/len", timeout=5).text).group(1)
    assert http.post(url, data={"note": "n", "_csrf_token": token}, timeout=5).status_code == 200
    assert http.post(url, data={"note": "n", "_csrf_token": token}, timeout=5).status_code == 403


@pytest.mark.parametrize(
    "script",
    ["tinyflaskapp.py", "tinyflaskapp_templates.py", "tinyflaskapp_style.py", "wsgi_app.py"],
)
def test_script_serves_on_port_0_and_stops_on_sigterm(script, http):
    with testing.start_script(LAB / script, "--port", "0") as server:
        assert server.host == "127.0.0.1"
        response = http.get(f"http://127.0.0.1:{server.port}/functions/LEN", timeout=5)
        assert response.status_code == 200 and "len" in response.text
        assert server.stop() == 0
        assert "Traceback" not in server.proc.stderr.read()


def test_script_runs_from_another_folder(tmp_path, http):
    # The templates and static files are found next to the module, not in the cwd.
    with testing.start_script(LAB / "tinyflaskapp_style.py", "--port", "0", cwd=tmp_path) as s:
        base = f"http://127.0.0.1:{s.port}"
        assert "<!DOCTYPE html>" in http.get(base + "/", timeout=5).text
        assert http.get(base + "/static/style.css", timeout=5).status_code == 200


def test_runpy_as_main_serves(http):
    # python tinyflaskapp.py and the module imported by Gunicorn are the same file.
    code = (
        "import runpy, sys; sys.argv = ['x', '--port', '0']; "
        "runpy.run_path('tinyflaskapp.py', run_name='__main__')"
    )
    with testing.start_script("-c", code, cwd=LAB) as server:
        assert http.get(f"http://127.0.0.1:{server.port}/", timeout=5).status_code == 200


# --- Gunicorn --------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["tinyflaskapp:app", "tinyflaskapp_style:app"])
def test_gunicorn_gthread_serves_the_flask_app(start_gunicorn, http, target):
    base, _proc, log = start_gunicorn(target)
    assert any("Using worker: gthread" in line for line in log)
    index = http.get(base + "/", timeout=5)
    assert index.status_code == 200
    assert index.text.count("/functions/") == len(tinyflaskapp.docstrings)
    assert index.headers["Server"].startswith("gunicorn")


def test_gunicorn_keeps_sessions_and_csrf(start_gunicorn, http):
    base, _proc, _log = start_gunicorn("tinyflaskapp_style:app")
    page = http.get(base + "/functions/iter", timeout=5).text
    token = TOKEN.search(page).group(1)
    data = {"note": "<b>bold</b>", "_csrf_token": token}
    response = http.post(base + "/functions/iter/notes", data=data, timeout=5)
    assert response.status_code == 200
    assert "<li>&lt;b&gt;bold&lt;/b&gt;</li>" in response.text
    replay = http.post(base + "/functions/iter/notes", data=data, timeout=5)
    assert replay.status_code == 403


def test_gunicorn_serves_the_raw_wsgi_app(start_gunicorn, http):
    base, _proc, _log = start_gunicorn("wsgi_app:app")
    response = http.get(base + "/functions/len", timeout=5)
    assert response.status_code == 200
    assert response.text.startswith("<!DOCTYPE html>")
    assert http.get(base + "/nothing", timeout=5).status_code == 404


# --- nginx in front of Gunicorn ---------------------------------------------------------


def test_nginx_reverse_proxy_in_front_of_gunicorn(start_gunicorn, http, tmp_path):
    gunicorn_log = tmp_path / "gunicorn-access.log"
    upstream, _proc, _log = start_gunicorn(
        "tinyflaskapp_style:app", "--access-logfile", str(gunicorn_log)
    )
    with nginx_proxy(upstream, tmp_path, LAB / "static") as base:
        index = http.get(base + "/", timeout=5)
        assert index.status_code == 200
        assert index.headers["Server"].startswith("nginx")
        assert index.text.count("/functions/") == len(tinyflaskapp.docstrings)
        css = http.get(base + "/static/style.css", timeout=5)
        assert css.status_code == 200 and ".menuitem" in css.text  # served by nginx itself
        page = http.get(base + "/functions/len", timeout=5)
        token = TOKEN.search(page.text).group(1)
        data = {"note": "via nginx", "_csrf_token": token}
        assert http.post(base + "/functions/len/notes", data=data, timeout=5).status_code == 200
        assert http.post(base + "/functions/len/notes", data=data, timeout=5).status_code == 403
    access = (tmp_path / "access.log").read_text()
    assert '"GET /static/style.css HTTP/1.1" 200' in access
    testing.wait_until(lambda: "/functions/len/notes" in gunicorn_log.read_text(), timeout=5)
    assert "/static/style.css" not in gunicorn_log.read_text()  # never reached Gunicorn

"""Fixtures for lab 02's redirect and form tests: a small site with the redirects and forms
that lab_web.py does not have (chains of a given length, loops that revisit a URL,
relative locations, a POST form, a page without a form).

conftest.py imports the fixtures, so every test of the lab can use them.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from html import escape

import pytest
from flask import Flask, Response, request
from werkzeug.serving import WSGIRequestHandler, make_server

from labkit import lab_dir

LAB = lab_dir("02")
if str(LAB) not in sys.path:
    sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

#: The statuses /chain/N cycles through, so a chain uses every kind of redirect.
CHAIN_STATUSES = (301, 302, 303, 307, 308)

POST_FORM_PAGE = """<!DOCTYPE html>
<html><head><title>Search (POST)</title></head>
<body>
<form action="results" METHOD="POST">
  <input type="hidden" name="DB" value="en">
  <input size="27" value="" name="P">
  <input type="hidden" name="lang" value="sv">
  <input type="submit" name="go" value="Search">
</form>
</body></html>
"""

NO_FORM_PAGE = """<!DOCTYPE html>
<html><head><title>Nothing to submit</title></head>
<body><p>This page has a text <input type="text" name="P"> but no form.</p></body></html>
"""


@dataclass
class Seen:
    """One request the site received."""

    method: str
    path: str
    query: str
    body: bytes


@dataclass
class BSite:
    url: str
    log: list[Seen] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [entry.path for entry in self.log]


class QuietHandler(WSGIRequestHandler):
    def log(self, type: str, message: str, *args) -> None:
        pass


def create_app(log: list[Seen]) -> Flask:
    app = Flask(__name__)

    @app.before_request
    def record():
        log.append(
            Seen(
                request.method,
                request.path,
                request.query_string.decode("latin-1"),
                request.get_data(cache=True),
            )
        )

    def moved(status: int, location: str) -> Response:
        return Response("", status=status, headers={"Location": location})

    @app.get("/chain/<int:n>")
    def chain(n: int):
        """n redirects to go: /chain/n -> /chain/n-1 -> ... -> /chain/0 (200)."""
        if n == 0:
            return "end of the chain\n"
        return moved(CHAIN_STATUSES[n % len(CHAIN_STATUSES)], f"/chain/{n - 1}")

    @app.get("/rel/a")
    def rel_a():
        return moved(303, "b")  # relative to /rel/a: /rel/b

    @app.get("/rel/b")
    def rel_b():
        return moved(307, "../rel/c?x=1")  # /rel/c?x=1

    @app.get("/rel/c")
    def rel_c():
        return moved(308, f"//{request.host}/done")  # a network-path reference

    @app.get("/done")
    def done():
        return "done\n"

    @app.get("/cycle/<name>")
    def cycle(name: str):
        return moved(302, "/cycle/b" if name == "a" else "/cycle/a")

    @app.get("/self")
    def self_loop():
        return moved(302, "/self")

    @app.get("/not-modified")
    def not_modified():
        return Response(status=304)

    @app.get("/form/post")
    def post_form_page():
        return Response(POST_FORM_PAGE, content_type="text/html; charset=utf-8")

    @app.route("/form/results", methods=["GET", "POST"])
    def results():
        fields = request.form if request.method == "POST" else request.args
        query = escape(fields.get("P", ""))
        return Response(
            f"<html><body><h1>Results for {query}</h1><p>{request.method}</p></body></html>\n",
            content_type="text/html; charset=utf-8",
        )

    @app.get("/form/none")
    def no_form():
        return Response(NO_FORM_PAGE, content_type="text/html; charset=utf-8")

    return app


@pytest.fixture
def b_site():
    """The site above on 127.0.0.1, port 0, stopped after the test."""
    log: list[Seen] = []
    httpd = make_server(
        "127.0.0.1", 0, create_app(log), threaded=True, request_handler=QuietHandler
    )
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield BSite(url=f"http://127.0.0.1:{httpd.server_port}", log=log)
    finally:
        httpd.shutdown()
        thread.join(5)
        httpd.server_close()

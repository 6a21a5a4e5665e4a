"""Exercise 2: protect a guestbook's forms against CSRF with a one-time token.

The guestbook below shows its messages and two forms: ``/sign`` adds a message and
``/clear`` removes them all. Both are POSTs a page on another site could forge.
Protect them the way ``csrf.py`` does, writing the code yourself:

- :func:`generate_csrf_token` returns the session's token, making one with the
  :mod:`secrets` module (``secrets.token_urlsafe(32)``) when the session has none;
- :func:`csrf_protect` runs before every request (it is registered already): for a
  POST it takes the token out of the session (``session.pop``) and answers 403
  (``abort(403)``) when the session had none or the form's ``_csrf_token`` field
  differs (compare with ``secrets.compare_digest``);
- every ``<form>`` of ``PAGE`` gets a hidden input named ``_csrf_token`` whose value is
  ``{{ csrf_token() }}`` (``csrf_token`` is already a template global).

Graded with the test client (``pytest tests/lab09/test_ex2_csrf.py``): every form of
the page carries the hidden token; a POST without it, or with a wrong one, gets 403; a
POST with the token read from the form gets 200; the same token again gets 403.

    python csrf_app.py --port 8021
"""

from __future__ import annotations

import os
import secrets
import sys
from wsgiref.simple_server import make_server

from flask import Flask, abort, render_template_string, request, session

from labkit import cli, server

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ.get("FLASK_SECRET_KEY") or secrets.token_hex(32),
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)
messages: list[str] = []

PAGE = """<!DOCTYPE html>
<title>Guestbook</title>
<h1>Guestbook</h1>
<ul>
{% for message in messages %}
  <li>{{ message }}</li>
{% endfor %}
</ul>
<form method="post" action="/sign">
  <input type="hidden" name="_csrf_token" value="{{ csrf_token() }}">
  <input type="text" name="message">
  <button type="submit">Sign</button>
</form>
<form method="post" action="/clear">
  <input type="hidden" name="_csrf_token" value="{{ csrf_token() }}">
  <button type="submit">Clear</button>
</form>
"""


def generate_csrf_token() -> str:
    if "_csrf_token" not in session:
        session["_csrf_token"] = secrets.token_urlsafe(32)
    return session["_csrf_token"]


@app.before_request
def csrf_protect() -> None:
    if request.method != "POST":
        return
    expected = session.pop("_csrf_token", None)
    sent = request.form.get("_csrf_token", "")
    if expected is None or not secrets.compare_digest(expected.encode(), sent.encode()):
        abort(403)


app.jinja_env.globals["csrf_token"] = generate_csrf_token


@app.route("/")
def index():
    return render_template_string(PAGE, messages=messages)


@app.post("/sign")
def sign():
    message = request.form.get("message", "").strip()[:200]
    if message:
        messages.append(message)
    return render_template_string(PAGE, messages=messages)


@app.post("/clear")
def clear():
    messages.clear()
    return render_template_string(PAGE, messages=messages)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="A guestbook whose forms resist CSRF.")
    cli.add_host_port(parser, "127.0.0.1", 8021)
    args = parser.parse_args(argv)
    try:
        httpd = make_server(args.host, args.port, app)
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return server.serve_until_stopped(httpd)


if __name__ == "__main__":
    sys.exit(main())

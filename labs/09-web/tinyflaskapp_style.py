"""Stage 3 of the builtins-docstrings app: a stylesheet, sessions and a CSRF-safe form.

Book: chapter 9, "Adding some style" (the download's ``3-style`` folder) and "A note on
security".

- The pages now extend ``styled.html``, which extends ``base.html`` and links
  ``static/style.css``; Flask serves the ``static/`` folder at ``/static/``.
- Each docstring page lists your notes on that builtin and has a form to add one.
  Notes live in your session: a cookie Flask signs with ``secret_key`` so that it
  cannot be forged (signed, not encrypted: anyone holding it can read it).
- The form is protected against cross-site request forgery by ``csrf.py``: a POST
  without the right one-time token gets 403.

Security settings worth copying: the secret key comes from the environment variable
``FLASK_SECRET_KEY``, or is generated at start (sessions then end when the server
restarts); the session cookie is ``HttpOnly`` (no JavaScript access) and
``SameSite=Lax`` (not sent with cross-site POSTs); debug mode only with ``--debug``.

    python tinyflaskapp_style.py --port 8011
    gunicorn -k gthread --bind 127.0.0.1:8013 tinyflaskapp_style:app
"""

from __future__ import annotations

import builtins
import os
import secrets
import sys

import csrf
import serving
from flask import Flask, abort, render_template, request, session

MAX_NOTES, MAX_NOTE_LENGTH = 5, 200

app = Flask(__name__)
app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True  # tidy HTML
app.jinja_env.globals["layout"] = "styled.html"
app.config.update(
    SECRET_KEY=os.environ.get("FLASK_SECRET_KEY") or secrets.token_hex(32),
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)
csrf.init_app(app)

docstrings = {
    name.lower(): obj.__doc__
    for name, obj in vars(builtins).items()
    if name[0].islower() and hasattr(obj, "__name__")
}


def notes_for(func_name: str) -> list[str]:
    return session.get("notes", {}).get(func_name, [])


@app.route("/")
def index():
    return render_template("index.html", funcs=sorted(docstrings))


@app.route("/functions/<func_name>")
def show_docstring(func_name):
    func_name = func_name.lower()
    if func_name not in docstrings:
        abort(404)
    return render_template(
        "notes.html", func_name=func_name, doc=docstrings[func_name], notes=notes_for(func_name)
    )


@app.post("/functions/<func_name>/notes")
def add_note(func_name):
    # csrf.csrf_protect has already checked the token (before_request).
    func_name = func_name.lower()
    if func_name not in docstrings:
        abort(404)
    note = request.form.get("note", "").strip()[:MAX_NOTE_LENGTH]
    if note:
        notes = session.get("notes", {})
        notes[func_name] = [*notes.get(func_name, []), note][-MAX_NOTES:]
        session["notes"] = notes  # reassign, so that Flask sends the updated cookie
    return show_docstring(func_name)


def main(argv=None) -> int:
    return serving.main(
        app, argv, description="Serve the builtins docstrings (style, notes).", default_port=8011
    )


if __name__ == "__main__":
    sys.exit(main())

"""CSRF protection with a one-time token kept in the session.

Book: chapter 9, "A note on security" (the book's snippet, completed and fixed).

Cross-site request forgery: a page on another site makes your browser POST a form to
this app, and the browser sends this app's session cookie along. The defence: every
form this app serves carries a random token in a hidden ``_csrf_token`` input, and the
session (which only this app can read and sign) remembers it. A POST whose token does
not match the session's is refused with 403. The token is used once: the check pops it
from the session, so replaying a captured form fails too.

Use it in an app with ``csrf.init_app(app)`` and, in each form template::

    <input type="hidden" name="_csrf_token" value="{{ csrf_token() }}">

The book's version called an undefined ``some_random_string()``; here the token comes
from :func:`secrets.token_urlsafe`, and it is compared in constant time.
"""

from __future__ import annotations

import secrets

from flask import abort, request, session

FIELD = "_csrf_token"


def generate_csrf_token() -> str:
    """The session's current token, made (32 random bytes) if it has none."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def csrf_protect() -> None:
    """Before each request: a POST must carry the session's token, which is then spent."""
    if request.method != "POST":
        return
    expected = session.pop(FIELD, None)
    sent = request.form.get(FIELD, "")
    if expected is None or not secrets.compare_digest(expected.encode(), sent.encode()):
        abort(403)


def init_app(app) -> None:
    """Check every POST, and give templates ``csrf_token()``."""
    app.before_request(csrf_protect)
    app.jinja_env.globals["csrf_token"] = generate_csrf_token

"""Exercise 4: stay logged in across processes with a cookie file.

A login is a cookie: the server checks your password once, then recognises you by the
``session`` cookie it set. Save that cookie to a file and a *new* process can carry on
where the first one stopped, without logging in again. ``http.cookiejar`` has the
file format for it: ``MozillaCookieJar`` (the ``cookies.txt`` format of curl and wget).

The lab's web app (``python ../lab_web.py``) has the two pages:

- ``POST /login`` with the form fields ``user`` and ``password`` (``student`` /
  ``labpass``): on success a 302 redirect to ``/private`` and the cookie
  ``session=...; Path=/; Max-Age=3600; HttpOnly``; with a wrong password a 401 page;
- ``GET /private``: 200 and ``private page for student`` with a valid ``session``
  cookie, otherwise a 302 redirect to ``/login``.

Write:

:func:`login`
    POST the form to ``base_url + "/login"`` (urllib: ``urllib.parse.urlencode`` the
    fields and pass them as bytes in ``data=``; or requests), keeping the cookies in a
    ``MozillaCookieJar(jar_path)``, and save the jar to ``jar_path``. Raise
    :class:`LoginFailed` when the server refuses the password (a 401). The cookie has
    ``Max-Age``, so it is not a session cookie: a plain ``save()`` keeps it.
:func:`fetch_private`
    load the jar from ``jar_path``, GET ``base_url + "/private"`` with it, **without
    following redirects**, and return the status code: 200 when the cookie works, 302
    when it does not. (urllib follows redirects by itself; install a
    ``HTTPRedirectHandler`` subclass whose ``redirect_request`` returns ``None``, and the
    302 arrives as an ``HTTPError``. With requests: ``allow_redirects=False``.)

Use ``timeout=`` on every request and ignore proxies. The command line below is
provided::

    python login.py login --jar cookies.txt          # user student, password labpass
    python login.py private --jar cookies.txt        # prints 200 (in a new process!)

Graded (``pytest tests/lab02/test_ex04_login.py``): the jar file holds the ``session``
cookie after ``login``; a new process running ``login.py private`` with that file gets
200 and the server saw the cookie; an empty jar gets the 302, not the login page; a
wrong password raises ``LoginFailed`` and leaves no session cookie behind.
"""

from __future__ import annotations

import sys

from labkit import cli

DEFAULT_BASE_URL = "http://127.0.0.1:8002"


class LoginFailed(Exception):
    """The server refused the user name or password."""


def login(base_url: str, user: str, password: str, jar_path: str, timeout: float = 5) -> None:
    """Log in at ``base_url``/login and save the cookies to ``jar_path``."""
    # TODO (exercise 4)
    raise NotImplementedError("exercise 4: write login()")


def fetch_private(base_url: str, jar_path: str, timeout: float = 5) -> int:
    """GET ``base_url``/private with the saved cookies; the status, redirects not followed."""
    # TODO (exercise 4)
    raise NotImplementedError("exercise 4: write fetch_private()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Log in once, reuse the cookie file later.")
    parser.add_argument("action", choices=["login", "private"])
    parser.add_argument("--base-url", type=cli.http_url, default=DEFAULT_BASE_URL)
    parser.add_argument("--jar", required=True, help="the cookie file (Mozilla format)")
    parser.add_argument("--user", default="student")
    parser.add_argument("--password", default="labpass")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    base_url = args.base_url.rstrip("/")
    try:
        if args.action == "login":
            login(base_url, args.user, args.password, args.jar, args.timeout)
            print(f"logged in; cookies saved to {args.jar}")
        else:
            print(fetch_private(base_url, args.jar, args.timeout))
    except LoginFailed as exc:
        return cli.error(f"login failed: {exc}")
    except OSError as exc:
        return cli.error(cli.describe_error(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Exercise 4 (reference solution): stay logged in across processes with a cookie file."""

from __future__ import annotations

import http.cookiejar
import sys
import urllib.error
import urllib.parse
import urllib.request

from labkit import cli

DEFAULT_BASE_URL = "http://127.0.0.1:8002"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller (as HTTPError) instead of following them."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def opener_with(jar: http.cookiejar.CookieJar, *handlers) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar), *handlers
    )


class LoginFailed(Exception):
    """The server refused the user name or password."""


def login(base_url: str, user: str, password: str, jar_path: str, timeout: float = 5) -> None:
    """Log in at ``base_url``/login and save the cookies to ``jar_path``."""
    jar = http.cookiejar.MozillaCookieJar(jar_path)
    form = urllib.parse.urlencode({"user": user, "password": password}).encode("ascii")
    # Not following the 302 is enough: the cookie comes with the redirect itself.
    opener = opener_with(jar, NoRedirects())
    try:
        with opener.open(f"{base_url}/login", data=form, timeout=timeout):
            pass
    except urllib.error.HTTPError as exc:
        with exc:
            if exc.code == 401:
                raise LoginFailed(f"wrong user name or password for {user!r}") from None
            if exc.code not in (301, 302, 303):
                raise
    jar.save()


def fetch_private(base_url: str, jar_path: str, timeout: float = 5) -> int:
    """GET ``base_url``/private with the saved cookies; the status, redirects not followed."""
    jar = http.cookiejar.MozillaCookieJar(jar_path)
    jar.load()
    opener = opener_with(jar, NoRedirects())
    try:
        with opener.open(f"{base_url}/private", timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code


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

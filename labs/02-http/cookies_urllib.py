"""Cookies with urllib: a CookieJar, an opener that uses it, and what a cookie holds.

Follows "Cookies", "Cookie handling" and "Know your cookies" in chapter 2 of the book,
which visited http://www.github.com. Here the lab web app plays GitHub at ``/github/``:
over plain HTTP it redirects (301) to its HTTPS port, and over HTTPS it sets two cookies,
``logged_in`` and ``_gh_sess``, both ``Secure`` and ``HttpOnly``, expiring in 2035.

An opener built with ``HTTPCookieProcessor(jar)`` stores the cookies of every response in
``jar`` and sends the matching ones with every later request. The script then asks
``/github/cookies`` (which echoes the cookies it received) over HTTP and over HTTPS:
a ``Secure`` cookie travels over HTTPS only.

Run it (with ``python lab_web.py --tls-port 8443 --write-ca lab-ca.pem`` running)::

    python cookies_urllib.py --cafile lab-ca.pem
    python cookies_urllib.py --cafile lab-ca.pem --save cookies.txt

Differences from the book: HTTPS is verified against the lab's CA (``--cafile``; the
``urlopen(cafile=)`` argument is gone in Python 3.13, a ``ssl.SSLContext`` replaces it);
``HttpOnly`` is checked with ``has_nonstandard_attr()`` (the book's
``get_nonstandard_attr('HttpOnly')`` returns None even when the flag is set: the flag has
no value); the expiry time is converted to UTC, not to the machine's local time.
``--save`` uses ``MozillaCookieJar``, a ``FileCookieJar`` that writes the cookies.txt format.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import ssl
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from urllib.parse import urlsplit

from labkit import cli

SERVER_HINT = "is the lab's web app running? start it with: python lab_web.py --tls-port 8443"
CA_HINT = "pass --cafile lab-ca.pem, the CA that python lab_web.py --write-ca writes"


def make_opener(jar: http.cookiejar.CookieJar, cafile: str | None):
    """An opener that keeps cookies in ``jar`` and verifies HTTPS against ``cafile``."""
    context = ssl.create_default_context(cafile=cafile)  # None: the system's CAs
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),  # no proxies: the lab is on this machine
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPCookieProcessor(jar),
    )


def visit(opener, url: str, timeout: float) -> tuple[int, str]:
    """GET ``url`` (following redirects); returns (status, final URL)."""
    with opener.open(url, timeout=timeout) as response:
        response.read()
        return response.status, response.url


def cookies_sent_back(opener, url: str, timeout: float) -> list[str]:
    """The names of the cookies the server received with a request for ``url``."""
    with opener.open(url, timeout=timeout) as response:
        return sorted(json.load(response)["cookies"])


def expires_utc(cookie: http.cookiejar.Cookie) -> datetime | None:
    """The cookie's expiry as an aware UTC datetime (None for a session cookie)."""
    if cookie.expires is None:
        return None
    return datetime.fromtimestamp(cookie.expires, tz=UTC)


def describe(cookie: http.cookiejar.Cookie) -> list[str]:
    expires = expires_utc(cookie)
    when = f"{cookie.expires} = {expires:%Y-%m-%d %H:%M:%S} UTC" if expires else "end of session"
    return [
        f"{cookie.name} = {cookie.value}",
        f"  domain:   {cookie.domain}",
        f"  path:     {cookie.path}",
        f"  expires:  {when}",
        f"  HttpOnly: {cookie.has_nonstandard_attr('HttpOnly')}",
        f"  secure:   {cookie.secure}",
    ]


def parse_args(argv):
    parser = cli.ArgumentParser(description="Collect GitHub-like cookies with urllib.")
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--cafile", metavar="PEM", help="CA certificate to verify HTTPS with (lab-ca.pem)"
    )
    parser.add_argument("--save", metavar="FILE", help="write the cookies to FILE (cookies.txt)")
    cli.add_timeout(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.base_url.rstrip("/") + "/github/"
    jar = http.cookiejar.MozillaCookieJar()  # a CookieJar that can also save itself
    try:
        opener = make_opener(jar, args.cafile)
    except OSError as exc:  # includes ssl.SSLError for a file that is not a PEM certificate
        return cli.error(f"cannot load CA file {args.cafile}: {cli.describe_error(exc)}")
    lines = [f"GET {url}"]
    try:
        status, final_url = visit(opener, url, args.timeout)
        lines.append(f"  answered by {final_url} (status {status})")
        https = urlsplit(final_url)
        echo = "/github/cookies"
        over_http = cookies_sent_back(opener, args.base_url.rstrip("/") + echo, args.timeout)
        over_https = cookies_sent_back(opener, f"https://{https.netloc}{echo}", args.timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        return cli.error(f"{cli.describe_error(exc)} for {exc.url}")
    except (OSError, http.client.HTTPException) as exc:
        reason = cli.with_hint(cli.describe_error(exc), SERVER_HINT)
        if isinstance(getattr(exc, "reason", exc), ssl.SSLCertVerificationError):
            reason += f"; {CA_HINT}"
        return cli.error(f"cannot fetch {url}: {reason}")
    except (ValueError, KeyError, TypeError):
        return cli.error(f"{args.base_url} did not answer like lab_web.py's /github/cookies")
    lines.append(f"cookies in the jar: {len(jar)}")
    for cookie in jar:
        lines += describe(cookie)
    lines.append(f"cookies sent back over http:  {over_http}")
    lines.append(f"cookies sent back over https: {over_https}")
    if args.save:
        try:
            jar.save(args.save)
        except OSError as exc:
            return cli.error(f"cannot save cookies to {args.save}: {cli.describe_error(exc)}")
        lines.append(f"saved {len(jar)} cookies to {args.save}")
    return cli.print_output("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())

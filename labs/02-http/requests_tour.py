"""A tour of requests: the same HTTP work as the urllib scripts, in fewer lines.

Follows "The Requests library" in chapter 2 of the book, one step per section of its
REPL session, against the lab's web app instead of the book's web sites (start it with
``python lab_web.py --tls-port 8443 --write-ca lab-ca.pem`` in another terminal; the
cookies step needs HTTPS and that CA file).

Steps (run them all, or name some):

basics     status, reason, URL, headers, ``ok``, ``is_redirect``, ``history``
headers    what requests sent, and the transparent gzip decoding
encoding   ``text/html`` without a charset is decoded as ISO-8859-1; fix ``encoding``
cookies    http -> 301 -> https, and the two cookies it sets; Secure cookies
session    a ``Session`` keeps cookies and sends them back
head       a HEAD request has no body
useragent  a custom User-Agent header
params     ``params=`` builds the query string
redirects  ``history`` of a followed redirect chain

Run it::

    python requests_tour.py
    python requests_tour.py basics encoding
    python requests_tour.py cookies --cafile lab-ca.pem

Differences from the book: every request has a timeout; proxy settings are ignored
(``trust_env = False``); the HTTPS server is verified against the lab's CA
(``verify=``); the query key is ``':action'`` (the book wrote ``'action'`` but printed
``%3Aaction``); the ``Accept-Encoding`` requests sends depends on what is installed
(brotli, zstandard), so nothing here assumes it.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import requests
from requests_errors import explain, new_session

from labkit import cli

DEFAULT_CAFILE = Path(__file__).with_name("lab-ca.pem")
BROWSER_UA = "Mozilla/5.0 Firefox 24"
CHEESE_SHOP = {":action": "search", "term": "Are you quite sure this is a cheese shop?"}


def show(label: str, value) -> str:
    """``label: repr(value)``, one line, the way the prompt shows a value."""
    return f"{label}: {value!r}"


def title_of(html: str) -> str | None:
    """The text of the page's ``<title>``, spaces trimmed."""
    match = re.search(r"<title>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    return match.group(1).strip() if match else None


def step_basics(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    response = session.get(base + "/debian/", timeout=timeout)
    bare = requests.Request("GET", base).prepare()
    return [
        f">>> response = session.get({base + '/debian/'!r}, timeout={timeout:g})",
        show("response.status_code", response.status_code),
        show("response.reason", response.reason),
        show("response.url", response.url),
        show("response.headers['content-type']", response.headers["content-type"]),
        show("response.ok", response.ok),
        show("response.is_redirect", response.is_redirect),
        show("response.history", response.history),
        f"a URL without a path gets one: {base!r} is sent as {bare.url!r}",
    ]


def step_headers(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    response = session.get(base + "/debian/", timeout=timeout)
    lines = [">>> response.request.headers"]
    lines += [f"  {name}: {value}" for name, value in response.request.headers.items()]
    lines += [
        show("response.headers['content-encoding']", response.headers.get("content-encoding")),
        show("response.content[:30]", response.content[:30]),
        show("type(response.text)", type(response.text)),
    ]
    return lines


def step_encoding(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    response = session.get(base + "/debian/", timeout=timeout)
    lines = [
        show("response.headers['content-type']", response.headers["content-type"]),
        show("response.encoding", response.encoding),
        show("title, decoded as ISO-8859-1", title_of(response.text)),
        show("response.apparent_encoding", response.apparent_encoding),
    ]
    response.encoding = "utf-8"
    lines += [
        ">>> response.encoding = 'utf-8'",
        show("title, decoded as UTF-8", title_of(response.text)),
    ]
    return lines


def step_cookies(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    if not cafile.is_file():
        raise FileNotFoundError(
            f"CA file {cafile} not found: start the web app with "
            "python lab_web.py --tls-port 8443 --write-ca lab-ca.pem, or give --cafile"
        )
    response = session.get(base + "/github/", timeout=timeout, verify=str(cafile))
    response.raise_for_status()  # 503 when the web app runs without --tls-port
    lines = [
        f">>> response = session.get({base + '/github/'!r}, verify='{cafile.name}')",
        show("response.history", response.history),
    ]
    for hop in response.history:  # one 301 from http to https (none if base is https)
        lines += [
            show("response.history[0].is_redirect", hop.is_redirect),
            show("response.history[0].headers['location']", hop.headers["location"]),
        ]
    lines += [
        show("response.url", response.url),
        show("sorted(response.cookies.keys())", sorted(response.cookies.keys())),
    ]
    for cookie in sorted(response.cookies, key=lambda cookie: cookie.name):
        value = cookie.value if cookie.name == "logged_in" else f"<{len(cookie.value)} chars>"
        expires = datetime.fromtimestamp(cookie.expires, tz=UTC) if cookie.expires else None
        lines.append(
            f"  {cookie.name}={value} domain={cookie.domain} path={cookie.path} "
            f"secure={cookie.secure} httponly={cookie.has_nonstandard_attr('HttpOnly')} "
            f"expires={expires}"
        )
    lines.append("the cookies the session sends back:")
    for url in (response.url.replace("/github/", "/github/cookies"), base + "/github/cookies"):
        sent = session.get(url, timeout=timeout, verify=str(cafile)).json()["cookies"]
        lines.append(f"  to {url}: {sorted(sent)}")
    return lines


def step_session(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    session.get(base + "/google/", timeout=timeout)
    session.get(base + "/google/preferences", timeout=timeout)
    sent = session.get(base + "/headers", timeout=timeout).json()["headers"]
    with new_session() as fresh:
        sent_fresh = fresh.get(base + "/headers", timeout=timeout).json()["headers"]
    return [
        ">>> session.get(base + '/google/'); session.get(base + '/google/preferences')",
        show("session.cookies.get_dict()", session.cookies.get_dict()),
        show("Cookie header on the session's next request", sent.get("Cookie")),
        show("Cookie header from a new session", sent_fresh.get("Cookie")),
    ]


def step_head(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    response = session.head(base + "/google/", timeout=timeout)
    return [
        f">>> response = session.head({base + '/google/'!r})",
        show("response.status_code", response.status_code),
        show("response.headers['content-length']", response.headers.get("content-length")),
        show("response.text", response.text),
    ]


def step_useragent(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    default = session.get(base + "/headers", timeout=timeout).json()["headers"]
    spoofed = session.get(
        base + "/headers", headers={"User-Agent": BROWSER_UA}, timeout=timeout
    ).json()["headers"]
    return [
        show("User-Agent by default", default["User-Agent"]),
        f">>> session.get(base + '/headers', headers={{'User-Agent': {BROWSER_UA!r}}})",
        show("User-Agent the server saw", spoofed["User-Agent"]),
    ]


def step_params(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    response = session.get(base + "/pypi/pypi", params=CHEESE_SHOP, timeout=timeout)
    return [
        f">>> params = {CHEESE_SHOP!r}",
        f">>> response = session.get({base + '/pypi/pypi'!r}, params=params)",
        show("response.url", response.url),
        show("what the server decoded", response.json()["args"]),
    ]


def step_redirects(session: requests.Session, base: str, timeout: float, cafile: Path) -> list[str]:
    response = session.get(base + "/google/gmail", timeout=timeout)
    lines = [f">>> response = session.get({base + '/google/gmail'!r})"]
    lines += [
        f"  {hop.status_code} {hop.url} -> {hop.headers['location']}" for hop in response.history
    ]
    lines += [
        show("response.url", response.url),
        show("response.status_code", response.status_code),
        show("response.is_redirect", response.is_redirect),
    ]
    return lines


STEPS = {
    "basics": step_basics,
    "headers": step_headers,
    "encoding": step_encoding,
    "cookies": step_cookies,
    "session": step_session,
    "head": step_head,
    "useragent": step_useragent,
    "params": step_params,
    "redirects": step_redirects,
}


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="The book's tour of requests, step by step.")
    parser.add_argument(
        "steps", nargs="*", metavar="STEP", help=f"{', '.join(STEPS)} (default: all)"
    )
    cli.add_base_url(parser, "web_base_url")
    parser.add_argument(
        "--cafile",
        type=Path,
        default=DEFAULT_CAFILE,
        help="the CA that signed the HTTPS certificate (default: lab-ca.pem next to this script)",
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    unknown = [name for name in args.steps if name not in STEPS]
    if unknown:
        parser.error(f"unknown step {unknown[0]!r} (choose from {', '.join(STEPS)})")
    base = args.base_url.rstrip("/")
    for name in args.steps or STEPS:
        with new_session() as session:
            try:
                lines = STEPS[name](session, base, args.timeout, args.cafile)
            except requests.RequestException as exc:
                return cli.error(explain(exc, args.timeout))
            except FileNotFoundError as exc:
                return cli.error(str(exc))
            except ValueError as exc:  # a body that is not the JSON expected
                return cli.error(f"unexpected answer from {base}: {exc}")
        cli.print_output("\n".join([f"# {name}", *lines, ""]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The lab's web sites: one Flask app standing in for every site chapter 2 visits.

The book talks to www.debian.org, search.debian.org, python.org, github.com, gmail,
google and pypi. This lab never leaves your machine, so this one server plays all of
them, each under its own path prefix (no DNS needed):

    /debian/            Debian's home page: English or Swedish, gzip/deflate/identity
    /debian/search      a page carrying the book's search form
    /search/cgi-bin/omega   the search results (GET or POST, fields P and DB)
    /python/utf8, /python/wrong-charset, /python/no-charset   charset examples
    /github/            http -> 301 -> https; over https sets two cookies
    /github/cookies     the cookies the request carried, as JSON
    /google/, /google/preferences, /google/notawebpage (404)
    /google/gmail       301 -> /google/mail/ -> 302 -> /google/ServiceLogin?... -> 200
    /google/loop/N      302 -> /google/loop/N+1, for ever
    /pypi/pypi          echoes the query string as JSON
    /headers            the request headers as the server received them, as JSON
    /status/CODE        answers with that status
    /auth/basic         HTTP Basic authentication (user Cory, password LOLNO)
    /login, /private    a login form and a page that needs its session cookie

Run it in its own terminal and leave it running while you work through the lab::

    python lab_web.py                                   # http://127.0.0.1:8002/debian/
    python lab_web.py --tls-port 8443 --write-ca lab-ca.pem

With ``--tls-port`` it also serves HTTPS, with a certificate from a throwaway
certificate authority made at startup (``--write-ca`` saves that CA's certificate, so
clients can verify the server with it).

Tests import :class:`LabWeb`, which runs the same app on port 0 in background threads and
records every request it receives in ``web.log``.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import json
import os
import secrets
import socket
import ssl
import sys
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from html import escape

import trustme
from flask import Flask, Response, redirect, request
from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from labkit import cli, server

DEFAULT_PORT = 8002
SERVER_NAME = "lab_web (Werkzeug)"
HANDSHAKE_TIMEOUT = 5  # seconds a client may take to complete the TLS handshake
CERT_NAMES = ("127.0.0.1", "localhost", "*.github.test", "github.test")

# The book's github cookies expire at this instant: 2035-04-22 19:13:37 UTC.
GITHUB_COOKIE_EXPIRES = 2060882017
GITHUB_COOKIE_DOMAIN = "github.test"

LOGIN_USER, LOGIN_PASSWORD = "student", "labpass"
BASIC_USER, BASIC_PASSWORD = "Cory", "LOLNO"

DOCTYPE = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">'
)


@dataclass
class RecordedRequest:
    """One request as the app received it."""

    method: str
    path: str
    query: str  # the raw query string, without "?"
    headers: dict[str, str]
    body: bytes
    scheme: str  # "http" or "https"
    client: tuple[str, int]  # the client's address and port

    def header(self, name: str, default: str | None = None) -> str | None:
        """A request header by name, whatever its case."""
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return default


@dataclass
class AppState:
    """What the app remembers: the request log and the login sessions."""

    log: list[RecordedRequest] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)
    tls_port: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


# --- the Debian home page -----------------------------------------------------------

PAGES = {
    "en": {
        "title": "Debian \N{EM DASH} The Universal Operating System",
        "heading": "The Universal Operating System",
        "intro": (
            "Debian is a free operating system for your computer. An operating system is "
            "the set of basic programs and utilities that make your computer run."
        ),
        "news": "Latest News",
        "items": [
            "Debian 7 updated: 7.6 released",
            "Debian Installer Jessie Beta 1 release",
            "Debian Project mourns the loss of a long-time contributor",
            "DebConf14 closes in Portland and DebConf15 dates announced",
        ],
        "more": "This page is also available in the following languages: svenska",
    },
    "sv": {
        "title": "Debian \N{EM DASH} Det universella operativsystemet",
        "heading": "Det universella operativsystemet",
        "intro": (
            "Debian är ett fritt operativsystem för din dator. Ett operativsystem är de "
            "grundläggande program och verktyg som får din dator att fungera."
        ),
        "news": "Senaste nytt",
        "items": [
            "Debian 7 uppdaterad: 7.6 utgiven",
            "Debian-installeraren Jessie Beta 1 utgiven",
            "Debianprojektet sörjer en mångårig bidragsgivare",
            "DebConf14 avslutas i Portland och datum för DebConf15 annonseras",
        ],
        "more": "Denna sida finns även på följande språk: English",
    },
}

FILLER = (
    "This page is a stand-in served by the lab's web app. It has the shape of the real "
    "home page the book fetched, so the scripts in this lab have a realistic page to "
    "download, decompress and decode. Paragraph {n} exists to give the page its size."
)


@functools.cache
def debian_page(lang: str) -> bytes:
    """The home page in ``lang`` ("en" or "sv"), UTF-8 encoded, a little over 4 KB."""
    page = PAGES[lang]
    items = "\n".join(
        f'<li><a href="/News/{n}">{escape(t)}</a></li>'
        for n, t in enumerate(page["items"], start=1)
    )
    paragraphs = "\n".join(f"<p>{FILLER.format(n=n)}</p>" for n in range(1, 13))
    html = f"""{DOCTYPE}
<html lang="{lang}">
<head>
  <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
  <title>{page["title"]} </title>
  <link rel="stylesheet" href="/debian.css" type="text/css">
</head>
<body>
<div id="header">
  <h1><a href="/debian/">Debian</a></h1>
  <p class="section">{page["heading"]}</p>
  <form action="/search/cgi-bin/omega" method="get" name="P">
    <input type="hidden" name="DB" value="{lang}">
    <input type="text" name="P" size="27" value="">
    <input type="submit" value="Search">
  </form>
</div>
<div id="content">
<p>{page["intro"]}</p>
<h2>{page["news"]}</h2>
<ul>
{items}
</ul>
{paragraphs}
</div>
<div id="footer"><p>{page["more"]}</p></div>
</body>
</html>
"""
    return html.encode("utf-8")


SEARCH_PAGE = f"""{DOCTYPE}
<html lang="en">
<head><title>Debian -- Search</title></head>
<body>
<h1>Search the Debian web pages</h1>
<form action="/search/cgi-bin/omega" method="get" name="P">
<p>
<input type="hidden" name="DB" value="en">
<input type="text" name="P" size="27" value="">
<input type="submit" value="Search">
</p>
</form>
</body>
</html>
"""

# --- content codings -----------------------------------------------------------------

CODINGS = ("gzip", "deflate", "identity")  # preference order when q-values tie


def parse_qvalues(header: str) -> dict[str, float]:
    """``"gzip, deflate;q=0.8"`` -> ``{"gzip": 1.0, "deflate": 0.8}`` (names lower-cased)."""
    weights = {}
    for part in header.split(","):
        name, *params = (piece.strip() for piece in part.split(";"))
        if not name:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        weights[name.lower()] = q
    return weights


def choose_coding(accept_encoding: str | None) -> str | None:
    """The content coding to answer with, or None when nothing is acceptable (406).

    RFC 9110 §12.5.3: no header means any coding is fine (we send identity); a coding not
    listed takes the q-value of ``*`` when present; identity is acceptable unless it is
    refused explicitly (``identity;q=0``) or through ``*;q=0``.
    """
    if accept_encoding is None:
        return "identity"
    weights = parse_qvalues(accept_encoding)
    star = weights.get("*")
    scores = {}
    for coding in CODINGS:
        if coding in weights:
            scores[coding] = weights[coding]
        elif star is not None:
            scores[coding] = star
        else:
            scores[coding] = 1.0 if coding == "identity" else 0.0
    best = max(CODINGS, key=lambda coding: scores[coding])  # max keeps the first on ties
    return best if scores[best] > 0 else None


def encode_body(body: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(body, mtime=0)
    if coding == "deflate":
        return zlib.compress(body)  # "deflate" in HTTP is the zlib format (RFC 1950)
    return body


def http_date(timestamp: float) -> str:
    return email.utils.formatdate(timestamp, usegmt=True)


# --- the app --------------------------------------------------------------------------


def create_app(state: AppState | None = None) -> Flask:
    """The Flask app; every request is recorded in ``app.config["LAB_STATE"].log``."""
    state = state or AppState()
    app = Flask(__name__)
    app.config["LAB_STATE"] = state

    @app.before_request
    def record():
        entry = RecordedRequest(
            method=request.method,
            path=request.path,
            query=request.query_string.decode("latin-1"),
            headers=dict(request.headers.items()),
            body=request.get_data(cache=True),  # cached, so request.form still works
            scheme=request.scheme,
            client=(request.remote_addr or "", int(request.environ.get("REMOTE_PORT") or 0)),
        )
        with state.lock:
            state.log.append(entry)

    @app.after_request
    def default_server_header(response: Response) -> Response:
        response.headers.setdefault("Server", SERVER_NAME)
        return response

    def html(text: str, status: int = 200, charset: str | None = "utf-8") -> Response:
        content_type = f"text/html; charset={charset}" if charset else "text/html"
        return Response(text.encode("utf-8"), status=status, content_type=content_type)

    # Debian's home page and search --------------------------------------------------

    @app.route("/debian/", methods=["GET", "HEAD"])
    def debian_home():
        lang = request.accept_languages.best_match(["en", "sv"], default="en")
        coding = choose_coding(request.headers.get("Accept-Encoding"))
        if coding is None:
            return Response(
                "406 Not Acceptable: none of gzip, deflate, identity is acceptable\n",
                status=406,
                content_type="text/plain",
            )
        response = Response(encode_body(debian_page(lang), coding), content_type="text/html")
        response.headers["Server"] = "Apache"
        response.headers["Content-Location"] = f"index.{lang}.html"
        response.headers["Vary"] = "negotiate,accept-language,Accept-Encoding"
        response.headers["Content-Language"] = lang
        if coding != "identity":
            response.headers["Content-Encoding"] = coding
        return response

    @app.get("/debian/search")
    def debian_search():
        return html(SEARCH_PAGE)

    @app.route("/search/cgi-bin/omega", methods=["GET", "POST"])
    def omega():
        fields = request.form if request.method == "POST" else request.args
        query, db = fields.get("P", ""), fields.get("DB", "en")
        return html(
            f"<!DOCTYPE html>\n<html><head><title>Debian search: {escape(query)}</title></head>\n"
            f"<body><h1>Results for {escape(query)}</h1>\n"
            f"<p>Database: {escape(db)}. Method: {request.method}.</p>\n"
            f'<ol><li><a href="/debian/">Debian \N{EM DASH} {escape(query)}</a></li></ol>\n'
            "</body></html>\n"
        )

    # python.org: charsets -------------------------------------------------------------

    python_page = (
        "<!DOCTYPE html>\n<html><head><title>Welcome to Python.org</title></head>\n"
        "<body><p>Python \N{EN DASH} café, naïve, “quotes”, and an ellipsis…</p></body></html>\n"
    )

    @app.get("/python/utf8")
    def python_utf8():
        return html(python_page, charset="utf-8")

    @app.get("/python/wrong-charset")
    def python_wrong_charset():
        return html(python_page, charset="ascii")  # a lie: the body is UTF-8

    @app.get("/python/no-charset")
    def python_no_charset():
        return html(python_page, charset=None)

    # github: http -> https, and cookies -------------------------------------------------

    @app.get("/github/")
    def github():
        if request.scheme != "https":
            if state.tls_port is None:
                return Response(
                    "HTTPS is not enabled: start with --tls-port\n",
                    status=503,
                    content_type="text/plain",
                )
            # Same host name, the HTTPS port: a cookie domain keeps working after the hop.
            return redirect(f"https://{request_host()}:{state.tls_port}/github/", code=301)
        response = html(
            "<!DOCTYPE html>\n<html><head><title>GitHub</title></head>"
            "<body><p>Build software better, together.</p></body></html>\n"
        )
        hostname = request_host().lower()
        domain = hostname == GITHUB_COOKIE_DOMAIN or hostname.endswith("." + GITHUB_COOKIE_DOMAIN)
        for name, value in (("logged_in", "no"), ("_gh_sess", secrets.token_urlsafe(24))):
            cookie = f"{name}={value}; "
            if domain:
                cookie += f"Domain=.{GITHUB_COOKIE_DOMAIN}; "
            cookie += f"Path=/; Expires={http_date(GITHUB_COOKIE_EXPIRES)}; Secure; HttpOnly"
            response.headers.add("Set-Cookie", cookie)
        return response

    @app.get("/github/cookies")
    def github_cookies():
        return json_response({"cookies": dict(request.cookies), "scheme": request.scheme})

    # google: HEAD, a cookie, a 404, redirects ---------------------------------------------

    @app.route("/google/", methods=["GET", "HEAD"])
    def google():
        return html(
            "<!doctype html>\n<html><head><title>Google</title></head>"
            "<body><p>Search the lab.</p></body></html>\n"
        )

    @app.get("/google/preferences")
    def google_preferences():
        response = html(
            "<!doctype html>\n<html><head><title>Preferences</title></head>"
            "<body><p>Preferences saved.</p></body></html>\n"
        )
        response.headers.add("Set-Cookie", "PREF=lab; Path=/")
        return response

    @app.get("/google/notawebpage")
    def google_not_a_web_page():
        return Response("404. That's an error.\n", status=404, content_type="text/plain")

    @app.get("/google/gmail")
    def gmail():
        return redirect("/google/mail/", code=301)

    @app.get("/google/mail/")
    def gmail_mail():
        return redirect("/google/ServiceLogin?service=mail&passive=true&rm=false", code=302)

    @app.get("/google/ServiceLogin")
    def service_login():
        service = escape(request.args.get("service", ""))
        return html(
            "<!doctype html>\n<html><head><title>Sign in</title></head>"
            f"<body><p>Sign in to continue to {service}</p></body></html>\n"
        )

    @app.get("/google/loop/<int:n>")
    def loop(n: int):
        return redirect(f"/google/loop/{n + 1}", code=302)

    # pypi, headers, status ------------------------------------------------------------

    @app.get("/pypi/pypi")
    def pypi():
        return json_response({"args": request.args.to_dict(flat=False)})

    @app.route("/headers", methods=["GET", "HEAD", "POST"])
    def headers():
        return json_response({"headers": dict(request.headers.items())})

    @app.route("/status/<int:code>", methods=["GET", "HEAD", "POST"])
    def status(code: int):
        if not 200 <= code <= 599:
            return Response("status must be 200-599\n", status=400, content_type="text/plain")
        response = Response(f"status {code}\n", status=code, content_type="text/plain")
        if code in (204, 304):
            response.set_data(b"")
        return response

    # authentication -------------------------------------------------------------------

    @app.get("/auth/basic")
    def basic_auth():
        auth = request.authorization
        if (
            auth
            and auth.type == "basic"
            and (auth.username, auth.password)
            == (
                BASIC_USER,
                BASIC_PASSWORD,
            )
        ):
            return Response(f"hello {BASIC_USER}\n", content_type="text/plain")
        response = Response("401 Unauthorized\n", status=401, content_type="text/plain")
        response.headers["WWW-Authenticate"] = 'Basic realm="lab"'
        return response

    login_form = (
        "<!DOCTYPE html>\n<html><head><title>Log in</title></head><body>\n"
        '<form action="/login" method="post">\n'
        '<input type="text" name="user">\n<input type="password" name="password">\n'
        '<input type="submit" value="Log in">\n</form>\n</body></html>\n'
    )

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            return html(login_form)
        if (request.form.get("user"), request.form.get("password")) != (
            LOGIN_USER,
            LOGIN_PASSWORD,
        ):
            return html(
                "<!DOCTYPE html>\n<html><body><p>Wrong user name or password.</p></body></html>\n",
                status=401,
            )
        token = secrets.token_urlsafe(16)
        with state.lock:
            state.sessions.add(token)
        response = redirect("/private", code=302)
        response.headers.add("Set-Cookie", f"session={token}; Path=/; Max-Age=3600; HttpOnly")
        return response

    @app.get("/private")
    def private():
        with state.lock:
            valid = request.cookies.get("session") in state.sessions
        if not valid:
            return redirect("/login", code=302)
        return Response(f"private page for {LOGIN_USER}\n", content_type="text/plain")

    return app


def request_host() -> str:
    """The host name (or bracketed IPv6 address) the client put in ``Host``, without port."""
    host = request.host
    if host.startswith("["):
        return host[: host.index("]") + 1]
    return host.rsplit(":", 1)[0]


def json_response(data) -> Response:
    return Response(json.dumps(data, indent=2) + "\n", content_type="application/json")


# --- TLS ------------------------------------------------------------------------------


@functools.cache
def _ca_and_cert() -> tuple[trustme.CA, trustme.LeafCert]:
    """One throwaway CA and server certificate per process (making them takes a while)."""
    ca = trustme.CA(organization_name="Lab 02 web CA")
    return ca, ca.issue_cert(*CERT_NAMES)


def server_context() -> tuple[ssl.SSLContext, bytes]:
    """A server TLS context with the lab certificate, and the CA's PEM for clients."""
    ca, cert = _ca_and_cert()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    return context, ca.cert_pem.bytes()


class LabHandler(WSGIRequestHandler):
    """Werkzeug's request handler, letting the app choose the ``Server`` header.

    http.server adds ``Server`` (and ``Date``) to every response itself, so an app's own
    ``Server: Apache`` would be sent twice; here the app's header is the only one.
    """

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


class QuietHandler(LabHandler):
    """The same without the per-request log line (for tests)."""

    def log(self, type: str, message: str, *args) -> None:
        pass


class LabServer(ThreadedWSGIServer):
    """Werkzeug's threaded server, doing the TLS handshake in each connection's thread.

    Werkzeug wraps the listening socket, so the handshake happens inside ``accept()`` in
    the one thread that accepts every connection: a client that connects and says
    nothing would block all the others. Here the listening socket stays plain and each
    connection is wrapped in its own thread, with a time limit on the handshake.
    """

    daemon_threads = True

    def __init__(self, host, port, app, handler, fd, tls_context=None):
        super().__init__(host, port, app, handler, fd=fd)
        self.ssl_context = tls_context  # werkzeug reads it: https in the WSGI environ

    def finish_request(self, request, client_address) -> None:
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(HANDSHAKE_TIMEOUT)
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except OSError:  # a failed or abandoned handshake: drop this client, serve the rest
            return
        try:
            tls.settimeout(None)
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            tls.close()

    def handle_error(self, request, client_address) -> None:
        # A client hanging up early is not the server's error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def serve(host: str, port: int, app: Flask, handler, tls_context=None) -> LabServer:
    """A threaded werkzeug server on a socket we bind ourselves.

    Binding here means a port in use raises OSError (werkzeug's own bind would print two
    lines and exit). Werkzeug duplicates the socket, so ours is closed afterwards.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.create_server((host, port), family=family) as sock:
        return LabServer(host, sock.getsockname()[1], app, handler, sock.fileno(), tls_context)


# --- running it in tests ----------------------------------------------------------------


class LabWeb:
    """The app on 127.0.0.1 in background threads: ``with LabWeb(tls=True) as web: ...``.

    ``web.url`` / ``web.tls_url`` (no trailing slash), ``web.ca_path`` (the CA to verify
    the HTTPS server with), ``web.log`` (every request, in order), ``web.port``/``tls_port``.
    """

    def __init__(
        self,
        tls: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        tls_port: int = 0,
        quiet: bool = True,
    ):
        self.state = AppState()
        self.app = create_app(self.state)
        handler = QuietHandler if quiet else LabHandler
        self.host = host
        self._servers = [serve(host, port, self.app, handler)]
        self.port = self._servers[0].port
        self.tls_port = self.ca_path = None
        if tls:
            context, ca_pem = server_context()
            try:
                self._servers.append(serve(host, tls_port, self.app, handler, context))
            except BaseException:
                self._servers[0].server_close()
                raise
            self.tls_port = self._servers[1].port
            self.state.tls_port = self.tls_port
            fd, self.ca_path = tempfile.mkstemp(prefix="lab02-ca-", suffix=".pem")
            with os.fdopen(fd, "wb") as file:
                file.write(ca_pem)
        self._threads = [
            threading.Thread(
                target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            for httpd in self._servers
        ]

    @property
    def url(self) -> str:
        return f"http://{self._netloc_host}:{self.port}"

    @property
    def tls_url(self) -> str | None:
        return f"https://{self._netloc_host}:{self.tls_port}" if self.tls_port else None

    @property
    def _netloc_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def log(self) -> list[RecordedRequest]:
        return self.state.log

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """The recorded requests for ``path`` (a snapshot)."""
        with self.state.lock:
            return [entry for entry in self.state.log if entry.path == path]

    def __enter__(self) -> LabWeb:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        for httpd, thread in zip(self._servers, self._threads, strict=True):
            if thread.is_alive():
                httpd.shutdown()
                thread.join(5)
            httpd.server_close()
        if self.ca_path:
            try:
                os.unlink(self.ca_path)
            except FileNotFoundError:
                pass


# --- running it from the command line ----------------------------------------------------


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Serve the lab's stand-ins for the web sites of chapter 2."
    )
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--tls-port", type=cli.port_number, metavar="PORT", help="also serve HTTPS on PORT"
    )
    parser.add_argument(
        "--write-ca",
        metavar="FILE",
        help="write the CA certificate (PEM) that signed the HTTPS certificate to FILE",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    return parser.parse_args(argv)


def write_ca(path: str) -> None:
    ca, _cert = _ca_and_cert()
    ca.cert_pem.write_to_path(path)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        web = LabWeb(
            tls=args.tls_port is not None,
            host=args.host,
            port=args.port,
            tls_port=args.tls_port or 0,
            quiet=args.quiet,
        )
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}: {cli.describe_error(exc)}")
    if args.write_ca:
        try:
            write_ca(args.write_ca)
        except OSError as exc:
            web.__exit__(None, None, None)
            return cli.error(f"cannot write {args.write_ca}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with web:
        try:
            if web.tls_port:
                print(f"Listening on {args.host}:{web.tls_port} (TLS)", flush=True)
            server.announce((args.host, web.port))
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""lab_web.py: the stand-in web sites every lab 02 script talks to."""

import gzip
import http.cookiejar
import json
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
import zlib
from datetime import UTC, datetime

import pytest

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "lab_web.py"
from lab_web import choose_coding, parse_qvalues  # noqa: E402

DOCTYPE = (
    b'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">'
)
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url, headers=None, data=None, method=None, opener=OPENER):
    """(status, headers, body) for a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, data=data, method=method)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers, exc.read()


def tls_opener(cafile, *handlers):
    """An opener that trusts ``cafile`` (and ignores proxies)."""
    context = ssl.create_default_context(cafile=str(cafile))
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context), *handlers
    )


def no_redirects():
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    return urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)


# --- the Debian home page ----------------------------------------------------------------


def test_debian_home_in_english(web):
    status, headers, body = fetch(f"{web.url}/debian/")
    assert status == 200
    assert body.splitlines()[0] == DOCTYPE
    assert headers["Content-Type"] == "text/html"
    assert headers.get_all("Server") == ["Apache"]
    assert headers["Content-Language"] == "en"
    assert headers["Content-Location"] == "index.en.html"
    assert headers["Vary"] == "negotiate,accept-language,Accept-Encoding"
    assert "Content-Encoding" not in headers
    assert len(body) > 4000
    text = body.decode("utf-8")
    assert "<title>Debian — The Universal Operating System </title>" in text
    assert '<html lang="en">' in text


def test_debian_home_in_swedish(web):
    status, headers, body = fetch(f"{web.url}/debian/", {"Accept-Language": "sv"})
    assert status == 200
    assert headers["Content-Language"] == "sv"
    assert headers["Content-Location"] == "index.sv.html"
    text = body.decode("utf-8")
    assert '<html lang="sv">' in text
    assert "Debian — Det universella operativsystemet" in text


def test_debian_head(web):
    status, headers, body = fetch(f"{web.url}/debian/", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Language"] == "en"
    assert web.log[-1].method == "HEAD"


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip", "gzip"),
        ("deflate", "deflate"),
        ("identity", None),
        ("deflate, gzip, identity", "gzip"),
        ("gzip;q=0.5, deflate", "deflate"),
        ("gzip, deflate;q=0.8, identity;q=0.0", "gzip"),
        ("br", None),  # unknown coding: identity is still acceptable
    ],
)
def test_debian_content_codings(web, accept, coding):
    status, headers, body = fetch(f"{web.url}/debian/", {"Accept-Encoding": accept})
    assert status == 200
    assert headers.get("Content-Encoding") == coding
    if coding == "gzip":
        assert body[:2] == b"\x1f\x8b"
        body = gzip.decompress(body)
    elif coding == "deflate":
        body = zlib.decompress(body)
    assert body.startswith(DOCTYPE)
    assert int(headers["Content-Length"]) > 0


@pytest.mark.parametrize("accept", ["identity;q=0, *;q=0", "*;q=0", "br, identity;q=0"])
def test_debian_nothing_acceptable_is_406(web, accept):
    status, _headers, body = fetch(f"{web.url}/debian/", {"Accept-Encoding": accept})
    assert status == 406
    assert b"Not Acceptable" in body


def test_choose_coding_table():
    assert choose_coding(None) == "identity"
    assert choose_coding("") == "identity"
    assert choose_coding("*") == "gzip"
    assert choose_coding("*;q=0.1, identity;q=0.5") == "identity"
    assert choose_coding("GZIP;Q=0.9, deflate;q=1") == "deflate"
    assert choose_coding("gzip;q=0, deflate;q=0, identity;q=0") is None
    assert choose_coding("gzip;q=bogus") == "identity"


def test_parse_qvalues():
    assert parse_qvalues("gzip, deflate;q=0.8, identity;q=0.0") == {
        "gzip": 1.0,
        "deflate": 0.8,
        "identity": 0.0,
    }
    assert parse_qvalues(" , gzip ; q=2") == {"gzip": 1.0}


# --- search -------------------------------------------------------------------------------


def test_search_page_has_the_books_form(web):
    status, _headers, body = fetch(f"{web.url}/debian/search")
    text = body.decode()
    assert status == 200
    assert '<form action="/search/cgi-bin/omega" method="get" name="P">' in text
    assert '<input type="hidden" name="DB" value="en">' in text
    assert '<input type="text" name="P" size="27" value="">' in text
    assert '<input type="submit" value="Search">' in text


def test_omega_get_and_post(web):
    _status, _headers, body = fetch(f"{web.url}/search/cgi-bin/omega?P=Python&DB=en")
    assert "Results for Python" in body.decode()
    data = urllib.parse.urlencode({"DB": "sv", "P": "<b>"}).encode()
    status, _headers, body = fetch(f"{web.url}/search/cgi-bin/omega", data=data)
    assert status == 200
    assert "Results for &lt;b&gt;" in body.decode()
    assert "sv" in body.decode()
    assert web.log[-1].method == "POST"
    assert web.log[-1].body == b"DB=sv&P=%3Cb%3E"


# --- charsets -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/python/utf8", "text/html; charset=utf-8"),
        ("/python/wrong-charset", "text/html; charset=ascii"),
        ("/python/no-charset", "text/html"),
    ],
)
def test_python_charsets(web, path, content_type):
    status, headers, body = fetch(web.url + path)
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert "café" in body.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        body.decode("ascii")


# --- github: redirect to https, cookies ----------------------------------------------------


def test_github_http_redirects_to_https(web):
    status, headers, _body = fetch(f"{web.url}/github/", opener=no_redirects())
    assert status == 301
    assert headers["Location"] == f"{web.tls_url}/github/"


def test_github_https_sets_two_secure_httponly_cookies(web):
    status, headers, _body = fetch(f"{web.tls_url}/github/", opener=tls_opener(web.ca_path))
    assert status == 200
    cookies = headers.get_all("Set-Cookie")
    assert [c.split("=")[0] for c in cookies] == ["logged_in", "_gh_sess"]
    assert cookies[0].startswith("logged_in=no;")
    for cookie in cookies:
        assert "Path=/" in cookie
        assert "Expires=Sun, 22 Apr 2035 19:13:37 GMT" in cookie
        assert cookie.endswith("; Secure; HttpOnly")
        assert "Domain" not in cookie  # an IP address gets host-only cookies


def test_github_cookie_domain_with_fake_dns(web, fake_dns):
    jar = http.cookiejar.CookieJar()
    opener = tls_opener(web.ca_path, urllib.request.HTTPCookieProcessor(jar))
    status, _headers, _body = fetch(f"http://www.github.test:{web.port}/github/", opener=opener)
    assert status == 200
    assert fake_dns and all(name == "www.github.test" for name in fake_dns)
    assert web.log[-1].scheme == "https"
    assert web.log[-1].header("host") == f"www.github.test:{web.tls_port}"
    assert sorted(c.name for c in jar) == ["_gh_sess", "logged_in"]
    for cookie in jar:
        assert cookie.domain == ".github.test"
        assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
        expires = datetime.fromtimestamp(cookie.expires, tz=UTC)
        assert expires == datetime(2035, 4, 22, 19, 13, 37, tzinfo=UTC)
    # /github/cookies echoes what came back: on https only, since the cookies are Secure.
    _status, _headers, body = fetch(
        f"https://api.github.test:{web.tls_port}/github/cookies", opener=opener
    )
    assert set(json.loads(body)["cookies"]) == {"logged_in", "_gh_sess"}
    _status, _headers, body = fetch(
        f"http://api.github.test:{web.port}/github/cookies", opener=opener
    )
    assert json.loads(body)["cookies"] == {}


def test_fake_dns_refuses_other_names(fake_dns):
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("www.example.com", 80)
    assert socket.getaddrinfo("anything.test", 80)[0][4][0] == "127.0.0.1"


def test_github_without_tls_is_503():
    from lab_web import LabWeb

    with LabWeb(tls=False) as plain:
        assert plain.tls_url is None and plain.ca_path is None
        status, _headers, _body = fetch(f"{plain.url}/github/")
    assert status == 503


# --- google, pypi, headers, status ---------------------------------------------------------


def test_google_routes(web):
    assert fetch(f"{web.url}/google/", method="HEAD")[0::2] == (200, b"")
    status, headers, _body = fetch(f"{web.url}/google/preferences")
    assert status == 200 and headers["Set-Cookie"].startswith("PREF=lab")
    assert fetch(f"{web.url}/google/notawebpage")[0] == 404


def test_gmail_redirect_chain(web):
    opener = no_redirects()
    status, headers, _ = fetch(f"{web.url}/google/gmail", opener=opener)
    assert (status, headers["Location"]) == (301, "/google/mail/")
    status, headers, _ = fetch(f"{web.url}/google/mail/", opener=opener)
    assert (status, headers["Location"]) == (
        302,
        "/google/ServiceLogin?service=mail&passive=true&rm=false",
    )
    with OPENER.open(f"{web.url}/google/gmail", timeout=5) as response:
        assert response.status == 200
        assert response.url == f"{web.url}/google/ServiceLogin?service=mail&passive=true&rm=false"
    assert web.log[-1].query == "service=mail&passive=true&rm=false"


def test_redirect_loop(web):
    status, headers, _ = fetch(f"{web.url}/google/loop/7", opener=no_redirects())
    assert (status, headers["Location"]) == (302, "/google/loop/8")


def test_pypi_echoes_the_query(web):
    query = urllib.parse.urlencode({":action": "search", "term": "cheese shop?"})
    _status, headers, body = fetch(f"{web.url}/pypi/pypi?{query}&term=two")
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"args": {":action": ["search"], "term": ["cheese shop?", "two"]}}


def test_headers_route(web):
    _status, _headers, body = fetch(f"{web.url}/headers", {"X-Lab": "yes"})
    headers = json.loads(body)["headers"]
    assert headers["X-Lab"] == "yes"
    assert headers["User-Agent"].startswith("Python-urllib/3.")


@pytest.mark.parametrize("code", [200, 404, 418, 500, 503])
def test_status_route(web, code):
    status, headers, body = fetch(f"{web.url}/status/{code}")
    assert status == code
    assert headers["Content-Type"] == "text/plain"
    assert body == f"status {code}\n".encode()


def test_status_route_rejects_nonsense(web):
    assert fetch(f"{web.url}/status/99")[0] == 400
    assert fetch(f"{web.url}/status/abc")[0] == 404


# --- authentication --------------------------------------------------------------------------


def test_basic_auth(web):
    status, headers, _ = fetch(f"{web.url}/auth/basic")
    assert status == 401
    assert headers["WWW-Authenticate"] == 'Basic realm="lab"'
    status, _, body = fetch(f"{web.url}/auth/basic", {"Authorization": "Basic Q29yeTpMT0xOTw=="})
    assert (status, body) == (200, b"hello Cory\n")
    wrong = "Basic " + __import__("base64").b64encode(b"Cory:nope").decode()
    assert fetch(f"{web.url}/auth/basic", {"Authorization": wrong})[0] == 401


def test_login_and_private(web):
    opener = no_redirects()
    status, headers, _ = fetch(f"{web.url}/private", opener=opener)
    assert (status, headers["Location"]) == (302, "/login")
    _, _, form = fetch(f"{web.url}/login")
    assert b'name="user"' in form and b'name="password"' in form
    bad = urllib.parse.urlencode({"user": "student", "password": "nope"}).encode()
    assert fetch(f"{web.url}/login", data=bad, opener=opener)[0] == 401
    good = urllib.parse.urlencode({"user": "student", "password": "labpass"}).encode()
    status, headers, _ = fetch(f"{web.url}/login", data=good, opener=opener)
    assert (status, headers["Location"]) == (302, "/private")
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert cookie.endswith("; Path=/; Max-Age=3600; HttpOnly")
    session = cookie.split(";")[0]
    status, _, body = fetch(f"{web.url}/private", {"Cookie": session}, opener=opener)
    assert (status, body) == (200, b"private page for student\n")
    assert fetch(f"{web.url}/private", {"Cookie": "session=forged"}, opener=opener)[0] == 302


# --- the log -----------------------------------------------------------------------------------


def test_log_records_every_request_from_many_threads(web):
    def worker(n):
        for i in range(5):
            fetch(f"{web.url}/headers?worker={n}&i={i}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(web.log) == 30
    assert sorted(entry.query for entry in web.log) == sorted(
        f"worker={n}&i={i}" for n in range(6) for i in range(5)
    )
    entry = web.log[0]
    assert (entry.method, entry.path, entry.scheme, entry.body) == ("GET", "/headers", "http", b"")
    assert entry.client[0] == "127.0.0.1" and entry.client[1] > 0
    assert len(web.requests_to("/headers")) == 30


def test_ca_file_is_removed_on_exit():
    from lab_web import LabWeb

    with LabWeb(tls=True) as running:
        path = running.ca_path
        with open(path) as file:
            assert file.read().startswith("-----BEGIN CERTIFICATE-----")
    assert not __import__("os").path.exists(path)


# --- the command line ----------------------------------------------------------------------------


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    assert "--tls-port" in result.stdout and "--write-ca" in result.stdout


def test_runs_and_serves(tmp_path):
    ca = tmp_path / "ca.pem"
    with testing.start_script(
        SCRIPT, "--port", "0", "--tls-port", "0", "--write-ca", ca, "--quiet", ready=False
    ) as running:
        tls = running.wait_for_line(r"^Listening on 127\.0\.0\.1:(\d+) \(TLS\)$")
        _host, port = running.wait_ready()
        status, _headers, body = fetch(f"http://127.0.0.1:{port}/debian/")
        assert status == 200 and body.startswith(DOCTYPE)
        status, _headers, _body = fetch(f"http://127.0.0.1:{port}/github/", opener=tls_opener(ca))
        assert status == 200
        assert running.lines[0] == f"Listening on 127.0.0.1:{tls.group(1)} (TLS)"
    assert running.proc.returncode == 0


def test_bad_port_is_a_usage_error():
    line = testing.assert_one_line_error(testing.run_script(SCRIPT, "--port", "70000"), 2)
    assert "port" in line


def test_port_in_use_is_one_line(web):
    result = testing.run_script(SCRIPT, "--port", str(web.port))
    line = testing.assert_one_line_error(result, 1)
    assert "cannot listen" in line


def read_until_closed(sock) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except ConnectionResetError:
        pass
    return data


def test_https_keeps_serving_after_bad_clients(web):
    # A client that connects and stays silent, one that sends garbage, and one that
    # rejects the certificate: none of them may stop the server answering the next one.
    with socket.create_connection(("127.0.0.1", web.tls_port), timeout=5) as silent:
        with socket.create_connection(("127.0.0.1", web.tls_port), timeout=5) as garbage:
            garbage.sendall(b"GET / HTTP/1.1\r\n\r\n")
            untrusting = urllib.request.build_opener(
                urllib.request.ProxyHandler({}),
                urllib.request.HTTPSHandler(context=ssl.create_default_context()),
            )
            with pytest.raises(urllib.error.URLError) as info:
                untrusting.open(f"{web.tls_url}/google/", timeout=5)
            assert isinstance(info.value.reason, ssl.SSLCertVerificationError)
            status, _headers, _body = fetch(
                f"{web.tls_url}/google/", opener=tls_opener(web.ca_path)
            )
            assert status == 200
            assert b"HTTP/" not in read_until_closed(garbage)  # dropped, not answered
        silent.settimeout(0.2)
        with pytest.raises(TimeoutError):
            silent.recv(1)  # still waiting for its handshake; nothing blocked on it
    assert [(e.scheme, e.path) for e in web.log] == [("https", "/google/")]

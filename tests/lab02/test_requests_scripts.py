"""requests_tour.py, requests_errors.py and requests_post.py: the book's requests session."""

import pytest
import requests
import trustme

from labkit import testing

from .conftest import LAB

TOUR = LAB / "requests_tour.py"
ERRORS = LAB / "requests_errors.py"
POST = LAB / "requests_post.py"
SCRIPTS = [TOUR, ERRORS, POST]

requests_errors = testing.load_module(ERRORS, "requests_errors")
requests_post = testing.load_module(POST)
requests_tour = testing.load_module(TOUR)

CHEESE_URL = "/pypi/pypi?%3Aaction=search&term=Are+you+quite+sure+this+is+a+cheese+shop%3F"


def run(script, *args, **kwargs):
    return testing.run_script(script, *args, **kwargs)


def tour(web, *steps):
    result = run(TOUR, *steps, "--base-url", web.url, "--cafile", web.ca_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


# --- requests_tour.py -----------------------------------------------------------------------


def test_tour_basics(web):
    lines = tour(web, "basics")
    assert lines[0] == "# basics"
    for expected in [
        "response.status_code: 200",
        "response.reason: 'OK'",
        f"response.url: '{web.url}/debian/'",
        "response.headers['content-type']: 'text/html'",
        "response.ok: True",
        "response.is_redirect: False",
        "response.history: []",
        f"a URL without a path gets one: '{web.url}' is sent as '{web.url}/'",
    ]:
        assert expected in lines
    assert [(entry.method, entry.path) for entry in web.log] == [("GET", "/debian/")]


def test_tour_headers_match_what_the_server_received(web):
    lines = tour(web, "headers")
    sent = dict(line.strip().split(": ", 1) for line in lines if line.startswith("  "))
    received = web.log[0].headers
    assert sent["User-Agent"] == received["User-Agent"]
    assert sent["User-Agent"] == f"python-requests/{requests.__version__}"
    assert sent["Accept-Encoding"] == received["Accept-Encoding"]
    assert "gzip" in sent["Accept-Encoding"]
    assert sent["Accept"] == "*/*"
    assert "response.headers['content-encoding']: 'gzip'" in lines
    assert "response.content[:30]: b'<!DOCTYPE HTML PUBLIC \"-//W3C/'" in lines
    assert "type(response.text): <class 'str'>" in lines


def test_tour_encoding_latin1_then_utf8(web):
    lines = tour(web, "encoding")
    assert "response.encoding: 'ISO-8859-1'" in lines
    assert (
        "title, decoded as ISO-8859-1: 'Debian â\\x80\\x94 The Universal Operating System'" in lines
    )
    assert "title, decoded as UTF-8: 'Debian — The Universal Operating System'" in lines
    assert "response.apparent_encoding: 'utf-8'" in lines


def test_tour_cookies_over_https(web):
    lines = tour(web, "cookies")
    assert "response.history: [<Response [301]>]" in lines
    assert "response.history[0].is_redirect: True" in lines
    assert f"response.history[0].headers['location']: '{web.tls_url}/github/'" in lines
    assert f"response.url: '{web.tls_url}/github/'" in lines
    assert "sorted(response.cookies.keys()): ['_gh_sess', 'logged_in']" in lines
    cookie_lines = [line for line in lines if line.startswith(("  _gh_sess=", "  logged_in="))]
    assert len(cookie_lines) == 2
    for line in cookie_lines:
        assert "domain=127.0.0.1 path=/ secure=True httponly=True" in line
        assert line.endswith("expires=2035-04-22 19:13:37+00:00")
    assert cookie_lines[1].startswith("  logged_in=no ")
    assert f"  to {web.tls_url}/github/cookies: ['_gh_sess', 'logged_in']" in lines
    assert f"  to {web.url}/github/cookies: []" in lines  # Secure: never over plain http
    assert [entry.scheme for entry in web.requests_to("/github/cookies")] == ["https", "http"]


def test_tour_session_keeps_the_cookie(web):
    lines = tour(web, "session")
    assert "session.cookies.get_dict(): {'PREF': 'lab'}" in lines
    assert "Cookie header on the session's next request: 'PREF=lab'" in lines
    assert "Cookie header from a new session: None" in lines
    cookies = [entry.header("Cookie") for entry in web.log]
    assert cookies == [None, None, "PREF=lab", None]


def test_tour_head_useragent_params_redirects(web):
    lines = tour(web, "head", "useragent", "params", "redirects")
    assert [line for line in lines if line.startswith("# ")] == [
        "# head",
        "# useragent",
        "# params",
        "# redirects",
    ]
    assert "response.text: ''" in lines
    assert ("HEAD", "/google/") in [(entry.method, entry.path) for entry in web.log]
    assert "User-Agent the server saw: 'Mozilla/5.0 Firefox 24'" in lines
    assert [entry.header("User-Agent") for entry in web.requests_to("/headers")] == [
        f"python-requests/{requests.__version__}",
        "Mozilla/5.0 Firefox 24",
    ]
    assert f"response.url: '{web.url}{CHEESE_URL}'" in lines
    [pypi] = web.requests_to("/pypi/pypi")
    assert pypi.query == CHEESE_URL.split("?", 1)[1]
    assert f"  301 {web.url}/google/gmail -> /google/mail/" in lines
    final = "/google/ServiceLogin?service=mail&passive=true&rm=false"
    assert f"  302 {web.url}/google/mail/ -> {final}" in lines
    assert f"response.url: '{web.url}{final}'" in lines


def test_tour_runs_every_step_by_default(web):
    result = run(TOUR, "--base-url", web.url, "--cafile", web.ca_path)
    assert result.returncode == 0, result.stderr
    titles = [line[2:] for line in result.stdout.splitlines() if line.startswith("# ")]
    assert titles == list(requests_tour.STEPS)


def test_tour_without_the_ca_file_is_one_line(web, tmp_path):
    missing = tmp_path / "lab-ca.pem"
    result = run(TOUR, "cookies", "--base-url", web.url, "--cafile", missing)
    line = testing.assert_one_line_error(result, 1)
    assert f"CA file {missing} not found" in line and "--write-ca" in line


def test_tour_with_the_wrong_ca_is_a_verification_error(web, tmp_path):
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    result = run(TOUR, "cookies", "--base-url", web.url, "--cafile", other)
    line = testing.assert_one_line_error(result, 1)
    assert "SSLError: certificate verification failed" in line


def test_tour_unknown_step_is_a_usage_error():
    line = testing.assert_one_line_error(run(TOUR, "nosuchstep"), 2)
    assert "unknown step 'nosuchstep'" in line


def test_tour_cookie_domain_with_a_test_name(web, fake_dns):
    # In process, with the fake DNS: the github stand-in sets Domain=.github.test.
    with requests_errors.new_session() as session:
        url = f"http://www.github.test:{web.port}/github/"
        response = session.get(url, timeout=5, verify=web.ca_path)
    assert response.url == f"https://www.github.test:{web.tls_port}/github/"
    assert {cookie.domain for cookie in response.cookies} == {".github.test"}
    assert "www.github.test" in fake_dns


# --- requests_errors.py ----------------------------------------------------------------------


def test_errors_the_book_404_then_a_200(web):
    result = run(ERRORS, "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"GET {web.url}/google/notawebpage",
        "status_code: 404 (NOT FOUND)",
        "raise_for_status() raised HTTPError: 404 Client Error: NOT FOUND for url: "
        f"{web.url}/google/notawebpage",
        f"GET {web.url}/google/",
        "status_code: 200 (OK)",
        "raise_for_status() returned None",
    ]


def test_errors_check_makes_an_http_error_fatal(web):
    result = run(ERRORS, "--check", "/google/", "/status/500", "/google/", "--base-url", web.url)
    line = testing.assert_one_line_error(result, 1)
    assert line == (
        "requests_errors.py: error: HTTPError: 500 Server Error: INTERNAL SERVER ERROR "
        f"for url: {web.url}/status/500"
    )
    assert result.stdout.count("GET ") == 1
    assert [entry.path for entry in web.log] == ["/google/", "/status/500"]


def test_errors_refused_is_a_connection_error(closed_port):
    result = run(ERRORS, "--base-url", f"http://127.0.0.1:{closed_port}")
    line = testing.assert_one_line_error(result, 1)
    assert line == (
        "requests_errors.py: error: ConnectionError: connection refused "
        f"(http://127.0.0.1:{closed_port}/google/notawebpage)"
    )


def test_errors_full_backlog_is_a_connect_timeout(backlog_full_port):
    url = f"http://127.0.0.1:{backlog_full_port}"
    result = run(ERRORS, "--base-url", url, "--timeout", "0.5", timeout=20)
    line = testing.assert_one_line_error(result, 1)
    assert "ConnectTimeout: no answer to the connection attempt within 0.5 s" in line


def test_errors_silent_server_is_a_read_timeout(silent_port):
    url = f"http://127.0.0.1:{silent_port}"
    result = run(ERRORS, "--base-url", url, "--timeout", "0.5", timeout=20)
    line = testing.assert_one_line_error(result, 1)
    assert "ReadTimeout: connected, but no response within 0.5 s" in line


def test_the_three_exceptions_in_process(closed_port, backlog_full_port, silent_port):
    with requests_errors.new_session() as session:
        with pytest.raises(requests.ConnectionError) as refused:
            session.get(f"http://127.0.0.1:{closed_port}/", timeout=2)
        assert not isinstance(refused.value, requests.Timeout)
        assert isinstance(requests_errors.root_cause(refused.value), ConnectionRefusedError)
        with pytest.raises(requests.ConnectTimeout) as connect:
            session.get(f"http://127.0.0.1:{backlog_full_port}/", timeout=0.5)
        assert isinstance(connect.value, requests.ConnectionError)  # ConnectTimeout is both
        with pytest.raises(requests.ReadTimeout) as read:
            session.get(f"http://127.0.0.1:{silent_port}/", timeout=0.5)
        assert not isinstance(read.value, requests.ConnectionError)
    assert requests_errors.explain(refused.value).startswith("ConnectionError: connection refused")
    assert requests_errors.explain(connect.value, 0.5).startswith("ConnectTimeout: ")
    assert requests_errors.explain(read.value, 0.5).startswith("ReadTimeout: ")


def test_raise_for_status_returns_none_on_200(web):
    with requests_errors.new_session() as session:
        response, outcome = requests_errors.check(session, web.url + "/google/", 5)
        assert response.status_code == 200 and response.raise_for_status() is None
        assert outcome == "returned None"
        response, outcome = requests_errors.check(session, web.url + "/google/notawebpage", 5)
    assert outcome == (
        f"raised HTTPError: 404 Client Error: NOT FOUND for url: {web.url}/google/notawebpage"
    )


# --- requests_post.py -------------------------------------------------------------------------


def test_post_sends_p_python(web):
    result = run(POST, "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    [request] = web.requests_to("/search/cgi-bin/omega")
    assert (request.method, request.body) == ("POST", b"P=Python")
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert "<h1>Results for Python</h1>" in result.stdout
    assert "body: 'P=Python'" in result.stdout.splitlines()


def test_the_books_set_is_not_a_form(web):
    """``{'P', 'Python'}`` is a set: requests streams its items with Content-Length 2."""
    url = web.url + "/search/cgi-bin/omega"
    with requests_errors.new_session() as session:
        response = requests_post.post_search(session, url, {"P", "Python"}, timeout=5)
    [request] = web.requests_to("/search/cgi-bin/omega")
    assert request.body != b"P=Python"
    assert request.body in (b"PP", b"Py")  # the first 2 bytes of "PPython" or "PythonP"
    assert request.header("Content-Length") == "2"
    assert request.header("Content-Type") is None
    assert "<h1>Results for </h1>" in response.text  # the server found no field P


def test_the_set_prepared_without_sending():
    book = requests_post.prepared("http://127.0.0.1:8002/x", {"P", "Python"})
    fixed = requests_post.prepared("http://127.0.0.1:8002/x", {"P": "Python"})
    assert book.body == {"P", "Python"} and book.headers["Content-Length"] == "2"
    assert fixed.body == "P=Python" and fixed.headers["Content-Length"] == "8"


def test_post_book_bug_option_sends_nothing(closed_port):
    result = run(POST, "--book-bug", "--base-url", f"http://127.0.0.1:{closed_port}")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# data = {'P', 'Python'}: a set"
    assert "Content-Length: 2" in lines and "Content-Type: None" in lines
    assert "body: 'P=Python'" in lines and "Content-Length: 8" in lines


def test_post_http_error_is_one_line(web):
    result = run(POST, "--base-url", web.url + "/nowhere")
    line = testing.assert_one_line_error(result, 1)
    assert line.startswith("requests_post.py: error: HTTPError: 404 Client Error: NOT FOUND")


# --- all three: help and failures -------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_help(script):
    result = run(script, "--help")
    assert result.returncode == 0
    assert f"usage: {script.name}" in result.stdout and "--base-url" in result.stdout


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
@pytest.mark.parametrize("base_url", ["ftp://127.0.0.1/", "http://h:99999"])
def test_a_bad_base_url_is_a_usage_error(script, base_url):
    result = run(script, "--base-url", base_url)
    line = testing.assert_one_line_error(result, 2)
    assert line.startswith(f"{script.name}: error: argument --base-url")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_a_bad_timeout_is_a_usage_error(script):
    assert "--timeout" in testing.assert_one_line_error(run(script, "--timeout", "0"), 2)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_a_refused_connection_is_one_line(script, closed_port):
    result = run(script, "--base-url", f"http://127.0.0.1:{closed_port}")
    assert "ConnectionError: connection refused" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_a_connect_timeout_is_one_line(script, backlog_full_port):
    url = f"http://127.0.0.1:{backlog_full_port}"
    result = run(script, "--base-url", url, "--timeout", "0.5", timeout=20)
    assert "ConnectTimeout" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_a_read_timeout_is_one_line(script, silent_port):
    url = f"http://127.0.0.1:{silent_port}"
    result = run(script, "--base-url", url, "--timeout", "0.5", timeout=20)
    assert "ReadTimeout" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_proxy_settings_are_ignored(script, web, closed_port):
    proxy = f"http://127.0.0.1:{closed_port}"
    env = {"http_proxy": proxy, "HTTP_PROXY": proxy, "NO_PROXY": "", "no_proxy": ""}
    args = ["--cafile", web.ca_path] if script == TOUR else []
    result = run(script, "--base-url", web.url, *args, env=env)
    assert result.returncode == 0, result.stderr

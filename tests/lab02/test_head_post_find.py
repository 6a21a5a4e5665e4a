"""head_request.py, post_form.py and find_form.py: HEAD, a form POST and reading a form."""

import pytest

from labkit import testing

from .conftest import LAB

HEAD = LAB / "head_request.py"
POST = LAB / "post_form.py"
FIND = LAB / "find_form.py"
SCRIPTS = [HEAD, POST, FIND]

find_form = testing.load_module(FIND)
post_form = testing.load_module(POST)
head_request = testing.load_module(HEAD)


def run(script, *args, **kwargs):
    return testing.run_script(script, *args, **kwargs)


# --- head_request.py ----------------------------------------------------------------------


def test_head_prints_200_and_an_empty_body(web):
    result = run(HEAD, "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"HEAD {web.url}/google/"
    assert "status: 200" in lines
    assert "Content-Type: text/html; charset=utf-8" in lines
    assert lines[-1] == "body: b''"


def test_the_server_saw_a_head_request(web):
    assert run(HEAD, "--base-url", web.url).returncode == 0
    assert [(entry.method, entry.path) for entry in web.log] == [("HEAD", "/google/")]
    assert web.log[0].header("User-Agent").startswith("Python-urllib/3.")


def test_head_in_process_reports_the_size_a_get_would_get(web):
    status, headers, body = head_request.head(web.url + "/debian/", timeout=5)
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) > 4000


def test_head_of_a_missing_page_is_a_one_line_404(web):
    result = run(HEAD, "--base-url", web.url, "--path", "/google/notawebpage")
    line = testing.assert_one_line_error(result, 1)
    assert line == f"head_request.py: error: HTTP 404 NOT FOUND for {web.url}/google/notawebpage"


# --- post_form.py -------------------------------------------------------------------------


def test_post_sends_p_python_as_a_form(web):
    result = run(POST, "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    [request] = web.requests_to("/search/cgi-bin/omega")
    assert request.method == "POST"
    assert request.body == b"P=Python"
    assert request.header("Content-Type") == "application/x-www-form-urlencoded; charset=UTF-8"
    assert request.header("Content-Length") == "8"
    assert "<h1>Results for Python</h1>" in result.stdout
    assert "body: b'P=Python'" in result.stdout.splitlines()


def test_post_encodes_the_query(web):
    result = run(POST, "--base-url", web.url, "--query", "Monty Python & co")
    assert result.returncode == 0, result.stderr
    assert web.log[-1].body == b"P=Monty+Python+%26+co"
    assert "Results for Monty Python &amp; co" in result.stdout


def test_form_body():
    assert post_form.form_body({"P": "Python"}) == b"P=Python"
    assert post_form.form_body({"DB": "en", "P": "café?"}) == b"DB=en&P=caf%C3%A9%3F"


# --- find_form.py -------------------------------------------------------------------------


def test_find_form_returns_the_book_form(web):
    url = web.url + "/debian/search"
    html = find_form.fetch(url, timeout=5)
    assert find_form.find_form(html, url) == (
        web.url + "/search/cgi-bin/omega",
        "get",
        {"DB": "en", "P": ""},
    )


def test_find_form_prints_action_method_and_fields(web):
    result = run(FIND, "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"page:   {web.url}/debian/search",
        f"action: {web.url}/search/cgi-bin/omega",
        "method: get",
        "fields: {'DB': 'en', 'P': ''}",
    ]


def test_the_book_form_as_printed_in_the_book():
    # The book's own markup: absolute action, </input> end tags, inputs without a type.
    html = """<form action="http://search.debian.org/cgi-bin/omega"
    method="get" name="P">
    <p>
      <input type="hidden" value="en" name="DB"></input>
      <input size="27" value="" name="P"></input>
      <input type="submit" value="Search"></input>
    </p>
    </form>"""
    assert find_form.find_form(html, "http://www.debian.org/") == (
        "http://search.debian.org/cgi-bin/omega",
        "get",
        {"DB": "en", "P": ""},
    )


def test_relative_action_post_method_and_buttons(b_site):
    url = b_site.url + "/form/post"
    assert find_form.find_form(find_form.fetch(url, timeout=5), url) == (
        b_site.url + "/form/results",
        "post",
        {"DB": "en", "P": "", "lang": "sv"},
    )


def test_only_inputs_inside_the_form_and_only_checked_boxes():
    html = """<input name="outside" value="x">
    <form><input type="checkbox" name="a" value="1" checked>
    <input type="checkbox" name="b" value="2"><input type="radio" name="r" value="y" checked>
    </form><input name="after" value="z">"""
    assert find_form.find_form(html, "http://h.test/dir/page") == (
        "http://h.test/dir/page",
        "get",
        {"a": "1", "r": "y"},
    )


def test_a_page_without_a_form(web):
    with pytest.raises(ValueError):
        find_form.find_form("<p>no form</p>", "http://h.test/")
    result = run(FIND, "--base-url", web.url, "--path", "/google/")
    line = testing.assert_one_line_error(result, 1)
    assert line == f"find_form.py: error: no <form> in {web.url}/google/"


# --- all three: help and failures ----------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_help(script):
    result = run(script, "--help")
    assert result.returncode == 0
    assert f"usage: {script.name}" in result.stdout and "--base-url" in result.stdout


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
@pytest.mark.parametrize("base_url", ["ftp://127.0.0.1/", "127.0.0.1:8002", "http://h:99999"])
def test_a_bad_base_url_is_a_usage_error(script, base_url):
    result = run(script, "--base-url", base_url)
    line = testing.assert_one_line_error(result, 2)
    assert line.startswith(f"{script.name}: error: argument --base-url")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_a_refused_connection_is_one_line(script, closed_port):
    result = run(script, "--base-url", f"http://127.0.0.1:{closed_port}")
    line = testing.assert_one_line_error(result, 1)
    assert "connection refused" in line and "python lab_web.py" in line


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_a_connect_timeout_is_one_line(script, backlog_full_port):
    url = f"http://127.0.0.1:{backlog_full_port}"
    result = run(script, "--base-url", url, "--timeout", "0.5", timeout=20)
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_a_read_timeout_is_one_line(script, silent_port):
    url = f"http://127.0.0.1:{silent_port}"
    result = run(script, "--base-url", url, "--timeout", "0.5", timeout=20)
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_proxy_settings_are_ignored(script, web, closed_port):
    proxy = f"http://127.0.0.1:{closed_port}"
    env = {"http_proxy": proxy, "HTTP_PROXY": proxy, "NO_PROXY": "", "no_proxy": ""}
    result = run(script, "--base-url", web.url, env=env)
    assert result.returncode == 0, result.stderr

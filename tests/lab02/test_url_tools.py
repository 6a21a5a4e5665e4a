"""url_tools.py: the book's urllib.parse examples, with its typos fixed (no network)."""

import socket

import pytest

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "url_tools.py"
url_tools = testing.load_module(SCRIPT)


def run(*args):
    return testing.run_script(SCRIPT, *args)


def results(output: str) -> dict[str, str]:
    """``>>> expression`` -> the line printed after it (assignments print nothing)."""
    lines = output.splitlines()
    found = {}
    for index, line in enumerate(lines):
        if line.startswith(">>> ") and index + 1 < len(lines):
            following = lines[index + 1]
            if following and not following.startswith((">>> ", "# ")):
                found[line[4:]] = following
    return found


@pytest.fixture(scope="module")
def shown() -> dict[str, str]:
    result = run()
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return results(result.stdout)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("quote('A duck?')", "'A%20duck%3F'"),
        ("quote('+Zoot/Dingo+', safe='')", "'%2BZoot%2FDingo%2B'"),
        ("quote('images/users/+Zoot/Dingo+')", "'images/users/%2BZoot/Dingo%2B'"),
        ("quote('/images/users/+Zoot+/')", "'/images/users/%2BZoot%2B/'"),
        ("user_path('+Zoot/Dingo+')", "'/images/users/%2BZoot%2FDingo%2B'"),
        ("urljoin('http://www.debian.org', 'intro/about')", "'http://www.debian.org/intro/about'"),
        ("urljoin('http://www.debian.org/intro', 'about')", "'http://www.debian.org/about'"),
        ("urljoin('http://www.debian.org/intro/about/', '../News')", "'http://www.debian.org/intro/News'"),
        ("urljoin('http://www.debian.org/intro/about/', '../../../News')", "'http://www.debian.org/News'"),
        ("urljoin('http://www.debian.org/intro/about', '../../News')", "'http://www.debian.org/News'"),
        # The book's typo, shown for what it really gives:
        ("urljoin('http://www.debian.org/intro/about/', '../../..../News')", "'http://www.debian.org/..../News'"),
        ("urljoin('http://www.debian.org/about', 'http://www.python.org')", "'http://www.python.org'"),
        ("parse_qs('q=urlparse&area=default')", "{'q': ['urlparse'], 'area': ['default']}"),
        ("parse_qs('q=urlparse&q=urljoin')", "{'q': ['urlparse', 'urljoin']}"),
        ("query_enc", "'%3Aaction=search&term=Are+you+quite+sure+this+is+a+cheese+shop%3F'"),
        (
            "urlunparse(('http', 'pypi.python.org', path_enc, '', query_enc, ''))",
            "'http://pypi.python.org/pypi?%3Aaction=search&term=Are+you+quite+sure+this+is+a+cheese+shop%3F'",
        ),
        ("urlparse('http://www.python.org:8080/').port", "8080"),
        ("default_port('http://www.python.org/')", "80"),
        ("default_port('https://www.python.org/')", "443"),
        ("'bücher.example'.encode('idna')", "b'xn--bcher-kva.example'"),
        ("host_to_ascii('bücher.example')", "'xn--bcher-kva.example'"),
    ],
)  # fmt: skip
def test_the_book_values(shown, expression, value):
    assert shown[expression] == value


def test_the_book_query_key_is_action_with_a_colon(shown):
    assert ">>> query_dict = {':action': 'search', 'term': term}" in run("build").stdout
    assert url_tools.build_url("http", "pypi.python.org", "pypi", {":action": "search"}) == (
        "http://pypi.python.org/pypi?%3Aaction=search"
    )


def test_urlparse_of_the_book_url(shown):
    assert shown["urlparse('http://www.python.org/dev/peps')"] == (
        "ParseResult(scheme='http', netloc='www.python.org', path='/dev/peps', params='', "
        "query='', fragment='')"
    )
    assert shown["urlparse('../images/tux.png')"].startswith(
        "ParseResult(scheme='', netloc='', path='../images/tux.png'"
    )


def test_functions_in_process():
    assert url_tools.default_port("http://127.0.0.1:8002/") == 8002
    assert url_tools.default_port("https://www.lab.test/") == 443
    assert url_tools.default_port("ftp://files.lab.test/") is None
    assert url_tools.user_path("a b/c") == "/images/users/a%20b%2Fc"
    assert url_tools.build_url("https", "h.test", "/a b", {"q": "x&y", "n": "1"}) == (
        "https://h.test/a%20b?q=x%26y&n=1"
    )


def test_idna_encoding_looks_nothing_up(monkeypatch):
    def no_lookups(*args, **kwargs):
        raise AssertionError("no name lookup expected")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookups)
    monkeypatch.setattr(socket, "gethostbyname", no_lookups)
    assert url_tools.host_to_ascii("bücher.example") == "xn--bcher-kva.example"
    assert url_tools.host_to_ascii("www.lab.test") == "www.lab.test"


def test_one_section_only():
    result = run("join")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Relative URLs: urljoin\n>>> urljoin(")
    assert "# " not in result.stdout[2:] and "quote(" not in result.stdout


def test_every_section_runs_and_shows_prompt_lines():
    result = run(*url_tools.SECTIONS)
    assert result.returncode == 0, result.stderr
    titles = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert len(titles) == len(url_tools.SECTIONS)
    assert result.stdout == run().stdout


def test_describe_a_url():
    result = run("--url", "http://127.0.0.1:8002/pypi/pypi?q=spam&q=eggs#top")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "scheme:   'http'",
        "netloc:   '127.0.0.1:8002'",
        "hostname: '127.0.0.1'",
        "port:     8002",
        "path:     '/pypi/pypi'",
        "query:    {'q': ['spam', 'eggs']}",
        "fragment: 'top'",
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["nosuchsection"], "unknown section 'nosuchsection'"),
        (["--url", "http://127.0.0.1:99999/"], "bad URL"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_are_one_line_usage_errors(args, fragment):
    result = run(*args)
    line = testing.assert_one_line_error(result, 2)
    assert line.startswith("url_tools.py: error: ") and fragment in line
    assert result.stdout == ""


def test_help():
    result = run("--help")
    assert result.returncode == 0
    assert "usage: url_tools.py" in result.stdout and "--url" in result.stdout

"""C2-8 cookies_urllib.py and C2-9 redirects.py."""

import http.cookiejar
import json
from datetime import UTC, datetime

import cookies_urllib
import pytest
import redirects
from lab_web import LabWeb

from labkit import testing

from .conftest import LAB

EXPIRY = datetime(2035, 4, 22, 19, 13, 37, tzinfo=UTC)
GMAIL_FINAL = "/google/ServiceLogin?service=mail&passive=true&rm=false"

# --- C2-8 cookies_urllib.py -------------------------------------------------------------


def run_cookies(web, *args):
    return testing.run_script(
        LAB / "cookies_urllib.py", "--base-url", web.url, "--cafile", web.ca_path, *args
    )


def test_cookies_output(web):
    result = run_cookies(web)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"  answered by {web.tls_url}/github/ (status 200)\n" in out
    assert "cookies in the jar: 2\n" in out
    assert "logged_in = no\n" in out and "_gh_sess = " in out
    assert out.count("  domain:   127.0.0.1\n") == 2
    assert out.count("  path:     /\n") == 2
    assert out.count("  expires:  2060882017 = 2035-04-22 19:13:37 UTC\n") == 2
    assert out.count("  HttpOnly: True\n") == 2
    assert out.count("  secure:   True\n") == 2
    assert "cookies sent back over http:  []\n" in out
    assert "cookies sent back over https: ['_gh_sess', 'logged_in']\n" in out


def test_http_redirects_to_https_and_secure_cookies_go_back_on_https_only(web):
    result = run_cookies(web)
    assert result.returncode == 0, result.stderr
    assert [(e.scheme, e.path) for e in web.log] == [
        ("http", "/github/"),
        ("https", "/github/"),
        ("http", "/github/cookies"),
        ("https", "/github/cookies"),
    ]
    assert web.log[2].header("Cookie") is None
    sent = web.log[3].header("Cookie")
    assert sorted(part.split("=")[0] for part in sent.split("; ")) == ["_gh_sess", "logged_in"]


def test_cookie_domain_with_fake_dns(web, fake_dns, capsys):
    base = f"http://www.github.test:{web.port}"
    assert cookies_urllib.main(["--base-url", base, "--cafile", web.ca_path]) == 0
    out = capsys.readouterr().out
    assert f"  answered by https://www.github.test:{web.tls_port}/github/" in out
    assert out.count("  domain:   .github.test\n") == 2
    assert "cookies sent back over https: ['_gh_sess', 'logged_in']\n" in out
    assert set(fake_dns) == {"www.github.test"}


def test_jar_contents_in_process(web):
    jar = http.cookiejar.CookieJar()
    opener = cookies_urllib.make_opener(jar, web.ca_path)
    status, final_url = cookies_urllib.visit(opener, f"{web.url}/github/", timeout=5)
    assert (status, final_url) == (200, f"{web.tls_url}/github/")
    cookies = {cookie.name: cookie for cookie in jar}
    assert len(jar) == 2 and cookies["logged_in"].value == "no"
    for cookie in cookies.values():
        assert cookies_urllib.expires_utc(cookie) == EXPIRY
        assert cookie.has_nonstandard_attr("HttpOnly")
        assert cookie.get_nonstandard_attr("HttpOnly") is None  # the book's check: always None
        assert cookie.secure and cookie.path == "/"


def test_save_and_reload_a_mozilla_cookie_jar(web, tmp_path):
    saved = tmp_path / "cookies.txt"
    result = run_cookies(web, "--save", saved)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"saved 2 cookies to {saved}\n")
    assert saved.read_text().startswith("# Netscape HTTP Cookie File")
    jar = http.cookiejar.MozillaCookieJar()
    jar.load(saved)
    cookies = {cookie.name: cookie for cookie in jar}
    assert set(cookies) == {"logged_in", "_gh_sess"}
    for cookie in cookies.values():
        assert cookie.secure and cookie.expires == 2060882017 and cookie.domain == "127.0.0.1"
    # The reloaded jar works: the cookies go back to the server in a new session.
    opener = cookies_urllib.make_opener(jar, web.ca_path)
    assert cookies_urllib.cookies_sent_back(opener, f"{web.tls_url}/github/cookies", 5) == [
        "_gh_sess",
        "logged_in",
    ]
    plain = cookies_urllib.make_opener(http.cookiejar.CookieJar(), web.ca_path)
    with plain.open(f"{web.tls_url}/github/cookies", timeout=5) as response:
        received = json.load(response)
    assert received["cookies"] == {}  # a request without the jar carries nothing


def test_untrusted_certificate(web):
    result = testing.run_script(LAB / "cookies_urllib.py", "--base-url", web.url)
    line = testing.assert_one_line_error(result, 1)
    assert "certificate verification failed" in line and "--cafile" in line


def test_certificate_from_another_ca(web, tmp_path):
    import trustme

    other = tmp_path / "other.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    result = testing.run_script(LAB / "cookies_urllib.py", "--base-url", web.url, "--cafile", other)
    assert "certificate verification failed" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("content", [None, "not a certificate\n"])
def test_bad_cafile(web, tmp_path, content):
    cafile = tmp_path / "ca.pem"
    if content is not None:
        cafile.write_text(content)
    result = testing.run_script(
        LAB / "cookies_urllib.py", "--base-url", web.url, "--cafile", cafile
    )
    assert "cannot load CA file" in testing.assert_one_line_error(result, 1)


def test_save_to_a_missing_directory(web, tmp_path):
    result = run_cookies(web, "--save", tmp_path / "no" / "such" / "cookies.txt")
    assert "cannot save cookies" in testing.assert_one_line_error(result, 1)


def test_without_https_the_server_says_503():
    with LabWeb(tls=False) as plain:
        result = testing.run_script(LAB / "cookies_urllib.py", "--base-url", plain.url)
    assert "503" in testing.assert_one_line_error(result, 1)


# --- C2-9 redirects.py ----------------------------------------------------------------------


def test_follow_gmail(web):
    followed = redirects.follow(f"{web.url}/google/gmail", timeout=5)
    assert followed.status == 200
    assert followed.url == web.url + GMAIL_FINAL
    assert len(followed.redirect_dict) == 2
    assert followed.redirect_dict == {f"{web.url}/google/mail/": 1, web.url + GMAIL_FINAL: 1}
    assert [(code, new) for code, _old, new in followed.hops] == [
        (301, f"{web.url}/google/mail/"),
        (302, web.url + GMAIL_FINAL),
    ]
    assert [e.path for e in web.log] == ["/google/gmail", "/google/mail/", "/google/ServiceLogin"]


def test_redirects_output(web):
    result = testing.run_script(LAB / "redirects.py", "--base-url", web.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"GET {web.url}/google/gmail",
        f"  301 -> {web.url}/google/mail/",
        f"  302 -> {web.url}{GMAIL_FINAL}",
        f"final URL: {web.url}{GMAIL_FINAL}",
        "status: 200",
        "redirect_dict (2 entries):",
        f"  {web.url}/google/mail/: 1",
        f"  {web.url}{GMAIL_FINAL}: 1",
    ]


def test_no_redirect_no_redirect_dict(web):
    followed = redirects.follow(f"{web.url}/google/", timeout=5)
    assert (followed.hops, followed.redirect_dict) == ([], {})


def test_loop_raises_after_10_hops(web):
    with pytest.raises(redirects.TooManyRedirects, match="after 10 redirects"):
        redirects.follow(f"{web.url}/google/loop/0", timeout=5)
    # The first request and 10 redirects followed; the 11th Location is not requested.
    assert [e.path for e in web.log] == [f"/google/loop/{n}" for n in range(11)]


def test_loop_is_one_line(web):
    result = testing.run_script(
        LAB / "redirects.py",
        "--base-url",
        web.url,
        "--path",
        "/google/loop/0",
        env={"PYTHONWARNINGS": "always::ResourceWarning"},
    )
    line = testing.assert_one_line_error(result, 1)
    assert "redirect loop: urllib gave up after 10 redirects" in line


def test_redirects_bad_path():
    result = testing.run_script(LAB / "redirects.py", "--path", "google/gmail")
    assert "--path" in testing.assert_one_line_error(result, 2)

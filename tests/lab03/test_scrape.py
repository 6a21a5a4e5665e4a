"""scrape_explore.py and get_debian_version.py against the lab's copy of the Debian pages."""

from __future__ import annotations

import get_debian_version as gdv
import pytest

from labkit import testing

from .fixtures_web import LAB

VERSION_SCRIPT = LAB / "get_debian_version.py"
EXPLORE_SCRIPT = LAB / "scrape_explore.py"


@pytest.mark.parametrize("script", [VERSION_SCRIPT, EXPLORE_SCRIPT])
def test_help(script):
    result = testing.run_script(script, "--help")
    assert result.returncode == 0 and "--timeout" in result.stdout


@pytest.mark.parametrize(
    ("path", "output"),
    [
        ("/releases/stable/", "Codename: jessie\nVersion: 8.0\n"),
        ("/variants/extra-div/", "Codename: jessie\nVersion: 8.0\n"),
        ("/releases/trixie/", "Codename: trixie\nVersion: 13.0\n"),
    ],
)
def test_codename_and_version(site, path, output):
    result = testing.run_script(VERSION_SCRIPT, site.url + path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == output


def test_the_url_comes_from_the_environment(site):
    env = {"DEBIAN_RELEASE_URL": site.url + "/releases/trixie/"}
    result = testing.run_script(VERSION_SCRIPT, env=env)
    assert result.stdout == "Codename: trixie\nVersion: 13.0\n"


def test_itertext_reads_past_a_link():
    page = (
        '<html><head><meta charset="utf-8">'
        "<title>Debian -- Debian \u201cbookworm\u201d Release Information</title>"
        '</head><body><div id="content"><h1>x</h1>'
        '<p><a href="/News">Debian 12.0</a> was released June 10th, 2023.</p>'
        "</div></body></html>"
    ).encode()
    assert gdv.parse_release(page) == ("bookworm", "12.0")  # p.text would be None here


def test_a_page_without_content_div_is_one_line(site):
    result = testing.run_script(VERSION_SCRIPT, site.url + "/variants/no-content/")
    line = testing.assert_one_line_error(result, 1)
    assert "layout has changed" in line and "content" in line
    assert result.stdout == ""


def test_straight_quotes_break_the_book_regex(site):
    result = testing.run_script(VERSION_SCRIPT, site.url + "/releases/bookworm/")
    assert "codename" in testing.assert_one_line_error(result, 1)


def test_a_missing_page_is_one_line(site):
    result = testing.run_script(VERSION_SCRIPT, site.url + "/releases/potato/")
    assert "HTTP 404" in testing.assert_one_line_error(result, 1)


def test_a_refused_connection_is_one_line():
    url = f"http://127.0.0.1:{testing.closed_port()}/releases/stable/"
    for script, args in ((VERSION_SCRIPT, [url]), (EXPLORE_SCRIPT, ["--url", url])):
        line = testing.assert_one_line_error(testing.run_script(script, *args), 1)
        assert "site_server.py" in line


def test_a_bad_url_is_a_usage_error():
    testing.assert_one_line_error(testing.run_script(VERSION_SCRIPT, "www.debian.org"), 2)
    testing.assert_one_line_error(testing.run_script(EXPLORE_SCRIPT, "--url", "nope"), 2)


def test_explore_shows_the_book_queries(site):
    result = testing.run_script(EXPLORE_SCRIPT, "--url", site.url + "/releases/stable/")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[e.tag for e in root] -> ['head', 'body']"
    assert lines[1] == "title -> 'Debian -- Debian \u201cjessie\u201d Release Information'"
    assert "root.xpath('body/div') -> ['div#header', 'div#content', 'div#footer']" in lines
    assert "head.xpath('.//h1') -> []" in lines
    assert "root.xpath('//div[h1]') -> ['div#content']" in lines
    assert "root.xpath('body/div[2]') -> ['div#content']" in lines


def test_an_extra_div_fools_positions_not_the_id(site):
    result = testing.run_script(EXPLORE_SCRIPT, "--url", site.url + "/variants/extra-div/")
    lines = result.stdout.splitlines()
    assert "root.xpath('body/div[2]') -> ['div#notice']" in lines
    assert "root.xpath('//div[@id=\"content\"]') -> ['div#content']" in lines
    assert "body's 2nd div, its first p -> 'Debian 7.9 is'" in lines

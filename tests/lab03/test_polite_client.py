"""polite_client.py: a bot User-Agent, robots.txt once per host, a delay, no forbidden fetch."""

from __future__ import annotations

import itertools

import polite_client
import site_server

from labkit import testing

from .fixtures_web import LAB

SCRIPT = LAB / "polite_client.py"


def run(site, *paths, delay="0"):
    args = [arg for path in paths for arg in ("--url", site.url + path)]
    return testing.run_script(SCRIPT, *args, "--delay", delay)


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0 and "--delay" in result.stdout


def test_the_user_agent_says_bot_and_gives_a_contact(site):
    result = run(site, "/", "/about.html")
    assert result.returncode == 0, result.stderr
    agents = {hit.user_agent for hit in site.log}
    assert len(agents) == 1
    [agent] = agents
    assert "bot" in agent.lower() and "http://" in agent


def test_a_disallowed_path_is_never_requested(site):
    result = run(site, "/", "/private/", "/private/drafts.html", "/releases/stable/")
    assert result.returncode == 0, result.stderr
    assert not [hit for hit in site.log if hit.path.startswith("/private/")]
    assert f"skipped {site.url}/private/ (disallowed by robots.txt)" in result.stdout
    assert result.stdout.count("fetched ") == 2


def test_robots_txt_is_fetched_once_per_host(site):
    with site_server.SiteServer() as other:
        args = []
        for base in (site.url, other.url, site.url, other.url):
            args += ["--url", base + "/about.html"]
        result = testing.run_script(SCRIPT, *args, "--delay", "0")
        assert result.returncode == 0, result.stderr
        for server in (site, other):
            assert server.paths() == ["/robots.txt", "/about.html", "/about.html"]


def test_requests_are_spaced_by_the_delay(site):
    result = run(site, "/", "/about.html", "/releases/", delay="0.3")
    assert result.returncode == 0, result.stderr
    times = [hit.when for hit in site.log]
    assert len(times) == 4  # robots.txt and three pages
    assert all(later - earlier >= 0.25 for earlier, later in itertools.pairwise(times))


def test_no_robots_txt_means_everything_is_allowed(tmp_path):
    (tmp_path / "index.html").write_text("<p>hi</p>", encoding="utf-8")
    with site_server.SiteServer(directory=tmp_path) as bare:
        client = polite_client.PoliteClient(delay=0)
        response = client.fetch(bare.url + "/")
        assert response is not None and response.status_code == 200
        assert bare.paths() == ["/robots.txt", "/"]


def test_a_refused_connection_is_one_line():
    url = f"http://127.0.0.1:{testing.closed_port()}/"
    result = testing.run_script(SCRIPT, "--url", url)
    assert "site_server.py" in testing.assert_one_line_error(result, 1)


def test_bad_arguments_are_usage_errors():
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--url", "localhost/"), 2)
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--delay", "-1"), 2)

"""site_server.py: the static site with an access log that names the User-Agent."""

from __future__ import annotations

from labkit import testing

from .fixtures_web import LAB

SCRIPT = LAB / "site_server.py"


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0 and "--directory" in result.stdout


def test_bad_arguments_are_usage_errors(tmp_path):
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--port", "99999"), 2)
    missing = tmp_path / "missing"
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--directory", str(missing)), 2)


def test_serves_the_pages_and_logs_each_request(site, http):
    headers = {"User-Agent": "TestBot/1.0 (+http://www.lab.test/)"}
    page = http.get(site.url + "/releases/stable/", headers=headers, timeout=5)
    assert page.status_code == 200 and "jessie" in page.text
    assert http.get(site.url + "/robots.txt", timeout=5).text.count("Disallow: /private/") == 1
    assert http.get(site.url + "/nowhere.html", timeout=5).status_code == 404
    log = [(hit.path, hit.status) for hit in site.log]
    assert log == [("/releases/stable/", 200), ("/robots.txt", 200), ("/nowhere.html", 404)]
    assert site.log[0].user_agent == headers["User-Agent"]


def test_every_link_on_the_site_resolves_or_is_known_dead(site, http):
    from lxml.etree import HTML

    pages = ["/", "/releases/", "/releases/stable/", "/releases/trixie/", "/about.html"]
    for path in pages:
        root = HTML(http.get(site.url + path, timeout=5).content)
        for href in root.xpath("//a/@href"):
            assert not href.startswith(("http:", "https:")), f"{path}: off-site link {href}"


def test_runs_as_a_script_and_logs_the_user_agent(http):
    with testing.start_script(SCRIPT, "--port", "0") as proc:
        base = f"http://{proc.host}:{proc.port}"
        headers = {"User-Agent": "LogCheckBot/2.0"}
        assert http.get(base + "/", headers=headers, timeout=5).status_code == 200
        assert proc.stop() == 0
        stderr = proc.stderr_text()
    assert '"GET / HTTP/1.1" 200 "LogCheckBot/2.0"' in stderr

"""The book copies a browser's User-Agent from a capture; here a real headless Chromium
visits the lab's web app and the app's log shows what each client says it is."""

import urllib.request

import pytest
import requests

from labkit import browser as labkit_browser

pytestmark = pytest.mark.browser


def test_three_clients_three_user_agents_and_encodings(web, tmp_path):
    if browser_problem := labkit_browser.problem():
        pytest.skip(browser_problem)
    url = f"{web.url}/debian/"
    with urllib.request.urlopen(url, timeout=5) as response:
        response.read()
    with requests.Session() as session:
        session.trust_env = False
        session.get(url, timeout=5).raise_for_status()
    with labkit_browser.headless_chromium(tmp_path / "profile") as driver:
        driver.get(url)
        assert "Debian" in driver.title

    seen = [r for r in web.log if r.path == "/debian/"]
    agents = [r.header("User-Agent") for r in seen]
    assert agents[0].startswith("Python-urllib/3.")
    assert agents[1].startswith("python-requests/")
    assert "Chrome/" in agents[2] and "Mozilla/5.0" in agents[2]
    encodings = [r.header("Accept-Encoding") for r in seen]
    assert encodings[0] == "identity"  # urllib asks for nothing it cannot decode
    assert "gzip" in encodings[1] and "gzip" in encodings[2]
    assert "text/html" in seen[2].header("Accept")  # a browser says what it prefers

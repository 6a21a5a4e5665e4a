"""Exercise 16: a polite crawler, graded from the lab site's access log."""

from __future__ import annotations

import itertools
import re

import pytest

ALLOWED_PAGES = {
    "/",
    "/releases/",
    "/about.html",
    "/releases/stable/",
    "/releases/trixie/",
    "/releases/bookworm/",
    "/variants/extra-div/",
    "/variants/no-content/",
}


def crawl(exercise, site, delay=0.05):
    crawler = exercise.load("crawler.py")
    fetched = crawler.crawl(site.url + "/", delay=delay, max_pages=50, timeout=5)
    return crawler, fetched


@pytest.mark.points(2)
def test_every_allowed_page_is_fetched(exercise, site):
    crawl(exercise, site)
    assert ALLOWED_PAGES <= set(site.paths())


@pytest.mark.points(1)
def test_disallowed_paths_are_never_requested(exercise, site):
    crawl(exercise, site)
    assert site.paths(), "the crawler fetched nothing"
    assert not [path for path in site.paths() if path.startswith("/private/")]


@pytest.mark.points(1)
def test_robots_txt_once_and_first(exercise, site):
    crawl(exercise, site)
    paths = site.paths()
    assert paths and paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1


@pytest.mark.points(1)
def test_no_url_twice(exercise, site):
    crawl(exercise, site)
    paths = site.paths()
    assert len(paths) > 1 and len(paths) == len(set(paths)), paths


@pytest.mark.points(1)
def test_a_bot_user_agent_with_a_contact(exercise, site):
    crawl(exercise, site)
    agents = {hit.user_agent for hit in site.log}
    assert len(agents) == 1, agents
    [agent] = agents
    assert re.search(r"bot|crawler|spider", agent, re.IGNORECASE), agent
    assert re.search(r"https?://", agent), agent


@pytest.mark.points(1)
def test_requests_are_spaced_by_the_delay(exercise, site):
    crawl(exercise, site, delay=0.25)
    times = [hit.when for hit in site.log]
    assert len(times) > 2
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.2, gaps


@pytest.mark.points(1)
def test_returns_the_pages_in_the_order_fetched(exercise, site):
    _, fetched = crawl(exercise, site)
    pages = [path for path in site.paths() if path != "/robots.txt"]
    assert [url.removeprefix(site.url) for url in fetched] == pages

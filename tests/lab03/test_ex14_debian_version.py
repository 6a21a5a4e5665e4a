"""Exercise 14: a scraper that survives extra divs, links in the paragraph, straight quotes."""

from __future__ import annotations

import pytest


def version_of(exercise, site, path):
    module = exercise.load("debian_version.py")
    return module.get_debian_version(site.url + path, 5)


@pytest.mark.points(1)
def test_the_book_page(exercise, site):
    assert version_of(exercise, site, "/releases/stable/") == ("jessie", "8.0")


@pytest.mark.points(1)
def test_an_extra_div(exercise, site):
    assert version_of(exercise, site, "/variants/extra-div/") == ("jessie", "8.0")


@pytest.mark.points(1)
def test_a_date_inside_a_link(exercise, site):
    assert version_of(exercise, site, "/releases/trixie/") == ("trixie", "13.0")


@pytest.mark.points(2)
def test_straight_quotes_and_the_version_inside_a_link(exercise, site):
    assert version_of(exercise, site, "/releases/bookworm/") == ("bookworm", "12.0")


@pytest.mark.points(1)
def test_no_content_div_raises_scrape_error(exercise, site):
    module = exercise.load("debian_version.py")
    with pytest.raises(module.ScrapeError):
        module.get_debian_version(site.url + "/variants/no-content/", 5)

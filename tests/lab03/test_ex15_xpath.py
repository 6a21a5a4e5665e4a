"""Exercise 15: XPath drills, evaluated on the lab site's release pages."""

from __future__ import annotations

import pytest
import requests
from lxml.etree import HTML


def evaluate(exercise, site, name, path):
    answers = exercise.load("answers.py")
    expression = getattr(answers, name)
    assert isinstance(expression, str), f"{name} must be an XPath expression (a string)"
    with requests.Session() as session:
        session.trust_env = False
        root = HTML(session.get(site.url + path, timeout=5).content)
    return root.xpath(expression)


def ids(elements) -> list[str]:
    return [element.get("id") for element in elements]


def as_text(result) -> str:
    return "".join(result) if isinstance(result, list) else str(result)


@pytest.mark.points(1)
def test_links_in_the_content_div(exercise, site):
    found = evaluate(exercise, site, "CONTENT_LINKS", "/releases/stable/")
    hrefs = [item if isinstance(item, str) else item.get("href") for item in found]
    assert hrefs == ["/news/2015/20150426", "/releases/", "/about.html"]


@pytest.mark.points(1)
def test_the_second_div(exercise, site):
    assert ids(evaluate(exercise, site, "SECOND_DIV", "/releases/stable/")) == ["content"]
    assert ids(evaluate(exercise, site, "SECOND_DIV", "/variants/extra-div/")) == ["notice"]


@pytest.mark.points(1)
def test_divs_with_an_h1(exercise, site):
    assert ids(evaluate(exercise, site, "DIVS_WITH_H1", "/variants/extra-div/")) == ["content"]


@pytest.mark.points(1)
def test_the_title_text(exercise, site):
    result = evaluate(exercise, site, "TITLE_TEXT", "/releases/trixie/")
    assert as_text(result) == "Debian -- Debian \u201ctrixie\u201d Release Information"

"""Exercise 6: submit_search() scrapes a form, fills it and submits it."""

import pytest


def submit_search(exercise):
    return exercise.load("form_submit.py").submit_search


@pytest.mark.points(2)
def test_the_search_server_receives_the_hidden_field_and_the_query(exercise, web):
    submit_search(exercise)(web.url + "/debian/search", "Python", timeout=5)
    [search] = web.requests_to("/search/cgi-bin/omega")
    assert (search.method, search.query) == ("GET", "DB=en&P=Python")
    assert [entry.path for entry in web.log] == ["/debian/search", "/search/cgi-bin/omega"]


@pytest.mark.points(1)
def test_returns_the_result_page(exercise, web):
    submit = submit_search(exercise)
    page = submit(web.url + "/debian/search", "Python", timeout=5)
    assert isinstance(page, str) and "Results for Python" in page
    page = submit(web.url + "/debian/search", "Monty Python", timeout=5)
    assert "Results for Monty Python" in page
    assert web.requests_to("/search/cgi-bin/omega")[-1].query == "DB=en&P=Monty+Python"


@pytest.mark.points(1)
def test_a_page_without_a_form_raises_value_error(exercise, web, b_site):
    submit = submit_search(exercise)
    with pytest.raises(ValueError):
        submit(b_site.url + "/form/none", "Python", timeout=5)
    with pytest.raises(ValueError):
        submit(web.url + "/google/", "Python", timeout=5)
    assert b_site.paths() == ["/form/none"], "nothing is submitted without a form"


@pytest.mark.points(2)
def test_a_post_form_is_posted_to_its_resolved_action(exercise, b_site):
    page = submit_search(exercise)(b_site.url + "/form/post", "Monty Python", timeout=5)
    assert [(entry.method, entry.path) for entry in b_site.log] == [
        ("GET", "/form/post"),
        ("POST", "/form/results"),
    ]
    posted = b_site.log[-1]
    assert posted.query == "", "a POST form sends its fields in the body"
    assert posted.body == b"DB=en&P=Monty+Python&lang=sv"
    assert "Results for Monty Python" in page

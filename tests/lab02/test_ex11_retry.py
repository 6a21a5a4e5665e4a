"""Exercise 11: an HTTPAdapter with a Retry policy, and one with a strict SSL context."""

import ssl

import pytest
import requests
import trustme

from .fixtures_servers import tls_server


@pytest.mark.points(1)
def test_get_is_retried_until_200(exercise, flaky):
    with exercise.load("retry.py").make_session() as session:
        response = session.get(f"{flaky.url}/flaky/a?fail=2", timeout=5)
    assert response.status_code == 200
    assert flaky.attempts["/flaky/a"] == 3
    assert response.text == "ok after 3 attempts\n"


@pytest.mark.points(1)
def test_retries_are_counted_and_post_is_not_retried(exercise, flaky):
    make_session = exercise.load("retry.py").make_session
    with make_session(retries=1) as session:
        try:
            response = session.get(f"{flaky.url}/flaky/b?fail=5", timeout=5)
        except requests.exceptions.RetryError:
            pass  # raise_on_status=True (the default): the retries ran out
        else:
            assert response.status_code == 503
    assert flaky.attempts["/flaky/b"] == 2
    with make_session() as session:
        response = session.post(f"{flaky.url}/flaky/c?fail=1", data={"x": "1"}, timeout=5)
    assert response.status_code == 503
    assert flaky.log[-1] == ("POST", "/flaky/c")
    assert flaky.attempts["/flaky/c"] == 1


def pool_context(session) -> ssl.SSLContext:
    adapter = session.get_adapter("https://127.0.0.1/")
    context = adapter.poolmanager.connection_pool_kw.get("ssl_context")
    assert isinstance(context, ssl.SSLContext), "the https:// adapter has no ssl_context"
    return context


@pytest.mark.points(1)
def test_strict_session_has_the_context_and_works(exercise, tls_ca, tls_ca_path):
    make_strict = exercise.load("retry.py").make_strict_tls_session
    with make_strict(tls_ca_path) as session:
        assert pool_context(session).minimum_version >= ssl.TLSVersion.TLSv1_2
        with tls_server(tls_ca) as url:
            response = session.get(url, timeout=5)
        assert response.status_code == 200
        assert response.text == "hello over TLSv1.3\n"
    with make_strict(tls_ca_path, ssl.TLSVersion.TLSv1_3) as session:
        assert pool_context(session).minimum_version == ssl.TLSVersion.TLSv1_3


@pytest.mark.points(1)
def test_strict_session_refuses_old_tls_and_strangers(exercise, tls_ca, tls_ca_path):
    make_strict = exercise.load("retry.py").make_strict_tls_session
    with tls_server(tls_ca, maximum=ssl.TLSVersion.TLSv1_2) as url:
        with requests.Session() as plain:  # the server itself works with TLS 1.2
            assert plain.get(url, verify=tls_ca_path, timeout=5).text == "hello over TLSv1.2\n"
        with make_strict(tls_ca_path, ssl.TLSVersion.TLSv1_3) as session:
            with pytest.raises(requests.exceptions.SSLError):
                session.get(url, timeout=5)
    with tls_server(trustme.CA()) as url, make_strict(tls_ca_path) as session:
        with pytest.raises(requests.exceptions.SSLError):
            session.get(url, timeout=5)

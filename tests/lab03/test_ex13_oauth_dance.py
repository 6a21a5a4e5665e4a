"""Exercise 13: 3-legged OAuth 1; graded by verify_credentials with the new token."""

from __future__ import annotations

import pytest
import requests
from requests_oauthlib import OAuth1

from labkit import testing


def dance(exercise, api):
    module = exercise.load("oauth_dance.py")
    keys = api.keys
    return module.obtain_access_token(api.url, keys.consumer_key, keys.consumer_secret, 5)


@pytest.mark.points(2)
def test_a_new_token_pair(exercise, twitter_api):
    token, secret = dance(exercise, twitter_api)
    assert isinstance(token, str) and isinstance(secret, str)
    assert token and secret and token != twitter_api.keys.access_token


@pytest.mark.points(2)
def test_verify_credentials_accepts_the_new_token(exercise, twitter_api):
    token, secret = dance(exercise, twitter_api)
    keys = twitter_api.keys
    with requests.Session() as session:
        session.trust_env = False
        response = session.get(
            twitter_api.url + "/1.1/account/verify_credentials.json",
            auth=OAuth1(keys.consumer_key, keys.consumer_secret, token, secret),
            timeout=5,
        )
    assert response.status_code == 200
    assert response.json()["screen_name"] == "timebot"


@pytest.mark.points(1)
def test_the_three_legs_in_order(exercise, twitter_api):
    dance(exercise, twitter_api)
    legs = [
        (entry.method, entry.path, entry.status)
        for entry in twitter_api.requests
        if entry.path.startswith("/oauth/")
    ]
    assert legs == [
        ("POST", "/oauth/request_token", 200),
        ("GET", "/oauth/authorize", 200),
        ("POST", "/oauth/access_token", 200),
    ] or legs == [
        ("POST", "/oauth/request_token", 200),
        ("GET", "/oauth/authorize", 302),
        ("POST", "/oauth/access_token", 200),
    ]


@pytest.mark.points(1)
def test_a_wrong_consumer_secret_is_one_line(exercise, twitter_api):
    script = exercise.path("oauth_dance.py")
    env = twitter_api.env() | {"TWITTER_CONSUMER_SECRET": "not-the-secret"}
    result = testing.run_script(script, env=env)
    testing.assert_one_line_error(result, 1)
    assert "/oauth/request_token" in [entry.path for entry in twitter_api.requests]

"""twitter_api.py: the fake Twitter v1.1 API checks OAuth 1 like the real one did."""

from __future__ import annotations

import requests
from requests_oauthlib import OAuth1, OAuth1Session

from labkit import testing

from .fixtures_web import LAB

SCRIPT = LAB / "twitter_api.py"
VERIFY = "/1.1/account/verify_credentials.json"
MENTIONS = "/1.1/statuses/mentions_timeline.json"
UPDATE = "/1.1/statuses/update.json"


def auth_for(api, **change) -> OAuth1:
    keys = {
        "client_key": api.keys.consumer_key,
        "client_secret": api.keys.consumer_secret,
        "resource_owner_key": api.keys.access_token,
        "resource_owner_secret": api.keys.access_secret,
    }
    keys.update(change)
    return OAuth1(**keys)


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0 and "--rate-limit" in result.stdout


def test_a_bad_port_is_a_usage_error():
    testing.assert_one_line_error(testing.run_script(SCRIPT, "--port", "http"), 2)


def test_right_keys_are_accepted(twitter_api, http):
    response = http.get(twitter_api.url + VERIFY, auth=auth_for(twitter_api), timeout=5)
    assert response.status_code == 200
    assert response.json()["screen_name"] == "worldclock"


def test_wrong_or_missing_keys_get_401(twitter_api, http):
    for auth in (
        auth_for(twitter_api, client_secret="wrong-secret"),
        auth_for(twitter_api, resource_owner_secret="wrong-secret"),
        auth_for(twitter_api, client_key="unknown-consumer-key"),
        auth_for(twitter_api, resource_owner_key="4242-unknown-token"),
        None,
    ):
        response = http.get(twitter_api.url + VERIFY, auth=auth, timeout=5)
        assert response.status_code == 401, auth
        assert response.json()["errors"][0]["code"] == 32


def test_a_replayed_request_is_refused(twitter_api, http):
    prepared = http.prepare_request(
        requests.Request("GET", twitter_api.url + VERIFY, auth=auth_for(twitter_api))
    )
    assert http.send(prepared, timeout=5).status_code == 200
    assert http.send(prepared, timeout=5).status_code == 401  # same nonce and timestamp


def test_mentions_newest_first_filtered_and_recorded(twitter_api, http):
    params = {"count": 200, "since_id": 1002, "include_rts": 0, "include_entities": "false"}
    response = http.get(
        twitter_api.url + MENTIONS, params=params, auth=auth_for(twitter_api), timeout=5
    )
    assert response.status_code == 200
    assert [tweet["id"] for tweet in response.json()] == [1004, 1003]
    [logged] = twitter_api.requests_to(MENTIONS)
    assert logged.args == {
        "count": "200",
        "since_id": "1002",
        "include_rts": "0",
        "include_entities": "false",
    }


def test_count_cuts_the_timeline(twitter_api, http):
    response = http.get(
        twitter_api.url + MENTIONS, params={"count": 2}, auth=auth_for(twitter_api), timeout=5
    )
    assert [tweet["id"] for tweet in response.json()] == [1004, 1003]


def test_update_takes_query_or_form_parameters(twitter_api, http):
    auth = auth_for(twitter_api)
    first = {"status": "@alice hello", "in_reply_to_status_id": 1001}
    second = {"status": "@bob hello & welcome + more", "in_reply_to_status_id": 1002}
    assert http.post(twitter_api.url + UPDATE, params=first, auth=auth, timeout=5).ok
    assert http.post(twitter_api.url + UPDATE, data=second, auth=auth, timeout=5).ok
    assert [(p["text"], p["in_reply_to_status_id"]) for p in twitter_api.posted] == [
        ("@alice hello", 1001),
        ("@bob hello & welcome + more", 1002),
    ]


def test_a_duplicate_status_is_403_code_187(twitter_api, http):
    auth = auth_for(twitter_api)
    params = {"status": "@alice same text", "in_reply_to_status_id": 1001}
    assert http.post(twitter_api.url + UPDATE, params=params, auth=auth, timeout=5).ok
    again = http.post(twitter_api.url + UPDATE, params=params, auth=auth, timeout=5)
    assert again.status_code == 403
    assert again.json()["errors"][0]["code"] == 187
    assert len(twitter_api.posted) == 1


def test_rate_limit_headers_and_429(start_twitter_api, http):
    api = start_twitter_api(rate_limit=2)
    statuses, remaining = [], []
    for _ in range(3):
        response = http.get(api.url + MENTIONS, auth=auth_for(api), timeout=5)
        statuses.append(response.status_code)
        remaining.append(response.headers["x-rate-limit-remaining"])
        assert response.headers["x-rate-limit-limit"] == "2"
        assert int(response.headers["x-rate-limit-reset"]) > 0
    assert statuses == [200, 200, 429]
    assert remaining == ["1", "0", "0"]


def test_the_stream_sends_tweets_between_keepalives(twitter_api, http):
    twitter_api.state.stream_linger = 0.5
    with http.get(
        twitter_api.url + "/1.1/statuses/stream.json",
        auth=auth_for(twitter_api),
        stream=True,
        timeout=5,
    ) as response:
        lines = list(response.iter_lines())
    assert b"" in lines
    tweets = [line for line in lines if line]
    assert len(tweets) == 5 and tweets[0].startswith(b'{"id": 2001')


def test_three_legged_oauth_gives_a_working_token(twitter_api, http):
    keys = twitter_api.keys
    with OAuth1Session(
        keys.consumer_key, client_secret=keys.consumer_secret, callback_uri="http://127.0.0.1:9/cb"
    ) as oauth:
        oauth.trust_env = False
        oauth.fetch_request_token(twitter_api.url + "/oauth/request_token", timeout=5)
        answer = oauth.get(
            oauth.authorization_url(twitter_api.url + "/oauth/authorize"),
            allow_redirects=False,
            timeout=5,
        )
        assert answer.status_code == 302
        assert answer.headers["Location"].startswith("http://127.0.0.1:9/cb?")
        oauth.parse_authorization_response(answer.headers["Location"])
        token = oauth.fetch_access_token(twitter_api.url + "/oauth/access_token", timeout=5)
    auth = auth_for(
        twitter_api,
        resource_owner_key=token["oauth_token"],
        resource_owner_secret=token["oauth_token_secret"],
    )
    response = http.get(twitter_api.url + VERIFY, auth=auth, timeout=5)
    assert response.status_code == 200 and response.json()["screen_name"] == "timebot"


def test_runs_as_a_script(http):
    with testing.start_script(SCRIPT, "--port", "0", "--quiet") as proc:
        base = f"http://{proc.host}:{proc.port}"
        from twitter_api import Keys

        keys = Keys()
        auth = OAuth1(
            keys.consumer_key, keys.consumer_secret, keys.access_token, keys.access_secret
        )
        assert http.get(base + VERIFY, auth=auth, timeout=5).status_code == 200
    assert proc.proc.returncode == 0

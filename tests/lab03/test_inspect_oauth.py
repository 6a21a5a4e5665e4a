"""Inspect it: the OAuth 1 Authorization header on the wire, captured on lo.

Needs tshark and the right to capture on lo: the ``capture`` marker makes the grading
plugin skip this test, naming the fix, when either is missing.
"""

from __future__ import annotations

import pytest

from labkit import testing
from labkit.capture import Capture, read_fields

from .fixtures_web import LAB

pytestmark = pytest.mark.capture


def test_the_authorization_header_signs_but_hides_the_secrets(twitter_api):
    with Capture(bpf=f"tcp port {twitter_api.port}", interface="lo") as cap:
        result = testing.run_script(
            LAB / "twitter_worldclock.py", "--max-polls", "1", env=twitter_api.env()
        )
        assert result.returncode == 0, result.stderr
    try:
        rows = read_fields(
            cap.path,
            ["http.request.method", "http.request.uri", "http.authorization"],
            display_filter="http.request",
            decode_as=[f"tcp.port=={twitter_api.port},http"],
        )
    finally:
        cap.cleanup()
    assert [row[0] for row in rows[:2]] == ["GET", "GET"]
    assert rows[0][1] == "/1.1/account/verify_credentials.json"
    assert sum(row[0] == "POST" for row in rows) == 4
    keys = twitter_api.keys
    for _method, _uri, authorization in rows:
        assert authorization.startswith("OAuth ")
        for part in ("oauth_signature=", "oauth_nonce=", 'oauth_signature_method="HMAC-SHA1"'):
            assert part in authorization
        assert f'oauth_consumer_key="{keys.consumer_key}"' in authorization
        assert f'oauth_token="{keys.access_token}"' in authorization
        assert keys.consumer_secret not in authorization
        assert keys.access_secret not in authorization

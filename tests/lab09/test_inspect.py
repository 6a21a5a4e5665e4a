"""Inspect it: a form POST and the session's Set-Cookie, in cleartext on the wire.

Needs tshark and the right to capture on lo: the ``capture`` marker makes the grading
plugin skip these tests, naming the fix, when either is missing.
"""

from __future__ import annotations

import pytest
import tinyflaskapp_style

from labkit import lab_dir, testing
from labkit.capture import Capture, read_fields

from .conftest import running

LAB = lab_dir("09")

pytestmark = pytest.mark.capture


@pytest.fixture(scope="module")
def capture():
    """Serve the stage-3 app on port 0, capture its port while csrf_check.py runs once."""
    with running(tinyflaskapp_style.app) as base:
        port = int(base.rsplit(":", 1)[1])
        with Capture(bpf=f"tcp port {port}", interface="lo") as cap:
            result = testing.run_script(LAB / "csrf_check.py", "--base-url", base + "/")
            assert result.returncode == 0, result.stderr
        yield cap, port
        cap.cleanup()


def test_form_posts_on_the_wire(capture):
    cap, port = capture
    rows = read_fields(
        cap.path,
        ["http.request.uri", "urlencoded-form.key", "urlencoded-form.value"],
        display_filter='http.request.method == "POST"',
        decode_as=[f"tcp.port=={port},http"],
    )
    assert [row[0] for row in rows] == ["/functions/len/notes"] * 3
    assert rows[0][1:] == ["note", "forged"]  # the forged POST: no token
    for _uri, keys, values in rows[1:]:
        assert keys == "note,_csrf_token"
        note, token = values.split(",", 1)
        assert note == "hello from csrf_check" and len(token) >= 40
    assert rows[1] == rows[2]  # the replay is byte for byte the same form


def test_session_cookie_on_the_wire(capture):
    cap, port = capture
    rows = read_fields(
        cap.path,
        ["http.response.code", "http.set_cookie"],
        display_filter="http.response",
        decode_as=[f"tcp.port=={port},http"],
    )
    codes = [row[0] for row in rows]
    assert codes == ["200", "403", "200", "200", "403"]
    cookies = [cookie for _code, cookie in rows if cookie]
    assert cookies, "no Set-Cookie seen"
    for cookie in cookies:
        assert cookie.startswith("session=")
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

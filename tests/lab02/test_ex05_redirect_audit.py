"""Exercise 5: audit() follows redirects one hop at a time, and stops on loops."""

import threading
import time

import pytest
import requests

from .fixtures_forms import CHAIN_STATUSES

TIMEOUT = 0.5  # what the timeout test passes
PATIENCE = 5  # a correct audit gives up well within this many seconds


def load(exercise):
    return exercise.load("redirect_audit.py")


@pytest.mark.points(2)
def test_the_gmail_chain_hop_by_hop(exercise, web):
    hops = load(exercise).audit(web.url + "/google/gmail", timeout=5)
    assert hops == [
        (301, web.url + "/google/mail/"),
        (302, web.url + "/google/ServiceLogin?service=mail&passive=true&rm=false"),
    ]
    # Each URL of the chain was asked for once: audit() itself did the following.
    assert [entry.path for entry in web.log] == [
        "/google/gmail",
        "/google/mail/",
        "/google/ServiceLogin",
    ]


@pytest.mark.points(1)
def test_a_page_that_does_not_redirect_gives_no_hops(exercise, web, b_site):
    audit = load(exercise).audit
    assert audit(web.url + "/google/", timeout=5) == []
    assert audit(web.url + "/google/notawebpage", timeout=5) == []  # a 404 is no redirect
    assert audit(b_site.url + "/not-modified", timeout=5) == []  # 3xx without Location


@pytest.mark.points(1)
def test_relative_locations_and_every_redirect_status(exercise, b_site):
    audit = load(exercise).audit
    assert audit(b_site.url + "/rel/a", timeout=5) == [
        (303, b_site.url + "/rel/b"),
        (307, b_site.url + "/rel/c?x=1"),
        (308, b_site.url + "/done"),
    ]
    assert audit(b_site.url + "/chain/5", timeout=5) == [
        (CHAIN_STATUSES[n % len(CHAIN_STATUSES)], f"{b_site.url}/chain/{n - 1}")
        for n in range(5, 0, -1)
    ]


@pytest.mark.points(1)
def test_ten_hops_pass_and_the_eleventh_raises(exercise, web, b_site):
    module = load(exercise)
    hops = module.audit(b_site.url + "/chain/10", timeout=5)
    assert len(hops) == 10 and hops[-1][1] == b_site.url + "/chain/0"
    with pytest.raises(module.RedirectLoop):
        module.audit(b_site.url + "/chain/11", timeout=5)
    assert len(module.audit(b_site.url + "/chain/3", max_hops=3, timeout=5)) == 3
    with pytest.raises(module.RedirectLoop):
        module.audit(b_site.url + "/chain/4", max_hops=3, timeout=5)
    # A chain that never ends: 11 requests (10 hops followed, the 11th redirect refused).
    with pytest.raises(module.RedirectLoop) as info:
        module.audit(web.url + "/google/loop/0", timeout=5)
    asked = [entry.path for entry in web.log if entry.path.startswith("/google/loop/")]
    assert asked == [f"/google/loop/{n}" for n in range(11)]
    assert len(info.value.hops) == 11


@pytest.mark.points(1)
def test_a_url_seen_twice_is_a_loop_before_the_cap(exercise, b_site):
    module = load(exercise)
    with pytest.raises(module.RedirectLoop) as info:
        module.audit(b_site.url + "/cycle/a", timeout=5)
    assert b_site.paths() == ["/cycle/a", "/cycle/b"], "stop as soon as a URL comes back"
    assert info.value.hops == [(302, b_site.url + "/cycle/b"), (302, b_site.url + "/cycle/a")]
    b_site.log.clear()
    with pytest.raises(module.RedirectLoop):
        module.audit(b_site.url + "/self", timeout=5)
    assert b_site.paths() == ["/self"]


@pytest.mark.points(1)
def test_the_timeout_is_used(exercise, silent_port):
    audit = load(exercise).audit
    outcome = {}

    def run():
        start = time.monotonic()
        try:
            audit(f"http://127.0.0.1:{silent_port}/", timeout=TIMEOUT)
        except BaseException as exc:  # noqa: B036 - reported to the test below
            outcome["error"] = exc
        outcome["elapsed"] = time.monotonic() - start

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(PATIENCE)
    assert not thread.is_alive(), f"audit() still waiting after {PATIENCE}s: pass timeout="
    assert isinstance(outcome.get("error"), requests.Timeout), outcome

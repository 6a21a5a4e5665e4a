"""Exercise 4: two RFCs over one keep-alive connection."""

import pytest
from rfc_mirror import rfc_text

from labkit import testing


def fetch_both(exercise, mirror, first: int, second: int) -> tuple[str, str]:
    fetch_two = exercise.load("rfc_keepalive.py").fetch_two
    return fetch_two(mirror.base_url, first, second, 5)


def assert_one_connection(mirror, paths: list[str]) -> None:
    assert [request.path for request in mirror.log.requests] == paths
    assert mirror.log.connections == 1, (
        f"the mirror saw {mirror.log.connections} connections: reuse the first one"
    )


@pytest.mark.points(2)
def test_two_rfcs_one_connection(exercise, mirror):
    texts = fetch_both(exercise, mirror, 768, 2324)
    assert texts == (rfc_text(768), rfc_text(2324))
    assert_one_connection(mirror, ["/rfc/rfc768.txt", "/rfc/rfc2324.txt"])


@pytest.mark.points(1)
def test_two_chunked_rfcs_one_connection(exercise, start_mirror):
    mirror = start_mirror(mode="chunked", chunk_size=1000, chunk_extensions=True, trailers=True)
    texts = fetch_both(exercise, mirror, 2324, 791)
    assert texts == (rfc_text(2324), rfc_text(791))
    assert_one_connection(mirror, ["/rfc/rfc2324.txt", "/rfc/rfc791.txt"])


@pytest.mark.points(1)
def test_cli_prints_both_texts(exercise, mirror):
    result = testing.run_script(
        exercise.path("rfc_keepalive.py"), "768", "791", "--base-url", mirror.base_url
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == rfc_text(768) + "\n" + rfc_text(791) + "\n"
    assert mirror.log.connections == 1

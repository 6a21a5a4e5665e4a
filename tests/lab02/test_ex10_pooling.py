"""Exercise 10: connection reuse, counted by the keep-alive stream server."""

import pytest

N = 4


def run(exercise, name: str, url: str) -> None:
    getattr(exercise.load("pooling.py"), name)(url, N, timeout=5)


@pytest.mark.points(1)
def test_plain_gets_use_one_connection_each(exercise, stream_server):
    run(exercise, "count_plain", f"{stream_server.url}/hello")
    assert len(stream_server.requests_to("/hello")) == N
    assert stream_server.connection_count() == N


@pytest.mark.points(1)
def test_a_session_reuses_one_connection(exercise, stream_server):
    run(exercise, "count_session", f"{stream_server.url}/hello")
    assert len(stream_server.requests_to("/hello")) == N
    assert stream_server.connection_count() == 1


@pytest.mark.points(1)
def test_unconsumed_streams_need_new_connections(exercise, stream_server):
    run(exercise, "count_unconsumed_stream", f"{stream_server.url}/bytes/200000")
    assert len(stream_server.requests_to("/bytes/")) == N
    assert stream_server.connection_count() > 1


@pytest.mark.points(2)
def test_streams_read_inside_with_reuse_one_connection(exercise, stream_server):
    run(exercise, "count_stream_with_close", f"{stream_server.url}/bytes/200000")
    records = stream_server.requests_to("/bytes/")
    assert len(records) == N
    assert all(r.sent == 200_000 for r in records)
    assert stream_server.connection_count() == 1

"""Exercise 15: one port, two sites chosen by the Host header."""

import contextlib
import http.client
import socket
import threading

import pytest


@contextlib.contextmanager
def running(exercise):
    httpd, port = exercise.load("vhost.py").make_server(0)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield port
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def get(port: int, host: str | None) -> tuple[int, str, str]:
    """GET / with exactly this Host header (None: no Host header at all)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.putrequest("GET", "/", skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return response.status, response.getheader("Content-Type", ""), body
    finally:
        conn.close()


@pytest.mark.points(2)
def test_two_sites_on_one_port(exercise):
    with running(exercise) as port:
        www = get(port, "www.debian.test")
        search = get(port, "search.debian.test")
    assert www[0] == 200 and search[0] == 200
    assert www[1].startswith("text/html") and search[1].startswith("text/html")
    assert "www.debian.test" in www[2]
    assert "search.debian.test" in search[2]
    assert www[2] != search[2]


@pytest.mark.points(1)
def test_unknown_hosts_get_404(exercise):
    with running(exercise) as port:
        assert get(port, "www.debian.test")[0] == 200  # the server answers at all
        assert get(port, "ftp.debian.test")[0] == 404
        assert get(port, f"127.0.0.1:{port}")[0] == 404
        assert get(port, "debian.test")[0] == 404
        assert get(port, None)[0] in (400, 404)  # no Host: an HTTP/1.1 error either way


@pytest.mark.points(1)
def test_port_and_case_do_not_matter(exercise):
    with running(exercise) as port:
        plain = get(port, "www.debian.test")
        assert get(port, f"www.debian.test:{port}") == plain
        assert get(port, "WWW.Debian.TEST") == plain
        assert get(port, f"Search.Debian.Test:{port}")[0] == 200
        # the reported port is the one that listens
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass

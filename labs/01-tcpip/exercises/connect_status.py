"""Exercise 1: classify a connection attempt.

A client that waits on the network can end in four ways, and a good error message
says which one happened. Write :func:`connect_status` so that it returns:

``"refused"``
    nothing listens on that port: the host answered the connection attempt with a
    reset, and ``connect`` raises ``ConnectionRefusedError``;
``"connect-timeout"``
    no answer to the connection attempt within ``timeout`` seconds (a firewall that
    drops packets, a host that is down, a server whose listen backlog is full); the
    connect step raises ``TimeoutError``. (urllib wraps it: ``URLError`` whose
    ``reason`` is a ``TimeoutError``; requests raises ``ConnectTimeout``.)
``"read-timeout"``
    the TCP connection was made, but after your request the server sent nothing
    within ``timeout`` seconds: ``recv`` raises ``TimeoutError``. (urllib raises a
    bare ``TimeoutError``; requests raises ``ReadTimeout``.)
``"ok"``
    the server sent back at least the first byte of an answer. Any HTTP status
    counts, even a 404 (which urllib raises as ``HTTPError``): the server answered.

Suggested steps: ``socket.create_connection((host, port), timeout=timeout)``; send a
small HTTP request such as ``GET / HTTP/1.1`` with a ``Host`` header and
``Connection: close``; then wait for the first byte with ``recv``. Catch each
exception at the step where it can happen: that is what tells the two timeouts apart.
Every wait must respect ``timeout``. Other failures may raise ``OSError``.

Graded (``pytest tests/lab01/test_ex1_connect_status.py``): a closed port gives
``refused``; a listener with a full backlog gives ``connect-timeout``; a server that
accepts and stays silent gives ``read-timeout``; the RFC mirror gives ``ok`` and must
have received your request. Each answer must come within a few seconds for
``timeout=0.5``.

Try it::

    python connect_status.py 127.0.0.1 8001 --timeout 2
"""

from __future__ import annotations

import sys

from labkit import cli


def connect_status(host: str, port: int, timeout: float) -> str:
    """Classify a connection to ``host:port``: refused, connect-timeout, read-timeout, ok."""
    # TODO (exercise 1): connect, send a request, wait for the first byte of the answer.
    raise NotImplementedError("exercise 1: write connect_status()")


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(description="Classify a TCP connection attempt.")
    parser.add_argument("host", help="address or name to connect to")
    parser.add_argument("port", type=cli.port_number, help="TCP port")
    cli.add_timeout(parser, default=2.0)
    args = parser.parse_args(argv)
    try:
        print(connect_status(args.host, args.port, args.timeout))
    except OSError as exc:
        return cli.error(cli.describe_error(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())

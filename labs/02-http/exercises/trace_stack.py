"""Exercise 14: trace the requests call stack with sys.setprofile.

``trace_requests.py`` took one snapshot of the stack, at the moment the socket
connected. A profiler sees more: ``sys.setprofile(func)`` makes Python call
``func(frame, event, arg)`` on every function call and return in this thread. The
event ``"call"`` means a Python function is starting; ``frame.f_code.co_qualname``
(Python 3.11+) is its qualified name, such as ``Session.request`` or
``HTTPAdapter.send``.

Write :func:`trace`: install a profile function that appends the qualified name of
every ``"call"`` event to a list, GET ``url`` with requests (a ``Session`` with
``trust_env = False``, ``timeout=timeout``), remove the profiler again with
``sys.setprofile(None)`` (in a ``finally``, so an exception cannot leave it
installed), and return the list, in call order.

Then read your list and find the article's path (doc 000): ``Session.request``
builds and prepares the request (``PreparedRequest.prepare``), ``Session.send`` and
``HTTPAdapter.send`` pass it on, urllib3's ``HTTPConnectionPool.urlopen`` takes a
connection, and ``HTTPConnection.getresponse`` reads the answer. Thousands of calls
happen in between; :func:`main` prints only those from the main classes.

Try it with ``python ../lab_web.py`` running::

    python trace_stack.py http://127.0.0.1:8002/status/200

Graded (``pytest tests/lab02/test_ex14_trace_stack.py``): the list holds strings and
contains ``Session.request``; it contains, in this order, ``Session.request``,
``PreparedRequest.prepare``, ``HTTPAdapter.send``, a name ending in ``urlopen`` and a
name ending in ``getresponse``; the server received the request; the profiler is
removed afterwards, even when the request fails.
"""

from __future__ import annotations

import sys

from labkit import cli

SHOW = ("Session.", "PreparedRequest.prepare", "HTTPAdapter.", "ConnectionPool.urlopen")


def trace(url: str, timeout: float = 5) -> list[str]:
    """The qualified names of the Python functions called while GETting ``url``."""
    # TODO (exercise 14)
    raise NotImplementedError("exercise 14: write trace()")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="List the functions requests calls for one GET.")
    parser.add_argument("url", type=cli.http_url)
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    calls = trace(args.url, args.timeout)
    print(f"{len(calls)} calls; the main ones:")
    for name in calls:
        if name.startswith(SHOW) or name.endswith("getresponse"):
            print(" ", name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

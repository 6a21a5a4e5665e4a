"""tincanchat: the chapter 8 chat protocol (UTF-8 text, each message ended by a NUL byte).

The book builds a small ``tincanchat.py`` module that every echo and chat program of the
chapter imports. This package keeps the book's names and fixes their defects:

* ``create_listen_socket`` works for IPv4 and IPv6, and port 0 picks a free port;
* ``prep_msg`` refuses text containing NUL instead of silently splitting it;
* ``recv_msg`` returns the empty message and never glues two messages together;
* ``recv_msgs`` does not copy its buffer on every ``recv`` and caps message size.

It adds a sans-IO ``Framer`` that every server style shares (threads, ``poll``,
eventlet, asyncio), asyncio stream helpers, and a length-prefix variant. The helpers for
tests live in ``tincanchat.testkit``.
"""

from tincanchat.aio import read_msg, read_msgs, write_msg
from tincanchat.framing import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    DELIM,
    ENCODING,
    HOST,
    LENGTH_PREFIX,
    MAX_MSG,
    PORT,
    RECV_SIZE,
    Framer,
    closed_error,
    create_listen_socket,
    format_line,
    parse_recv_data,
    prep_len_msg,
    prep_msg,
    recv_exact,
    recv_len_msg,
    recv_msg,
    recv_msgs,
    send_len_msg,
    send_msg,
)

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "DELIM",
    "ENCODING",
    "HOST",
    "LENGTH_PREFIX",
    "MAX_MSG",
    "PORT",
    "RECV_SIZE",
    "Framer",
    "closed_error",
    "create_listen_socket",
    "format_line",
    "parse_recv_data",
    "prep_len_msg",
    "prep_msg",
    "read_msg",
    "read_msgs",
    "recv_exact",
    "recv_len_msg",
    "recv_msg",
    "recv_msgs",
    "send_len_msg",
    "send_msg",
    "write_msg",
]

"""Command-line helpers shared by every lab script.

Conventions (design.md §4): ``--host/--port`` (or ``--url``) default from the lab
configuration, ``--timeout`` wherever a script waits on the network, and foreseeable
failures reported as one line on stderr with exit status 1 (2 for usage errors).
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import ssl
import sys
import urllib.error
from urllib.parse import urlsplit

from labkit import config

#: Exit statuses.
OK, FAILURE, USAGE = 0, 1, 2

DEFAULT_TIMEOUT = 5.0


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with a usage error reported in one line and exit status 2.

    Plain argparse prints the whole usage text before the error; here the error is one
    line, ``prog: error: message (see --help)``, like every other failure of a lab script.
    """

    def error(self, message: str):
        self.exit(USAGE, f"{self.prog}: error: {message} (see --help)\n")


def port_number(text: str) -> int:
    """argparse type: a TCP/UDP port, 0 … 65535 (0 asks the OS for a free one)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, not {port}")
    return port


def existing_file(text: str) -> str:
    """argparse type: the path of a file that exists, checked before any network work."""
    if not os.path.isfile(text):
        raise argparse.ArgumentTypeError(f"{text}: no such file")
    return text


def positive_float(text: str) -> float:
    """argparse type: a number of seconds greater than zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, not {text}")
    return value


def http_url(text: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """argparse type: an ``http://`` (or ``https://``) URL with a host and a valid port."""
    parts = urlsplit(text)
    if parts.scheme not in schemes or not parts.hostname or not text.isascii():
        wanted = " or ".join(f"{scheme}://" for scheme in schemes)
        raise argparse.ArgumentTypeError(f"expected an {wanted} URL, not {text!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port outside 0-65535
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad port in {text!r}") from None
    return text


def add_base_url(
    parser: argparse.ArgumentParser, setting: str, schemes: tuple[str, ...] = ("http", "https")
) -> None:
    """Add ``--base-url URL``, its default from the lab configuration's ``setting``."""
    default = config.setting(setting)
    parser.add_argument(
        "--base-url",
        metavar="URL",
        type=lambda text: http_url(text, schemes),
        default=default,
        help=f"where to fetch from (default: {default}; env {setting.upper()})",
    )


def print_output(text: str) -> int:
    """Print ``text``; a reader that stops early (``| head``, ``| less``) is not an error.

    On a broken pipe, stdout is pointed at /dev/null so that Python's final flush at exit
    does not fail again (the recipe in the ``signal`` module's documentation). Returns 0.
    """
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return OK


def add_host_port(parser: argparse.ArgumentParser, host: str, port: int) -> None:
    """Add ``--host`` and ``--port`` with the given defaults."""
    parser.add_argument("--host", default=host, help=f"server address (default: {host})")
    parser.add_argument(
        "--port", type=port_number, default=port, help=f"server port (default: {port})"
    )


def add_timeout(parser: argparse.ArgumentParser, default: float = DEFAULT_TIMEOUT) -> None:
    """Add ``--timeout SECONDS`` for every network wait."""
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=default,
        help=f"seconds to wait on the network (default: {default:g})",
    )


def causes(exc: BaseException):
    """``exc`` and what it wraps (args, ``reason``, ``__cause__``, ``__context__``).

    Libraries wrap the error the operating system gave: requests wraps urllib3, which
    wraps the ``ConnectionRefusedError`` or the ``SSLCertVerificationError`` underneath.
    """
    seen, todo = set(), [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [arg for arg in current.args if isinstance(arg, BaseException)]
        for attr in ("reason", "__cause__", "__context__"):
            inner = getattr(current, attr, None)
            if isinstance(inner, BaseException):
                todo.append(inner)


def _describe_requests_error(exc: BaseException) -> str | None:
    """One line for an exception of the requests library, or None for any other."""
    requests = sys.modules.get("requests")  # loaded already if it raised the exception
    if requests is None or not isinstance(exc, requests.RequestException):
        return None
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} {exc.response.reason}"
    if isinstance(exc, requests.ConnectTimeout):  # before ConnectionError, its parent
        return "connect timed out"
    names = {type(inner).__name__ for inner in causes(exc)}
    if isinstance(exc, requests.ReadTimeout) or "ReadTimeoutError" in names:
        return "read timed out"
    for inner in causes(exc):
        if isinstance(
            inner, ssl.SSLCertVerificationError | ConnectionRefusedError | socket.gaierror
        ):
            return describe_error(inner)
    if names & {"IncompleteRead", "ProtocolError"}:
        return "the connection broke off before the end of the body"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def describe_error(exc: BaseException) -> str:
    """A one-line, human description of a network failure (urllib, requests or a socket)."""
    described = _describe_requests_error(exc)
    if described is not None:
        return described
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        return describe_error(reason) if isinstance(reason, BaseException) else str(reason)
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror})"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"certificate verification failed: {exc.verify_message}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


def with_hint(message: str, hint: str) -> str:
    """Add what to try to a "connection refused" message: the usual fix is to start the server."""
    return f"{message} ({hint})" if message == "connection refused" else message


def add_password_env(
    parser: argparse.ArgumentParser,
    option: str = "--password-env",
    default: str = "LAB_PASSWORD",
    unset: str = "asked for, or read from standard input",
) -> None:
    """``--password-env VAR``: the name of the environment variable holding a password.

    Never an option with the password itself: a command line is visible to every user
    of the machine (``ps``). Clients read the variable with :func:`read_password`;
    ``unset`` says in ``--help`` what happens without it.
    """
    parser.add_argument(
        option,
        metavar="VAR",
        default=default,
        help=f"environment variable holding the password (default: {default}; unset: {unset})",
    )


def read_password(prompt: str, env: str) -> str:
    """A password: the environment variable ``env`` when it is set; else typed at
    ``prompt`` on the terminal, not echoed (``getpass``); else, when standard input is a
    pipe, its first line. Never an option: a command line is visible to every user."""
    if os.environ.get(env):
        return os.environ[env]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def error(message: str, status: int = FAILURE, prog: str | None = None) -> int:
    """Print ``prog: error: message`` on stderr and return ``status`` for ``main``."""
    prog = prog or _prog()
    print(f"{prog}: error: {message}", file=sys.stderr, flush=True)
    return status


def _prog() -> str:
    return os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python"

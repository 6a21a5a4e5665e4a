"""Test kit for the chat servers: a scripted chat client and a server launcher.

Every wait has a timeout, so a server that loses a message makes the test fail in a few
seconds instead of hanging. Process handling (start, ready line, SIGTERM, cleanup) is
``labkit.testing``'s; this module only adds what is specific to the chat protocol.

Example::

    with start_server_subprocess([SERVER]) as (proc, port):
        with ChatClient("127.0.0.1", port) as alice, ChatClient("127.0.0.1", port) as bob:
            alice.send("hi")
            assert bob.recv() == format_line(alice.addr, "hi")
"""

import contextlib
import re
import socket
import struct
import time
from collections import deque
from collections.abc import Iterator, Sequence
from os import PathLike
from types import TracebackType
from typing import Self

from labkit.testing import READY, ScriptProcess, start_script, wait_until
from tincanchat.framing import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    RECV_SIZE,
    Framer,
    closed_error,
    send_msg,
)

__all__ = ["ChatClient", "raise_nofile_limit", "start_server_subprocess", "wait_until"]

# The book's servers print the address tuple: "Listening on ('127.0.0.1', 4040)".
_TUPLE_READY = re.compile(r"Listening on \('([^']*)', (\d+)[^)]*\)")


class ChatClient:
    """A blocking chat client for tests: send messages, receive them with a deadline.

    Received bytes go through a ``Framer``; messages that arrive together are queued and
    returned one per ``recv`` call.
    """

    def __init__(
        self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout: float = 5
    ) -> None:
        self.timeout = timeout
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self._framer = Framer()
        self._inbox: deque[str] = deque()

    @property
    def addr(self) -> tuple[str, int]:
        """This client's ``(host, port)``: the address the server sees and prints."""
        host, port = self.sock.getsockname()[:2]
        return host, port

    def send(self, msg: str) -> None:
        """Send one framed message."""
        send_msg(self.sock, msg)

    def send_raw(self, data: bytes) -> None:
        """Send bytes as they are, e.g. half a message or several messages at once."""
        self.sock.sendall(data)

    def recv(self, timeout: float | None = None) -> str:
        """Return the next message; ``TimeoutError`` if none arrives within ``timeout``.

        ``ConnectionError`` if the server closes the connection first.
        """
        wait = self.timeout if timeout is None else timeout
        return self._next_message(time.monotonic() + wait, wait)

    def recv_all(self, n: int, timeout: float | None = None) -> list[str]:
        """Return the next ``n`` messages, all within one overall ``timeout``."""
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        return [self._next_message(deadline, wait) for _ in range(n)]

    def _next_message(self, deadline: float, wait: float) -> str:
        try:
            while not self._inbox:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                self.sock.settimeout(remaining)
                chunk = self.sock.recv(RECV_SIZE)
                if not chunk:
                    raise closed_error(len(self._framer.pending))
                self._inbox.extend(self._framer.feed(chunk))
        except TimeoutError:
            raise TimeoutError(f"no message received within {wait}s") from None
        finally:
            if self.sock.fileno() != -1:
                self.sock.settimeout(self.timeout)  # sends keep the default timeout
        return self._inbox.popleft()

    def close(self) -> None:
        """Close gracefully: the server reads end of stream (a FIN)."""
        self.sock.close()

    def reset(self) -> None:
        """Close abruptly: ``SO_LINGER`` with a zero timeout makes ``close`` send an RST."""
        if self.sock.fileno() != -1:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def raise_nofile_limit(target: int = 20000) -> int:
    """Raise the soft limit on open files towards ``target`` (never above the hard limit).

    A load test with N clients in one process needs N sockets, and a server needs N
    more, while the default soft limit is often 1024. Returns the soft limit now in
    force; it is never lowered. Unix only (the ``resource`` module).
    """
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = target if hard == resource.RLIM_INFINITY else min(target, hard)
    if soft != resource.RLIM_INFINITY and wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


@contextlib.contextmanager
def start_server_subprocess(
    argv: Sequence[str | PathLike[str]],
    timeout: float = 10,
    env: dict[str, str] | None = None,
) -> Iterator[tuple[ScriptProcess, int]]:
    """Run ``python -u SCRIPT ARGS...`` and yield ``(proc, port)`` once it is listening.

    ``argv`` is the script followed by its arguments; ``--port 0`` is appended when no
    ``--port`` is given, so the server never takes a fixed port. The ready line may be
    the lab's ``Listening on 127.0.0.1:PORT`` or the book's ``Listening on ('H', PORT)``.
    ``proc`` is a ``labkit.testing.ScriptProcess`` (``proc.proc.pid``, ``proc.lines``,
    ``proc.wait_for_line``); the server is stopped when the block exits.
    """
    script, *args = (str(arg) for arg in argv)
    if not any(arg == "--port" or arg.startswith("--port=") for arg in args):
        args += ["--port", "0"]
    with start_script(script, *args, ready=False, env=env) as proc:
        match = proc.wait_for_line(f"{READY.pattern}|{_TUPLE_READY.pattern}", timeout)
        proc.host = match.group(1) or match.group(3)
        proc.port = int(match.group(2) or match.group(4))
        yield proc, proc.port

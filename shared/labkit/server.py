"""Server conventions: the ready line and a clean stop on Ctrl-C or SIGTERM."""

from __future__ import annotations

import contextlib
import signal
import socket
import sys


def announce(address: tuple) -> None:
    """Print ``Listening on HOST:PORT`` (flushed): tests and students wait for it.

    Call it inside the ``try`` that catches KeyboardInterrupt: whoever reads the line may
    stop the server at once, and the signal must not land outside the ``try``.
    """
    host, port = address[0], address[1]
    if ":" in host:
        host = f"[{host}]"
    print(f"Listening on {host}:{port}", flush=True)


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """``count`` different ports that nothing listens on right now.

    For a server that cannot take port 0 itself (dovecot reads 0 as "no listener").
    The sockets stay bound until all are chosen, so no port comes back twice. Another
    program may still take one before the server binds it: be ready to try again.
    """
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind((host, 0))
            ports.append(sock.getsockname()[1])
        return ports


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    """Make SIGTERM behave like Ctrl-C, so ``except KeyboardInterrupt`` cleans up."""
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)


def print_stopped() -> None:
    print("Stopped", file=sys.stderr, flush=True)


def serve_until_stopped(httpd) -> int:
    """Run a ``socketserver``-style server: the ready line, serve until Ctrl-C or SIGTERM.

    The server is closed on the way out. Returns 0, the exit status of a clean stop.
    """
    stop_on_sigterm()
    with httpd:
        try:
            announce(httpd.server_address)
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0

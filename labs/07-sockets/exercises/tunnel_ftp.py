"""Exercise 10: ``ssh -L`` by hand: a local port forwarded through SSH with paramiko.

``port_forwarding.py`` lets sshtunnel do the work. Do it yourself with paramiko, the
library beneath: log in, listen on a local port, and carry each connection made to it
inside the SSH connection, in a ``direct-tcpip`` channel (RFC 4254, section 7.2), to
the FTP server that only the SSH server can reach. Write:

``ssh_connect(host, port, user, password, timeout)``
    a ``paramiko.Transport`` over ``socket.create_connection``, ``start_client`` and
    ``auth_password``; raise ``TunnelError`` (one readable line) when the server cannot
    be reached, the SSH handshake fails or the login is refused. (Like sshtunnel, the
    lab does not check the server's host key; ``ssh`` would.)
``LocalForward.handle(client)``
    open the channel: ``transport.open_channel("direct-tcpip", self.remote,
    client.getpeername(), timeout=self.timeout)``; if the server refuses, close the
    client; otherwise ``relay`` between the two.
``relay(local, channel, timeout)``
    copy bytes both ways (``select`` works on a paramiko ``Channel`` as on a socket)
    until both sides have finished; pass an EOF on (``channel.shutdown_write()``,
    ``local.shutdown(socket.SHUT_WR)``); close both at the end, also after an error.

The listener, ``ftp_retr`` and the command line are provided:

    python tunnel_servers.py &                              # SSH 2222, FTP 2121
    LAB_SSH_PASSWORD=labpass python exercises/tunnel_ftp.py welcome.txt

Only FTP's control connection goes through the tunnel; the data connection (passive
mode) goes straight to the port the server names, which works here because
everything is on loopback.

Graded (``pytest tests/lab07/test_ex10_tunnel_ftp.py``) against an in-test paramiko
SSH server and a pyftpdlib server: the login; a wrong password and a closed SSH port
raise ``TunnelError``; an FTP login and ``RETR welcome.txt`` through your tunnel (the
SSH server records the forwarding); 1 MiB echoed both ways through it; the command
line's output, and a refused login as one line on stderr with exit status 1.
"""

from __future__ import annotations

import ftplib
import logging
import os
import select  # noqa: F401 - for relay()
import socket
import sys
import threading

import paramiko

from labkit import cli

BUFSIZE = 65536
PASSWORD_ENV = "LAB_SSH_PASSWORD"

logging.getLogger("paramiko").addHandler(logging.NullHandler())
logging.getLogger("paramiko").propagate = False


class TunnelError(Exception):
    """The SSH connection or the login failed."""


def ssh_connect(
    host: str, port: int, user: str, password: str, timeout: float = 5.0
) -> paramiko.Transport:
    """An SSH connection to (host, port), logged in with a password."""
    # TODO (exercise 10)
    raise NotImplementedError("exercise 10: write ssh_connect()")


def relay(local: socket.socket, channel: paramiko.Channel, timeout: float = 60.0) -> None:
    """Copy bytes both ways between ``local`` and ``channel``; pass each EOF on."""
    # TODO (exercise 10)
    raise NotImplementedError("exercise 10: write relay()")


class LocalForward:
    """Listen on 127.0.0.1:``port``; carry each connection to ``remote`` through SSH."""

    def __init__(
        self, transport: paramiko.Transport, remote: tuple[str, int], port: int = 0,
        timeout: float = 5.0,
    ) -> None:  # fmt: skip
        self.transport, self.remote, self.timeout = transport, remote, timeout
        self.listener = socket.create_server(("127.0.0.1", port))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def handle(self, client: socket.socket) -> None:
        """Carry one accepted client to ``self.remote`` through a new SSH channel."""
        # TODO (exercise 10): open a direct-tcpip channel, then relay()
        raise NotImplementedError("exercise 10: write LocalForward.handle()")

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self.handle, args=(client,), daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.listener.close()


def ftp_retr(port: int, user: str, password: str, filename: str, timeout: float = 5.0) -> bytes:
    """Log in to the FTP server behind 127.0.0.1:``port`` and RETR ``filename``."""
    data: list[bytes] = []
    with ftplib.FTP() as ftp:
        ftp.connect("127.0.0.1", port, timeout=timeout)
        ftp.login(user, password)
        ftp.retrbinary(f"RETR {filename}", data.append)
        ftp.quit()
    return b"".join(data)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Fetch a file from FTP through an SSH tunnel.")
    parser.add_argument("file", help="the file to RETR, e.g. welcome.txt")
    parser.add_argument("--ssh-host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument("--ssh-port", type=cli.port_number, default=2222, help="default: 2222")
    parser.add_argument("--user", default="labuser", help="SSH and FTP login (default: labuser)")
    parser.add_argument("--remote-host", default="127.0.0.1", help="FTP, as SSH sees it")
    parser.add_argument("--remote-port", type=cli.port_number, default=2121, help="default: 2121")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        return cli.error(f"no password: set {PASSWORD_ENV}")
    try:
        transport = ssh_connect(args.ssh_host, args.ssh_port, args.user, password, args.timeout)
    except TunnelError as exc:
        return cli.error(str(exc))
    forward = LocalForward(transport, (args.remote_host, args.remote_port), 0, args.timeout)
    try:
        data = ftp_retr(forward.port, args.user, password, args.file, args.timeout)
    except (OSError, EOFError, ftplib.Error) as exc:
        return cli.error(f"FTP through the tunnel failed: {cli.describe_error(exc)}")
    finally:
        forward.close()
        transport.close()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

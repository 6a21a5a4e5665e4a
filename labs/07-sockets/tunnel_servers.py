"""Stand-ins for the book's remote machine: an SSH server that forwards ports, and FTP.

The book's port-forwarding example logs in to an SSH server on another machine and
reaches the FTP server that runs there. Without the lab network, this script plays
that machine on loopback: an FTP server (pyftpdlib) and a minimal SSH server
(paramiko) that accepts a password login and "direct-tcpip" channels, the SSH
request behind ``ssh -L`` and sshtunnel, and nothing else: no shell, no commands.
It only forwards to loopback addresses.

Run it in its own terminal and leave it running::

    python tunnel_servers.py        # SSH on 127.0.0.1:2222, FTP on 127.0.0.1:2121

The login is the lab's practice account, ``labuser``/``labpass`` (set
``LAB_SSH_PASSWORD`` to choose another password). Tests import :class:`SSHGateway`
and :class:`FTPServerThread`, which run the same servers in threads on port 0.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import select
import socket
import sys
import tempfile
import threading
from pathlib import Path

import paramiko
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

from labkit import cli, server

USER = "labuser"
PASSWORD_ENV = "LAB_SSH_PASSWORD"
DEFAULT_PASSWORD = "labpass"  # the lab network's documented practice password
SSH_PORT, FTP_PORT = 2222, 2121
WELCOME_FILE = "welcome.txt"
WELCOME_TEXT = b"You reached the FTP server behind the SSH gateway.\n"

for name in ("paramiko", "pyftpdlib"):  # keep their log lines off the terminal
    logging.getLogger(name).addHandler(logging.NullHandler())
    logging.getLogger(name).propagate = False


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class _Gateway(paramiko.ServerInterface):
    """What the SSH server allows: one user's password, and port forwarding to loopback."""

    def __init__(self, user: str, password: str, log):
        self.user, self.password, self.log = user, password, log
        self.destinations: dict[int, tuple[str, int]] = {}

    def get_allowed_auths(self, username):
        return "password"

    def check_auth_password(self, username, password):
        ok = username == self.user and hmac.compare_digest(password, self.password)
        self.log(f"SSH: password login for {username!r} {'accepted' if ok else 'refused'}")
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED  # no shell, no exec

    def check_channel_direct_tcpip_request(self, chanid, origin, destination):
        if not is_loopback(destination[0]):
            self.log(f"SSH: forwarding to {destination[0]}:{destination[1]} refused")
            return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED
        self.log(f"SSH: forwarding a connection to {destination[0]}:{destination[1]}")
        self.destinations[chanid] = destination
        return paramiko.OPEN_SUCCEEDED


def _relay(channel: paramiko.Channel, destination: tuple[str, int]) -> None:
    """Copy bytes between an SSH channel and a TCP connection until either side closes."""
    try:
        upstream = socket.create_connection(destination, timeout=10)
    except OSError:
        channel.close()
        return
    with upstream:
        try:
            while True:
                ready, _, _ = select.select([channel, upstream], [], [], 60)
                if not ready:
                    break  # idle for a minute: give up
                if channel in ready:
                    data = channel.recv(65536)
                    if not data:
                        break
                    upstream.sendall(data)
                if upstream in ready:
                    data = upstream.recv(65536)
                    if not data:
                        break
                    channel.sendall(data)
        except OSError:
            pass  # one side went away: close both
        finally:
            try:
                channel.close()
            except (EOFError, OSError):
                pass  # the SSH transport is already gone: nothing left to close


class SSHGateway:
    """The SSH server in background threads: ``with SSHGateway(...) as ssh: ssh.port``."""

    def __init__(self, host="127.0.0.1", port=0, user=USER, password=DEFAULT_PASSWORD, log=None):
        self.user, self.password = user, password
        self.log = log or (lambda text: None)
        self.host_key = paramiko.ECDSAKey.generate()
        self.listener = socket.create_server((host, port))
        self.listener.settimeout(0.2)
        self.host, self.port = self.listener.getsockname()[:2]
        self.forwarded: list[tuple[str, int]] = []  # every destination, for tests
        self._stop = threading.Event()
        self._transports: list[paramiko.Transport] = []
        self._thread = threading.Thread(target=self.serve, daemon=True)

    def _session(self, conn: socket.socket) -> None:
        transport = paramiko.Transport(conn)
        self._transports.append(transport)
        transport.add_server_key(self.host_key)
        gateway = _Gateway(self.user, self.password, self.log)
        try:
            transport.start_server(server=gateway)
        except (paramiko.SSHException, EOFError, OSError):
            transport.close()
            return
        while transport.is_active() and not self._stop.is_set():
            channel = transport.accept(timeout=0.5)
            if channel is None:
                continue
            destination = gateway.destinations.get(channel.get_id())
            if destination is None:
                channel.close()
                continue
            self.forwarded.append(destination)
            threading.Thread(target=_relay, args=(channel, destination), daemon=True).start()
        transport.close()

    def serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def __enter__(self) -> SSHGateway:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self.listener.close()
        for transport in self._transports:
            transport.close()


class FTPServerThread:
    """pyftpdlib in a background thread, one user whose home holds ``welcome.txt``."""

    def __init__(self, host="127.0.0.1", port=0, user=USER, password=DEFAULT_PASSWORD, log=None):
        self._home = tempfile.TemporaryDirectory(prefix="lab07-ftp-")
        self.home = Path(self._home.name)
        (self.home / WELCOME_FILE).write_bytes(WELCOME_TEXT)
        authorizer = DummyAuthorizer()
        authorizer.add_user(user, password, str(self.home), perm="elr")
        log = log or (lambda text: None)
        self.logins: list[str] = []
        logins = self.logins

        class Handler(FTPHandler):
            def on_login(self, username):
                logins.append(username)
                log(f"FTP: {username} logged in from {self.remote_ip}")

        Handler.authorizer = authorizer
        Handler.banner = "lab 07 FTP server ready"
        self.server = FTPServer((host, port), Handler)
        self.host, self.port = self.server.address[:2]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            self.server.serve_forever(timeout=0.1, blocking=False, handle_exit=False)
        self.server.close_all()

    def __enter__(self) -> FTPServerThread:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self._home.cleanup()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="An SSH gateway and an FTP server on loopback.")
    parser.add_argument("--ssh-port", type=cli.port_number, default=SSH_PORT, help="default: 2222")
    parser.add_argument("--ftp-port", type=cli.port_number, default=FTP_PORT, help="default: 2121")
    parser.add_argument("--user", default=USER, help=f"the login (default: {USER})")
    args = parser.parse_args(argv)
    password = os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD

    def log(text: str) -> None:
        print(text, flush=True)

    try:
        ftp = FTPServerThread("127.0.0.1", args.ftp_port, args.user, password, log)
    except OSError as exc:
        return cli.error(f"cannot listen on 127.0.0.1:{args.ftp_port}: {cli.describe_error(exc)}")
    try:
        ssh = SSHGateway("127.0.0.1", args.ssh_port, args.user, password, log)
    except OSError as exc:
        ftp.server.close_all()
        return cli.error(f"cannot listen on 127.0.0.1:{args.ssh_port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with ftp, ssh:
        try:
            print(f"FTP server on {ftp.host}:{ftp.port}, user {args.user}", flush=True)
            print(f"SSH server on {ssh.host}:{ssh.port}, forwarding only", flush=True)
            server.announce((ssh.host, ssh.port))
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

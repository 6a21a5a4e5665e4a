"""Exercise 10: ``ssh -L`` by hand with paramiko, to reach FTP (reference solution)."""

from __future__ import annotations

import ftplib
import logging
import os
import select
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
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        raise TunnelError(f"cannot reach {host}:{port}: {cli.describe_error(exc)}") from None
    transport = paramiko.Transport(sock)
    try:
        transport.start_client(timeout=timeout)
        transport.auth_password(user, password)
    except paramiko.AuthenticationException:
        transport.close()
        raise TunnelError(f"SSH login as {user} refused") from None
    except (paramiko.SSHException, EOFError, OSError) as exc:
        transport.close()
        raise TunnelError(f"SSH with {host}:{port} failed: {exc or type(exc).__name__}") from None
    return transport


def relay(local: socket.socket, channel: paramiko.Channel, timeout: float = 60.0) -> None:
    """Copy bytes both ways between ``local`` and ``channel``; pass each EOF on."""
    open_ends = {local, channel}
    try:
        while open_ends:
            ready, _, _ = select.select(list(open_ends), [], [], timeout)
            if not ready:
                break  # idle for too long
            for source in ready:
                data = source.recv(BUFSIZE)
                if source is local:
                    if data:
                        channel.sendall(data)
                    else:
                        channel.shutdown_write()
                        open_ends.discard(local)
                elif data:
                    local.sendall(data)
                else:
                    local.shutdown(socket.SHUT_WR)
                    open_ends.discard(channel)
    except OSError:
        pass  # one side went away: close both
    finally:
        channel.close()
        local.close()


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
        try:
            channel = self.transport.open_channel(
                "direct-tcpip", self.remote, client.getpeername()[:2], timeout=self.timeout
            )
        except (paramiko.SSHException, EOFError, OSError):
            client.close()  # the server refused, or could not reach the remote end
            return
        relay(client, channel)

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

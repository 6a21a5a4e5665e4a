"""Port forwarding through an SSH tunnel: reach a remote FTP server via a local port.

Follows the chapter's SSH tunnel example (sshtunnel on paramiko). The FTP server runs
on the remote machine, where only SSH is reachable. ``SSHTunnelForwarder`` logs in
to the SSH server, listens on a local port, and carries each connection made to that
port inside the encrypted SSH connection; the SSH server opens the last leg to the
FTP server. On the wire between the two machines there is only SSH.

Run it with the lab network (default: the files host's SSH and FTP), or against the
stand-ins of ``tunnel_servers.py``::

    python tunnel_servers.py &                                   # SSH 2222, FTP 2121
    LAB_SSH_PASSWORD=labpass python port_forwarding.py --ssh-host 127.0.0.1 \\
        --ssh-port 2222 --remote-host 127.0.0.1 --remote-port 2121
    ftp 127.0.0.1 PORT           # in another terminal, the port it printed

``--ftp-check`` logs in to the FTP server through the tunnel and prints the replies.

Changes from the book: ``ssh_address_or_host=`` (``ssh_address=`` is deprecated);
the tunnel waits for Ctrl-C or SIGTERM instead of burning a CPU in ``while True:
pass``; the local end listens on 127.0.0.1 only; the password comes from an
environment variable (``--password-env``), the lab configuration, or a prompt
(``getpass``); no SSH agent, no ``~/.ssh`` keys, no ``~/.ssh/config``. Like
sshtunnel itself, it does not check the SSH server's host key: fine for the lab, not
for the Internet (``ssh -L`` does check it).
"""

from __future__ import annotations

import ftplib
import getpass
import logging
import os
import socket
import sys
import threading

import sshtunnel

from labkit import cli, config, server

PASSWORD_ENV = "LAB_SSH_PASSWORD"

for name in ("paramiko", "sshtunnel"):  # their log lines would drown the one-line errors
    logging.getLogger(name).addHandler(logging.NullHandler())
    logging.getLogger(name).propagate = False
QUIET = logging.getLogger("sshtunnel.lab07")


class TunnelError(Exception):
    """The tunnel could not be opened (login refused, SSH server unreachable...)."""


def open_tunnel(
    ssh: tuple[str, int],
    user: str,
    password: str,
    remote: tuple[str, int],
    local_port: int = 0,
    timeout: float = 5.0,
) -> sshtunnel.SSHTunnelForwarder:
    """Log in to ``ssh`` and forward 127.0.0.1:``local_port`` to ``remote`` (as the SSH
    server sees it). Returns the started forwarder; call ``.stop()`` when done."""
    try:  # sshtunnel says only "could not establish session": find out why first
        socket.create_connection(ssh, timeout=timeout).close()
    except OSError as exc:
        raise TunnelError(cli.describe_error(exc)) from None
    sshtunnel.SSH_TIMEOUT = timeout
    sshtunnel.TUNNEL_TIMEOUT = timeout
    tunnel = sshtunnel.SSHTunnelForwarder(
        ssh_address_or_host=ssh,
        ssh_username=user,
        ssh_password=password,
        remote_bind_address=remote,
        local_bind_address=("127.0.0.1", local_port),
        allow_agent=False,
        ssh_config_file=None,
        host_pkey_directories=[],
        logger=QUIET,
    )
    try:
        tunnel.start()
    except sshtunnel.BaseSSHTunnelForwarderError as exc:
        if tunnel.is_active:  # logged in, but the forwarding failed: a normal stop
            tunnel.stop(force=True)
        else:  # no SSH session: stop() would wait forever for servers never started
            for forward_server in tunnel._server_list:
                forward_server.server_close()
        reason = "SSH login failed (wrong user or password?)" if not tunnel.is_active else exc
        raise TunnelError(str(reason)) from None
    return tunnel


def ftp_check(port: int, user: str, password: str, timeout: float) -> list[str]:
    """Log in to the FTP server through the tunnel's local port; return its replies.

    Only the control connection is used (welcome, USER/PASS, PWD): FTP data
    connections go to a port the server picks, outside this tunnel.
    """
    with ftplib.FTP() as ftp:
        welcome = ftp.connect("127.0.0.1", port, timeout=timeout)
        login = ftp.login(user, password)
        pwd = ftp.sendcmd("PWD")
        ftp.quit()
    return [welcome, login, pwd]


def lab_defaults() -> dict:
    """The files host's SSH and FTP from the lab configuration; ConfigError names the fix."""
    cfg = config.load()
    files = cfg.host("files")
    user, password = next(iter(cfg.users.items()), ("labuser", None))
    return {
        "ssh_host": files.address,
        "ssh_port": files.ports.get("ssh", 22),
        "remote_host": files.address,
        "remote_port": files.ports.get("ftp", 21),
        "user": user,
        "password": password,
    }


def find_password(env_name: str, configured: str | None) -> str:
    if os.environ.get(env_name):
        return os.environ[env_name]
    if configured:
        return configured
    if sys.stdin.isatty():
        return getpass.getpass("SSH password: ")
    raise TunnelError(f"no password: set {env_name}, or run in a terminal to be asked")


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Forward a local port through an SSH tunnel.")
    parser.add_argument("--ssh-host", help="SSH server (default: the lab's files host)")
    parser.add_argument("--ssh-port", type=cli.port_number, help="default: 22 on the lab host")
    parser.add_argument("--user", help="SSH login (default: the lab user)")
    parser.add_argument(
        "--password-env",
        default=PASSWORD_ENV,
        metavar="NAME",
        help=f"environment variable holding the password (default: {PASSWORD_ENV})",
    )
    parser.add_argument("--remote-host", help="the service's address, as the SSH server sees it")
    parser.add_argument("--remote-port", type=cli.port_number, help="default: 21 (FTP)")
    parser.add_argument("--local-port", type=cli.port_number, default=0, help="default: any")
    parser.add_argument(
        "--ftp-check", action="store_true", help="log in to FTP through the tunnel, then exit"
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    defaults = {"user": "labuser", "password": None, "ssh_port": 22, "remote_port": 21}
    if args.ssh_host is None or args.remote_host is None:
        try:
            defaults = lab_defaults()
        except config.ConfigError as exc:
            return cli.error(f"{exc}; or give --ssh-host and --remote-host")
    ssh = (args.ssh_host or defaults["ssh_host"], args.ssh_port or defaults["ssh_port"])
    remote = (
        args.remote_host or defaults["remote_host"],
        args.remote_port or defaults["remote_port"],
    )
    user = args.user or defaults["user"]
    try:
        password = find_password(args.password_env, defaults["password"])
        tunnel = open_tunnel(ssh, user, password, remote, args.local_port, args.timeout)
    except TunnelError as exc:
        return cli.error(f"cannot open the tunnel via {ssh[0]}:{ssh[1]}: {exc}")
    server.stop_on_sigterm()
    try:
        print(f"Connect the remote service via local port: {tunnel.local_bind_port}", flush=True)
        if args.ftp_check:
            for reply in ftp_check(tunnel.local_bind_port, user, password, args.timeout):
                print(reply, flush=True)
            return 0
        print("Press Ctrl-C to close the tunnel.", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    except EOFError:
        return cli.error(f"{remote[0]}:{remote[1]} closed the tunnelled connection at once")
    except (OSError, ftplib.Error) as exc:
        return cli.error(f"FTP through the tunnel failed: {cli.describe_error(exc)}")
    finally:
        tunnel.stop(force=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The daemons: templates, command lines, helper pid files, and which services they serve."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from labnet.system import which


@dataclass(frozen=True)
class Paths:
    root: Path  # the state directory ($LABNET)

    @property
    def srv(self) -> Path:
        return self.root / "srv"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def mail(self) -> Path:
        return self.root / "mail"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def ca(self) -> Path:
        return self.root / "ca"


@dataclass(frozen=True)
class Daemon:
    name: str
    root: bool  # runs as root; otherwise as the daemon user (labsvc)
    marker: str  # a substring of its /proc cmdline, checked before signalling
    services: tuple[str, ...]
    templates: dict[str, str]  # template file (under templates/NAME/) -> path under srv/NAME/
    command: Callable[[Paths, str, dict[str, int]], list[str]]
    env: dict[str, str] = field(default_factory=dict)
    helper_pidfiles: tuple[str, ...] = ()  # under srv/NAME/: helpers that detach
    stop_command: Callable[[Paths], list[str]] | None = None


def _moto(p: Paths, address: str, ports: dict[str, int]) -> list[str]:
    exe = which("moto_server", str(Path(sys.executable).parent), "/opt/labnet/venv/bin")
    return [exe, "-H", address, "-p", str(ports["s3"])]


DAEMONS: dict[str, Daemon] = {
    d.name: d
    for d in [
        Daemon(
            "nginx",
            root=False,
            marker="nginx",
            services=("http", "https"),
            templates={"nginx.conf": "nginx.conf"},
            command=lambda p, a, ports: [
                which("nginx"), "-e", str(p.logs / "nginx-error.log"), "-p", str(p.srv / "nginx"),
                "-c", str(p.srv / "nginx/nginx.conf"), "-g", "daemon off;",
            ],
        ),
        Daemon(
            "moto",
            # moto runs from the project's virtualenv, which the daemon user may not be
            # allowed to read (a checkout in a private folder): it runs as root, inside
            # the www namespace, listening on the lab address only.
            root=True,
            marker="moto_server",
            services=("s3",),
            templates={},
            command=_moto,
        ),
        Daemon(
            "named",
            root=False,
            marker="named",
            services=("dns",),
            templates={
                "named.conf": "named.conf",
                "forward.zone": "forward.zone",
                "reverse.zone": "reverse.zone",
            },
            command=lambda p, a, ports: [
                which("named"), "-g", "-4", "-c", str(p.srv / "named/named.conf"),
            ],
        ),
        Daemon(
            "slapd",
            root=False,
            marker="slapd",
            services=("ldap",),
            templates={"slapd.conf": "slapd.conf"},
            command=lambda p, a, ports: [
                which("slapd"), "-d", "0", "-h", f"ldap://{a}:{ports['ldap']}/",
                "-f", str(p.srv / "slapd/slapd.conf"),
            ],
        ),
        Daemon(
            "snmpd",
            root=False,
            marker="snmpd",
            services=("snmp",),
            templates={"snmpd.conf": "snmpd.conf"},
            env={"MIBS": ""},
            command=lambda p, a, ports: [
                which("snmpd"), "-f", "-Lo", "-C", "-c", str(p.srv / "snmpd/snmpd.conf"),
                "-I", "-smux", "-p", str(p.srv / "snmpd/snmpd.pid"),
            ],
        ),
        Daemon(
            "chronyd",
            root=False,
            marker="chronyd",
            services=("ntp",),
            templates={"chrony.conf": "chrony.conf"},
            command=lambda p, a, ports: [
                which("chronyd"), "-d", "-x", "-U", "-f", str(p.srv / "chronyd/chrony.conf"),
            ],
        ),
        Daemon(
            "dovecot",
            root=False,
            marker="dovecot",
            services=("pop3", "pop3s", "imap", "imaps"),
            templates={"dovecot.conf": "dovecot.conf"},
            command=lambda p, a, ports: [
                which("dovecot"), "-F", "-c", str(p.srv / "dovecot/dovecot.conf"),
            ],
        ),
        Daemon(
            "postfix",
            root=True,
            marker="postfix",
            services=("smtp", "submission"),
            templates={"main.cf": "etc/main.cf", "master.cf": "etc/master.cf"},
            command=lambda p, a, ports: [
                which("postfix"), "-c", str(p.srv / "postfix/etc"), "start-fg",
            ],
            helper_pidfiles=("spool/pid/master.pid",),
            stop_command=lambda p: [which("postfix"), "-c", str(p.srv / "postfix/etc"), "stop"],
        ),
        Daemon(
            "sshd",
            root=True,
            marker="sshd",
            services=("ssh",),
            templates={"sshd_config": "sshd_config"},
            command=lambda p, a, ports: [
                "/usr/sbin/sshd", "-D", "-e", "-f", str(p.srv / "sshd/sshd_config"),
            ],
        ),
        Daemon(
            "vsftpd",
            root=True,
            marker="vsftpd",
            services=("ftp",),
            templates={"vsftpd.conf": "vsftpd.conf"},
            command=lambda p, a, ports: [which("vsftpd"), str(p.srv / "vsftpd/vsftpd.conf")],
        ),
        Daemon(
            "smbd",
            root=True,
            marker="smbd",
            services=("smb",),
            templates={"smb.conf": "smb.conf"},
            command=lambda p, a, ports: [
                which("smbd"), "--foreground", "--no-process-group", "--debug-stdout",
                "-s", str(p.srv / "smbd/smb.conf"),
            ],
            helper_pidfiles=("run/samba-dcerpcd.pid",),
        ),
    ]
}  # fmt: skip

#: Start order: non-root daemons first (dovecot before postfix, which authenticates through it).
ORDER = ["named", "slapd", "snmpd", "chronyd", "nginx", "moto", "dovecot", "postfix", "sshd",
         "vsftpd", "smbd"]  # fmt: skip

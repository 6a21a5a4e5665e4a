"""Template rendering: ``{{NAME}}`` placeholders, one template per daemon config file.

Both backends use this renderer: the local runner, and the Vagrant provisioner (which runs
``python3 -m labnet up --backend host`` inside each VM), so no daemon config exists twice.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from labnet.daemons import DAEMONS, Paths
from labnet.topology import LabnetError, Topology

PLACEHOLDER = re.compile(r"\{\{([A-Z0-9_]+)\}\}")


def reverse_zone(topo: Topology) -> str:
    if topo.subnet.prefixlen != 24:
        raise LabnetError("the lab subnet must be a /24 (reverse zone)")
    octets = str(topo.subnet.network_address).split(".")[:3]
    return ".".join(reversed(octets)) + ".in-addr.arpa"


def variables(
    topo: Topology, paths: Paths, host: str, uid: int = 0, gid: int = 0
) -> dict[str, str]:
    values = {
        "LABNET": str(paths.root),
        "SRV": str(paths.srv),
        "LOGS": str(paths.logs),
        "MAILDIRS": str(paths.mail),
        "ADDRESS": topo.hosts[host].address,
        "DOMAIN": topo.domain,
        "SUBNET": str(topo.subnet),
        "GATEWAY": topo.gateway,
        "REVERSE_ZONE": reverse_zone(topo),
        "SERIAL": time.strftime("%Y%m%d01"),
        "DAEMON_USER": topo.daemon_user,
        "DAEMON_UID": str(uid),
        "DAEMON_GID": str(gid),
        "UNIX_USERS": " ".join(topo.unix_users),
        "HOST_A_RECORDS": "\n".join(
            f"{h.name:<8} IN A     {h.address}" for h in topo.hosts.values()
        ),
        "PTR_RECORDS": "\n".join(
            [f"{topo.gateway.rsplit('.', 1)[1]:<8} IN PTR   gateway.{topo.domain}."]
            + [f"{h.address.rsplit('.', 1)[1]:<8} IN PTR   {h.fqdn}." for h in topo.hosts.values()]
        ),
    }
    for h in topo.hosts.values():
        values[f"{h.name.upper()}_ADDRESS"] = h.address
        for service, port in h.ports.items():
            values[f"PORT_{service.upper()}"] = str(port)
    return values


def render_text(text: str, values: dict[str, str], source: str = "template") -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            return values[match.group(1)]
        except KeyError:
            raise LabnetError(f"{source}: unknown placeholder {{{{{match.group(1)}}}}}") from None

    return PLACEHOLDER.sub(replace, text)


def render_daemon(
    topo: Topology, paths: Paths, host: str, daemon: str, values: dict[str, str]
) -> list[Path]:
    """Render the daemon's templates into ``paths.srv/DAEMON/``; returns the files written."""
    written = []
    for template, target in DAEMONS[daemon].templates.items():
        source = topo.template_dir / daemon / template
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise LabnetError(f"cannot read template {source}: {exc.strerror}") from None
        out = paths.srv / daemon / target
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_text(text, values, str(source)), encoding="utf-8")
        written.append(out)
    return written


def render_all(topo: Topology, out_dir: Path) -> list[Path]:
    """Render every template of every host into OUT_DIR (``labnet render``; no root needed)."""
    paths = Paths(out_dir)
    written = []
    for host in topo.hosts.values():
        values = variables(topo, paths, host.name, 1000, 1000)
        for daemon in host.daemons:
            written += render_daemon(topo, paths, host.name, daemon, values)
    return written

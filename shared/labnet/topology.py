"""The topology file (vagrant/topology.json): hosts, addresses, daemons and ports."""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VAGRANT_DIR = Path(os.environ.get("LABNET_VAGRANT_DIR", REPO_ROOT / "vagrant"))
TOPOLOGY_ENV = "LABNET_TOPOLOGY"


class LabnetError(Exception):
    """A foreseeable failure: reported in one line, exit status ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class LabHost:
    name: str
    address: str
    daemons: tuple[str, ...]
    ports: dict[str, int]
    fqdn: str


@dataclass
class Topology:
    path: Path
    domain: str
    subnet: ipaddress.IPv4Network
    gateway: str
    bridge: str
    namespace_prefix: str
    state_dir: Path
    daemon_user: str
    unix_users: dict[str, str]
    mail_users: dict[str, str]
    hosts: dict[str, LabHost]
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def prefixlen(self) -> int:
        return self.subnet.prefixlen

    def namespace(self, host: str) -> str:
        return f"{self.namespace_prefix}{host}"

    def veth(self, host: str) -> str:
        # interface names are limited to 15 characters
        return f"{self.bridge[:6]}-{host}"[:15]

    @property
    def template_dir(self) -> Path:
        return self.path.parent / "templates"

    @property
    def seed_dir(self) -> Path:
        return self.path.parent / "seed"


def load_topology(path: Path | str | None = None) -> Topology:
    """Read and check the topology; environment overrides: LABNET_STATE_DIR, LABNET_BRIDGE,
    LABNET_NS_PREFIX, LABNET_SUBNET (with LABNET_GATEWAY and the host addresses shifted)."""
    path = Path(path or os.environ.get(TOPOLOGY_ENV) or VAGRANT_DIR / "topology.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LabnetError(f"cannot read the topology {path}: {exc}") from None
    try:
        subnet = ipaddress.IPv4Network(data["subnet"])
        gateway = data["gateway"]
        new_subnet = os.environ.get("LABNET_SUBNET")
        shift = 0
        if new_subnet:
            moved = ipaddress.IPv4Network(new_subnet)
            if moved.prefixlen != subnet.prefixlen:
                raise LabnetError(f"LABNET_SUBNET must be a /{subnet.prefixlen}")
            shift = int(moved.network_address) - int(subnet.network_address)
            subnet = moved
            gateway = str(ipaddress.IPv4Address(gateway) + shift)
        domain = data["domain"]
        hosts = {}
        for name, entry in data["hosts"].items():
            address = str(ipaddress.IPv4Address(entry["address"]) + shift)
            if ipaddress.IPv4Address(address) not in subnet:
                raise LabnetError(f"topology: host {name} ({address}) is outside {subnet}")
            hosts[name] = LabHost(
                name=name,
                address=address,
                daemons=tuple(entry["daemons"]),
                ports={k: int(v) for k, v in entry["ports"].items()},
                fqdn=f"{name}.{domain}",
            )
        return Topology(
            path=path,
            domain=domain,
            subnet=subnet,
            gateway=gateway,
            bridge=os.environ.get("LABNET_BRIDGE", data["bridge"]),
            namespace_prefix=os.environ.get("LABNET_NS_PREFIX", data["namespace_prefix"]),
            state_dir=Path(os.environ.get("LABNET_STATE_DIR", data["state_dir"])),
            daemon_user=data["daemon_user"],
            unix_users=dict(data["unix_users"]),
            mail_users=dict(data["mail_users"]),
            hosts=hosts,
            settings=dict(data.get("settings", {})),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise LabnetError(f"topology {path} is malformed: {exc!r}") from None

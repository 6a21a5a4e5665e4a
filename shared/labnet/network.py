"""The bridge and the network namespaces (one per host, a veth into the bridge each).

Everything created is recorded in the state file; nothing else is ever touched. Before
creating anything the names and the subnet must be free.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
from pathlib import Path

from labnet.system import run, terminate
from labnet.topology import LabnetError, Topology

NETNS_ETC = Path("/etc/netns")


def link_exists(name: str) -> bool:
    return run(["ip", "link", "show", "dev", name], check=False).returncode == 0


def namespaces() -> set[str]:
    out = run(["ip", "-json", "netns", "list"], check=False).stdout.strip()
    try:
        return {entry["name"] for entry in json.loads(out or "[]")}
    except ValueError:
        return set()


def subnet_users(topo: Topology) -> list[str]:
    """Addresses and routes of this machine that overlap the lab subnet (ours excluded)."""
    found = []
    for line in run(["ip", "-4", "-o", "addr", "show"]).stdout.splitlines():
        fields = line.split()
        dev, cidr = fields[1], fields[3]
        if dev != topo.bridge and ipaddress.IPv4Interface(cidr).network.overlaps(topo.subnet):
            found.append(f"address {cidr} on {dev}")
    for line in run(["ip", "-4", "route", "show", "table", "all"]).stdout.splitlines():
        fields = line.split()
        if not fields or fields[0] in ("default", "broadcast", "local", "unreachable"):
            continue
        dev = fields[fields.index("dev") + 1] if "dev" in fields else "?"
        try:
            network = ipaddress.IPv4Network(fields[0], strict=False)
        except ValueError:
            continue
        if dev != topo.bridge and network.overlaps(topo.subnet):
            found.append(f"route {fields[0]} via {dev}")
    return found


def check_free(topo: Topology, hosts: list[str], ours: dict) -> None:
    """Stop with a clear message if a name or the subnet is used by someone else."""
    problems = []
    if not ours.get("bridge") and link_exists(topo.bridge):
        problems.append(f"interface {topo.bridge} exists (set LABNET_BRIDGE)")
    existing = namespaces()
    for host in hosts:
        ns, veth = topo.namespace(host), topo.veth(host)
        if ns in existing and ns not in ours.get("namespaces", []):
            problems.append(f"network namespace {ns} exists (set LABNET_NS_PREFIX)")
        if link_exists(veth) and veth not in ours.get("veths", []):
            problems.append(f"interface {veth} exists (set LABNET_BRIDGE)")
    if not ours.get("bridge"):
        problems += [f"{u} (set LABNET_SUBNET)" for u in subnet_users(topo)]
    if problems:
        raise LabnetError("cannot create the lab network: " + "; ".join(problems))


def create(topo: Topology, hosts: list[str], ours: dict, save) -> None:
    """Create what is missing; ``ours`` records it (saved after each step)."""
    if not Path("/run/netns").is_dir():
        ours.setdefault("made_run_netns", True)
    if not link_exists(topo.bridge):
        cidr = f"{topo.gateway}/{topo.prefixlen}"
        run(["ip", "link", "add", topo.bridge, "type", "bridge"])
        ours["bridge"] = topo.bridge
        save()
        run(["ip", "addr", "add", cidr, "dev", topo.bridge])
        run(["ip", "link", "set", topo.bridge, "up"])
    existing = namespaces()
    infra = topo.hosts.get("infra")
    for host in hosts:
        ns, veth = topo.namespace(host), topo.veth(host)
        address = f"{topo.hosts[host].address}/{topo.prefixlen}"
        if ns not in existing:
            run(["ip", "netns", "add", ns])
            ours.setdefault("namespaces", []).append(ns)
            save()
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
            # standard ports for the non-root daemons, in this namespace only
            run(
                [
                    "ip",
                    "netns",
                    "exec",
                    ns,
                    "sysctl",
                    "-qw",
                    "net.ipv4.ip_unprivileged_port_start=0",
                ]
            )
        if not link_exists(veth):
            run(["ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns])
            ours.setdefault("veths", []).append(veth)
            save()
            run(["ip", "link", "set", veth, "master", topo.bridge])
            run(["ip", "link", "set", veth, "up"])
            run(["ip", "-n", ns, "addr", "add", address, "dev", "eth0"])
            run(["ip", "-n", ns, "link", "set", "eth0", "up"])
        etc = NETNS_ETC / ns
        if infra and not (etc / "resolv.conf").exists():
            # daemons inside resolve through the lab DNS only (never the host's resolver)
            if not NETNS_ETC.exists():
                ours["made_etc_netns"] = True
            etc.mkdir(parents=True, exist_ok=True)
            (etc / "resolv.conf").write_text(
                f"# written by labnet\nnameserver {infra.address}\nsearch {topo.domain}\n"
                "options timeout:1 attempts:1\n"
            )
            if str(etc) not in ours.setdefault("etc_dirs", []):
                ours["etc_dirs"].append(str(etc))
            save()


def netns_pids(ns: str) -> list[int]:
    out = run(["ip", "netns", "pids", ns], check=False).stdout
    return [int(pid) for pid in out.split() if pid.isdigit()]


def destroy(topo: Topology, ours: dict, save) -> list[str]:
    """Remove what ``ours`` records: processes left in our namespaces, veths, namespaces,
    the bridge, /etc/netns entries. Returns what was removed."""
    removed = []
    for ns in list(ours.get("namespaces", [])):
        if ns in namespaces():
            leftovers = netns_pids(ns)
            if leftovers:
                terminate(leftovers)
                removed.append(f"{len(leftovers)} leftover processes in {ns}")
    for veth in list(ours.get("veths", [])):
        if link_exists(veth):
            run(["ip", "link", "del", veth], check=False)
        ours["veths"].remove(veth)
        save()
    for ns in list(ours.get("namespaces", [])):
        if ns in namespaces():
            run(["ip", "netns", "del", ns])
            removed.append(f"namespace {ns}")
        ours["namespaces"].remove(ns)
        save()
    if ours.get("bridge"):
        if link_exists(ours["bridge"]):
            run(["ip", "link", "del", ours["bridge"]])
            removed.append(f"bridge {ours['bridge']}")
        del ours["bridge"]
        save()
    for etc in list(ours.get("etc_dirs", [])):
        shutil.rmtree(etc, ignore_errors=True)
        ours["etc_dirs"].remove(etc)
        save()
    if ours.pop("made_etc_netns", False) and NETNS_ETC.is_dir() and not any(NETNS_ETC.iterdir()):
        NETNS_ETC.rmdir()
    if ours.pop("made_run_netns", False) and Path("/run/netns").is_dir() and not namespaces():
        for _ in range(3):  # `ip netns add` bind-mounts /run/netns on itself (maybe twice)
            if " /run/netns " in Path("/proc/mounts").read_text():
                run(["umount", "/run/netns"], check=False)
        try:
            Path("/run/netns").rmdir()
        except OSError:
            pass
    save()
    return removed

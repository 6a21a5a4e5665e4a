"""labnet up|down|status|env|shell|render: the lab network's command line."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path

from labnet.render import render_all
from labnet.runner import Lab, default_client_path
from labnet.system import require_root
from labnet.topology import LabnetError, load_topology


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="labnet",
        description="The lab network: real daemons in network namespaces on a bridge "
        "(or, with --backend host, on a VM's own addresses).",
    )
    parser.add_argument("--topology", type=Path, help="topology file (vagrant/topology.json)")
    parser.add_argument("--state-dir", type=Path, help="state directory (LABNET_STATE_DIR)")
    parser.add_argument("--client-config", type=Path, help="client configuration to write")
    parser.add_argument("-q", "--quiet", action="store_true", help="less output")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="create the network, start every daemon, check it")
    up.add_argument(
        "--backend",
        choices=["netns", "host"],
        default="netns",
        help="netns (default, local) or host (inside a Vagrant VM)",
    )
    up.add_argument("--hosts", help="comma-separated hosts to run (default: all)")
    up.add_argument("--ca-dir", type=Path, help="directory of the lab CA (shared by VMs)")
    down = sub.add_parser("down", help="stop every daemon, remove everything labnet made")
    down.add_argument(
        "--keep-data",
        action="store_true",
        help="keep the state directory (mailboxes, LDAP, uploads) and users",
    )
    sub.add_parser("status", help="check every service; exit 0 when all are up")
    sub.add_parser("env", help="print shell exports for the lab configuration")
    shell = sub.add_parser("shell", help="a shell (or a command) inside a host's namespace")
    shell.add_argument("host")
    shell.add_argument("cmd", nargs=argparse.REMAINDER)
    render = sub.add_parser("render", help="render every template into DIR (no root needed)")
    render.add_argument("directory", type=Path)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return dispatch(args)
    except LabnetError as exc:
        print(f"labnet: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("labnet: interrupted", file=sys.stderr)
        return 130


def dispatch(args: argparse.Namespace) -> int:
    if args.state_dir:
        os.environ["LABNET_STATE_DIR"] = str(args.state_dir)
    topo = load_topology(args.topology)
    if args.command == "render":
        files = render_all(topo, args.directory)
        print(f"labnet: rendered {len(files)} files into {args.directory}")
        return 0
    if args.command == "env":
        return print_env(args.client_config or default_client_path())
    if args.command == "shell":
        require_root("shell")
        if args.host not in topo.hosts:
            raise LabnetError(f"unknown host {args.host!r} (one of {', '.join(topo.hosts)})")
        command = args.cmd or [os.environ.get("SHELL", "/bin/bash")]
        os.execvp("ip", ["ip", "netns", "exec", topo.namespace(args.host), *command])
    kwargs = {"client_path": args.client_config, "verbose": not args.quiet}
    if args.command == "up":
        hosts = args.hosts.split(",") if args.hosts else None
        lab = Lab(topo, backend=args.backend, hosts=hosts, ca_dir=args.ca_dir, **kwargs)
        return lab.up()
    lab = Lab(topo, **kwargs)
    if lab.state.get("backend"):
        lab.backend = lab.state["backend"]
        lab.hosts = lab.state.get("hosts") or lab.hosts
    if args.command == "down":
        return lab.down(purge=not args.keep_data)
    return lab.status()


def print_env(path: Path) -> int:
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise LabnetError(f"{path} does not exist: the lab network is not running") from None
    except (OSError, ValueError) as exc:
        raise LabnetError(f"cannot read {path}: {exc}") from None
    print(f"export LABNET_CONFIG={shlex.quote(str(path))}")
    for name, host in data.get("hosts", {}).items():
        print(f"export LAB_{name.upper()}_ADDRESS={host['address']}")
    if data.get("ca_cert"):
        print(f"export LAB_CA_CERT={shlex.quote(data['ca_cert'])}")
    return 0

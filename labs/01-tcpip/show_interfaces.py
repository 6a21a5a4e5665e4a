"""List this machine's network interfaces: what ``ip addr`` shows, from Python.

Follows "Network interfaces" in chapter 1 of the book, which runs ``ip addr``
(``ipconfig /all`` on Windows). Every machine has at least the loopback interface,
``lo`` on Linux, with address 127.0.0.1/8: traffic to it never leaves the machine,
which is why every lab in this course can run its servers there.

The standard library gives the interface names and their kernel indexes
(``socket.if_nameindex()``). It has no portable call for their addresses, so on Linux
this script asks the ``ip`` command for them in JSON (``ip -j addr``) and shows them
when it can; chapter 6 comes back to addresses.

Run it::

    python show_interfaces.py
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys

from labkit import cli


def interfaces() -> list[tuple[int, str]]:
    """(index, name) of every interface, by index: ``[(1, 'lo'), (2, 'eth0'), ...]``."""
    return sorted(socket.if_nameindex())


def addresses() -> dict[str, list[str]]:
    """Interface name -> its addresses in CIDR form, from ``ip -j addr``; {} without ``ip``."""
    ip = shutil.which("ip")
    if ip is None:
        return {}
    try:
        result = subprocess.run(
            [ip, "-j", "addr"], capture_output=True, text=True, timeout=5, check=True
        )
        entries = json.loads(result.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}  # an old ``ip`` without -j, or no permission: names only
    return {
        entry["ifname"]: [f"{a['local']}/{a['prefixlen']}" for a in entry.get("addr_info", [])]
        for entry in entries
        if "ifname" in entry
    }


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="List the network interfaces.")
    parser.add_argument(
        "--names-only", action="store_true", help="do not look up addresses with `ip`"
    )
    args = parser.parse_args(argv)
    found = {} if args.names_only else addresses()
    for index, name in interfaces():
        print(f"{index:>3}  {name:<16} {' '.join(found.get(name, []))}".rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())

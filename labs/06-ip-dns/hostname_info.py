"""What is my name, and what is my address? The local machine's view of itself.

Follows "Retrieving the network configuration of a local machine" at the start of
chapter 6. ``socket.gethostname()`` returns the name the kernel holds for this machine
(the one ``hostname`` prints); ``socket.gethostbyname()`` turns a name into an IPv4
address through the system resolver, which looks in ``/etc/hosts`` first. The answer
depends on the machine: with a line such as ``10.0.2.15  debian6box`` in ``/etc/hosts``
you get the book's ``10.0.2.15``; many systems map their own name to ``127.0.0.1`` or
(Debian) ``127.0.1.1`` instead.

Run it::

    python hostname_info.py
"""

from __future__ import annotations

import socket
import sys

from labkit import cli


def host_name() -> str:
    """The name of this machine, as the kernel knows it."""
    return socket.gethostname()


def host_address(name: str) -> str:
    """The IPv4 address the system resolver gives for ``name`` (/etc/hosts first)."""
    return socket.gethostbyname(name)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Print this machine's host name and its address.")
    parser.parse_args(argv)
    name = host_name()
    print(f"Host name: {name}")
    try:
        address = host_address(name)
    except OSError as exc:  # socket.gaierror: the name is in no hosts file and no DNS
        return cli.error(f"cannot resolve {name}: {cli.describe_error(exc)}")
    print(f"IP address: {address}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

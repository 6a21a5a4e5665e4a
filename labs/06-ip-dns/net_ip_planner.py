"""Plan a small LAN: pick a prefix length, see what network it gives you.

Follows the book's ``6_2_net_ip_planner.py`` (chapter 6, "Planning IP addresses for
your local area network"). The script asks for a prefix length between 24 and 30,
shows the network ``192.168.0.0/N`` it makes (netmask, broadcast address, the range of
host addresses) and asks whether that will do; it keeps asking until you answer ``y``.

Fixed from the book: the range check really is 24-30 (the book let 23 through);
a typo or an out-of-range number asks again instead of ending in a traceback; the
host list is built once, not twice; end of input (Ctrl-D, or the end of a pipe) ends
the script quietly. When the answers come from a pipe they are echoed, so the output
reads like the book's session::

    python net_ip_planner.py
    printf '28\\nn\\n26\\ny\\n' | python net_ip_planner.py
"""

from __future__ import annotations

import ipaddress as ip
import sys

from labkit import cli

CLASS_C_ADDR = "192.168.0.0"
SMALLEST, LARGEST = 24, 30  # the prefix lengths on offer: 256 down to 4 addresses


def ask(prompt: str) -> str:
    """``input()``, echoing the answer when it comes from a pipe, not a keyboard."""
    answer = input(prompt)
    if not sys.stdin.isatty():
        print(answer)
    return answer


def parse_prefix(text: str) -> int | None:
    """The prefix length typed, or None unless it is a whole number from 24 to 30."""
    try:
        prefix = int(text)
    except ValueError:
        return None
    return prefix if SMALLEST <= prefix <= LARGEST else None


def describe(network: ip.IPv4Network) -> list[str]:
    """The book's lines for one candidate network."""
    hosts = list(network.hosts())  # built once; a /24 has only 254 of them
    return [
        f"Using network address:{network}",
        f"This prefix will give {network.num_addresses} IP addresses",
        "The network configuration will be",
        f"\tnetwork address: {network.network_address}",
        f"\tnetmask: {network.netmask}",
        f"\tbroadcast address: {network.broadcast_address}",
        f"\thost IP addresses: from {hosts[0]} to {hosts[-1]}",
    ]


def plan() -> ip.IPv4Network:
    """Ask until the user accepts a network; EOFError when the input ends first."""
    while True:
        prefix = parse_prefix(ask(f"Enter the prefixlen ({SMALLEST}-{LARGEST}): "))
        if prefix is None:
            print(f"Please type a whole number from {SMALLEST} to {LARGEST}.")
            continue
        network = ip.ip_network(f"{CLASS_C_ADDR}/{prefix}")
        print("\n".join(describe(network)))
        if ask("Is this configuration OK [y/n]? ").strip().lower() == "y":
            return network


def main(argv=None) -> int:
    parser = cli.ArgumentParser(
        description=f"Choose a subnet of {CLASS_C_ADDR} by its prefix length (reads stdin)."
    )
    parser.parse_args(argv)
    try:
        plan()
    except (EOFError, KeyboardInterrupt):
        print()  # end the prompt's line; leaving without a choice is not an error
    return 0


if __name__ == "__main__":
    sys.exit(main())

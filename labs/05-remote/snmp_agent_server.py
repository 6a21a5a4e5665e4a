"""The lab's own SNMP agent: SNMPv2c, community ``public``, the system group of SNMPv2-MIB.

The book reads ``sysDescr.0`` from the snmpd of its Debian virtual machine. This script
is a stand-in you can start anywhere: an SNMP agent (a "command responder") written with
pysnmp 7. It answers SNMPv1 and v2c GET, GETNEXT and GETBULK requests that carry the
community ``public`` (``--community`` changes it) with read-only access to the MIB tree,
and it ignores any other community: the client waits and times out, as with a real agent.

The system group holds fixed lab values (``SYSTEM`` below), so that the README and the
tests can show exactly what you will read; sysUpTime counts hundredths of a second since
the agent started.

Run it in its own terminal, stop it with Ctrl-C::

    python snmp_agent_server.py                 # UDP 127.0.0.1:8161
    python snmp_agent_server.py --port 0        # any free port

The standard port, 161/udp, needs root: that is why the lab uses 8161.
"""

from __future__ import annotations

import asyncio
import socket
import sys

from pysnmp.carrier.asyncio.dgram import udp
from pysnmp.entity import config, engine
from pysnmp.entity.rfc3413 import cmdrsp, context

from labkit import cli, server

DEFAULT_PORT = 8161
# The values the agent reports for the system group of SNMPv2-MIB (all .0 instances).
SYSTEM = {
    "sysDescr": "Lab 05 SNMP agent (pysnmp 7) on Linux",
    "sysContact": "student@lab.test",
    "sysName": "lab-agent",
    "sysLocation": "Lab 05, loopback",
}


def open_socket(host: str, port: int) -> socket.socket:
    """A UDP socket bound to (host, port); port 0 picks a free one. Raises OSError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def set_system_values(snmp_engine: engine.SnmpEngine, values: dict[str, str]) -> None:
    """Give the agent's system group scalars (``sysName.0``...) the text in ``values``."""
    mib_builder = snmp_engine.get_mib_builder()
    # "__SNMPv2-MIB" holds the instances (the .0 objects) the agent serves.
    for name, text in values.items():
        (instance,) = mib_builder.import_symbols("__SNMPv2-MIB", name)
        instance.syntax = instance.syntax.clone(text)


def build_agent(sock: socket.socket, community: str, values: dict[str, str]) -> engine.SnmpEngine:
    """An SNMP engine answering v1/v2c requests for ``community`` on ``sock``.

    Call it with an event loop running (inside ``asyncio.run``): the transport joins it.
    """
    snmp_engine = engine.SnmpEngine()
    transport = udp.UdpTransport().open_server_mode(sock=sock)
    config.add_transport(snmp_engine, udp.DOMAIN_NAME, transport)
    # v1/v2c: a "security name" for the community, then read access to 1.3.6 and below.
    config.add_v1_system(snmp_engine, "lab-area", community)
    config.add_vacm_user(snmp_engine, 2, "lab-area", "noAuthNoPriv", (1, 3, 6), (1, 3, 6))
    set_system_values(snmp_engine, values)
    snmp_context = context.SnmpContext(snmp_engine)
    cmdrsp.GetCommandResponder(snmp_engine, snmp_context)
    cmdrsp.NextCommandResponder(snmp_engine, snmp_context)  # for walks
    cmdrsp.BulkCommandResponder(snmp_engine, snmp_context)  # for v2c bulk walks
    return snmp_engine


async def serve(sock: socket.socket, community: str, values: dict[str, str]) -> None:
    """Answer requests until cancelled (Ctrl-C), then release the socket."""
    snmp_engine = build_agent(sock, community, values)
    try:
        server.announce(sock.getsockname())
        await asyncio.Event().wait()  # the engine works in the background; wait forever
    finally:
        snmp_engine.close_dispatcher()


def parse_args(argv):
    parser = cli.ArgumentParser(description="A local SNMPv2c agent for lab 05 (pysnmp).")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--community", default="public", help="the read-only community (default: public)"
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        sock = open_socket(args.host, args.port)
    except OSError as exc:
        where = f"{args.host}:{args.port}/udp"
        return cli.error(f"cannot listen on {where}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with sock:
        try:
            asyncio.run(serve(sock, args.community, SYSTEM))
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

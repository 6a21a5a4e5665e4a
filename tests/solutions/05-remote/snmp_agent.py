"""Exercise 6, reference solution: an SNMP agent with custom values and its own object."""

from __future__ import annotations

import asyncio
import socket
import sys

from pysnmp.carrier.asyncio.dgram import udp
from pysnmp.entity import config, engine
from pysnmp.entity.rfc3413 import cmdrsp, context
from pysnmp.proto import rfc1902

from labkit import cli, server

MOTD_OID = (1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1)  # the instance is MOTD_OID + (0,)


def build_agent(
    sock: socket.socket,
    community: str,
    location: str,
    contact: str,
    name: str,
    message: str,
) -> engine.SnmpEngine:
    """An SNMP engine answering v2c requests for ``community`` on ``sock``, with the
    system values and the custom object set. Called with the event loop running."""
    snmp_engine = engine.SnmpEngine()
    transport = udp.UdpTransport().open_server_mode(sock=sock)
    config.add_transport(snmp_engine, udp.DOMAIN_NAME, transport)
    config.add_v1_system(snmp_engine, "ex6-area", community)
    config.add_vacm_user(snmp_engine, 2, "ex6-area", "noAuthNoPriv", (1, 3, 6), (1, 3, 6))

    mib_builder = snmp_engine.get_mib_builder()
    values = {"sysLocation": location, "sysContact": contact, "sysName": name}
    for symbol, text in values.items():
        (instance,) = mib_builder.import_symbols("__SNMPv2-MIB", symbol)
        instance.syntax = instance.syntax.clone(text)

    mib_scalar, mib_scalar_instance = mib_builder.import_symbols(
        "SNMPv2-SMI", "MibScalar", "MibScalarInstance"
    )
    mib_builder.export_symbols(
        "__LAB-EX6-MIB",
        mib_scalar(MOTD_OID, rfc1902.OctetString()).setMaxAccess("read-only"),
        mib_scalar_instance(MOTD_OID, (0,), rfc1902.OctetString(message)),
    )

    snmp_context = context.SnmpContext(snmp_engine)
    cmdrsp.GetCommandResponder(snmp_engine, snmp_context)
    cmdrsp.NextCommandResponder(snmp_engine, snmp_context)
    cmdrsp.BulkCommandResponder(snmp_engine, snmp_context)
    return snmp_engine


async def serve(sock: socket.socket, args) -> None:
    """Given: build the agent, print the ready line, answer until stopped."""
    snmp_engine = build_agent(
        sock, args.community, args.location, args.contact, args.name, args.message
    )
    try:
        server.announce(sock.getsockname())
        await asyncio.Event().wait()
    finally:
        snmp_engine.close_dispatcher()


def parse_args(argv):
    parser = cli.ArgumentParser(description="Exercise 6: an SNMP agent with custom values.")
    cli.add_host_port(parser, "127.0.0.1", 8162)
    parser.add_argument("--community", default="public", help="read-only community")
    parser.add_argument("--location", default="Somewhere in the lab", help="sysLocation.0")
    parser.add_argument("--contact", default="student@lab.test", help="sysContact.0")
    parser.add_argument("--name", default="student-agent", help="sysName.0")
    parser.add_argument("--message", default="Hello from exercise 6", help="the custom object")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    """Given: bind the UDP socket, run ``serve`` until Ctrl-C or SIGTERM."""
    args = parse_args(argv)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        sock.close()
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    server.stop_on_sigterm()
    with sock:
        try:
            asyncio.run(serve(sock, args))
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

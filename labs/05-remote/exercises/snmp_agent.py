"""Exercise 6: your own SNMP agent, with a custom sysLocation and an object of your own.

``snmp_agent_server.py`` answers with fixed values. Make an agent whose values come from
the command line, and which serves one more object that no standard MIB has:

- SNMPv2c with the community ``--community`` (default ``public``), read-only, on a UDP
  socket given to you already bound (``--port 0`` works: ``main`` below does it);
- ``sysLocation.0`` = ``--location``, ``sysContact.0`` = ``--contact``,
  ``sysName.0`` = ``--name``;
- ``1.3.6.1.4.1.8072.9999.9999.1.0`` (``MOTD_OID`` + ``.0``; net-snmp's "playpen" branch,
  set aside for experiments) = ``--message``, an OctetString;
- GET, GETNEXT and GETBULK answered, so that a walk of the system group works too.

Write :func:`build_agent`; ``serve`` and ``main`` are given. Read
``../snmp_agent_server.py`` for the engine, transport, community and responders. For your
own object the MIB builder needs two things: the object's definition (a ``MibScalar``,
marked ``read-only``) and its instance ``.0`` holding the value (a ``MibScalarInstance``).
Both classes come from ``mib_builder.import_symbols("SNMPv2-SMI", "MibScalar",
"MibScalarInstance")``; hand them to ``mib_builder.export_symbols("__LAB-EX6-MIB", ...)``
(any module name not taken will do); the value type is
``pysnmp.proto.rfc1902.OctetString``.

Try it: ``python snmp_agent.py --port 8162 --location "Room 101"`` in one terminal, then
``python ../snmp_read.py --port 8162 sysLocation.0 1.3.6.1.4.1.8072.9999.9999.1.0``.

Graded (``pytest tests/lab05/test_ex6_snmp_agent.py``): your agent runs as a subprocess
(``--port 0``), and the lab's ``snmp_read.py`` and a pysnmp walk read it: the location,
contact and name, the custom object, the community check, and a clean stop on SIGTERM.
"""

from __future__ import annotations

import asyncio
import socket
import sys

from pysnmp.entity import engine

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
    raise NotImplementedError("exercise 6: set up the engine, the values and the object")


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

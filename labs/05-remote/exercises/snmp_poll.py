"""Exercise 5: an SNMP poller with ``get``, ``walk`` and ``--json`` (pysnmp 7).

``snmp_read.py`` prints what pysnmp prints. A monitoring program wants Python values it
can compare and store: numbers as ``int``, text as ``str``. Write them, and a small CLI:

- :func:`get`: one GET request for the numeric OIDs given (``"1.3.6.1.2.1.1.5.0"``);
  returns ``{oid: value}``, in the order asked, each value through :func:`python_value`
  (given below). Use ``get_cmd`` from ``pysnmp.hlapi.v3arch.asyncio`` inside
  ``asyncio.run``, as ``snmp_read.py`` does, with ``retries=0`` and the given timeout;
- :func:`walk`: every OID under ``oid`` and its value (``walk_cmd`` with
  ``lexicographicMode=False``, so that the walk stops at the end of the subtree);
- both raise :class:`SNMPError` when the agent does not answer (``errorIndication``,
  e.g. a wrong community) or answers with an error status, and both close the engine's
  dispatcher (``engine.close_dispatcher()``) whatever happens;
- :func:`main`: ``snmp_poll.py [--host H] [--port P] [--community C] [--timeout S]
  [--json] get OID...`` or ``... walk OID`` (:func:`parse_args` is given). It prints one
  ``OID = value`` line per value, or with ``--json`` one JSON object ``{"OID": value}``;
  an SNMPError is one line on stderr (``labkit.cli.error``) and exit status 1.

The keys are numeric OIDs: ``str(name)`` of a pysnmp name gives ``"1.3.6.1.2.1.1.5.0"``.
sysUpTime (``1.3.6.1.2.1.1.3.0``) is a TimeTicks: hundredths of a second since the agent
started, so two polls a second apart differ by about 100.

Try it against the lab's agent (``python ../snmp_agent_server.py``, UDP 8161)::

    python snmp_poll.py get 1.3.6.1.2.1.1.5.0 1.3.6.1.2.1.1.3.0
    python snmp_poll.py --json walk 1.3.6.1.2.1.1

Graded (``pytest tests/lab05/test_ex5_snmp_poll.py``) against that agent: known values,
sysUpTime increasing between two polls, a walk of the system group, a wrong community,
and the CLI's text and JSON output.
"""

from __future__ import annotations

import sys

from pyasn1.type import univ
from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject

from labkit import cli


class SNMPError(Exception):
    """The agent did not answer, or answered with an error status."""


def python_value(value) -> int | str | None:
    """A pysnmp value as Python: an int for numbers (Integer, Counter32, TimeTicks...),
    None for "nothing there" (noSuchObject...), else its text (strings, OIDs)."""
    if isinstance(value, NoSuchObject | NoSuchInstance | EndOfMibView):
        return None
    if isinstance(value, univ.Integer):  # every SNMP number type derives from it
        return int(value)
    return value.prettyPrint()


def get(
    host: str, port: int, oids: list[str], community: str = "public", timeout: float = 2.0
) -> dict[str, int | str | None]:
    """``{oid: value}`` for the numeric ``oids``, from one SNMPv2c GET."""
    raise NotImplementedError("exercise 5: get_cmd inside asyncio.run")


def walk(
    host: str, port: int, oid: str, community: str = "public", timeout: float = 2.0
) -> dict[str, int | str | None]:
    """``{oid: value}`` for every OID in the subtree under ``oid``."""
    raise NotImplementedError("exercise 5: walk_cmd, stopping at the end of the subtree")


def parse_args(argv):
    parser = cli.ArgumentParser(description="Poll an SNMP agent: get or walk, text or JSON.")
    cli.add_host_port(parser, "127.0.0.1", 8161)
    parser.add_argument("--community", default="public", help="community (default: public)")
    cli.add_timeout(parser, default=2.0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("command", choices=["get", "walk"], help="get OID..., or walk OID")
    parser.add_argument("oids", metavar="OID", nargs="+", help="numeric OIDs")
    args = parser.parse_args(argv)
    if args.command == "walk" and len(args.oids) != 1:
        parser.error("walk takes one OID")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    raise NotImplementedError(f"exercise 5: run {args.command}, print text or JSON")


if __name__ == "__main__":
    sys.exit(main())

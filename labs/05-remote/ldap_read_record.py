"""Search an LDAP directory: bind, look for entries, print what came back.

Follows "Reading data from an LDAP server" in chapter 5 of the book (listing 5_5), which
binds to the author's slapd and searches ``ou=users,dc=localdomain,dc=loc`` for people
(``(objectclass=person)``), asking only for their surname (``sn``). The server here is
the lab's own slapd (``python ldap_server.py`` in another terminal, port 8389).

An LDAP session is: **bind** (say who you are, or nobody: an anonymous bind), then any
number of **searches** (a base DN to start from, a scope, a filter such as
``(uid=fsarker)``, the attributes you want), then **unbind**. Each entry found comes
back with its DN (distinguished name, the entry's full path in the tree) and the
attributes asked for, every attribute being a list of values.

Run it::

    python ldap_read_record.py                                  # anonymous
    python ldap_read_record.py --filter '(uid=fsarker)' --attribute uidNumber
    LAB_PASSWORD=sarkerpw python ldap_read_record.py \\
        --bind-dn 'cn=Faruque Sarker,ou=users,dc=localdomain,dc=loc'

Differences from the book: it used python-ldap (a C extension that needs compiling);
this uses ldap3, written in pure Python, with ``get_info=NONE`` so that it does not
first download the server's schema (which would add searches to a packet capture). The
book's ``simple_bind('dc=localdomain,dc=loc')`` sent a DN without a password, an
"unauthenticated bind" that slapd refuses; python-ldap's ``simple_bind`` does not wait
for the answer, so the refusal went unnoticed and the search ran anonymously anyway.
Here the bind is anonymous unless ``--bind-dn`` is given, then it needs a password and
a failed bind is reported. The book also set ``SEARCH_FILTER`` twice and imported
``ldap.modlist`` without using it.
"""

from __future__ import annotations

import argparse
import math
import sys
from urllib.parse import urlsplit

import ldap3
from ldap3.core.exceptions import LDAPException, LDAPInvalidDnError, LDAPInvalidFilterError
from ldap3.operation.search import parse_filter
from ldap3.utils.dn import parse_dn

from labkit import cli

DEFAULT_URL = "ldap://127.0.0.1:8389/"
DEFAULT_BASE = "ou=users,dc=localdomain,dc=loc"
DEFAULT_FILTER = "(objectclass=person)"
SERVER_HINT = "is the directory running? start it with: python ldap_server.py"


class LdapError(Exception):
    """The server refused something: the message is one line for the user."""


def ldap_url(text: str) -> str:
    """argparse type: an ``ldap://`` or ``ldaps://`` URL with a host."""
    parts = urlsplit(text)
    if parts.scheme not in ("ldap", "ldaps") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"expected an ldap:// URL, not {text!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad port in {text!r}") from None
    return text


def search_filter(text: str) -> str:
    """argparse type: an LDAP filter ldap3 can encode, such as ``(uid=fsarker)``."""
    try:
        parse_filter(text, None, False, True, None, False)
    except LDAPInvalidFilterError:
        raise argparse.ArgumentTypeError(f"not an LDAP filter: {text!r}") from None
    return text


def distinguished_name(text: str) -> str:
    """argparse type: a DN such as ``ou=users,dc=localdomain,dc=loc``."""
    try:
        parse_dn(text)
    except LDAPInvalidDnError:
        raise argparse.ArgumentTypeError(f"not a DN (name=value,...): {text!r}") from None
    return text


def make_server(url: str, timeout: float) -> ldap3.Server:
    """An ldap3 Server for ``ldap://host:port/`` (ldap3 wants no trailing slash)."""
    parts = urlsplit(url)
    use_ssl = parts.scheme == "ldaps"
    port = parts.port or (636 if use_ssl else 389)
    return ldap3.Server(
        parts.hostname, port=port, use_ssl=use_ssl, get_info=ldap3.NONE, connect_timeout=timeout
    )


def connect(
    url: str, bind_dn: str | None = None, password: str | None = None, timeout: float = 5
) -> ldap3.Connection:
    """Open a connection and bind: anonymously, or as ``bind_dn`` with ``password``.

    Raises LdapError when the server refuses the bind (``invalidCredentials``: a wrong
    password or no such DN), and ldap3's LDAPException for network failures.
    """
    connection = ldap3.Connection(
        make_server(url, timeout),
        user=bind_dn,
        password=password,
        receive_timeout=math.ceil(timeout),  # ldap3 packs it into a socket option: an int
    )
    try:
        bound = connection.bind()
    except LDAPException:
        connection.unbind()  # closes the socket if it was opened
        raise
    if not bound:
        reason = connection.result["description"]
        connection.unbind()
        raise LdapError(f"cannot bind as {bind_dn or 'anonymous'}: {reason}")
    return connection


def search(
    connection: ldap3.Connection, base: str, search_filter: str, attributes: list[str]
) -> list[tuple[str, dict[str, list[str]]]]:
    """Search the subtree under ``base``; return ``[(dn, {attribute: [values]}), ...]``.

    That is the shape python-ldap's ``search_s`` returns, which the book prints. A
    filter built from user input must escape it first: ldap3's
    ``ldap3.utils.conv.escape_filter_chars(name)``
    turns ``*`` into ``\\2a``, so a user called ``*`` matches nobody instead of everybody.
    """
    found = connection.search(base, search_filter, ldap3.SUBTREE, attributes=attributes)
    if not found and connection.result["description"] != "success":
        raise LdapError(f"search under {base} failed: {connection.result['description']}")
    return [
        (entry["dn"], dict(entry["attributes"]))
        for entry in connection.response
        if entry["type"] == "searchResEntry"
    ]


def parse_args(argv):
    parser = cli.ArgumentParser(
        description="Bind to an LDAP server (anonymously unless --bind-dn is given) and "
        "print the entries a subtree search finds, as [(dn, {attribute: [values]})]."
    )
    parser.add_argument(
        "--url", type=ldap_url, default=DEFAULT_URL, help=f"server (default: {DEFAULT_URL})"
    )
    parser.add_argument(
        "--bind-dn",
        metavar="DN",
        type=distinguished_name,
        help="bind as this DN (default: an anonymous bind)",
    )
    cli.add_password_env(parser)  # the password of --bind-dn
    parser.add_argument(
        "--base",
        type=distinguished_name,
        default=DEFAULT_BASE,
        help=f"where to search (default: {DEFAULT_BASE})",
    )
    parser.add_argument(
        "--filter",
        type=search_filter,
        default=DEFAULT_FILTER,
        help=f"which entries (default: {DEFAULT_FILTER})",
    )
    parser.add_argument(
        "--attribute",
        dest="attributes",
        action="append",
        metavar="NAME",
        help="attribute to return; repeat for more (default: sn)",
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    args.attributes = args.attributes or ["sn"]
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    password = None
    if args.bind_dn:
        try:
            password = cli.read_password(f"Password for {args.bind_dn}: ", args.password_env)
        except (EOFError, KeyboardInterrupt):
            password = ""
        if not password:
            # ldap3 would refuse too: a DN without a password is the book's unauthenticated bind
            return cli.error(f"no password given (set {args.password_env} or type it when asked)")
    try:
        connection = connect(args.url, args.bind_dn, password, args.timeout)
        try:
            results = search(connection, args.base, args.filter, args.attributes)
        finally:
            connection.unbind()
    except LdapError as exc:
        return cli.error(str(exc))
    except LDAPException as exc:
        reason = cli.with_hint(describe_ldap_error(exc), SERVER_HINT)
        return cli.error(f"cannot search {args.url}: {reason}")
    return cli.print_output(repr(results))


def describe_ldap_error(exc: LDAPException) -> str:
    """One line for ldap3's network errors, which also are ConnectionRefusedError etc."""
    if isinstance(exc, OSError):  # ldap3 mixes the socket error into its own class
        return cli.describe_error(exc)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())

"""Exercise 7: log a user in against the directory: find their entry, then bind as it.

This is how many applications use LDAP to check a password. The user types a short
name (``fsarker``), not a DN, so the application

1. searches the directory (here anonymously) for the entry with that ``uid`` and takes
   its DN;
2. opens a *second* connection and binds as that DN with the password typed. slapd
   checks the password against the entry's ``userPassword``: a successful bind means a
   good password.

Write :func:`find_user` and :func:`authenticate`:

- ``find_user(url, uid)`` returns the DN of the one entry under ``base`` whose ``uid``
  is ``uid``, or ``None`` when there is none. The name comes from a user, so escape it
  before putting it in the filter (``ldap3.utils.conv.escape_filter_chars``): a user
  typing ``*`` or ``f*`` must find nobody, not everybody;
- ``authenticate(url, uid, password)`` returns ``True`` when the password is right and
  ``False`` when it is wrong, when the user does not exist, or when the password is
  empty. Never bind with an empty password: LDAP treats a DN with an empty password as
  an "unauthenticated bind", which some servers accept without checking anything
  (ldap3 refuses to send one and raises ``LDAPPasswordIsMandatoryError``);
- unbind every connection you open; :func:`server_for` (written) makes the ldap3
  ``Server`` for a URL, and ``ldap3.Connection(server, user=dn, password=pw,
  receive_timeout=...)``'s ``bind()`` returns ``True`` or ``False``.

Graded by ``tests/lab05/test_ex7_ldap_auth.py`` against the lab's slapd (the book's
tree, where ``fsarker``'s password is ``sarkerpw``, plus a user the tests add): good,
bad and unknown users, an empty password and a wildcard.

Try it, with ``python ldap_server.py`` running::

    python ldap_auth.py fsarker            # asks for the password
"""

from __future__ import annotations

import math
import sys
from urllib.parse import urlsplit

import ldap3
from ldap3.utils.conv import escape_filter_chars

from labkit import cli

DEFAULT_URL = "ldap://127.0.0.1:8389/"
BASE = "ou=users,dc=localdomain,dc=loc"


def server_for(url: str, timeout: float = 5) -> ldap3.Server:
    """An ldap3 Server for ``ldap://host:port/`` without reading the schema."""
    parts = urlsplit(url)
    return ldap3.Server(
        parts.hostname, port=parts.port or 389, get_info=ldap3.NONE, connect_timeout=timeout
    )


def receive_timeout(timeout: float) -> int:
    """ldap3 wants whole seconds for ``receive_timeout``."""
    return math.ceil(timeout)


def find_user(url: str, uid: str, base: str = BASE, timeout: float = 5) -> str | None:
    """The DN of the entry under ``base`` with this ``uid``, or None."""
    connection = ldap3.Connection(
        server_for(url, timeout), receive_timeout=receive_timeout(timeout)
    )
    try:
        if not connection.bind():  # anonymous
            return None
        search_filter = f"(uid={escape_filter_chars(uid)})"
        connection.search(base, search_filter, ldap3.SUBTREE, attributes=[])
        entries = [entry for entry in connection.response if entry["type"] == "searchResEntry"]
    finally:
        connection.unbind()
    return entries[0]["dn"] if len(entries) == 1 else None


def authenticate(url: str, uid: str, password: str, base: str = BASE, timeout: float = 5) -> bool:
    """True when ``password`` is ``uid``'s password (found with find_user, then a bind)."""
    if not password:  # an empty password would be an unauthenticated bind
        return False
    dn = find_user(url, uid, base, timeout)
    if dn is None:
        return False
    connection = ldap3.Connection(
        server_for(url, timeout), user=dn, password=password,
        receive_timeout=receive_timeout(timeout),
    )  # fmt: skip
    try:
        return connection.bind()
    finally:
        connection.unbind()


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Check a directory user's password.")
    parser.add_argument("uid", help="user name, e.g. fsarker")
    parser.add_argument("--url", default=DEFAULT_URL, help=f"server (default: {DEFAULT_URL})")
    parser.add_argument("--password-env", metavar="VAR", default="LAB_PASSWORD")
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    password = cli.read_password(f"Password for {args.uid}: ", args.password_env)
    try:
        dn = find_user(args.url, args.uid, timeout=args.timeout)
        ok = authenticate(args.url, args.uid, password, timeout=args.timeout)
    except ldap3.core.exceptions.LDAPException as exc:
        return cli.error(f"cannot reach {args.url}: {exc}")
    if not ok:
        return cli.error(f"{args.uid}: wrong user name or password")
    print(f"{args.uid} is {dn}: password accepted")
    return 0


if __name__ == "__main__":
    sys.exit(main())

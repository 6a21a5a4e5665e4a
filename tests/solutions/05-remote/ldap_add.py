"""Exercise 8: add a person to the directory, as its administrator.

Reading is open to anyone in the lab's directory; writing is not. Only the "rootdn",
``cn=admin,dc=localdomain,dc=loc`` (password ``adminpw`` in the lab), may add entries.

Write :func:`add_user`: bind as ``admin_dn`` with ``admin_password`` and add the entry
``cn=<given_name> <sn>,<base>``, shaped like the book's Faruque Sarker:

- object classes ``inetOrgPerson`` (a person with a name, a mail address...) and
  ``posixAccount`` (a Unix login: the same entry can feed a machine's user list);
- attributes ``cn`` (``"<given_name> <sn>"``), ``givenName``, ``sn``, ``uid``,
  ``uidNumber``, ``gidNumber`` (default 501, the book's ``admin`` group),
  ``homeDirectory`` (``/home/users/<uid>``), ``loginShell`` (``/bin/sh``), and
  ``userPassword`` when a ``password`` is given (the user can then bind with it);
- return the new entry's DN;
- when the entry exists already, raise ldap3's
  ``ldap3.core.exceptions.LDAPEntryAlreadyExistsResult`` (the server's result code
  ``entryAlreadyExists``, 68). The easy way: ``ldap3.Connection(...,
  raise_exceptions=True)`` turns every failed operation into an exception named after
  its result code;
- when the administrator's password is wrong, raise an ldap3 exception too
  (``LDAPBindError`` or ``LDAPInvalidCredentialsResult``) and add nothing;
- unbind the connection whatever happens.

``connection.add(dn, object_classes, attributes)`` sends an LDAP add request;
``attributes`` is a dict such as ``{"sn": "Lovelace", "uidNumber": 1002}``.

Graded by ``tests/lab05/test_ex8_ldap_add.py`` against the lab's slapd: the returned DN,
the entry as an anonymous search finds it, a bind with the new password, a duplicate,
a wrong administrator password.

Try it, with ``python ldap_server.py`` running::

    LAB_PASSWORD=adminpw python ldap_add.py alovelace Ada Lovelace 1002
"""

from __future__ import annotations

import math
import sys
from urllib.parse import urlsplit

import ldap3
from ldap3.utils.dn import escape_rdn

from labkit import cli

DEFAULT_URL = "ldap://127.0.0.1:8389/"
ADMIN_DN = "cn=admin,dc=localdomain,dc=loc"
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


def add_user(
    url: str,
    admin_dn: str,
    admin_password: str,
    uid: str,
    given_name: str,
    sn: str,
    uid_number: int,
    password: str | None = None,
    gid_number: int = 501,
    base: str = BASE,
    timeout: float = 5,
) -> str:
    """Add ``cn=<given_name> <sn>,<base>`` as the administrator; return its DN."""
    cn = f"{given_name} {sn}"
    dn = f"cn={escape_rdn(cn)},{base}"
    attributes = {
        "cn": cn,
        "givenName": given_name,
        "sn": sn,
        "uid": uid,
        "uidNumber": uid_number,
        "gidNumber": gid_number,
        "homeDirectory": f"/home/users/{uid}",
        "loginShell": "/bin/sh",
    }
    if password:
        attributes["userPassword"] = password
    connection = ldap3.Connection(
        server_for(url, timeout), user=admin_dn, password=admin_password,
        receive_timeout=receive_timeout(timeout), raise_exceptions=True,
    )  # fmt: skip
    try:
        connection.bind()  # raises LDAPInvalidCredentialsResult for a wrong password
        connection.add(dn, ["inetOrgPerson", "posixAccount"], attributes)
    finally:
        connection.unbind()
    return dn


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="Add a person to the lab's directory.")
    parser.add_argument("uid")
    parser.add_argument("given_name")
    parser.add_argument("sn")
    parser.add_argument("uid_number", type=int)
    parser.add_argument("--url", default=DEFAULT_URL, help=f"server (default: {DEFAULT_URL})")
    parser.add_argument("--admin-dn", default=ADMIN_DN, help=f"(default: {ADMIN_DN})")
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        default="LAB_PASSWORD",
        help="environment variable holding the administrator's password",
    )
    cli.add_timeout(parser)
    args = parser.parse_args(argv)
    admin_password = cli.read_password("Administrator password: ", args.password_env)
    try:
        dn = add_user(
            args.url, args.admin_dn, admin_password, args.uid, args.given_name, args.sn,
            args.uid_number, timeout=args.timeout,
        )  # fmt: skip
    except ldap3.core.exceptions.LDAPException as exc:
        return cli.error(f"cannot add {args.uid}: {exc}")
    print(f"Added {dn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

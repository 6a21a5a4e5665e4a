"""Exercise 8: ldap_add.add_user() adds a person as the rootdn; duplicates are refused."""

from __future__ import annotations

import pytest
from ldap3.core.exceptions import (
    LDAPBindError,
    LDAPEntryAlreadyExistsResult,
    LDAPInvalidCredentialsResult,
)

ADA_DN = "cn=Ada Lovelace,ou=users,dc=localdomain,dc=loc"


def add_ada(exercise, server, **options):
    add_user = exercise.load("ldap_add.py").add_user
    options.setdefault("admin_password", server.admin_password)
    return add_user(
        server.url, server.admin_dn, uid="alovelace", given_name="Ada", sn="Lovelace",
        uid_number=1002, **options,
    )  # fmt: skip


@pytest.mark.points(1)
def test_returns_the_new_dn(exercise, ldap_server):
    assert add_ada(exercise, ldap_server) == ADA_DN


@pytest.mark.points(2)
def test_the_entry_is_found_like_the_books_person(exercise, ldap_server):
    add_ada(exercise, ldap_server)
    found = ldap_server.find("(uid=alovelace)")
    assert list(found) == [ADA_DN]
    entry = found[ADA_DN]
    assert {"inetOrgPerson", "posixAccount"} <= set(entry["objectClass"])
    assert entry["cn"] == ["Ada Lovelace"] and entry["sn"] == ["Lovelace"]
    assert entry["givenName"] == ["Ada"]
    assert entry["uidNumber"] == ["1002"] and entry["gidNumber"] == ["501"]
    assert entry["homeDirectory"] == ["/home/users/alovelace"]
    assert entry["loginShell"] == ["/bin/sh"]


@pytest.mark.points(1)
def test_the_new_user_can_bind_with_the_password(exercise, ldap_server):
    add_ada(exercise, ldap_server, password="analytical-engine")
    connection = ldap_server.connection(ADA_DN, "analytical-engine")
    try:
        assert connection.extend.standard.who_am_i() == f"dn:{ADA_DN}"
    finally:
        connection.unbind()


@pytest.mark.points(1)
def test_a_duplicate_raises_entry_already_exists(exercise, ldap_server):
    add_ada(exercise, ldap_server)
    with pytest.raises(LDAPEntryAlreadyExistsResult):
        add_ada(exercise, ldap_server)
    assert len(ldap_server.find("(uid=alovelace)")) == 1


@pytest.mark.points(1)
def test_a_wrong_admin_password_raises_and_adds_nothing(exercise, ldap_server):
    with pytest.raises((LDAPBindError, LDAPInvalidCredentialsResult)):
        add_ada(exercise, ldap_server, admin_password="wrong")
    assert ldap_server.find("(uid=alovelace)") == {}

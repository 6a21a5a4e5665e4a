"""Exercise 7: ldap_auth.find_user() finds a DN; authenticate() binds as it."""

from __future__ import annotations

import pytest

from .fixtures_ldap_smb import FSARKER_DN, FSARKER_PASSWORD


@pytest.fixture
def auth(exercise):
    return exercise.load("ldap_auth.py")


@pytest.fixture
def jdoe(ldap_server):
    """A second person, added by the administrator: uid jdoe, password jdoe-pw."""
    return ldap_server.add_person("jdoe", "jdoe-pw", "Jane Doe", "Doe", 1002)


@pytest.mark.points(1)
def test_find_user_returns_the_dn(auth, ldap_server):
    assert auth.find_user(ldap_server.url, "fsarker") == FSARKER_DN


@pytest.mark.points(1)
def test_find_user_returns_none_for_an_unknown_user(auth, ldap_server, jdoe):
    assert auth.find_user(ldap_server.url, "nobody") is None
    assert auth.find_user(ldap_server.url, "jdoe") == jdoe


@pytest.mark.points(1)
def test_find_user_escapes_the_name(auth, ldap_server, jdoe):
    """``*`` in a filter is a wildcard: unescaped, "f*" would find fsarker."""
    for name in ("*", "f*", "fsarker)(uid=*", "j*"):
        assert auth.find_user(ldap_server.url, name) is None, name


@pytest.mark.points(1)
def test_the_right_password_is_accepted(auth, ldap_server, jdoe):
    assert auth.authenticate(ldap_server.url, "fsarker", FSARKER_PASSWORD) is True
    assert auth.authenticate(ldap_server.url, "jdoe", "jdoe-pw") is True


@pytest.mark.points(1)
def test_a_wrong_password_is_refused(auth, ldap_server, jdoe):
    assert auth.authenticate(ldap_server.url, "fsarker", "wrong") is False
    assert auth.authenticate(ldap_server.url, "jdoe", FSARKER_PASSWORD) is False


@pytest.mark.points(1)
def test_an_unknown_user_is_refused(auth, ldap_server):
    assert auth.authenticate(ldap_server.url, "nobody", FSARKER_PASSWORD) is False
    assert auth.authenticate(ldap_server.url, "*", FSARKER_PASSWORD) is False


@pytest.mark.points(1)
def test_an_empty_password_is_refused_without_an_error(auth, ldap_server):
    assert auth.authenticate(ldap_server.url, "fsarker", "") is False

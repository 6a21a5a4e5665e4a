"""mail_store.py: the private dovecot, run as a student runs it and as the fixture uses it."""

from __future__ import annotations

import email
import email.policy
import poplib
import re
import socket
import ssl
from pathlib import Path

import mail_store
import pytest

from labkit import testing

from .conftest import LAB
from .fixtures_mailstore import require_dovecot

SCRIPT = LAB / "mail_store.py"
FREE_PORTS = ["--pop3-port", "0", "--pop3s-port", "0", "--imap-port", "0", "--imaps-port", "0"]
PORTS_LINE = re.compile(r"POP3 (\S+):(\d+), POP3S \S+:(\d+), IMAP \S+:(\d+), IMAPS \S+:(\d+)$")


def store_ports(running: testing.ScriptProcess) -> dict[str, int]:
    """The ports the script printed (the line before the ready line)."""
    match = next(m for line in running.lines if (m := PORTS_LINE.search(line)))
    return dict(zip(["pop3", "pop3s", "imap", "imaps"], map(int, match.groups()[1:]), strict=True))


def pop3s_count(port: int, cafile: Path) -> int:
    context = ssl.create_default_context(cafile=str(cafile))
    client = poplib.POP3_SSL("127.0.0.1", port, context=context, timeout=5)
    try:
        client.user("student")
        client.pass_("secret")
        return client.stat()[0]
    finally:
        client.quit()


def refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--pop3s-port", "--imaps-port", "--dir", "--write-ca", "--no-seed"):
        assert option in result.stdout


def test_a_bad_port_is_a_usage_error():
    result = testing.run_script(SCRIPT, "--imaps-port", "70000")
    line = testing.assert_one_line_error(result, 2)
    assert "port must be between 0 and 65535" in line


def test_missing_dovecot_names_the_packages(monkeypatch, capsys):
    monkeypatch.setattr(mail_store, "find_dovecot", lambda: None)
    assert mail_store.main(FREE_PORTS) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "apt-get install dovecot-imapd dovecot-pop3d" in err


def test_missing_dovecot_skips_or_fails_under_labnet_required(monkeypatch):
    monkeypatch.setattr(mail_store, "find_dovecot", lambda: None)
    monkeypatch.delenv("LABNET_REQUIRED", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install dovecot-imapd"):
        require_dovecot()
    monkeypatch.setenv("LABNET_REQUIRED", "1")
    with pytest.raises(pytest.fail.Exception, match="apt-get install dovecot-imapd"):
        require_dovecot()


def test_seed_messages():
    messages = mail_store.seed_messages()
    assert [m["Subject"] for m in messages] == ["Msg 1", "Msg 2", "Msg 3"]
    [attachment] = list(messages[1].iter_attachments())
    assert attachment.get_filename() == "logo.gif"
    assert attachment.get_content_type() == "image/gif"
    assert attachment.get_content() == mail_store.PIXEL_GIF
    assert mail_store.PIXEL_GIF.startswith(b"GIF89a")
    assert not list(messages[0].iter_attachments())
    # Built the same way every time, so a test can compare bytes.
    assert [m.as_bytes() for m in mail_store.seed_messages()] == [m.as_bytes() for m in messages]


def test_the_script_serves_the_seeded_mailbox_then_cleans_up(tmp_path):
    require_dovecot()
    cafile = tmp_path / "ca.pem"
    with testing.start_script(SCRIPT, *FREE_PORTS, "--write-ca", cafile) as running:
        ports = store_ports(running)
        assert running.port == ports["pop3s"]
        assert pop3s_count(ports["pop3s"], cafile) == 3
        maildir_line = next(line for line in running.lines if "Maildir" in line)
        maildir = Path(maildir_line.rsplit("Maildir ", 1)[1])
        assert len(list((maildir / "new").iterdir()) + list((maildir / "cur").iterdir())) == 3
        assert cafile.is_file()
        assert running.stop() == 0
    assert not cafile.exists(), "the CA file dies with the store"
    state_dir = maildir.parent.parent.parent
    assert state_dir.name.startswith("mailstore-")
    assert not state_dir.exists(), "the temporary state directory is removed"
    testing.wait_until(lambda: all(refuses(port) for port in ports.values()), timeout=10)


def test_no_seed_keeps_a_given_dir(tmp_path):
    require_dovecot()
    state = tmp_path / "state"
    cafile = tmp_path / "ca.pem"
    args = [*FREE_PORTS, "--dir", state, "--no-seed", "--write-ca", cafile]
    with testing.start_script(SCRIPT, *args) as running:
        assert pop3s_count(store_ports(running)["pop3s"], cafile) == 0
    assert (state / "dovecot.conf").is_file(), "a --dir is kept, for a look afterwards"
    assert (state / "mail" / "student" / "Maildir" / "new").is_dir()


def test_a_port_in_use_is_one_line(tmp_path):
    require_dovecot()
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        args = [*FREE_PORTS, "--imap-port", str(port), "--dir", tmp_path / "state"]
        result = testing.run_script(SCRIPT, *args, timeout=30)
    line = testing.assert_one_line_error(result, 1)
    assert "dovecot stopped" in line and "Address already in use" in line, line


def test_the_fixture_store(mailstore):
    assert mailstore.host == "127.0.0.1"
    assert len(set(mailstore.ports.values())) == 4
    assert mailstore.subjects() == ["Msg 1", "Msg 2", "Msg 3"]
    seeded = [
        email.message_from_bytes(b, policy=email.policy.default) for b in mailstore.seed_bytes()
    ]
    assert [m["Subject"] for m in seeded] == ["Msg 1", "Msg 2", "Msg 3"]
    mailstore.add(b"Subject: Msg 4\n\nfour\n")
    assert mailstore.subjects()[-1] == "Msg 4"
    flags = mailstore.flags()
    assert sorted(flags) == [1, 2, 3, 4]
    assert not any(b"\\Seen" in f for f in flags.values()), "reading flags marks nothing"


def test_plain_ports_accept_passwords_too(mailstore):
    """disable_plaintext_auth = no: the lab can show a login without TLS."""
    client = poplib.POP3(mailstore.host, mailstore.pop3_port, timeout=5)
    try:
        client.user(mailstore.user)
        client.pass_(mailstore.password)
        assert client.stat()[0] == 3
    finally:
        client.quit()


def test_the_certificate_is_for_127_0_0_1(mailstore):
    context = ssl.create_default_context(cafile=mailstore.cafile)
    with socket.create_connection((mailstore.host, mailstore.imaps_port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            assert tls.recv(100).startswith(b"* OK")


def test_stores_do_not_share_state(mailstore):
    """Each test gets a fresh store: whatever the previous test did is gone."""
    mailstore.seed([])
    assert mailstore.subjects() == []
    mailstore.seed()
    assert mailstore.subjects() == ["Msg 1", "Msg 2", "Msg 3"]


def test_a_free_port_taken_before_dovecot_binds_it_is_chosen_again(tmp_path, monkeypatch):
    """The race behind "duplicate listener": a port we chose is gone when dovecot starts."""
    require_dovecot()
    from labkit import server

    choices = []

    def first_choice_taken(count, host):
        ports = real_free_ports(count, host)
        if not choices:
            ports[0] = busy.getsockname()[1]  # another program got there first
        choices.append(ports)
        return ports

    real_free_ports = server.free_ports
    with socket.create_server(("127.0.0.1", 0)) as busy:
        monkeypatch.setattr(server, "free_ports", first_choice_taken)
        store = mail_store.MailStore(tmp_path / "state")
        try:
            store.start()
            assert len(choices) == 2, "one failed start, then a second choice of ports"
            assert busy.getsockname()[1] not in store.ports.values()
            assert sorted(store.ports.values()) == sorted(choices[1])
            assert pop3s_count(store.ports["pop3s"], store.cafile) == 0
        finally:
            store.stop(grace=0.2)

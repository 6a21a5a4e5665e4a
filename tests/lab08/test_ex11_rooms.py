"""Exercise 11: nicknames, rooms, and a server log written with ``logging``."""

import re

import pytest

from tincanchat import format_line
from tincanchat.testkit import ChatClient

from .conftest import TIMEOUT

QUIET = 0.5  # seconds a client must stay without a message


def join(chat, count: int = 1) -> list[ChatClient]:
    """``count`` clients, each registered by the server (print or logging alike)."""
    new = [ChatClient("127.0.0.1", chat.port, timeout=TIMEOUT) for _ in range(count)]
    chat.clients += new
    for client in new:
        chat.log_line(rf"Connection from {re.escape(repr(client.addr))}$")
    return new


@pytest.fixture
def rooms(exercise, start_chat_server):
    return start_chat_server(exercise.path("chat_rooms.py"))


@pytest.mark.points(2)
def test_nick_names_the_lines(rooms):
    alice, bob = join(rooms, 2)
    alice.send("/nick alice")
    alice.send("hi")
    assert alice.recv() == bob.recv() == "alice: hi"
    bob.send("yo")
    assert alice.recv() == bob.recv() == format_line(bob.addr, "yo")


@pytest.mark.points(2)
def test_rooms_do_not_leak(rooms):
    alice, bob, carol = join(rooms, 3)
    alice.send("/join r")
    alice.send("a here")  # alice's own copy: the server has moved her
    assert alice.recv() == format_line(alice.addr, "a here")
    bob.send("/join r")
    bob.send("b here")
    assert alice.recv() == bob.recv() == format_line(bob.addr, "b here")
    alice.send("only r")
    assert alice.recv() == bob.recv() == format_line(alice.addr, "only r")
    with pytest.raises(TimeoutError):
        carol.recv(timeout=QUIET)  # carol, in the lobby, saw nothing of room r
    carol.send("only lobby")
    assert carol.recv() == format_line(carol.addr, "only lobby")
    for client in (alice, bob):
        with pytest.raises(TimeoutError):
            client.recv(timeout=QUIET)


@pytest.mark.points(1)
def test_the_log_has_connect_and_disconnect(rooms):
    (dave,) = join(rooms)
    addr = re.escape(repr(dave.addr))
    rooms.log_line(rf"^INFO chat_rooms: Connection from {addr}$")
    dave.close()
    rooms.log_line(rf"^INFO chat_rooms: Client {addr} disconnected")

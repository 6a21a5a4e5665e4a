"""Exercise 6: --max-clients caps the threaded server."""

import pytest

from tincanchat import format_line
from tincanchat.testkit import ChatClient

from .conftest import TIMEOUT


@pytest.mark.points(2)
def test_the_sixth_connection_sees_eof_within_a_second(exercise, start_chat_server):
    chat = start_chat_server(exercise.path("chat_server_multithread.py"), "--max-clients", "5")
    first, *others = chat.connect(5)
    with ChatClient("127.0.0.1", chat.port, timeout=TIMEOUT) as sixth:
        with pytest.raises(ConnectionError):
            sixth.recv(timeout=1)
    first.send("the five are fine")
    for client in others:
        assert client.recv() == format_line(first.addr, "the five are fine")
    first_addr = first.addr
    first.close()
    chat.wait_left(first_addr)
    (newcomer,) = chat.connect(1)  # room again
    newcomer.send("in")
    assert others[0].recv() == format_line(newcomer.addr, "in")

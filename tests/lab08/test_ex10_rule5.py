"""Exercise 10: rule 5, the sender does not get its own message back."""

import pytest

from tincanchat import format_line


@pytest.mark.points(2)
def test_exclude_sender(exercise, start_chat_server):
    path = exercise.path("chat_server_asyncio.py")
    chat = start_chat_server(path, "--exclude-sender")
    alice, bob, carol = chat.connect(3)
    alice.send("not for me")
    assert bob.recv() == carol.recv() == format_line(alice.addr, "not for me")
    with pytest.raises(TimeoutError):
        alice.recv(timeout=0.5)
    bob.send("for alice")
    assert alice.recv() == format_line(bob.addr, "for alice")
    default = start_chat_server(path)  # without the option: the lab's rule
    (dave,) = default.connect(1)
    dave.send("echo")
    assert dave.recv() == format_line(dave.addr, "echo")

"""Exercise 9: the asyncio chat server on streams, modern and bounded."""

import ast

import pytest

from labkit.testing import wait_until

from . import test_chat_suite as suite
from .conftest import TIMEOUT


@pytest.mark.points(2)
def test_streams_no_deprecated_api_and_the_basic_suite(exercise, start_chat_server):
    path = exercise.path("chat_server_asyncio.py")
    names = {
        node.attr if isinstance(node, ast.Attribute) else node.id
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute | ast.Name)
    }
    assert "get_event_loop" not in names, "use asyncio.run()"
    assert "start_server" in names, "use asyncio.start_server (streams)"
    chat = start_chat_server(path, env={"PYTHONWARNINGS": "error::DeprecationWarning"})
    suite.test_a_every_client_receives_each_message_sender_included(chat)
    suite.test_b_split_frames_the_books_three_chunks(chat)
    suite.test_c_the_others_keep_chatting_after_a_graceful_close(chat)
    suite.test_d_a_reset_does_not_harm_the_server(chat, "asyncio")  # stops it: stderr clean


@pytest.mark.points(2)
def test_a_client_that_never_reads_costs_nothing(exercise, start_chat_server):
    chat = start_chat_server(exercise.path("chat_server_asyncio.py"))
    alice, bob, sloth = chat.connect(3)
    readers = [suite.Collector(alice), suite.Collector(bob)]  # sloth never reads
    before = chat.stats()["rss_kb"]
    text, batch, total = "x" * 8000, 50, 4000  # 32 MB for sloth, 400 kB at a time
    for sent in range(batch, total + 1, batch):
        suite.send_batched(alice, [f"{n} {text}" for n in range(sent - batch, sent)], batch)
        for reader in readers:  # alice and bob are not held up by sloth
            wait_until(lambda r=reader, n=sent: len(r.lines) >= n or r.error, 2 * TIMEOUT)
            assert not reader.error, reader.error
    grown = chat.stats()["rss_kb"] - before
    assert grown < 16_000, f"the server grew by {grown} kB while sloth did not read"
    assert chat.alive()

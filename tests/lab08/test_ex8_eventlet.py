"""Exercise 8: the eventlet chat server keeps split frames and survives resets."""

import pytest

from . import test_chat_suite as suite


@pytest.fixture
def chat(exercise, start_chat_server):
    return start_chat_server(exercise.path("chat_server_eventlet.py"))


@pytest.mark.points(2)
def test_split_and_merged_frames(chat):
    suite.test_b_split_frames_the_books_three_chunks(chat)
    suite.test_b_several_messages_in_one_send(chat)


@pytest.mark.points(1)
def test_a_reset_leaves_no_traceback(chat):
    suite.test_d_a_reset_does_not_harm_the_server(chat, "eventlet")

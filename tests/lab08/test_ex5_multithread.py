"""Exercise 5: the threaded chat server survives resets and releases everything."""

import pytest

from . import test_chat_suite as suite


@pytest.fixture
def chat(exercise, start_chat_server):
    return start_chat_server(exercise.path("chat_server_multithread.py"))


@pytest.mark.points(2)
def test_a_reset_leaves_no_traceback(chat):
    suite.test_d_a_reset_does_not_harm_the_server(chat, "threads")


@pytest.mark.points(2)
def test_threads_and_fds_return_to_baseline(chat):
    suite.test_g_threads_and_fds_return_to_baseline(chat)

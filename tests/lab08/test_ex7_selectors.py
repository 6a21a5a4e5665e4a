"""Exercise 7: the selectors chat server passes the chat suite."""

import pytest

from . import test_chat_suite as suite


@pytest.fixture
def chat(exercise, start_chat_server):
    return start_chat_server(exercise.path("chat_server_selectors.py"))


@pytest.mark.points(1)
def test_every_client_receives_text_lines(chat):
    suite.test_a_every_client_receives_each_message_sender_included(chat)
    suite.test_j_lines_are_text_not_bytes_reprs(chat)


@pytest.mark.points(1)
def test_split_and_merged_frames(chat):
    suite.test_b_split_frames_the_books_three_chunks(chat)
    suite.test_b_several_messages_in_one_send(chat)


@pytest.mark.points(1)
def test_graceful_close_and_reset(chat):
    suite.test_c_the_others_keep_chatting_after_a_graceful_close(chat)
    suite.test_d_a_reset_does_not_harm_the_server(chat, "selectors")


@pytest.mark.points(2)
def test_a_disconnect_racing_a_broadcast(chat):
    suite.test_e_a_disconnect_racing_a_broadcast(chat)


@pytest.mark.points(1)
def test_a_one_megabyte_message(chat):
    suite.test_i_a_one_megabyte_message_arrives_intact(chat)

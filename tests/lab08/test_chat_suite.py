"""The chat suite (spec §5), run against each of the four chat servers of the lab.

Every server is a subprocess on 127.0.0.1, port 0; clients are ``ChatClient`` objects
with timeouts, so a lost message fails in seconds. The lab's rule for the sender: every
message goes to every connected client, the sender included.
"""

import re
import socket
import subprocess
import sys
import threading
import time

import pytest

from labkit.testing import ScriptProcess, script_env, wait_until
from tincanchat import Framer, format_line, prep_msg
from tincanchat.testkit import ChatClient

from .conftest import LAB, SERVERS, TIMEOUT

LINE = re.compile(r"^\('127\.0\.0\.1', \d+\): ")


@pytest.fixture
def chat(start_chat_server, kind):
    """A chat server of each architecture, with the default options."""
    return start_chat_server(SERVERS[kind])


class Collector:
    """Reads everything a client receives, in a background thread, in big chunks.

    It reads much faster than a Python sender can make the server write, so a collected
    client never falls behind (``ChatClient.recv`` reads 4 KiB at a time).
    """

    def __init__(self, client: ChatClient) -> None:
        self.client, self.lines, self.error = client, [], None
        self.client.sock.settimeout(60)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        framer = Framer()
        try:
            while chunk := self.client.sock.recv(1 << 16):
                self.lines += framer.feed(chunk)
            self.error = ConnectionError("closed by the server")
        except (OSError, ValueError) as exc:
            self.error = exc

    def wait_for(self, line: str, timeout: float = 30) -> None:
        wait_until(lambda: line in self.lines or self.error, timeout)
        assert line in self.lines, f"{line[:60]!r} not received ({self.error!r})"


def send_batched(client: ChatClient, messages: list[str], batch: int = 50) -> None:
    """Send many messages quickly: ``batch`` of them per ``sendall``."""
    for start in range(0, len(messages), batch):
        client.send_raw(b"".join(prep_msg(m) for m in messages[start : start + batch]))


# --- (a) broadcast, (j) no bytes repr -------------------------------------------------------


def test_a_every_client_receives_each_message_sender_included(chat):
    clients = chat.connect(5)
    for sender in clients:
        sender.send(f"hello from {sender.addr[1]}")
        expected = format_line(sender.addr, f"hello from {sender.addr[1]}")
        for client in clients:  # the sender too: the lab's rule
            assert client.recv() == expected
    for client in clients:
        with pytest.raises(TimeoutError):
            client.recv(timeout=0.2)  # nothing more, no duplicate


def test_j_lines_are_text_not_bytes_reprs(chat):
    alice, bob = chat.connect(2)
    for text in ("hi", "ça va ? 👍", ""):
        alice.send(text)
        line = bob.recv()
        assert line == format_line(alice.addr, text)
        assert ": b'" not in line and ': b"' not in line
        assert alice.recv() == line


# --- (b) split and merged frames ---------------------------------------------------------------


def test_b_split_frames_the_books_three_chunks(chat):
    alice, bob = chat.connect(2)
    alice.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for chunk in (b"caerphil", b"ly\0illches", b"ter\0brie\0"):
        alice.send_raw(chunk)
        time.sleep(0.05)  # so that the server reads each chunk on its own
    expected = [format_line(alice.addr, c) for c in ("caerphilly", "illchester", "brie")]
    assert bob.recv_all(3) == expected


def test_b_a_message_sent_byte_by_byte(chat):
    alice, bob = chat.connect(2)
    alice.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for byte in prep_msg("héllo €"):
        alice.send_raw(bytes([byte]))  # the UTF-8 characters are cut too
        time.sleep(0.005)
    assert bob.recv() == format_line(alice.addr, "héllo €")


def test_b_several_messages_in_one_send(chat):
    alice, bob = chat.connect(2)
    alice.send_raw(prep_msg("one") + prep_msg("two") + prep_msg("") + prep_msg("three"))
    expected = [format_line(alice.addr, m) for m in ("one", "two", "", "three")]
    assert bob.recv_all(4) == expected
    assert alice.recv_all(4) == expected


# --- (c) graceful close, (d) reset, (e) a disconnect racing a broadcast -----------------------


def test_c_the_others_keep_chatting_after_a_graceful_close(chat):
    alice, bob, carol = chat.connect(3)
    alice_addr = alice.addr
    alice.close()
    chat.wait_left(alice_addr, "disconnected$")
    bob.send("still there?")
    assert carol.recv() == format_line(bob.addr, "still there?")
    assert bob.recv() == format_line(bob.addr, "still there?")


def test_c_a_half_close_still_gets_what_was_queued(chat):
    alice, bob = chat.connect(2)
    alice.send("last words")
    alice.sock.shutdown(socket.SHUT_WR)  # a FIN: "nothing more from me"
    assert alice.recv() == format_line(alice.addr, "last words")
    with pytest.raises(ConnectionError):
        alice.recv()  # then the server closes
    assert bob.recv() == format_line(alice.addr, "last words")


def test_d_a_reset_does_not_harm_the_server(chat, kind):
    alice, bob, carol = chat.connect(3)
    alice_addr = alice.addr
    alice.reset()
    left = chat.wait_left(alice_addr)
    if kind != "eventlet":  # eventlet's green recv() turns ECONNRESET into b"", an EOF
        assert "reset" in left
    bob.send("after the reset")
    assert carol.recv() == format_line(bob.addr, "after the reset")
    assert chat.alive()
    stderr = chat.stop()
    assert "Traceback" not in stderr and "NameError" not in stderr, stderr


def test_d_a_reset_while_messages_are_queued_for_it(chat):
    alice, bob = chat.connect(2)
    for n in range(200):
        bob.send(f"message {n} " + "x" * 1000)  # alice reads none of them
    alice.reset()
    received = bob.recv_all(200, timeout=20)
    assert received[-1] == format_line(bob.addr, "message 199 " + "x" * 1000)
    bob.send("done")
    assert bob.recv() == format_line(bob.addr, "done")
    assert chat.alive()


def test_e_a_disconnect_racing_a_broadcast(chat):
    bob, carol = chat.connect(2)
    for round_ in range(20):
        (leaver,) = chat.connect(1)
        if round_ % 2:
            leaver.reset()
        else:
            leaver.close()
        bob.send(f"race {round_}")  # in the same event-loop batch as the close, often
        assert carol.recv() == format_line(bob.addr, f"race {round_}")
        assert bob.recv() == format_line(bob.addr, f"race {round_}")
    assert chat.alive()
    (dave,) = chat.connect(1)
    dave.send("still serving")
    assert carol.recv() == format_line(dave.addr, "still serving")


# --- (g) resources back to baseline -----------------------------------------------------------


def test_g_threads_and_fds_return_to_baseline(chat):
    before = chat.stats()
    clients = chat.connect(10)
    clients[0].send("hi all")
    for client in clients:
        client.recv()
    during = chat.stats()
    assert during["fds"] >= before["fds"] + 10
    addrs = [client.addr for client in clients]
    for n, client in enumerate(clients):
        client.reset() if n % 2 else client.close()
    for addr in addrs:
        chat.wait_left(addr)

    def back_to_baseline():
        now = chat.stats()
        return now["threads"] <= before["threads"] and now["fds"] <= before["fds"]

    wait_until(back_to_baseline, timeout=10)


# --- (h) the lab's chat client against every server ---------------------------------------------


def test_h_the_chat_client_works_against_every_server(chat):
    (bob,) = chat.connect(1)
    proc = subprocess.Popen(
        [sys.executable, "-u", str(LAB / "chat_client_multithread.py"), "--port", str(chat.port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=script_env(),
    )
    client = ScriptProcess(proc)
    try:
        client.wait_for_line(r"^Type messages", TIMEOUT)
        proc.stdin.write("hello from the client\n")
        proc.stdin.flush()
        line = bob.recv()
        assert LINE.match(line) and line.endswith(": hello from the client")
        client.wait_for_line(re.escape(line), TIMEOUT)  # its own copy
        bob.send("hi client")
        client.wait_for_line(re.escape(format_line(bob.addr, "hi client")), TIMEOUT)
        proc.stdin.write("q\n")
        proc.stdin.flush()
        client.wait_for_line(r"^Connection to server closed$", TIMEOUT)
        assert proc.wait(TIMEOUT) == 0
        assert proc.stderr.read() == ""
    finally:
        client.stop()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()


# --- (i) a 1 MB message ---------------------------------------------------------------------------


def test_i_a_one_megabyte_message_arrives_intact(chat):
    alice, bob = chat.connect(2)
    big = "é" * 500_000  # 1,000,000 bytes of UTF-8
    alice.send(big)
    assert bob.recv(timeout=20) == format_line(alice.addr, big)
    assert alice.recv(timeout=20) == format_line(alice.addr, big)
    alice.send("after")
    assert bob.recv() == format_line(alice.addr, "after")


# --- slow consumer and bad input ------------------------------------------------------------


def test_a_slow_consumer_does_not_stall_the_others(start_chat_server, kind):
    # --max-rate: alice may send as fast as she likes here (the flood test is below).
    chat = start_chat_server(SERVERS[kind], "--max-rate", "100000000")
    alice, bob, sloth = chat.connect(3)
    sloth_addr = sloth.addr
    readers = [Collector(alice), Collector(bob)]  # sloth never reads
    before = chat.stats()["rss_kb"]
    # 16 MB in all: more than the kernel buffers for sloth absorb, plus its 1 MiB queue.
    text, batch = "x" * 4000, 50
    for sent in range(batch, 4001, batch):
        send_batched(alice, [f"{n} {text}" for n in range(sent - batch, sent)], batch)
        for reader in readers:  # alice and bob keep up; a stalled server fails here
            wait_until(lambda r=reader, n=sent: len(r.lines) >= n or r.error, 10)
            assert not reader.error, reader.error
    assert "too slow" in chat.wait_left(sloth_addr)
    assert chat.stats()["rss_kb"] - before < 30_000  # kB: nothing piled up for sloth
    assert [len(r.lines) for r in readers] == [4000, 4000]


def test_bad_utf8_costs_only_the_sender_its_connection(chat):
    alice, bob, mallory = chat.connect(3)
    mallory_addr = mallory.addr
    mallory.send_raw(b"caf\xe9\0")  # Latin-1, not UTF-8
    assert "bad message" in chat.wait_left(mallory_addr)
    with pytest.raises(ConnectionError):
        mallory.recv()
    alice.send("fine")
    assert bob.recv() == format_line(alice.addr, "fine")


@pytest.mark.parametrize("delimited", [True, False], ids=["complete", "no-delimiter"])
def test_an_oversize_message_costs_only_the_sender_its_connection(
    start_chat_server, kind, delimited
):
    chat = start_chat_server(SERVERS[kind], "--max-size", "1000")
    alice, bob, mallory = chat.connect(3)
    mallory_addr = mallory.addr
    with pytest.raises(OSError):  # the server hangs up before the end
        mallory.send_raw(b"x" * 1001 + (b"\0" if delimited else b"") + b"y" * 10_000_000)
    assert "bad message" in chat.wait_left(mallory_addr, timeout=10)
    alice.send("x" * 1000)  # exactly the limit is fine
    assert bob.recv() == format_line(alice.addr, "x" * 1000)


def test_half_a_frame_then_silence_does_not_block_anyone(chat):
    alice, bob, mute = chat.connect(3)
    mute_addr = mute.addr
    mute.send_raw(b"half a mess")
    alice.send("anyone?")
    assert bob.recv() == format_line(alice.addr, "anyone?")
    assert mute.recv() == format_line(alice.addr, "anyone?")
    mute.close()
    assert "middle of a message" in chat.wait_left(mute_addr)


FLOODER = """
import socket, sys
sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
print(sock.getsockname()[1], flush=True)
batch = b"".join(f"flood {n} {'!' * 2000}".encode() + b"\\0" for n in range(50))
try:
    for _ in range(200):  # 20 MB, as fast as the server takes it; never reads
        sock.sendall(batch)
except OSError:
    pass  # dropped by the server
"""


def test_a_flood_from_one_client_does_not_harm_the_others(chat):
    alice, bob = chat.connect(2)
    readers = [Collector(alice), Collector(bob)]
    # The clock starts before the flooder exists: the server cannot have read a byte of
    # it earlier, so the bound below holds however late this process sees the first line.
    started = time.monotonic()
    flooder = subprocess.Popen(
        [sys.executable, "-c", FLOODER, str(chat.port)], stdout=subprocess.PIPE, text=True
    )
    try:
        flooder_addr = ("127.0.0.1", int(flooder.stdout.readline()))
        chat.log_line(rf"^{re.escape(format_line(flooder_addr, 'flood 0 '))}")
        time.sleep(1)  # the flood goes on meanwhile
        alice.send("can you hear me?")
        for reader in readers:
            reader.wait_for(format_line(alice.addr, "can you hear me?"), timeout=10)
        bob.send("yes")
        readers[0].wait_for(format_line(bob.addr, "yes"), timeout=10)
        # The server reads the flooder at --max-rate (1 MB/s) after a 1 MiB burst.
        flood = sum(len(line) for line in readers[1].lines)
        assert flood < 1_100_000 + 1_100_000 * (time.monotonic() - started)
        assert flooder.poll() is None  # still trying: TCP holds it back
    finally:
        flooder.kill()
        flooder.wait()
        flooder.stdout.close()
    assert chat.alive()

"""tincanchat: NUL framing, the sans-IO Framer, length prefixes, asyncio helpers, test kit.

Real sockets (``socket.socketpair``) everywhere, except the book's three-chunk table,
which needs each ``recv`` to return exactly one chunk and so uses a scripted socket.
"""

import asyncio
import contextlib
import doctest
import socket
import textwrap
import threading
from collections.abc import Iterator
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tincanchat
from tincanchat import (
    MAX_MSG,
    Framer,
    create_listen_socket,
    format_line,
    framing,
    parse_recv_data,
    prep_len_msg,
    prep_msg,
    read_msg,
    read_msgs,
    recv_exact,
    recv_len_msg,
    recv_msg,
    recv_msgs,
    send_len_msg,
    send_msg,
    write_msg,
)
from tincanchat.testkit import (
    ChatClient,
    raise_nofile_limit,
    start_server_subprocess,
    wait_until,
)

TIMEOUT = 5


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    """A connected pair of sockets: (sender, receiver), each with a timeout."""
    left, right = socket.socketpair()
    for sock in (left, right):
        sock.settimeout(TIMEOUT)
    with left, right:
        yield left, right


def send_in_thread(sock: socket.socket, data: bytes) -> threading.Thread:
    """``sendall`` from a thread, so a big send cannot deadlock against our reads."""
    thread = threading.Thread(target=sock.sendall, args=(data,), daemon=True)
    thread.start()
    return thread


class ScriptedSocket:
    """Stands in for a socket whose ``recv`` returns the given chunks, one per call."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = list(chunks)

    def recv(self, bufsize: int) -> bytes:
        if not self.chunks:
            return b""  # end of stream
        chunk = self.chunks.pop(0)
        assert len(chunk) <= bufsize
        return chunk


# --- the book's helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"caerphilly\0illchester\0brie\0", ([b"caerphilly", b"illchester", b"brie"], b"")),
        (b"", ([], b"")),
        (b"caerphil", ([], b"caerphil")),
        (b"ly\0illches", ([b"ly"], b"illches")),
        (b"\0\0", ([b"", b""], b"")),
    ],
)
def test_parse_recv_data(data, expected):
    assert parse_recv_data(data) == expected


def test_the_books_three_chunk_table():
    sock = ScriptedSocket(b"caerphil", b"ly\0illches", b"ter\0brie\0")
    msgs, rest = recv_msgs(sock)  # two recv calls: the first completes nothing
    assert (msgs, rest) == (["caerphilly"], b"illches")
    msgs, rest = recv_msgs(sock, rest)
    assert (msgs, rest) == (["illchester", "brie"], b"")
    assert sock.chunks == []


def test_recv_msgs_without_rest_loses_data_the_book_eventlet_bug():
    # Calling recv_msgs(sock) without the rest (as the book's 4.1 does) cuts "illches".
    sock = ScriptedSocket(b"caerphil", b"ly\0illches", b"ter\0brie\0")
    assert recv_msgs(sock)[0] == ["caerphilly"]
    assert recv_msgs(sock)[0] == ["ter", "brie"]


def test_recv_msgs_returns_complete_messages_in_rest_without_reading():
    sock = ScriptedSocket()  # any recv would report end of stream
    assert recv_msgs(sock, b"a\0b\0c") == (["a", "b"], b"c")


def test_prep_msg_encodes_utf8_and_appends_the_delimiter():
    assert prep_msg("héllo") == b"h\xc3\xa9llo\0"
    assert prep_msg("") == b"\0"


def test_prep_msg_refuses_an_embedded_nul():
    with pytest.raises(ValueError, match="NUL"):
        prep_msg("a\0b")


def test_send_and_recv_msg_round_trip(pair):
    sender, receiver = pair
    send_msg(sender, "ça va ? 👍")
    assert recv_msg(receiver) == "ça va ? 👍"


def test_recv_msg_returns_the_empty_message(pair):
    sender, receiver = pair
    send_msg(sender, "")
    assert recv_msg(receiver) == ""


def book_recv_msg(sock: socket.socket) -> str:
    """The book's loop, rebuilt to show its defects: it waits for a *non-empty* message."""
    data = bytearray()
    msg = b""
    while not msg:
        recv = sock.recv(4096)
        if not recv:
            raise ConnectionError()
        data = data + recv
        if b"\0" in recv:
            msg = data.rstrip(b"\0")
    return msg.decode("utf-8")


@pytest.mark.xfail(strict=True, raises=TimeoutError, reason="the book's recv_msg hangs on ''")
def test_book_recv_msg_hangs_on_the_empty_message(pair):
    sender, receiver = pair
    receiver.settimeout(1)
    sender.sendall(b"\0")
    assert book_recv_msg(receiver) == ""


def test_recv_msg_returns_only_the_first_message(pair):
    sender, receiver = pair
    sender.sendall(b"a\0b\0")
    assert recv_msg(receiver) == "a"


def test_book_recv_msg_glues_two_messages_together(pair):
    sender, receiver = pair
    sender.sendall(b"a\0b\0")
    assert book_recv_msg(receiver) == "a\0b"  # the defect the fixed version removes


def test_recv_msg_raises_connection_error_on_early_close(pair):
    sender, receiver = pair
    sender.sendall(b"no delimiter")
    sender.shutdown(socket.SHUT_WR)
    with pytest.raises(ConnectionError, match="middle of a message"):
        recv_msg(receiver)


def test_recv_msgs_raises_connection_error_at_end_of_stream(pair):
    sender, receiver = pair
    sender.shutdown(socket.SHUT_WR)
    with pytest.raises(ConnectionError, match="closed by the peer"):
        recv_msgs(receiver)


def test_recv_msgs_reports_the_partial_rest_at_end_of_stream(pair):
    sender, receiver = pair
    sender.sendall(b"brie\0chedd")
    sender.shutdown(socket.SHUT_WR)
    msgs, rest = recv_msgs(receiver)
    assert (msgs, rest) == (["brie"], b"chedd")
    with pytest.raises(ConnectionError, match="5 bytes pending"):
        recv_msgs(receiver, rest)


def test_recv_msgs_rejects_an_oversize_message(pair):
    sender, receiver = pair
    sender.sendall(b"x" * 100)
    with pytest.raises(ValueError, match="longer than 50 bytes"):
        recv_msgs(receiver, max_size=50)


def test_recv_msgs_default_limit_is_max_msg(pair):
    sender, receiver = pair
    thread = send_in_thread(sender, b"x" * (MAX_MSG + 1))
    with pytest.raises(ValueError, match=f"longer than {MAX_MSG} bytes"):
        recv_msgs(receiver)
    receiver.close()  # unblocks the sender if it is still writing
    thread.join(TIMEOUT)


def test_recv_msgs_handles_a_one_megabyte_message(pair):
    sender, receiver = pair
    big = "é" * 500_000  # 1,000,000 bytes in UTF-8
    thread = send_in_thread(sender, prep_msg(big) + prep_msg("after"))
    msgs, rest = recv_msgs(receiver)
    if len(msgs) == 1:
        more, rest = recv_msgs(receiver, rest)
        msgs += more
    thread.join(TIMEOUT)
    assert msgs == [big, "after"] and rest == b""


def test_doctests_in_framing():
    assert doctest.testmod(framing).failed == 0


# --- the sans-IO Framer ----------------------------------------------------------------

messages_strategy = st.lists(
    st.text(st.characters(codec="utf-8", exclude_characters="\0"), max_size=20), max_size=10
)


@st.composite
def chunked(draw, data: bytes) -> list[bytes]:
    """Cut ``data`` at random places (possibly inside a UTF-8 character)."""
    cuts = sorted(draw(st.sets(st.integers(0, len(data)), max_size=len(data) + 1)))
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in pairwise(bounds)]


@given(st.data(), messages_strategy)
def test_framer_yields_the_messages_whatever_the_chunking(data, messages):
    wire = b"".join(prep_msg(m) for m in messages)
    framer = Framer()
    received = []
    for chunk in data.draw(chunked(wire)):
        received += framer.feed(chunk)
    assert received == messages
    assert framer.pending == b""


@given(st.data(), messages_strategy)
def test_recv_msgs_with_rest_yields_the_messages_whatever_the_chunking(data, messages):
    wire = b"".join(prep_msg(m) for m in messages)
    sock = ScriptedSocket(*(c for c in data.draw(chunked(wire)) if c))
    received, rest = [], b""
    while len(received) < len(messages):
        msgs, rest = recv_msgs(sock, rest)
        received += msgs
    assert received == messages and rest == b""
    assert sock.chunks == []


@pytest.mark.parametrize("char", ["é", "€", "😀"])
def test_framer_decodes_a_character_split_between_feeds(char):
    encoded = char.encode("utf-8")
    for cut in range(1, len(encoded)):
        framer = Framer()
        assert framer.feed(b"caf" + encoded[:cut]) == []
        assert framer.pending == b"caf" + encoded[:cut]
        assert framer.feed(encoded[cut:] + b"\0") == ["caf" + char]


def test_framer_returns_several_messages_from_one_feed_and_keeps_the_rest():
    framer = Framer()
    assert framer.feed(b"a\0\0b\0c") == ["a", "", "b"]
    assert framer.pending == b"c"
    assert framer.feed(b"d\0") == ["cd"]


def test_framer_accepts_a_message_of_exactly_max_size():
    assert Framer(max_size=4).feed(b"abcd\0") == ["abcd"]


@pytest.mark.parametrize(
    "feeds",
    [[b"abcde\0"], [b"abcde"], [b"abc", b"de"], [b"ok\0abc", b"de", b"\0"]],
    ids=["complete", "partial", "partial-over-two-feeds", "after-a-good-one"],
)
def test_framer_rejects_an_oversize_message(feeds):
    framer = Framer(max_size=4)
    with pytest.raises(ValueError, match="longer than 4 bytes"):
        for chunk in feeds:
            framer.feed(chunk)
    assert framer.pending == b""  # the buffer is dropped


def test_framer_rejects_invalid_utf8_with_a_value_error():
    framer = Framer()
    with pytest.raises(UnicodeDecodeError) as info:
        framer.feed(b"\xff\xfe\0")
    assert isinstance(info.value, ValueError)


def test_framer_does_not_complain_about_an_incomplete_character():
    framer = Framer()
    assert framer.feed(b"\xe2\x82") == []  # the first two bytes of "€"
    assert framer.feed(b"\xac\0") == ["€"]


# --- format_line -----------------------------------------------------------------------


def test_format_line_looks_like_the_book():
    assert format_line(("127.0.0.1", 54321), "hi") == "('127.0.0.1', 54321): hi"


def test_format_line_shows_only_host_and_port_for_ipv6():
    assert format_line(("::1", 5000, 0, 0), "hi") == "('::1', 5000): hi"


# --- length-prefix variant ------------------------------------------------------------------


def test_prep_len_msg_is_a_big_endian_length_then_utf8():
    assert prep_len_msg("hé") == b"\x00\x00\x00\x03h\xc3\xa9"


@pytest.mark.parametrize(
    "msg", ["", "a\0b", "\0", "é" * 500_000], ids=["empty", "nul", "only-nul", "1MB"]
)
def test_length_prefixed_messages_round_trip(pair, msg):
    sender, receiver = pair
    thread = threading.Thread(target=send_len_msg, args=(sender, msg), daemon=True)
    thread.start()
    assert recv_len_msg(receiver) == msg
    thread.join(TIMEOUT)


def test_length_prefixed_messages_follow_each_other(pair):
    sender, receiver = pair
    sender.sendall(prep_len_msg("one") + prep_len_msg("two"))
    assert [recv_len_msg(receiver), recv_len_msg(receiver)] == ["one", "two"]


def test_truncated_length_prefixed_message_raises_connection_error(pair):
    sender, receiver = pair
    sender.sendall(prep_len_msg("hello world")[:-3])
    sender.shutdown(socket.SHUT_WR)
    with pytest.raises(ConnectionError, match="after 8 of 11 bytes"):
        recv_len_msg(receiver)


def test_truncated_length_prefix_raises_connection_error(pair):
    sender, receiver = pair
    sender.sendall(b"\x00\x00")
    sender.shutdown(socket.SHUT_WR)
    with pytest.raises(ConnectionError, match="after 2 of 4 bytes"):
        recv_len_msg(receiver)


def test_recv_len_msg_rejects_a_length_over_the_maximum(pair):
    sender, receiver = pair
    sender.sendall(prep_len_msg("x" * 11))
    with pytest.raises(ValueError, match="exceeds the maximum of 10"):
        recv_len_msg(receiver, max_size=10)


def test_recv_exact_reads_exactly_n_bytes(pair):
    sender, receiver = pair
    sender.sendall(b"abc")
    sender.sendall(b"defgh")
    assert recv_exact(receiver, 6) == b"abcdef"
    assert recv_exact(receiver, 0) == b""
    assert recv_exact(receiver, 2) == b"gh"


# --- create_listen_socket ------------------------------------------------------------------


def check_listener(host: str, family: socket.AddressFamily) -> None:
    with create_listen_socket(host, 0) as server:
        assert server.family == family
        assert server.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
        port = server.getsockname()[1]
        assert port != 0
        server.settimeout(TIMEOUT)
        with socket.create_connection((host, port), timeout=TIMEOUT) as client:
            conn, addr = server.accept()
            with conn:
                send_msg(client, "hello")
                conn.settimeout(TIMEOUT)
                assert recv_msg(conn) == "hello"
                assert addr[:2] == client.getsockname()[:2]


def test_create_listen_socket_ipv4_port_zero():
    check_listener("127.0.0.1", socket.AF_INET)


def test_create_listen_socket_ipv6_port_zero():
    if not socket.has_ipv6:
        pytest.skip("this Python was built without IPv6 support")
    try:
        create_listen_socket("::1", 0).close()
    except OSError as exc:
        pytest.skip(f"cannot bind ::1 (IPv6 disabled on loopback?): {exc}")
    check_listener("::1", socket.AF_INET6)


def test_create_listen_socket_defaults_to_loopback():
    with create_listen_socket() as server:
        assert server.getsockname()[0] == "127.0.0.1"


# --- asyncio helpers -------------------------------------------------------------------------


async def with_server(handler, client) -> None:
    """Run ``client(reader, writer)`` against an asyncio server on 127.0.0.1, port 0."""
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
        try:
            await asyncio.wait_for(client(reader, writer), 5)
        finally:
            writer.close()
            await writer.wait_closed()


def test_read_msgs_yields_split_messages_until_eof():
    received: list[str] = []
    done = asyncio.Event()

    async def handler(reader, writer):
        async for msg in read_msgs(reader):
            received.append(msg)
        done.set()
        writer.close()

    async def client(reader, writer):
        for chunk in (b"caerphil", b"ly\0illches", b"ter\0brie\0", b"caf\xc3", b"\xa9\0"):
            writer.write(chunk)
            await writer.drain()
            await asyncio.sleep(0.01)  # let the server read each chunk on its own
        writer.write_eof()
        await done.wait()

    asyncio.run(with_server(handler, client))
    assert received == ["caerphilly", "illchester", "brie", "café"]


def test_read_msgs_raises_on_a_partial_message_at_eof():
    errors: list[BaseException] = []
    done = asyncio.Event()

    async def handler(reader, writer):
        try:
            async for _ in read_msgs(reader):
                pass
        except ConnectionError as exc:
            errors.append(exc)
        done.set()
        writer.close()

    async def client(reader, writer):
        writer.write(b"ok\0unfinished")
        writer.write_eof()
        await done.wait()

    asyncio.run(with_server(handler, client))
    assert len(errors) == 1 and "10 bytes pending" in str(errors[0])


def test_read_msg_and_write_msg_echo_consecutive_and_long_messages():
    long = "x" * 200_000  # longer than the StreamReader's 64 KiB limit

    async def echo(reader, writer):
        try:
            while True:
                await write_msg(writer, await read_msg(reader))
        except ConnectionError:
            pass
        writer.close()

    async def client(reader, writer):
        writer.write(prep_msg("one") + prep_msg("") + prep_msg("thrée"))
        await write_msg(writer, long)
        assert [await read_msg(reader) for _ in range(3)] == ["one", "", "thrée"]
        assert await read_msg(reader) == long
        writer.write_eof()
        with pytest.raises(ConnectionError, match="closed by the peer"):
            await read_msg(reader)

    asyncio.run(with_server(echo, client))


def test_write_msg_waits_while_the_peer_does_not_read():
    big = "z" * (32 * 1024 * 1024)  # more than the kernel's socket buffers hold
    writes: list[asyncio.Task] = []

    async def handler(reader, writer):
        writes.append(asyncio.create_task(write_msg(writer, big)))
        await writes[0]
        writer.close()

    async def client(reader, writer):
        await asyncio.sleep(0.3)  # not reading yet: the server's drain() must be waiting
        assert len(writes) == 1 and not writes[0].done()
        assert await read_msg(reader, max_size=len(big)) == big
        await writes[0]  # once everything was read, write_msg returns

    asyncio.run(with_server(handler, client))


def test_read_msg_rejects_an_oversize_message():
    async def handler(reader, writer):
        await write_msg(writer, "y" * 100_000)
        writer.close()

    async def client(reader, writer):
        with pytest.raises(ValueError, match="longer than 1000 bytes"):
            await read_msg(reader, max_size=1000)

    asyncio.run(with_server(handler, client))


# --- test kit ------------------------------------------------------------------------------


@pytest.fixture
def echo_server() -> Iterator[int]:
    """A thread serving each connection: every message comes back as format_line(addr, msg)."""
    server = create_listen_socket("127.0.0.1", 0)
    server.settimeout(0.1)
    stop = threading.Event()
    conns: list[socket.socket] = []

    def serve(conn: socket.socket, addr) -> None:
        rest = b""
        try:
            while True:
                msgs, rest = recv_msgs(conn, rest)
                for msg in msgs:
                    send_msg(conn, format_line(addr, msg))
        except (OSError, ValueError):  # closed, reset, timed out, or a framing error
            pass
        finally:
            conn.close()

    def accept_loop() -> None:
        while not stop.is_set():
            try:
                conn, addr = server.accept()
            except TimeoutError:
                continue
            conn.settimeout(TIMEOUT)
            conns.append(conn)
            threading.Thread(target=serve, args=(conn, addr), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(TIMEOUT)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)  # wakes a serve thread blocked in recv
        server.close()


def test_chat_client_sends_and_receives(echo_server):
    with ChatClient("127.0.0.1", echo_server) as client:
        client.send("hello")
        assert client.recv() == format_line(client.addr, "hello")
        client.send_raw(b"one\0tw")
        client.send_raw(b"o\0")
        assert client.recv_all(2) == [format_line(client.addr, m) for m in ("one", "two")]


def test_chat_client_recv_times_out_when_nothing_arrives(echo_server):
    with ChatClient("127.0.0.1", echo_server) as client:
        with pytest.raises(TimeoutError, match="within 0.2s"):
            client.recv(timeout=0.2)
        assert client.sock.gettimeout() == TIMEOUT  # restored for later sends


def test_chat_client_reset_sends_an_rst():
    with create_listen_socket("127.0.0.1", 0) as server:
        server.settimeout(TIMEOUT)
        client = ChatClient("127.0.0.1", server.getsockname()[1])
        conn, _ = server.accept()
        with conn:
            conn.settimeout(TIMEOUT)
            client.reset()
            with pytest.raises(ConnectionResetError):
                recv_msg(conn)


def test_chat_client_sees_a_graceful_close():
    with create_listen_socket("127.0.0.1", 0) as server:
        server.settimeout(TIMEOUT)
        with ChatClient("127.0.0.1", server.getsockname()[1]) as client:
            conn, _ = server.accept()
            conn.sendall(b"bye\0half")
            conn.close()
            assert client.recv() == "bye"
            with pytest.raises(ConnectionError, match="4 bytes pending"):
                client.recv()


def test_raise_nofile_limit():
    resource = pytest.importorskip("resource")
    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    hard = before[1]
    expected = 20000 if hard == resource.RLIM_INFINITY else min(20000, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, expected), hard))
        assert raise_nofile_limit(20000) == expected
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (expected, hard)
        assert raise_nofile_limit(10) == expected  # never lowered
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, before)


SERVER_SCRIPT = """
import argparse
import tincanchat

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=4040)
parser.add_argument("--tuple", action="store_true")
args = parser.parse_args()
sock = tincanchat.create_listen_socket("127.0.0.1", args.port)
host, port = sock.getsockname()
print(f"Listening on {(host, port)}" if args.tuple else f"Listening on {host}:{port}", flush=True)
conn, addr = sock.accept()
msg = tincanchat.recv_msg(conn)
tincanchat.send_msg(conn, tincanchat.format_line(addr, msg))
print(f"served {addr}", flush=True)
conn.close()
"""


@pytest.mark.parametrize("args", [[], ["--tuple"]], ids=["host:port", "book-tuple"])
def test_start_server_subprocess_yields_the_port(tmp_path, args):
    script = tmp_path / "server.py"
    script.write_text(textwrap.dedent(SERVER_SCRIPT))
    with start_server_subprocess([script, *args]) as (proc, port):
        assert port != 4040 and proc.port == port and proc.host == "127.0.0.1"
        with ChatClient("127.0.0.1", port) as client:
            client.send("hi")
            assert client.recv() == format_line(client.addr, "hi")
        proc.wait_for_line(r"^served ", TIMEOUT)
        wait_until(lambda: proc.proc.poll() is not None, TIMEOUT)
    assert proc.proc.returncode == 0


def test_wait_until_is_labkits():
    from labkit import testing

    assert wait_until is testing.wait_until


def test_public_api_is_reexported():
    assert set(tincanchat.__all__) <= set(dir(tincanchat))
    assert tincanchat.DEFAULT_HOST == "127.0.0.1" and tincanchat.DEFAULT_PORT == 4040
    assert (tincanchat.DELIM, tincanchat.ENCODING, tincanchat.RECV_SIZE) == (b"\0", "utf-8", 4096)
    assert tincanchat.MAX_MSG > 1_000_001

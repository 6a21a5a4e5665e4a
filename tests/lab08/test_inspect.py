"""Inspect it: the NUL-framed chat on the wire, captured on lo and read with tshark.

Needs tshark and the right to capture on lo: the ``capture`` marker makes the grading
plugin skip these tests, naming the fix, when either is missing.
"""

import socket
import subprocess
import time

import pytest

from labkit.capture import Capture, read_fields
from tincanchat import format_line

from .conftest import SERVERS

pytestmark = pytest.mark.capture
CHUNKS = (b"caerphil", b"ly\0illches", b"ter\0brie\0")


@pytest.fixture(scope="module")
def capture_split_run():
    """The book's three chunks sent to the selectors server, captured on lo."""
    from labkit.testing import start_script

    with start_script(SERVERS["selectors"], "--port", "0") as server:
        with Capture(bpf=f"tcp port {server.port}", interface="lo") as cap:
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                client_port = sock.getsockname()[1]
                for chunk in CHUNKS:
                    sock.sendall(chunk)
                    time.sleep(0.2)  # one segment per send
                received = b""
                while received.count(b"\0") < 3:
                    received += sock.recv(4096)
        yield cap, server.port, client_port, received
    cap.cleanup()


def test_each_send_is_one_segment(capture_split_run):
    cap, port, _, _ = capture_split_run
    rows = read_fields(
        cap.path, ["tcp.len"], display_filter=f"tcp.dstport == {port} and tcp.len > 0"
    )
    assert [int(length) for (length,) in rows] == [8, 10, 9]


def test_the_nul_filter_finds_the_segments_that_end_a_message(capture_split_run):
    cap, port, _, _ = capture_split_run
    rows = read_fields(
        cap.path,
        ["tcp.len", "tcp.payload"],
        display_filter=f"tcp.dstport == {port} and tcp.payload contains 00",
    )
    assert rows == [["10", CHUNKS[1].hex()], ["9", CHUNKS[2].hex()]]


def test_the_server_answers_with_three_lines(capture_split_run):
    cap, port, client_port, received = capture_split_run
    addr = ("127.0.0.1", client_port)
    expected = [format_line(addr, m) for m in ("caerphilly", "illchester", "brie")]
    assert received.decode().split("\0")[:3] == expected
    rows = read_fields(cap.path, ["tcp.payload"], display_filter=f"tcp.srcport == {port}")
    wire = bytes.fromhex("".join(payload for (payload,) in rows if payload))
    assert wire == received


def test_follow_stream_shows_the_conversation(capture_split_run):
    cap, port, client_port, _ = capture_split_run
    result = subprocess.run(
        ["tshark", "-r", str(cap.path), "-q", "-z", "follow,tcp,ascii,0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "caerphil" in result.stdout and "ly.illches" in result.stdout
    assert f"('127.0.0.1', {client_port}): caerphilly." in result.stdout

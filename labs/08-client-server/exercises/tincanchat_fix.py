"""Exercise 1: fix the book's ``recv_msg``.

The echo protocol carries one message per connection: UTF-8 text followed by a NUL
byte. Below is the book's receiving function, rebuilt as printed. It has two defects:

* it loops ``while not msg``, so the *empty* message (a lone ``b"\\0"``) never ends the
  loop: the receiver waits for ever;
* it checks for the delimiter in the *latest* chunk only, then strips NULs from the
  right of everything received: ``b"a\\0b\\0"`` comes back as ``"a\\x00b"``, two messages
  glued together, and ``b"ab\\0cd"`` as ``"ab\\x00cd"``.

Make ``recv_msg`` return the text before the first NUL, for any way the bytes are cut
into chunks, including the empty message; raise ``ConnectionError`` if the peer closes
before a NUL arrives. Bytes after the first NUL may be discarded (one message per
connection). Graded (``pytest tests/lab08/test_ex1_recv_msg.py``) over a socketpair
with a one-second timeout.
"""

import socket


def recv_msg(sock: socket.socket) -> str:
    """Receive one NUL-terminated message and return it decoded."""
    data = bytearray()
    msg = b""
    while not msg:  # TODO (exercise 1): the empty message never leaves this loop
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError()
        data = data + chunk
        if b"\0" in chunk:  # TODO (exercise 1): look for the first NUL, cut there
            msg = data.rstrip(b"\0")
    return msg.decode("utf-8")

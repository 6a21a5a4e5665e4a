"""Exercise 10 (packet inspection): find the FTP login that worked in a capture.

FTP sends everything on its control connection as lines of text: the client's ``USER``
and ``PASS`` commands, and the server's numbered replies (``331`` "send the password",
``230`` logged in, ``530`` login incorrect). Anyone who can capture the traffic can read
the password. That is the lesson of the book's Wireshark screenshots, and the reason to
use SFTP.

Write :func:`ftp_password_sniffer`: given a capture file (classic pcap) and the server's
TCP port, return ``(user, password)`` of the first login the server accepted with a
``230`` reply, or None when the capture has no such login (no FTP at all, or only failed
attempts). A rejected ``PASS`` (``530``) does not count.

Two ways to read the packets; pick one:

1. tshark does the parsing. ``-d tcp.port==PORT,ftp`` tells it to decode that port as
   FTP (it only knows port 21 by itself); ``-T fields`` prints chosen fields, one packet a
   line, tab-separated::

       tshark -r CAPTURE -d tcp.port==8021,ftp -Y ftp -T fields \\
           -e tcp.stream -e ftp.request.command -e ftp.request.arg -e ftp.response.code

   ``tcp.stream`` numbers the TCP connections: a USER/PASS and its reply share one.
   Run it with ``subprocess.run([...], capture_output=True, text=True, timeout=30)``.
2. Pure Python, no tshark needed: read the pcap yourself with ``struct``. A 24-byte file
   header (its first 4 bytes tell the byte order; bytes 20-24 are the link type, 1 for
   Ethernet), then per packet a 16-byte record header whose third field is the number of
   bytes that follow. In each frame: 14 bytes of Ethernet (type 0x0800 = IPv4 at offset
   12), the IPv4 header (``4 * (first byte & 0x0F)`` bytes; protocol 6 = TCP at offset 9),
   the TCP header (ports at offsets 0 and 2; its length is ``4 * (byte 12 >> 4)``), then
   the payload: the FTP text.

The test captures are in ``tests/lab05/data/``: ``ftp_anonymous.pcap`` (``ftp_download.py``
on port 8021), ``ftp_student.pcap`` (a wrong password, then the right one, on 8021) and
``sftp_session.pcap`` (SSH on port 8022: encrypted, no FTP in it). Make your own with the
README's "Inspect it" commands.

Graded (``pytest tests/lab05/test_ex10_sniff_ftp.py``): the anonymous login
``('anonymous', 'nobody@nourl.com')``; ``('student', 'secret')`` and not the rejected
attempt; None for the SFTP capture; None when asked about a port with no FTP on it.
"""

from __future__ import annotations

from pathlib import Path


def ftp_password_sniffer(pcap: str | Path, port: int = 21) -> tuple[str, str] | None:
    """``(user, password)`` of the first accepted FTP login to ``port`` in ``pcap``, or None."""
    raise NotImplementedError("exercise 10: read the capture, pair USER/PASS with 230")

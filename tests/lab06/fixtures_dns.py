"""Lab 06 fixtures for DNS and GeoIP: the lab DNS server, a GeoIP database, bad servers.

``lab_dns`` runs ``dns_server.py``'s own code (``dns_server.start``) in a thread, on a
free UDP port of 127.0.0.1, serving ``lab.zone``; ``geo_db`` is the database that
``geo_db.py`` writes. ``silent_udp`` and ``garbage_dns`` are the failure cases: a port
where nothing ever answers, and a "server" that answers every query with junk.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dns.resolver
import dns_server
import pytest
from dns_snippets import lab_resolver
from geo_db import build as build_geo_db

__all__ = [
    "LabDNS",
    "ZONE_FILE",
    "garbage_dns",
    "geo_db",
    "lab_dns",
    "lab_dns_server",
    "silent_udp",
]

ZONE_FILE = Path(dns_server.__file__).with_name("lab.zone")
RESOLVER_TIMEOUT = 2.0


@dataclass
class LabDNS:
    """The running lab DNS server: where it is and a resolver that asks it."""

    port: int
    resolver: dns.resolver.Resolver
    host: str = "127.0.0.1"

    def args(self) -> list[str]:
        """``--server 127.0.0.1 --port P`` for a script's command line."""
        return ["--server", self.host, "--port", str(self.port)]


@pytest.fixture(scope="session")
def lab_dns_server():
    """``dns_server.py`` serving lab.zone in a thread for the whole session."""
    server = dns_server.start(ZONE_FILE.read_text(encoding="utf-8"), port=0)
    yield server
    dns_server.stop(server)


@pytest.fixture
def lab_dns(lab_dns_server) -> LabDNS:
    """The lab DNS server, with a fresh resolver (no /etc/resolv.conf, short lifetime)."""
    port = lab_dns_server.port
    return LabDNS(port=port, resolver=lab_resolver("127.0.0.1", port, RESOLVER_TIMEOUT))


@pytest.fixture(scope="session")
def geo_db(tmp_path_factory) -> Path:
    """The lab's GeoLite2-City-format database, built once per session by geo_db.py."""
    return build_geo_db(tmp_path_factory.mktemp("geoip") / "lab-city.mmdb")


@pytest.fixture
def silent_udp() -> Iterator[int]:
    """A UDP port where a socket is bound but never answers: the "no server" timeout."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def garbage_dns() -> Iterator[int]:
    """A UDP "DNS server" that answers every datagram with bytes that are not DNS."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.1)
    stop = threading.Event()

    def answer_junk() -> None:
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            sock.sendto(data[:2] + b"\x81", peer)  # the right id, then a truncated header

    thread = threading.Thread(target=answer_junk, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        sock.close()

"""Fixtures for lab 06: a DNS server (dnslib), a GeoIP database, an NTP responder and,
as root, a network namespace that looks like the book's VirtualBox machine.

The fixtures live in ``fixtures_dns.py`` and ``fixtures_ipntp.py``; importing them here
makes them visible to every test of the lab.
"""

from __future__ import annotations

import sys

from labkit import lab_dir

LAB = lab_dir("06")
sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from .fixtures_dns import *  # noqa: E402, F403
from .fixtures_ipntp import *  # noqa: E402, F403

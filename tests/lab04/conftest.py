"""Fixtures for lab 04: SMTP servers (aiosmtpd) and a mail store (dovecot).

The fixtures live in ``fixtures_smtp.py`` and ``fixtures_mailstore.py``; importing them
here makes them visible to every test of the lab.
"""

from __future__ import annotations

import sys

from labkit import lab_dir

LAB = lab_dir("04")
sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from .fixtures_mailstore import *  # noqa: E402, F403
from .fixtures_smtp import *  # noqa: E402, F403

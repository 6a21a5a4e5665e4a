"""Fixtures for lab 05: an SSH/SFTP server (asyncssh), an FTP server (pyftpdlib), an SNMP
agent (pysnmp), a private slapd and a private samba.

The fixtures live in ``fixtures_ssh.py``, ``fixtures_ftp_snmp.py`` and
``fixtures_ldap_smb.py``; importing them here makes them visible to every test of the lab.
"""

from __future__ import annotations

import sys

from labkit import lab_dir

LAB = lab_dir("05")
sys.path.insert(0, str(LAB))  # so tests can import the lab's scripts by name

from .fixtures_ftp_snmp import *  # noqa: E402, F403
from .fixtures_ldap_smb import *  # noqa: E402, F403
from .fixtures_ssh import *  # noqa: E402, F403

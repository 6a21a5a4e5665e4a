"""Exercise 10: sniff_ftp.py, the FTP password in a capture (7 points).

Graded on the golden captures in ``data/`` (see ``data/make_ftp_pcaps.py``), so no capture
rights are needed. Solutions that call tshark need it installed.
"""

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sniffer(exercise):
    return exercise.load("sniff_ftp.py").ftp_password_sniffer


@pytest.mark.points(3)
def test_anonymous_login_of_ftp_download(sniffer):
    assert sniffer(DATA / "ftp_anonymous.pcap", 8021) == ("anonymous", "nobody@nourl.com")


@pytest.mark.points(2)
def test_the_accepted_login_not_the_rejected_one(sniffer):
    assert sniffer(str(DATA / "ftp_student.pcap"), port=8021) == ("student", "secret")


@pytest.mark.points(1)
def test_an_sftp_capture_gives_nothing(sniffer):
    assert sniffer(DATA / "sftp_session.pcap", 8022) is None


@pytest.mark.points(1)
def test_only_the_given_port_counts(sniffer):
    assert sniffer(DATA / "ftp_anonymous.pcap") is None  # default port 21: nothing there
    assert sniffer(DATA / "ftp_anonymous.pcap", 8030) is None  # the data connection

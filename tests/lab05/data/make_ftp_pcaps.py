"""Re-make the golden captures of exercise 10 (sniff_ftp.py). Run as root from the repo root:

    .venv/bin/python tests/lab05/data/make_ftp_pcaps.py

It captures on lo with tshark (classic pcap format, via editcap) while it runs:

- ``ftp_anonymous.pcap``: ``ftp_download.py`` against ``ftp_server.py`` on port 8021
  (control connection, and the data connections on passive port 8030);
- ``ftp_student.pcap``: user ``student`` logging in with a wrong password (530), then on a
  second connection with the right one (230) and uploading a file to /incoming;
- ``sftp_session.pcap``: an SFTP download over SSH on port 8022 (asyncssh on both ends):
  the negative case, encrypted from the key exchange on.

The files are committed; the tests only read them.
"""

from __future__ import annotations

import asyncio
import ftplib
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import asyncssh

from labkit import lab_dir, testing
from labkit.capture import Capture

HERE = Path(__file__).resolve().parent
LAB = lab_dir("05")
FTP_PORT, PASSIVE_PORT, SSH_PORT = 8021, 8030, 8022


def capture(name: str, bpf: str, work) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with Capture(bpf=bpf, path=Path(tmp) / "raw.pcapng") as cap:
            work()
        subprocess.run(["editcap", "-F", "pcap", str(cap.path), str(HERE / name)], check=True)
    print(f"wrote {HERE / name}")


def ftp_sessions(anonymous: bool) -> None:
    server_args = ["--port", str(FTP_PORT), "--passive-ports", f"{PASSIVE_PORT}-{PASSIVE_PORT}"]
    with (
        testing.start_script(LAB / "ftp_server.py", *server_args),
        tempfile.TemporaryDirectory() as tmp,
    ):
        if anonymous:
            result = testing.run_script(LAB / "ftp_download.py", "--port", str(FTP_PORT), cwd=tmp)
            assert result.returncode == 0, result.stderr
            return
        ftp = ftplib.FTP(timeout=10)
        ftp.connect("127.0.0.1", FTP_PORT)
        try:
            ftp.login("student", "wrong1")
        except ftplib.error_perm:
            ftp.close()
        with ftplib.FTP(timeout=10) as ftp:
            ftp.connect("127.0.0.1", FTP_PORT)
            ftp.login("student", "secret")
            ftp.storbinary("STOR /incoming/notes.txt", io.BytesIO(b"lab 05 notes\n"))


async def sftp_session() -> None:
    with tempfile.TemporaryDirectory() as root:
        Path(root, "test.txt").write_text("This is a test file\n")

        class Server(asyncssh.SSHServer):
            def begin_auth(self, username):
                return True

            def password_auth_supported(self):
                return True

            def validate_password(self, username, password):
                return (username, password) == ("student", "secret")

        server = await asyncssh.create_server(
            Server, "127.0.0.1", SSH_PORT,
            server_host_keys=[asyncssh.generate_private_key("ssh-ed25519")],
            sftp_factory=lambda chan: asyncssh.SFTPServer(chan, chroot=root.encode()),
        )  # fmt: skip
        async with server:
            async with (
                asyncssh.connect(
                    "127.0.0.1", SSH_PORT, username="student", password="secret", known_hosts=None
                ) as conn,
                conn.start_sftp_client() as sftp,
                sftp.open("/test.txt") as remote,
            ):
                assert await remote.read() == "This is a test file\n"


def main() -> int:
    capture("ftp_anonymous.pcap", f"tcp port {FTP_PORT} or tcp port {PASSIVE_PORT}",
            lambda: ftp_sessions(anonymous=True))  # fmt: skip
    capture("ftp_student.pcap", f"tcp port {FTP_PORT} or tcp port {PASSIVE_PORT}",
            lambda: ftp_sessions(anonymous=False))  # fmt: skip
    capture("sftp_session.pcap", f"tcp port {SSH_PORT}", lambda: asyncio.run(sftp_session()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

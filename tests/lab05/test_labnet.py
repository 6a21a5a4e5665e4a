"""Lab 05's clients against the lab network's real daemons.

openssh, vsftpd and samba on the files host; snmpd and slapd on the infra host. The
same scripts as in the walkthrough, given ``--host`` and ``--port`` (or ``--url``) and
the lab network's user ``labuser``.
"""

import io
import shutil
import subprocess
import tarfile

import pytest

from labkit import config, testing

from .conftest import LAB

pytestmark = pytest.mark.labnet

USER = "labuser"
SEED = LAB.parents[1] / "vagrant" / "seed"


@pytest.fixture(scope="module")
def lab():
    return config.load()


@pytest.fixture(scope="module")
def env(lab):
    return testing.script_env({"LAB_PASSWORD": lab.users[USER]})


@pytest.fixture(scope="module")
def known_hosts(lab, tmp_path_factory):
    """The files host's SSH key, as ssh-keyscan reads it (from the lab network only)."""
    keyscan = shutil.which("ssh-keyscan")
    if keyscan is None:
        pytest.fail("ssh-keyscan not found: sudo apt-get install openssh-client")
    files = lab.host("files")
    scan = subprocess.run(
        [keyscan, "-T", "5", "-p", str(files.port("ssh")), files.address],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert scan.stdout.strip(), scan.stderr
    path = tmp_path_factory.mktemp("ssh") / "known_hosts"
    path.write_text(scan.stdout)
    return path


def run(script: str, *args, env=None, cwd=None):
    return testing.run_script(LAB / script, *args, env=env, cwd=cwd, timeout=60)


def ssh_args(lab, known_hosts) -> tuple[str, ...]:
    files = lab.host("files")
    return ("--host", files.address, "--port", str(files.port("ssh")), "--user", USER,
            "--known-hosts", str(known_hosts))  # fmt: skip


def test_ssh_exec_runs_a_command_on_openssh(lab, env, known_hosts):
    result = run("ssh_exec.py", *ssh_args(lab, known_hosts), "echo", "hello", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hello\n"
    status = run("ssh_exec.py", *ssh_args(lab, known_hosts), "exit 3", env=env)
    assert status.returncode == 3, status.stderr


def test_ssh_exec_refuses_openssh_without_its_key(lab, env, tmp_path):
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    result = run("ssh_exec.py", *ssh_args(lab, empty), "true", env=env)
    assert "not in" in testing.assert_one_line_error(result, 1)


def test_sftp_download_from_the_home_folder(lab, env, known_hosts, tmp_path):
    args = ssh_args(lab, known_hosts)
    result = run("sftp_download.py", *args, "--dest", str(tmp_path), "test.txt", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "test.txt").read_text() == (SEED / "home" / "test.txt").read_text()


def members(tarball: bytes) -> dict[str, bytes]:
    """A .tar.gz's files and their bytes (gzip's own bytes vary with the Python version)."""
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def test_ftp_download_anonymous_from_vsftpd(lab, tmp_path):
    from labnet.provision import sample_tarball

    files = lab.host("files")
    args = ("--host", files.address, "--port", str(files.port("ftp")), "--dest", str(tmp_path))
    result = run("ftp_download.py", *args)
    assert result.returncode == 0, result.stderr
    assert "tftp-hpa-0.11.tar.gz" in result.stdout
    got = (tmp_path / "tftp-hpa-0.11.tar.gz").read_bytes()
    assert members(got) == members(sample_tarball())


def test_snmp_read_of_snmpd(lab):
    infra = lab.host("infra")
    result = run("snmp_read.py", "--host", infra.address, "--port", str(infra.port("snmp")))
    assert result.returncode == 0, result.stderr
    assert "Lab network SNMP agent on infra.lab.test" in result.stdout


def test_ldap_read_record_of_slapd(lab):
    infra = lab.host("infra")
    url = f"ldap://{infra.address}:{infra.port('ldap')}"
    result = run("ldap_read_record.py", "--url", url)
    assert result.returncode == 0, result.stderr
    assert "('cn=Faruque Sarker,ou=users,dc=localdomain,dc=loc', {'sn': ['Sarker']})" in (
        result.stdout
    )


def test_smb_file_share_fetches_test_rtf_from_samba(lab, env, tmp_path):
    files = lab.host("files")
    args = ("--host", files.address, "--port", str(files.port("smb")), "--user", USER)
    result = run("smb_file_share.py", *args, "--dest", str(tmp_path), env=env)
    assert result.returncode == 0, result.stderr
    assert "test.rtf" in result.stdout
    want = (SEED / "smb" / "share" / "test.rtf").read_bytes()
    assert (tmp_path / "test.rtf").read_bytes() == want

"""Provisioning: users, the lab CA and certificates, rendered configs and seed data.

Configs are rendered on every ``up``; data (mailboxes, LDAP databases, shares, keys) is
seeded only when missing, so ``down --keep-data`` + ``up`` keeps what the labs wrote.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from labnet.daemons import Paths
from labnet.render import render_daemon, variables
from labnet.system import ids, run, user_exists
from labnet.topology import REPO_ROOT, LabnetError, Topology

NOLOGIN = "/usr/sbin/nologin"


def chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, gid, follow_symlinks=False)


def ensure_users(topo: Topology, paths: Paths, state: dict, save) -> None:
    created = state.setdefault("users_created", [])
    if not user_exists(topo.daemon_user):
        run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                NOLOGIN,
                topo.daemon_user,
            ]
        )
        created.append(topo.daemon_user)
        save()
    paths.home.mkdir(mode=0o755, exist_ok=True)
    for name, password in topo.unix_users.items():
        if not user_exists(name):
            run(
                [
                    "useradd",
                    "--create-home",
                    "--home-dir",
                    str(paths.home / name),
                    "--shell",
                    "/bin/bash",
                    name,
                ]
            )
            created.append(name)
            save()
        elif name not in created:
            raise LabnetError(
                f"user {name} exists and was not created by labnet: remove it, or rename the "
                f"lab user in {topo.path}"
            )
        run(["chpasswd"], input=f"{name}:{password}\n")


def delete_users(state: dict, save) -> list[str]:
    removed = []
    for name in reversed(state.get("users_created", [])):
        if user_exists(name):
            run(["userdel", name], check=False)
            removed.append(name)
        state["users_created"].remove(name)
        save()
    return removed


def ensure_ca(ca_dir: Path) -> Path:
    """The lab CA (generated once per state directory; never committed)."""
    ca_dir.mkdir(mode=0o755, parents=True, exist_ok=True)
    cert, key = ca_dir / "lab-ca.pem", ca_dir / "lab-ca.key"
    if not cert.exists():
        run(
            [
                "openssl",
                "req",
                "-x509",
                "-new",
                "-nodes",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-days",
                "3650",
                "-subj",
                "/O=Lab network/CN=Lab network CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ]
        )
        key.chmod(0o600)
        cert.chmod(0o644)
    return cert


def ensure_cert(topo: Topology, paths: Paths, ca_dir: Path, host: str, uid: int, gid: int) -> None:
    tls = paths.srv / "tls"
    tls.mkdir(mode=0o755, parents=True, exist_ok=True)
    crt, key, csr = tls / f"{host}.crt", tls / f"{host}.key", tls / f"{host}.csr"
    if crt.exists():
        return
    h = topo.hosts[host]
    aliases = {"mail": ["smtp", "imap", "pop"], "www": ["s3", "rfc"], "files": ["ftp", "sftp"]}
    names = [h.fqdn] + [f"{a}.{topo.domain}" for a in aliases.get(host, [])]
    ext = tls / f"{host}.ext"
    ext.write_text(
        "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName="
        + ",".join([f"DNS:{n}" for n in names] + [f"IP:{h.address}"])
        + "\n"
    )
    run(
        [
            "openssl",
            "req",
            "-new",
            "-nodes",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-keyout",
            str(key),
            "-out",
            str(csr),
            "-subj",
            f"/O=Lab network/CN={h.fqdn}",
        ]
    )
    run(
        [
            "openssl",
            "x509",
            "-req",
            "-in",
            str(csr),
            "-CA",
            str(ca_dir / "lab-ca.pem"),
            "-CAkey",
            str(ca_dir / "lab-ca.key"),
            "-set_serial",
            str(int.from_bytes(os.urandom(8))),
            "-days",
            "825",
            "-out",
            str(crt),
            "-extfile",
            str(ext),
        ]
    )
    csr.unlink()
    ext.unlink()
    os.chown(key, uid, gid)  # nginx and dovecot run as the daemon user
    key.chmod(0o600)


def _as_daemon_user(topo: Topology, argv: list[str]) -> list[str]:
    u = topo.daemon_user
    return ["setpriv", f"--reuid={u}", f"--regid={u}", "--init-groups", *argv]


def _copy_tree(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def provision_daemon(topo: Topology, paths: Paths, host: str, daemon: str) -> None:
    uid, gid = ids(topo.daemon_user)
    values = variables(topo, paths, host, uid, gid)
    render_daemon(topo, paths, host, daemon, values)
    srv = paths.srv / daemon
    srv.mkdir(parents=True, exist_ok=True)
    seeded = srv / ".seeded"
    fresh = not seeded.exists()
    seed = topo.seed_dir
    match daemon:
        case "nginx":
            for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (srv / "tmp" / sub).mkdir(parents=True, exist_ok=True)
            if fresh:
                _copy_tree(seed / "www", srv / "html")
                export_rfcs(srv / "html" / "rfc")
        case "snmpd":
            (srv / "persist").mkdir(exist_ok=True)
        case "slapd":
            databases = (("dc=lab,dc=test", "lab"), ("dc=localdomain,dc=loc", "book"))
            for _suffix, db in databases:
                (srv / db).mkdir(mode=0o700, exist_ok=True)
                os.chown(srv / db, uid, gid)
            for suffix, db in databases:
                if not (srv / db / "data.mdb").exists():
                    ldif = srv / f"seed-{db}.ldif"  # readable by the daemon user
                    shutil.copy(seed / "ldap" / f"{db}.ldif", ldif)
                    os.chown(ldif, uid, gid)
                    conf = srv / "slapd.conf"
                    argv = ["slapadd", "-q", "-f", str(conf), "-b", suffix, "-l", str(ldif)]
                    run(_as_daemon_user(topo, argv))
        case "dovecot":
            for sub in ("run", "state"):
                (srv / sub).mkdir(exist_ok=True)
            (srv / "users").write_text(
                "".join(
                    f"{name}:{{PLAIN}}{password}:{uid}:{gid}::{paths.mail / name}::\n"
                    for name, password in topo.mail_users.items()
                )
            )
            (srv / "users").chmod(0o600)
            for name in topo.mail_users:
                seed_maildir(paths.mail / name / "Maildir", seed / "mail" / name)
            chown_tree(paths.mail, uid, gid)
        case "postfix":
            (srv / "etc" / "vmailbox").write_text(
                "".join(f"{n}@{topo.domain} {n}/Maildir/\n" for n in topo.mail_users)
            )
            (srv / "spool").mkdir(mode=0o755, exist_ok=True)
            (srv / "data").mkdir(exist_ok=True)
            shutil.chown(srv / "data", "postfix", "postfix")
        case "sshd":
            key = srv / "ssh_host_ed25519_key"
            if not key.exists():
                run(
                    [
                        "ssh-keygen",
                        "-q",
                        "-t",
                        "ed25519",
                        "-N",
                        "",
                        "-C",
                        "files.lab",
                        "-f",
                        str(key),
                    ]
                )
        case "vsftpd":
            (srv / "empty").mkdir(mode=0o755, exist_ok=True)
            if fresh:
                anon = srv / "anon"
                _copy_tree(seed / "ftp", anon)
                tftp = anon / "pub" / "software" / "network" / "tftp"
                tftp.mkdir(parents=True, exist_ok=True)
                (tftp / "tftp-hpa-0.11.tar.gz").write_bytes(sample_tarball())
                for name in topo.unix_users:
                    home = paths.home / name
                    (home / "incoming").mkdir(exist_ok=True)
                    shutil.copy(seed / "home" / "test.txt", home / "test.txt")
                    chown_tree(home, *ids(name))
        case "smbd":
            for sub in ("private", "lock", "state", "cache", "run", "ncalrpc"):
                (srv / sub).mkdir(exist_ok=True)
            if fresh:
                owner = next(iter(topo.unix_users))
                for share in ("public", "share"):
                    _copy_tree(seed / "smb" / share, srv / share)
                    chown_tree(srv / share, *ids(owner))
                for name, password in topo.unix_users.items():
                    run(
                        ["smbpasswd", "-c", str(srv / "smb.conf"), "-s", "-a", name],
                        input=f"{password}\n{password}\n",
                    )
    if daemon not in ("postfix", "sshd", "vsftpd", "smbd"):
        chown_tree(srv, uid, gid)
    seeded.touch()


def seed_maildir(maildir: Path, seed: Path) -> None:
    if maildir.exists():
        return
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for number, message in enumerate(sorted(seed.glob("*.eml")) if seed.is_dir() else [], 1):
        (maildir / "new" / f"{1704067200 + number}.M{number}P1.lab-seed").write_bytes(
            message.read_bytes().replace(b"\n", b"\r\n")
        )


def sample_tarball() -> bytes:
    """The book's tftp-hpa-0.11.tar.gz stand-in (deterministic bytes).

    The tar is written uncompressed and then gzipped with a fixed time stamp: tarfile's
    "w:gz" would put the current time in the gzip header.
    """
    buffer = io.BytesIO()
    content = b"tftp-hpa 0.11: a stand-in tarball for the lab's anonymous FTP.\n"
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("tftp-hpa-0.11/README")
        info.size, info.mtime, info.mode = len(content), 1009843200, 0o644
        tar.addfile(info, io.BytesIO(content))
    return gzip.compress(buffer.getvalue(), mtime=0)


def export_rfcs(target: Path) -> None:
    """The RFC mirror's files (lab 01's rfc_mirror.py --export), served by nginx under /rfc/."""
    script = REPO_ROOT / "labs" / "01-tcpip" / "rfc_mirror.py"
    if not script.exists():
        print(f"labnet: warning: {script} missing, /rfc/ stays empty", file=sys.stderr)
        target.mkdir(parents=True, exist_ok=True)
        return
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "shared"))
    try:
        subprocess.run(
            [sys.executable, str(script), "--export", str(target)],
            env=env,
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        raise LabnetError(f"exporting the RFC mirror failed: {exc}") from None

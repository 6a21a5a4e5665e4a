"""up, down, status: the local runner (backend "netns") and the in-VM runner ("host")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from labnet import network
from labnet.checks import CHECKS, Target
from labnet.daemons import DAEMONS, ORDER, Paths
from labnet.provision import delete_users, ensure_ca, ensure_cert, ensure_users, provision_daemon
from labnet.system import (
    alive,
    cmdline,
    ids,
    read_pid,
    require_root,
    run,
    session_members,
    terminate,
)
from labnet.topology import REPO_ROOT, LabnetError, Topology

CLEAN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
READY_TIMEOUT = 30.0


def default_client_path() -> Path:
    return Path(os.environ.get("LABNET_CONFIG") or REPO_ROOT / ".labnet" / "client.json")


@dataclass
class Lab:
    topo: Topology
    backend: str = "netns"  # or "host": in a VM, daemons on the machine's own addresses
    hosts: list[str] | None = None
    client_path: Path | None = None
    ca_dir: Path | None = None
    verbose: bool = True

    def __post_init__(self) -> None:
        self.paths = Paths(self.topo.state_dir)
        self.hosts = self.hosts or list(self.topo.hosts)
        unknown = set(self.hosts) - set(self.topo.hosts)
        if unknown:
            raise LabnetError(f"unknown host(s): {', '.join(sorted(unknown))}")
        self.client_path = self.client_path or default_client_path()
        self.ca_dir = self.ca_dir or self.paths.ca
        self.state_file = self.paths.root / "state.json"
        self.state = self._load_state()

    # ---- state ------------------------------------------------------------------------

    def _load_state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise LabnetError(f"cannot read {self.state_file}: {exc}") from None

    def save(self) -> None:
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state, indent=1, sort_keys=True))
        tmp.replace(self.state_file)

    def say(self, message: str) -> None:
        if self.verbose:
            print(message, flush=True)

    # ---- processes ----------------------------------------------------------------------

    def prefix(self, host: str, root: bool) -> list[str]:
        argv = ["ip", "netns", "exec", self.topo.namespace(host)] if self.netns else []
        if not root:
            u = self.topo.daemon_user
            argv += ["setpriv", f"--reuid={u}", f"--regid={u}", "--init-groups"]
        return argv

    @property
    def netns(self) -> bool:
        return self.backend == "netns"

    def daemon_pid(self, name: str) -> int | None:
        """The recorded pid of a daemon when it is still that daemon, else None."""
        entry = self.state.get("daemons", {}).get(name)
        if not entry:
            return None
        pid = entry["pid"]
        if alive(pid) and DAEMONS[name].marker in " ".join(cmdline(pid)):
            return pid
        return None

    def still_gone(self, name: str) -> bool:
        """Look again in a moment: while a daemon is being exec'd (ip netns exec, then
        setpriv, then the daemon), its /proc cmdline can read empty for an instant."""
        time.sleep(0.3)
        return self.daemon_pid(name) is None

    def start(self, host: str, name: str) -> int:
        daemon = DAEMONS[name]
        h = self.topo.hosts[host]
        argv = self.prefix(host, daemon.root) + daemon.command(self.paths, h.address, h.ports)
        env = {"PATH": CLEAN_PATH, "LANG": "C.UTF-8", "HOME": str(self.paths.srv / name)}
        env.update(daemon.env)
        log_path = self.paths.logs / f"{name}.out"
        with open(log_path, "ab") as log:
            log.write(f"\n=== labnet: starting {name} at {time.ctime()}\n".encode())
            log.flush()
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd="/",
                start_new_session=True,
            )
        self.state.setdefault("daemons", {})[name] = {
            "pid": proc.pid,
            "host": host,
            "started": time.time(),
            "log": str(log_path),
        }
        self.save()
        return proc.pid

    def daemon_processes(self, name: str) -> list[int]:
        """Every live process of a daemon: its session, and helpers that detach."""
        entry = self.state.get("daemons", {}).get(name)
        pids: set[int] = set()
        if entry:
            pids.update(session_members(entry["pid"]))
        for relative in DAEMONS[name].helper_pidfiles:
            pid = read_pid(self.paths.srv / name / relative)
            words = " ".join(cmdline(pid)) if pid else ""
            if pid and alive(pid) and any(m in words for m in ("master", "samba", "rpcd")):
                pids.add(pid)
                pids.update(session_members(pid))
        return sorted(pids)

    def stop(self, name: str) -> int:
        daemon = DAEMONS[name]
        entry = self.state.get("daemons", {}).get(name)
        if daemon.stop_command and entry and self.daemon_pid(name):
            argv = self.prefix(entry["host"], True) + daemon.stop_command(self.paths)
            run(argv, check=False, timeout=15)
        pids = self.daemon_processes(name)
        terminate(pids)
        # stale pid files (a killed daemon may linger as a zombie) would block a restart
        for pidfile in (self.paths.srv / name).rglob("*.pid"):
            pidfile.unlink(missing_ok=True)
        self.state.get("daemons", {}).pop(name, None)
        self.save()
        return len(pids)

    # ---- checks ------------------------------------------------------------------------

    def target(self, host: str, service: str) -> Target:
        h = self.topo.hosts[host]
        user, password = next(iter(self.topo.mail_users.items()))
        return Target(
            address=h.address,
            port=h.ports[service],
            fqdn=h.fqdn,
            domain=self.topo.domain,
            ca_file=str(self.ca_dir / "lab-ca.pem"),
            user=user,
            password=password,
            settings=self.topo.settings,
        )

    def services(self) -> list[tuple[str, str, str]]:
        """(host, daemon, service) for every service of the selected hosts."""
        return [
            (host, daemon, service)
            for host in self.hosts
            for daemon in self.topo.hosts[host].daemons
            for service in DAEMONS[daemon].services
            if service in self.topo.hosts[host].ports
        ]

    def check(self, host: str, service: str) -> tuple[bool, str]:
        try:
            return True, CHECKS[service](self.target(host, service))
        except Exception as exc:  # a check reports any failure as "down: reason"
            return False, f"{type(exc).__name__}: {exc}"[:200]

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> dict[tuple[str, str], tuple]:
        """Poll every service until its check passes, its daemon dies, or the deadline."""
        results: dict[tuple[str, str], tuple] = {}

        def poll(host: str, daemon: str, service: str) -> tuple:
            deadline = time.monotonic() + timeout
            while True:
                ok, detail = self.check(host, service)
                if ok:
                    return True, detail
                if self.daemon_pid(daemon) is None and self.still_gone(daemon):
                    return False, f"{daemon} exited: see {self.paths.logs / daemon}.out"
                if time.monotonic() > deadline:
                    return False, detail
                time.sleep(0.1)

        with ThreadPoolExecutor(max_workers=16) as pool:
            futures = {pool.submit(poll, *item): item for item in self.services()}
            for future in as_completed(futures):
                host, daemon, service = futures[future]
                ok, detail = future.result()
                results[(host, service)] = (ok, detail)
                port = self.topo.hosts[host].ports[service]
                mark = "ok  " if ok else "FAIL"
                self.say(f"  {mark} {host:<6} {service:<10} {port:>5}  {detail}")
        return results

    # ---- commands ----------------------------------------------------------------------

    def up(self) -> int:
        require_root("up")
        began = time.monotonic()
        for path in (self.paths.root, self.paths.srv, self.paths.run):
            path.mkdir(mode=0o755, parents=True, exist_ok=True)
        self.state.setdefault("backend", self.backend)
        if self.state["backend"] != self.backend:
            raise LabnetError(f"{self.paths.root} belongs to a {self.state['backend']} lab")
        self.state["hosts"] = self.hosts
        self.save()
        if self.netns:
            ours = self.state.setdefault("network", {})
            network.check_free(self.topo, self.hosts, ours)
            network.create(self.topo, self.hosts, ours, self.save)
            self.say(
                f"labnet: bridge {self.topo.bridge} {self.topo.gateway}/{self.topo.prefixlen}, "
                f"namespaces {', '.join(self.topo.namespace(h) for h in self.hosts)}"
            )
        else:
            run(["sysctl", "-qw", "net.ipv4.ip_unprivileged_port_start=0"])
        ensure_users(self.topo, self.paths, self.state, self.save)
        self.paths.logs.mkdir(mode=0o755, exist_ok=True)
        shutil.chown(self.paths.logs, self.topo.daemon_user, self.topo.daemon_user)
        ensure_ca(self.ca_dir)
        uid, gid = ids(self.topo.daemon_user)
        if not Path("/run/sshd").exists():
            Path("/run/sshd").mkdir(mode=0o755)
            self.state["made_run_sshd"] = True
            self.save()
        for host in self.hosts:
            ensure_cert(self.topo, self.paths, self.ca_dir, host, uid, gid)
            for daemon in self.topo.hosts[host].daemons:
                provision_daemon(self.topo, self.paths, host, daemon)
        self.say(f"labnet: provisioned {self.paths.root} in {time.monotonic() - began:.1f} s")
        started = []
        for name in ORDER:
            host = self.host_of(name)
            if host is None:
                continue
            pid = self.daemon_pid(name)
            if pid:
                self.say(f"  running  {host:<6} {name:<8} pid {pid}")
                continue
            self.stop(name)  # leftovers of a dead daemon (children, helpers)
            pid = self.start(host, name)
            started.append(name)
            self.say(f"  started  {host:<6} {name:<8} pid {pid}")
        self.say("labnet: waiting for every service to answer a protocol exchange")
        results = self.wait_ready()
        s3_up = any(ok for (_h, service), (ok, _d) in results.items() if service == "s3")
        if "moto" in started and s3_up:
            self.seed_s3()
        failed = [f"{h}/{s}" for (h, s), (ok, _d) in results.items() if not ok]
        self.write_client_config()
        elapsed = time.monotonic() - began
        if failed:
            self.say(
                f"labnet: {len(failed)} service(s) failed: {', '.join(sorted(failed))}; "
                f"logs in {self.paths.logs}"
            )
            return 1
        self.say(
            f"labnet: up: {len(results)} services checked in {elapsed:.1f} s; "
            f"client configuration {self.client_path}"
        )
        return 0

    def host_of(self, daemon: str) -> str | None:
        for host in self.hosts:
            if daemon in self.topo.hosts[host].daemons:
                return host
        return None

    def seed_s3(self) -> None:
        h = self.topo.hosts[self.host_of("moto")]
        bucket = self.topo.settings.get("s3_bucket", "lab-bucket")
        from http.client import HTTPConnection

        for path, body in ((f"/{bucket}", b""), (f"/{bucket}/hello.txt", b"hello from lab S3\n")):
            connection = HTTPConnection(h.address, h.ports["s3"], timeout=5)
            try:
                connection.request("PUT", path, body=body)
                connection.getresponse().read()
            finally:
                connection.close()

    def write_client_config(self) -> None:
        topo = self.topo
        users = dict(topo.mail_users) | dict(topo.unix_users)
        data = {
            "hosts": {
                h.name: {"fqdn": h.fqdn, "address": h.address, "ports": h.ports}
                for h in topo.hosts.values()
            },
            "ca_cert": str(self.ca_dir / "lab-ca.pem"),
            "users": users,
            "settings": topo.settings | {"domain": topo.domain, "subnet": str(topo.subnet)},
            "labnet": {"state_dir": str(self.paths.root), "backend": self.backend},
        }
        if os.environ.get("LABNET_HOST_ROOT"):  # Vagrant: paths as the host sees them
            data["ca_cert"] = os.path.join(
                os.environ["LABNET_HOST_ROOT"], ".labnet", "ca", "lab-ca.pem"
            )
        path = self.client_path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n")
        tmp.chmod(0o644)
        tmp.replace(path)
        owner = os.environ.get("SUDO_UID"), os.environ.get("SUDO_GID")
        if all(owner):
            for p in (path.parent, path):
                os.chown(p, int(owner[0]), int(owner[1]))
        self.state["client_config"] = str(path)
        self.save()

    def down(self, purge: bool = True) -> int:
        require_root("down")
        if not self.state:
            self.say(f"labnet: nothing to stop ({self.state_file} does not exist)")
            self.remove_client_config()
            return 0
        for name in reversed(ORDER):
            if name in self.state.get("daemons", {}):
                count = self.stop(name)
                self.say(f"  stopped  {name:<8} ({count} processes)")
        if self.state.get("backend") == "netns":
            for item in network.destroy(self.topo, self.state.get("network", {}), self.save):
                self.say(f"  removed  {item}")
        if self.state.pop("made_run_sshd", False):
            try:
                Path("/run/sshd").rmdir()
            except OSError:
                pass
        self.remove_client_config()
        if purge:
            for name in delete_users(self.state, self.save):
                self.say(f"  removed  user {name}")
            shutil.rmtree(self.paths.root, ignore_errors=True)
            self.say(f"  removed  {self.paths.root}")
        else:
            self.state.pop("network", None)
            self.save()
        left = self.leftovers()
        if left:
            self.say("labnet: still present: " + "; ".join(left))
            return 1
        self.say("labnet: down, nothing left behind")
        return 0

    def remove_client_config(self) -> None:
        path = Path(self.state.get("client_config") or self.client_path)
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return
        if data.get("labnet", {}).get("state_dir") == str(self.paths.root):
            path.unlink()

    def leftovers(self) -> list[str]:
        """What a stopped lab network would still have: processes, links, namespaces, mounts."""
        left = []
        for name, entry in self.state.get("daemons", {}).items():
            if session_members(entry["pid"]):
                left.append(f"processes of {name}")
        if self.netns:
            names = network.namespaces()
            for host in self.hosts:
                if self.topo.namespace(host) in names:
                    left.append(f"namespace {self.topo.namespace(host)}")
                if network.link_exists(self.topo.veth(host)):
                    left.append(f"interface {self.topo.veth(host)}")
            if network.link_exists(self.topo.bridge):
                left.append(f"bridge {self.topo.bridge}")
            mounts = Path("/proc/mounts").read_text()
            if " /run/netns " in mounts and self.state.get("network", {}).get("made_run_netns"):
                left.append("mount /run/netns")
            for host in self.hosts:
                if f"/run/netns/{self.topo.namespace(host)} " in mounts:
                    left.append(f"mount /run/netns/{self.topo.namespace(host)}")
        return left

    def status(self) -> int:
        if not self.state.get("daemons"):
            self.say("labnet: the lab network is not running (sudo make labnet-up, or vagrant up)")
            return 3
        rows, all_ok = [], True
        pending = {}
        with ThreadPoolExecutor(max_workers=16) as pool:
            for host, daemon, service in self.services():
                pending[(host, daemon, service)] = pool.submit(self.check, host, service)
        for (host, daemon, service), future in pending.items():
            pid = self.daemon_pid(daemon)
            ok, detail = future.result()
            if pid is None:
                ok, detail = False, f"{daemon} is not running; `sudo make labnet-up` restarts it"
            all_ok &= ok
            port = self.topo.hosts[host].ports[service]
            rows.append(
                (host, service, str(port), daemon, str(pid or "-"), "up" if ok else "DOWN", detail)
            )
        header = ("host", "service", "port", "daemon", "pid", "state", "check")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(6)]
        for row in [header, *rows]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[6])
        up = sum(r[5] == "up" for r in rows)
        print(f"labnet: {up}/{len(rows)} services up; logs in {self.paths.logs}")
        return 0 if all_ok else 1

"""The lab network configuration: addresses, ports, credentials and the lab CA.

``labnet up`` (and the Vagrant provisioner) write a JSON file describing the lab
network; scripts read it through :func:`load` to find their default servers.
Every value can be overridden from the environment, so a script also works against
a server you started yourself:

- ``LABNET_CONFIG``: another configuration file;
- ``LAB_<HOST>_ADDRESS``: the address of a lab host, e.g. ``LAB_WWW_ADDRESS=127.0.0.1``;
- ``LAB_<HOST>_<SERVICE>_PORT``: one of its ports, e.g. ``LAB_WWW_HTTP_PORT=8080``;
- a setting's upper-case name, e.g. ``RFC_BASE_URL`` for ``rfc_base_url``.

The file looks like this (every key optional)::

    {"hosts": {"www": {"fqdn": "www.lab.test", "address": "192.168.56.13",
                       "ports": {"http": 80, "https": 443}}},
     "ca_cert": "/path/to/lab-ca.pem",
     "users": {"labuser": "labpass"},
     "settings": {"rfc_base_url": "http://127.0.0.1:8001/rfc/"}}
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from labkit.paths import REPO_ROOT

CONFIG_ENV = "LABNET_CONFIG"
DEFAULT_PATH = REPO_ROOT / ".labnet" / "client.json"

#: Settings for services the labs run themselves (no lab network needed).
DEFAULT_SETTINGS = {
    "rfc_base_url": "http://127.0.0.1:8001/rfc/",
    # lab 02: lab_web.py (the book's web sites) and stream_server.py
    "web_base_url": "http://127.0.0.1:8002",
    "stream_base_url": "http://127.0.0.1:8003",
    # lab 03: the Twitter-shaped API (twitter_api.py) and the static site (site_server.py)
    "twitter_api_base": "http://127.0.0.1:8005",
    "debian_release_url": "http://127.0.0.1:8006/releases/stable/",
    # lab 03: the S3 API of a local moto server (labs/03-apis/local_s3.py); lab-only keys
    "s3_endpoint": "http://127.0.0.1:9000",
    "s3_access_key": "labkey",
    "s3_secret_key": "labsecret",
    "s3_region": "us-east-1",
}

FIX = "start the lab network (sudo make labnet-up, or vagrant up)"


class ConfigError(Exception):
    """The configuration is missing something a script needs, or is malformed."""


@dataclass(frozen=True)
class Host:
    name: str
    fqdn: str
    address: str
    ports: dict[str, int] = field(default_factory=dict)

    def port(self, service: str) -> int:
        env = f"LAB_{self.name.upper()}_{service.upper()}_PORT"
        if env in os.environ:
            return _port_from_env(env)
        try:
            return self.ports[service]
        except KeyError:
            raise ConfigError(
                f"lab host {self.name!r} has no {service!r} service configured: {FIX}, or set {env}"
            ) from None


@dataclass
class LabConfig:
    hosts: dict[str, dict] = field(default_factory=dict)
    ca_cert: str | None = None
    users: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def host(self, name: str) -> Host:
        """The lab host ``name`` ("www", "mail"…), or a ConfigError naming the fix."""
        env = f"LAB_{name.upper()}_ADDRESS"
        entry = self.hosts.get(name, {})
        address = os.environ.get(env) or entry.get("address")
        if not address:
            raise ConfigError(f"lab host {name!r} is not configured: {FIX}, or set {env}")
        fqdn = entry.get("fqdn", f"{name}.lab.test")
        ports = {str(k): int(v) for k, v in entry.get("ports", {}).items()}
        return Host(name=name, fqdn=fqdn, address=address, ports=ports)

    def setting(self, key: str) -> str:
        """A setting: its environment variable, else the file, else the default."""
        env = key.upper()
        if os.environ.get(env):
            return os.environ[env]
        if key in self.settings:
            return str(self.settings[key])
        try:
            return DEFAULT_SETTINGS[key]
        except KeyError:
            raise ConfigError(f"no setting {key!r}: set {env}") from None

    @property
    def is_lab_network(self) -> bool:
        """True when a lab network wrote this configuration."""
        return self.path is not None and bool(self.hosts)


def _port_from_env(env: str) -> int:
    try:
        port = int(os.environ[env])
    except ValueError:
        raise ConfigError(f"{env} must be a port number, not {os.environ[env]!r}") from None
    if not 0 < port < 65536:
        raise ConfigError(f"{env} must be between 1 and 65535, not {port}")
    return port


def setting(key: str) -> str:
    """One setting (environment, then the configuration file, then the default).

    For scripts' defaults: a configuration file that cannot be read is reported in one
    line on stderr and the built-in default is used, so ``--help`` still works.
    """
    try:
        return load().setting(key)
    except ConfigError as exc:
        print(f"warning: {exc}; using the default {key}", file=sys.stderr)
        return DEFAULT_SETTINGS[key]


def config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_PATH)


def load(path: Path | str | None = None) -> LabConfig:
    """Read the configuration file; a missing file gives an empty configuration."""
    path = Path(path) if path is not None else config_path()
    if not path.exists():
        return LabConfig()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read lab configuration {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"lab configuration {path} must hold a JSON object")
    return LabConfig(
        hosts=data.get("hosts", {}),
        ca_cert=data.get("ca_cert"),
        users=data.get("users", {}),
        settings=data.get("settings", {}),
        path=path,
    )

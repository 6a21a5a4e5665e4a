"""Run Debian's standard command-line clients from the lab network tests."""

import shutil
import subprocess

import pytest


def cli(*argv: str, timeout: float = 20, input: str | None = None) -> str:
    """Run a standard command-line client; skip when Debian's package is not installed."""
    if shutil.which(argv[0]) is None:
        pytest.skip(f"{argv[0]} is not installed (apt-get install the lab network packages)")
    proc = subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, input=input, check=False
    )
    assert proc.returncode == 0, f"{argv[0]} exited {proc.returncode}: {proc.stderr[-500:]}"
    return proc.stdout

"""Run the console transcripts of a lab README and compare their output.

A README marks a console block as executable by putting a comment just before it::

    <!-- transcript -->
    ```console
    $ python errno_lookup.py 111
    ECONNREFUSED Connection refused
    ```

Each ``$ `` line is a command, run by bash in the lab folder with ``python`` being the
interpreter running the suite; the lines after it, up to the next ``$ ``, are its
expected output (stdout and stderr together). In the expected output a line that is
exactly ``...`` matches any number of lines, and ``...`` inside a line matches any
text on that line. Trailing spaces are ignored; the exit status is not checked (show
it with ``; echo "exit status $?"``).

``<!-- transcript: background -->`` starts the block's one command and waits until its
expected lines have been printed; it keeps running (a server, say) until the README's
last transcript has run.

Where the machine allows it (``unshare -rn``: root, or unprivileged user namespaces),
a README runs in a private network namespace with only a loopback interface. Its
servers cannot collide with the ones you started yourself on the README's fixed ports
(the mirror you left running on 8001, say), and nothing it does can reach another host.

Run one README by hand: ``python -m labkit.transcript labs/01-tcpip/README.md``.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from labkit.testing import ScriptProcess, script_env

MARKER = re.compile(r"<!--\s*transcript(?::\s*(background))?\s*-->")
FENCE = re.compile(r"^```console\s*$")
COMMAND_TIMEOUT = 60
README_TIMEOUT = 900
ISOLATED_ENV = "LABKIT_TRANSCRIPT_ISOLATED"


@dataclass
class Command:
    command: str
    expected: list[str] = field(default_factory=list)
    line: int = 0  # where the command is in the README


@dataclass
class Block:
    commands: list[Command]
    background: bool = False
    line: int = 0


class TranscriptError(AssertionError):
    pass


def parse(text: str) -> list[Block]:
    """The transcript blocks of a README, in order."""
    lines = text.splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        marker = MARKER.fullmatch(lines[i].strip())
        if not marker:
            i += 1
            continue
        start = i + 1
        if start >= len(lines) or not FENCE.match(lines[start].strip()):
            raise TranscriptError(f"line {i + 1}: a transcript marker must precede ```console")
        block = Block(commands=[], background=bool(marker.group(1)), line=start + 1)
        i = start + 1
        while i < len(lines) and lines[i].strip() != "```":
            if lines[i].startswith("$ "):
                block.commands.append(Command(lines[i][2:], line=i + 1))
            elif block.commands:
                block.commands[-1].expected.append(lines[i])
            elif lines[i].strip():
                raise TranscriptError(f"line {i + 1}: output before the first $ command")
            i += 1
        if block.background and len(block.commands) != 1:
            raise TranscriptError(f"line {block.line}: a background block has one command")
        blocks.append(block)
    return blocks


def pattern(expected: list[str]) -> re.Pattern:
    """A regex for the expected lines, with ``...`` as a wildcard."""
    parts = []
    for line in expected:
        line = line.rstrip()
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            text = ".*?".join(re.escape(piece) for piece in line.split("..."))
            parts.append(text + r"[ \t]*\n")
    return re.compile("".join(parts))


def matches(expected: list[str], output: str) -> bool:
    normal = "\n".join(line.rstrip() for line in output.splitlines())
    normal = normal + "\n" if normal else ""
    return pattern(expected).fullmatch(normal) is not None


def _environment() -> dict[str, str]:
    bindir = os.path.dirname(sys.executable)
    return script_env(
        {
            "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
            "COLUMNS": "80",
            "PYTHONWARNINGS": "ignore",
            # Walkthroughs use the servers they start themselves, never the lab network:
            # scripts see no lab network configuration, so they take their local defaults.
            "LABNET_CONFIG": "/nonexistent/walkthrough-uses-no-lab-network.json",
        }
    )


def _failure(readme: Path, command: Command, output: str) -> TranscriptError:
    diff = difflib.unified_diff(
        [line.rstrip() for line in command.expected],
        [line.rstrip() for line in output.splitlines()],
        "expected (README)",
        "actual",
        lineterm="",
    )
    return TranscriptError(
        f"{readme}:{command.line}: output of `$ {command.command}` differs:\n" + "\n".join(diff)
    )


def start_background(command: Command, cwd: Path, env: dict) -> ScriptProcess:
    proc = subprocess.Popen(
        ["bash", "-c", "exec " + command.command],
        cwd=cwd,
        env=env,
        text=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    running = ScriptProcess(proc)
    try:
        for line in command.expected:
            if line.strip() != "...":
                regex = pattern([line]).pattern.removesuffix(r"[ \t]*\n")
                running.wait_for_line("^" + regex + r"\s*$", timeout=15)
    except (TimeoutError, EOFError) as exc:
        running.stop()
        raise TranscriptError(f"background `$ {command.command}`: {exc}") from None
    return running


@functools.cache
def can_isolate() -> bool:
    """True when ``unshare -rn`` can give us a private network namespace."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False
    try:
        probe = subprocess.run(
            ["unshare", "-rn", "ip", "link", "set", "lo", "up"], capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def run_isolated(readme: Path, cwd: Path) -> int:
    """Run ``readme`` in a private network namespace whose loopback is up."""
    script = 'ip link set lo up && exec "$0" -m labkit.transcript "$1" "$2"'
    result = subprocess.run(
        ["unshare", "-rn", "sh", "-c", script, sys.executable, str(readme), str(cwd)],
        env={**os.environ, ISOLATED_ENV: "1"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=README_TIMEOUT,
    )
    if result.returncode != 0:
        raise TranscriptError((result.stdout + result.stderr).strip())
    return int(result.stdout.split()[0])


def run_readme(readme: Path, cwd: Path | None = None, isolate: bool = True) -> int:
    """Run every transcript of ``readme``; raise TranscriptError at the first mismatch.

    Returns the number of commands run.
    """
    readme = Path(readme).resolve()
    cwd = Path(cwd or readme.parent).resolve()
    if isolate and os.environ.get(ISOLATED_ENV) != "1" and can_isolate():
        return run_isolated(readme, cwd)
    env = _environment()
    background: list[ScriptProcess] = []
    count = 0
    try:
        for block in parse(readme.read_text(encoding="utf-8")):
            if block.background:
                background.append(start_background(block.commands[0], cwd, env))
                count += 1
                continue
            for command in block.commands:
                try:
                    result = subprocess.run(
                        ["bash", "-o", "pipefail", "-c", command.command],
                        cwd=cwd,
                        env=env,
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                        timeout=COMMAND_TIMEOUT,
                    )
                except subprocess.TimeoutExpired:
                    raise TranscriptError(
                        f"{readme}:{command.line}: `$ {command.command}` still running after "
                        f"{COMMAND_TIMEOUT}s"
                    ) from None
                count += 1
                if not matches(command.expected, result.stdout):
                    raise _failure(readme, command, result.stdout)
    finally:
        for running in reversed(background):
            running.stop()
            for stream in (running.proc.stdout, running.proc.stderr):
                if stream:
                    stream.close()
    return count


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        print("usage: python -m labkit.transcript README.md [FOLDER]", file=sys.stderr)
        return 2
    try:
        count = run_readme(Path(args[0]), Path(args[1]) if len(args) == 2 else None)
    except TranscriptError as exc:
        print(exc)
        return 1
    print(f"{count} commands ran as the README says")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check that no exercise test is vacuous: every one must fail on the untouched starters.

``make test`` grades the reference solutions (every point must be earned); this check
grades the starter files as committed (``git archive HEAD``) and fails if any exercise
test passes on them. Run it as ``python -m labkit.check_starters``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from labkit.paths import REPO_ROOT


def export_starters(target: Path) -> None:
    """Copy the committed labs/ (or the working tree's, outside git) into ``target``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", "--format=tar", "HEAD", "labs"],
        capture_output=True,
    )
    if archive.returncode == 0:
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    else:
        shutil.copytree(REPO_ROOT / "labs", target / "labs")


def main(argv: list[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="starters-") as tmp:
        tmp = Path(tmp)
        export_starters(tmp)
        results = tmp / "grades.json"
        command = [sys.executable, "-m", "pytest", "tests", "-m", "points", "-q"]
        command += ["-p", "no:cacheprovider", f"--rootdir={REPO_ROOT}"]
        command += [f"--submission={tmp}", f"--grade-json={results}", *extra]
        run = subprocess.run(
            command,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
        )
        if not results.exists():
            print(run.stdout[-3000:], run.stderr[-2000:], sep="\n")
            print(f"starter check: pytest did not grade anything (exit {run.returncode})")
            return 1
        tests = json.loads(results.read_text())["tests"]
    vacuous = [t["name"] for t in tests if t["score"] > 0]
    if not tests:
        print("starter check: no exercise tests found")
        return 1
    if vacuous:
        print("starter check: these exercise tests pass on the untouched starters:")
        for name in vacuous:
            print(f"  {name}")
        return 1
    print(f"starter check: all {len(tests)} exercise tests fail on the untouched starters")
    return 0


if __name__ == "__main__":
    sys.exit(main())

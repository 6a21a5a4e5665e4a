"""``make lab-NN``: run a lab's worked examples, score its exercises, say what is next.

    python -m labkit.labrun 01          (STRICT=1: unfinished exercises fail too)

It runs the lab's tests in two passes: the worked examples (every test of
``tests/labNN`` that is not an exercise, README walkthrough included) and the graded
exercises of your checkout. The full pytest output goes to ``.lab-reports/labNN.log``.
Exit status 0 when the worked examples pass, whatever the exercise score.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from labkit.paths import LABS, REPO_ROOT, lab_dir

REPORTS = REPO_ROOT / ".lab-reports"


def pytest_run(lab: str, marker: str, log, *extra: str) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"tests/lab{lab}",
        "-m",
        marker,
        "-q",
        "-p",
        "no:cacheprovider",
        "--tb=short",
        *extra,
    ]
    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    return subprocess.run(command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT).returncode


def junit_counts(path: Path) -> dict[str, int]:
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if path.exists():
        for suite in ET.parse(path).getroot().iter("testsuite"):
            for key in counts:
                counts[key] += int(suite.get(key, 0))
    return counts


def slug(heading: str) -> str:
    """The anchor GitHub and mkdocs give a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def exercise_sections(readme: Path) -> list[tuple[str, str]]:
    """(heading, section text) for each ``###`` heading under ``## Exercises``."""
    sections, inside, current = [], False, None
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line[3:].strip().lower() == "exercises"
            current = None
        elif inside and line.startswith("### "):
            current = [line[4:].strip(), ""]
            sections.append(current)
        elif inside and current is not None:
            current[1] += line + "\n"
    return [(heading, text) for heading, text in sections]


def next_exercise(readme: Path, tests: list[dict]) -> str | None:
    """The first exercise, in README order, with points still to earn."""
    missing = {f for t in tests if t["score"] < t["max_score"] for f in t["extra_data"]["files"]}
    for heading, text in exercise_sections(readme):
        if any(f"exercises/{name}" in text for name in missing):
            return f"{heading}\n{'':20}{readme.relative_to(REPO_ROOT)}#{slug(heading)}"
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in LABS:
        print(f"usage: python -m labkit.labrun NN   (NN in {', '.join(LABS)})", file=sys.stderr)
        return 2
    lab = args[0]
    folder = lab_dir(lab)
    if not (folder / "README.md").exists() or not (REPO_ROOT / f"tests/lab{lab}").is_dir():
        print(f"lab {lab} ({LABS[lab]}) is not built yet: see the course README for the labs ready")
        return 1
    strict = os.environ.get("STRICT", "") not in ("", "0")
    REPORTS.mkdir(exist_ok=True)
    log_path = REPORTS / f"lab{lab}.log"
    junit, grades = REPORTS / f"lab{lab}-examples.xml", REPORTS / f"lab{lab}-grades.json"
    for stale in (junit, grades):
        stale.unlink(missing_ok=True)
    print(
        f"Lab {lab} ({LABS[lab]}): running the worked examples and grading your exercises…",
        flush=True,
    )
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        examples_rc = pytest_run(lab, "not points", log, f"--junitxml={junit}")
        pytest_run(lab, "points", log, f"--grade-json={grades}")
    counts = junit_counts(junit)
    broken = counts["failures"] + counts["errors"]
    ok = examples_rc == 0 and counts["tests"] > 0
    tests = json.loads(grades.read_text())["tests"] if grades.exists() else []
    earned = sum(t["score"] for t in tests)
    possible = sum(t["max_score"] for t in tests)
    passed = sum(t["score"] == t["max_score"] for t in tests)

    ran = counts["tests"] - counts["skipped"]
    skipped = f", {counts['skipped']} skipped" if counts["skipped"] else ""
    status = f"OK ({ran} passed{skipped})" if ok else f"FAILED ({broken} of {counts['tests']})"
    print(f"  {'worked examples':<18}{status}")
    print(f"  {'exercises':<18}{earned} of {possible} points ({passed} of {len(tests)} tests)")
    following = next_exercise(folder / "README.md", tests)
    if following:
        print(f"  {'next exercise':<18}{following}")
    elif tests:
        print(f"  {'next exercise':<18}none: every exercise is done, well done!")
    print(
        f"  {'details':<18}{log_path.relative_to(REPO_ROOT)} ({time.monotonic() - started:.1f} s)"
    )
    if not ok:
        print(
            "The worked examples should pass on a fresh clone: read the log above; if the "
            "cause is not in your changes, please report it."
        )
        return 1
    if strict and earned < possible:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The grading plugin: points, submissions, score tables and Gradescope JSON.

Loaded for every run by ``-p labkit.grading`` in pyproject.toml. It adds:

- ``@pytest.mark.points(n)``: an exercise test worth ``n`` points, earned when it passes;
- the ``exercise`` fixture: where the exercise files being graded are. By default the
  checkout's own ``labs/NN-name/exercises/``; ``--submission DIR`` grades another
  checkout's; ``--solutions`` grades the reference solutions in ``tests/solutions/``;
- a score table per lab at the end of the run, and ``--grade-json FILE`` with
  Gradescope-style results;
- the prerequisite markers ``labnet``, ``capture`` and ``browser``: a test whose
  prerequisite is missing is skipped with the fix in the reason, or fails when the
  environment variable ``LABNET_REQUIRED=1`` is set (CI sets it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from labkit.paths import LABS, LABS_DIR, SOLUTIONS_DIR
from labkit.testing import load_module

REQUIRED_ENV = "LABNET_REQUIRED"
_LAB_FROM_PATH = re.compile(r"lab(\d\d)$")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grading", "lab exercise grading")
    group.addoption(
        "--submission",
        metavar="DIR",
        help="grade the exercise files of the checkout in DIR (DIR/labs/NN-name/exercises)",
    )
    group.addoption(
        "--solutions",
        action="store_true",
        help="grade the reference solutions in tests/solutions/ (maintainers)",
    )
    group.addoption("--grade-json", metavar="FILE", help="write Gradescope-style results")


MARKERS = [
    "points(n): an exercise test worth n points",
    "labnet: needs the lab network (sudo make labnet-up, or vagrant up)",
    "capture: needs tshark and the right to capture on lo",
    "browser: needs Chromium",
    "slow: takes more than a few seconds",
]


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    submission = config.getoption("--submission")
    if submission and config.getoption("--solutions"):
        raise pytest.UsageError("--submission and --solutions cannot be used together")
    if submission and not Path(submission, "labs").is_dir():
        raise pytest.UsageError(f"--submission {submission}: no labs/ folder there")
    config.stash[_grades_key] = Gradebook()


# --- where the exercise files are ------------------------------------------------------


def exercises_dir(config: pytest.Config, lab: str) -> Path:
    """The folder holding lab ``lab``'s exercise files for this run."""
    folder = LABS[lab]
    if config.getoption("--solutions"):
        return SOLUTIONS_DIR / folder
    submission = config.getoption("--submission")
    root = Path(submission).resolve() / "labs" if submission else LABS_DIR
    return root / folder / "exercises"


def lab_of(path: Path) -> str | None:
    """``tests/lab07/test_x.py`` -> "07"."""
    for part in reversed(path.parent.parts):
        match = _LAB_FROM_PATH.match(part)
        if match:
            return match.group(1)
    return None


@dataclass
class Exercises:
    """The ``exercise`` fixture: ``exercise.path("x.py")``, ``exercise.load("x.py")``."""

    folder: Path
    used: set[str] = field(default_factory=set)  # which files the test graded

    def path(self, name: str) -> Path:
        self.used.add(name)
        path = self.folder / name
        if not path.is_file():
            pytest.fail(f"exercise file missing: {path}", pytrace=False)
        return path

    def load(self, name: str) -> ModuleType:
        return load_module(self.path(name))


@pytest.fixture
def exercise(request: pytest.FixtureRequest) -> Exercises:
    lab = lab_of(Path(request.node.path))
    if lab is None:
        raise pytest.UsageError(f"{request.node.nodeid}: exercise tests live in tests/labNN/")
    exercises = Exercises(exercises_dir(request.config, lab))
    grade = request.config.stash[_grades_key].grades.get(request.node.nodeid)
    if grade is not None:
        exercises.used = grade.files
    return exercises


# --- prerequisites ----------------------------------------------------------------------


def _labnet_problem() -> str | None:
    from labkit import config

    try:
        cfg = config.load()
    except config.ConfigError as exc:
        return str(exc)
    if not cfg.is_lab_network:
        return "lab network not running: sudo make labnet-up, or vagrant up"
    return None


def _capture_problem() -> str | None:
    from labkit.capture import capture_problem

    return capture_problem()


def _browser_problem() -> str | None:
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return None
    return "Chromium not found: apt-get install chromium chromium-driver"


PREREQUISITES = {
    "labnet": _labnet_problem,
    "capture": _capture_problem,
    "browser": _browser_problem,
}


def prerequisite_required() -> bool:
    return os.environ.get(REQUIRED_ENV, "") not in ("", "0")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, check in PREREQUISITES.items():
        if item.get_closest_marker(marker) is None:
            continue
        problem = check()
        if problem is None:
            continue
        if prerequisite_required():
            pytest.fail(
                f"{marker} prerequisite missing ({REQUIRED_ENV}=1): {problem}", pytrace=False
            )
        pytest.skip(problem)


# --- scores ------------------------------------------------------------------------------


@dataclass
class Grade:
    nodeid: str
    lab: str
    points: int
    passed: bool = False
    output: str = ""
    files: set[str] = field(default_factory=set)  # the exercise files it graded


@dataclass
class Gradebook:
    grades: dict[str, Grade] = field(default_factory=dict)

    def labs(self) -> dict[str, list[Grade]]:
        by_lab: dict[str, list[Grade]] = {}
        for grade in self.grades.values():
            by_lab.setdefault(grade.lab, []).append(grade)
        return dict(sorted(by_lab.items()))


_grades_key = pytest.StashKey[Gradebook]()


def _points(item: pytest.Item) -> int | None:
    marker = item.get_closest_marker("points")
    if marker is None:
        return None
    if len(marker.args) != 1 or not isinstance(marker.args[0], int) or marker.args[0] < 1:
        raise pytest.UsageError(f"{item.nodeid}: use @pytest.mark.points(n) with n >= 1")
    return marker.args[0]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Register the graded tests among those selected to run (after ``-m``/``-k``)."""
    book = session.config.stash[_grades_key]
    for item in session.items:
        points = _points(item)
        if points is not None:
            lab = lab_of(Path(item.path)) or "??"
            book.grades[item.nodeid] = Grade(item.nodeid, lab, points)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    grade = item.config.stash[_grades_key].grades.get(item.nodeid)
    if grade is None:
        return report
    if report.when == "call" or (report.when == "setup" and not report.passed):
        grade.passed = report.passed
        if not report.passed:
            grade.output = _short(report)
    return report


def _short(report) -> str:
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        return f"skipped: {reason}"
    text = getattr(report, "longreprtext", "") or ""
    lines = [line for line in text.splitlines() if line.startswith("E ")]
    return "\n".join(lines[-15:]) or text[-2000:]


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    book = config.stash[_grades_key]
    by_lab = book.labs()
    if not by_lab:
        return
    source = (
        "reference solutions"
        if config.getoption("--solutions")
        else (config.getoption("--submission") or "this checkout")
    )
    tr = terminalreporter
    tr.section(f"exercise scores ({source})")
    tr.write_line(f"{'lab':<20} {'tests passed':>12} {'points':>10}")
    for lab, grades in by_lab.items():
        passed = sum(g.passed for g in grades)
        earned = sum(g.points for g in grades if g.passed)
        possible = sum(g.points for g in grades)
        tr.write_line(
            f"{LABS.get(lab, lab):<20} {passed:>5} of {len(grades):<4} {earned:>4} / {possible}"
        )
    path = config.getoption("--grade-json")
    if path:
        write_json(book, Path(path))
        tr.write_line(f"grades written to {path}")


def write_json(book: Gradebook, path: Path) -> None:
    """Gradescope's results format: per-test name, score, max_score, output; totals."""
    tests = [
        {
            "name": grade.nodeid,
            "score": grade.points if grade.passed else 0,
            "max_score": grade.points,
            "output": grade.output,
            "extra_data": {"lab": grade.lab, "files": sorted(grade.files)},
        }
        for grade in book.grades.values()
    ]
    data = {
        "score": sum(t["score"] for t in tests),
        "max_score": sum(t["max_score"] for t in tests),
        "tests": tests,
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

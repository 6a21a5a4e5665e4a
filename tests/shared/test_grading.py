"""The grading plugin, run on small generated suites with pytester."""

import json

import pytest

GRADED = """
import pytest

@pytest.mark.points(3)
def test_add(exercise):
    assert exercise.load("adder.py").add(2, 3) == 5

@pytest.mark.points(2)
def test_file_is_there(exercise):
    assert exercise.path("adder.py").read_text().startswith("def add")

def test_not_graded():
    pass
"""


@pytest.fixture
def suite(pytester):
    """A checkout with one lab whose exercise is unfinished, and a finished submission."""
    pytester.makepyfile(**{"tests/lab01/test_graded": GRADED})
    starter = pytester.path / "labs/01-tcpip/exercises/adder.py"
    starter.parent.mkdir(parents=True)
    starter.write_text("def add(a, b):\n    raise NotImplementedError\n")
    done = pytester.path / "submission/labs/01-tcpip/exercises/adder.py"
    done.parent.mkdir(parents=True)
    done.write_text("def add(a, b):\n    return a + b\n")
    return pytester


def run(pytester, *args):
    return pytester.runpytest_subprocess("-p", "labkit.grading", "-p", "no:cacheprovider", *args)


@pytest.fixture(autouse=True)
def labs_in_tmp(monkeypatch, pytester):
    monkeypatch.setenv("LABKIT_LABS_DIR", str(pytester.path / "labs"))


def test_submission_scores_full_points_and_writes_json(suite):
    out = suite.path / "grades.json"
    result = run(suite, "--submission", str(suite.path / "submission"), "--grade-json", str(out))
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*exercise scores*", "01-tcpip*2 of 2*5 / 5*"])
    data = json.loads(out.read_text())
    assert data["score"] == 5 and data["max_score"] == 5
    assert {t["name"].split("::")[1]: t["score"] for t in data["tests"]} == {
        "test_add": 3,
        "test_file_is_there": 2,
    }


def test_starter_scores_partially_with_output(suite):
    out = suite.path / "grades.json"
    result = run(suite, "--grade-json", str(out))
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["01-tcpip*1 of 2*2 / 5*"])
    failed = next(t for t in json.loads(out.read_text())["tests"] if t["score"] == 0)
    assert "NotImplementedError" in failed["output"]


def test_missing_exercise_file_fails_clearly(suite):
    (suite.path / "submission/labs/01-tcpip/exercises/adder.py").unlink()
    result = run(suite, "--submission", str(suite.path / "submission"))
    result.stdout.fnmatch_lines(["*exercise file missing*adder.py*"])


def test_submission_without_labs_is_a_usage_error(suite):
    result = run(suite, "--submission", str(suite.path / "nowhere"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR


PREREQ = """
import pytest

@pytest.mark.labnet
def test_needs_lab_network():
    pass
"""


def test_missing_prerequisite_skips_with_the_fix(pytester, monkeypatch):
    pytester.makepyfile(test_prereq=PREREQ)
    monkeypatch.setenv("LABNET_CONFIG", str(pytester.path / "absent.json"))
    monkeypatch.delenv("LABNET_REQUIRED", raising=False)
    result = run(pytester, "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*lab network not running: sudo make labnet-up*"])


def test_missing_prerequisite_fails_when_required(pytester, monkeypatch):
    pytester.makepyfile(test_prereq=PREREQ)
    monkeypatch.setenv("LABNET_CONFIG", str(pytester.path / "absent.json"))
    monkeypatch.setenv("LABNET_REQUIRED", "1")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*labnet prerequisite missing (LABNET_REQUIRED=1)*"])


def test_points_marker_needs_a_positive_integer(pytester):
    pytester.makepyfile(
        **{
            "tests/lab01/test_bad": "import pytest\n\n@pytest.mark.points('x')\n"
            "def test_x():\n    pass\n"
        }
    )
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR

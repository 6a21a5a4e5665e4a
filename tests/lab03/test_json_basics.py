"""json_basics.py (P6): what a JSON round trip keeps and what it changes."""

import doctest
import json

import json_basics
import pytest

from labkit import testing

from .conftest import LAB


def test_int_keys_come_back_as_strings_and_are_restored():
    raw = json.loads(json.dumps({1: 10}))
    assert raw == {"1": 10}
    assert json_basics.restore_int_keys(raw) == {1: 10}


def test_tuple_comes_back_as_a_list():
    assert json.loads(json.dumps(("a", "b"))) == ["a", "b"]


def test_set_raises_type_error_with_todays_message():
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        json.dumps({"a"})


def test_dicts_keep_insertion_order():
    assert json.dumps({"b": 1, "a": 2}) == '{"b": 1, "a": 2}'


def test_module_doctests():
    failures, tests = doctest.testmod(json_basics)
    assert tests > 0 and failures == 0


def test_script_output():
    result = testing.run_script(LAB / "json_basics.py")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert """'{"http": 80, "https": 443, "ssh": 22}'""" in out
    assert "{'22': 'ssh', '80': 'http', '443': 'https'}" in out
    assert "{22: 'ssh', 80: 'http', 443: 'https'}" in out
    assert "'TypeError: Object of type set is not JSON serializable'" in out


def test_script_help_and_usage():
    assert testing.run_script(LAB / "json_basics.py", "--help").returncode == 0
    testing.assert_one_line_error(testing.run_script(LAB / "json_basics.py", "--bogus"), 2)

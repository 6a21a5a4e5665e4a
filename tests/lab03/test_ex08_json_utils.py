"""Exercise 8: set_default() and restore_int_keys() survive JSON round trips."""

import json

import pytest


def module(exercise):
    return exercise.load("json_utils.py")


@pytest.mark.points(1)
def test_sets_become_sorted_lists(exercise):
    default = module(exercise).set_default
    data = {"ports": {443, 80, 22}, "names": frozenset({"www", "mail"}), "n": [1, (2, 3)]}
    text = json.dumps(data, default=default)
    assert json.loads(text) == {"ports": [22, 80, 443], "names": ["mail", "www"], "n": [1, [2, 3]]}


@pytest.mark.points(1)
def test_other_objects_still_raise_type_error(exercise):
    default = module(exercise).set_default
    with pytest.raises(TypeError, match="^Object of type complex is not JSON serializable$"):
        json.dumps({"z": 1j}, default=default)
    with pytest.raises(TypeError, match="Object of type bytes is not JSON serializable"):
        json.dumps([b"raw"], default=default)


@pytest.mark.points(1)
def test_int_keys_restored_at_every_depth(exercise):
    restore = module(exercise).restore_int_keys
    original = {80: "http", 443: {1: "one", -2: ["x", {3: None}]}, "hosts": [{7: True}]}
    raw = json.loads(json.dumps(original))
    assert restore(raw) == original
    assert raw == json.loads(json.dumps(original)), "the argument must not be changed"


@pytest.mark.points(1)
def test_only_exact_integer_keys_change(exercise):
    restore = module(exercise).restore_int_keys
    raw = {"07": 1, "1.5": 2, "x": 3, " 4": 4, "-0": 5, "12": {"ab": 6}}
    assert restore(raw) == {"07": 1, "1.5": 2, "x": 3, " 4": 4, "-0": 5, 12: {"ab": 6}}
    assert restore([1, "2", None]) == [1, "2", None]

"""JSON with the json module: what survives a round trip and what does not.

Follows "JSON" in chapter 3 of the book. ``json.dumps`` turns lists, dicts, strings,
numbers, booleans and None into JSON text; ``json.loads`` turns the text back. Web APIs
send JSON in their response bodies, so this is how their answers become Python objects.

Run it::

    python json_basics.py

What the book's outputs no longer show: dicts keep their insertion order (since Python
3.7), so ``dumps`` writes keys in the order you gave them; and a set fails with
``TypeError: Object of type set is not JSON serializable``.

    >>> import json
    >>> json.loads(json.dumps({1: 10}))
    {'1': 10}
    >>> restore_int_keys(json.loads(json.dumps({1: 10})))
    {1: 10}
    >>> json.loads(json.dumps(("tcp", "udp")))
    ['tcp', 'udp']
"""

from __future__ import annotations

import json
import sys

from labkit import cli


def restore_int_keys(d: dict) -> dict:
    """JSON object keys are always strings: turn ``{'1': 10}`` back into ``{1: 10}``."""
    return {int(key): value for key, value in d.items()}


def show(label: str, value) -> None:
    print(f"{label:<34} {value!r}")


def demo() -> None:
    protocols = ["tcp", "udp", "icmp"]
    text = json.dumps(protocols)
    show("json.dumps(list)", text)
    show("type of the result", type(text))
    show("json.loads(it)", json.loads(text))
    print()
    ports = {"http": 80, "https": 443, "ssh": 22}
    show("json.dumps(dict): order kept", json.dumps(ports))
    services = {"www": ["nginx", "moto"], "mail": ["postfix", "dovecot"]}
    show("nested dict and lists", json.dumps(services))
    print()
    by_number = {22: "ssh", 80: "http", 443: "https"}
    raw = json.loads(json.dumps(by_number))
    show("int keys after a round trip", raw)
    show("restore_int_keys(...)", restore_int_keys(raw))
    print()
    show("a tuple goes out as a list", json.dumps(("tcp", "udp")))
    show("and comes back as a list", json.loads(json.dumps(("tcp", "udp"))))
    try:
        json.dumps({"tcp", "udp"})
    except TypeError as exc:
        show("a set", f"TypeError: {exc}")
    show("sorted(set) instead", json.dumps(sorted({"udp", "tcp"})))


def main(argv=None) -> int:
    cli.ArgumentParser(description="json.dumps and json.loads, with their surprises.").parse_args(
        argv
    )
    demo()
    return cli.OK


if __name__ == "__main__":
    sys.exit(main())

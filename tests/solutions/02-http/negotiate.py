"""Exercise 3 (reference solution): pick a content coding from Accept-Encoding."""

from __future__ import annotations

# Below every explicit q-value (the smallest is 0.001), so an implicitly accepted
# identity only wins when nothing the client named is available.
IMPLICIT = 0.0001


def parse(accept_encoding: str) -> dict[str, float]:
    """``"gzip, deflate;q=0.8"`` -> ``{"gzip": 1.0, "deflate": 0.8}``."""
    weights: dict[str, float] = {}
    for element in accept_encoding.split(","):
        name, *params = (piece.strip() for piece in element.split(";"))
        if not name:
            continue
        q = 1.0
        for param in params:
            key, _, value = (piece.strip() for piece in param.partition("="))
            if key.lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # a malformed weight: safest to treat it as "not this one"
        weights[name.lower()] = q
    return weights


def weight(coding: str, weights: dict[str, float]) -> float:
    """How much the client wants ``coding`` (0 = not acceptable)."""
    name = coding.lower()
    if name in weights:
        return weights[name]
    if "*" in weights:
        return weights["*"]
    return IMPLICIT if name == "identity" else 0.0


def choose(accept_encoding: str | None, available: list[str]) -> str | None:
    """The coding of ``available`` to use for this Accept-Encoding, or None (406)."""
    if accept_encoding is None:
        return available[0] if available else None
    weights = parse(accept_encoding)
    best, best_q = None, 0.0
    for coding in available:  # strictly greater: a tie keeps the server's earlier choice
        q = weight(coding, weights)
        if q > best_q:
            best, best_q = coding, q
    return best

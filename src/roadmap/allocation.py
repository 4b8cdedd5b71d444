"""How an action's budget is shared out: one rule for the plan and `roadmap diff`.

An action counts for each of its zones (the distinct zones of its markets),
its budget split equally between them: an action on FR, ES and US puts half
in Western Europe and half in the Americas, not two thirds and one third.
An action with no market (or none whose zone is known) counts under the
"no market" key given by the caller. Levers and regions follow the same
rule with one key each.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def zones_of(markets: Iterable[str], market_zone: Mapping[str, str]) -> list[str]:
    """The distinct zones of `markets`, in the order of their first market."""
    return list(dict.fromkeys(market_zone[m] for m in markets if m in market_zone))


def allocate(items: Iterable[tuple[int, Sequence[K]]], empty: K) -> dict[K, Fraction]:
    """Each amount split equally over its distinct keys, or counted under `empty`.

    Exact: whole amounts are summed as integers per key and number of keys
    shared with, and divided once at the end. Adding floats instead drifts
    (10^15 + 1 + 1 ... loses the ones) and a third of 10^15 has no float.
    """
    parts: dict[K, dict[int, int]] = {}
    for amount, keys in items:
        distinct = list(dict.fromkeys(keys)) or [empty]
        n = len(distinct)
        for key in distinct:
            sums = parts.setdefault(key, {})
            sums[n] = sums.get(n, 0) + amount
    return {
        key: sum((Fraction(total, n) for n, total in sorted(sums.items())), Fraction(0))
        for key, sums in parts.items()
    }

"""How an action's budget is shared out: one rule for the plan and `roadmap diff`.

An action counts for each of its zones (the distinct zones of its markets),
its budget split equally between them: an action on FR, ES and US puts half
in Western Europe and half in the Americas, not two thirds and one third.
An action with no market (or none whose zone is known) counts under the
"no market" key given by the caller. Levers and regions follow the same
rule with one key each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def zones_of(markets: Iterable[str], market_zone: Mapping[str, str]) -> list[str]:
    """The distinct zones of `markets`, in the order of their first market."""
    return list(dict.fromkeys(market_zone[m] for m in markets if m in market_zone))


def allocate(items: Iterable[tuple[float, Sequence[str]]], empty: str) -> dict[str, float]:
    """Each amount split equally over its distinct keys, or counted under `empty`."""
    out: dict[str, float] = {}
    for amount, keys in items:
        distinct = list(dict.fromkeys(keys)) or [empty]
        share = amount / len(distinct)
        for key in distinct:
            out[key] = out.get(key, 0) + share
    return out

"""How an action's budget is shared out: one rule for the plan and `roadmap diff`.

An action counts for each of its zones (the distinct zones of its markets),
its budget split equally between them: an action on FR, ES and US puts half
in Western Europe and half in the Americas, not two thirds and one third.
An action with no market (or none whose zone is known) counts under the
"no market" key given by the caller. Levers and regions follow the same
rule with one key each; sectors, like zones, are the action's distinct ones.

`budget_split` is the one definition: the plan's breakdowns, `roadmap check`'s
budget concentration and `roadmap diff`'s budget deltas all read it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Literal, TypeVar

from roadmap import models

K = TypeVar("K", bound=Hashable)

Kind = Literal["market", "zone", "region", "lever", "sector"]
KINDS: tuple[Kind, ...] = ("market", "zone", "region", "lever", "sector")


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
        if len(keys) == 1:  # most actions have one key of a kind: nothing to dedupe
            sums = parts.setdefault(keys[0], {})
            sums[1] = sums.get(1, 0) + amount
            continue
        distinct = list(dict.fromkeys(keys)) or [empty]
        n = len(distinct)
        for key in distinct:
            sums = parts.setdefault(key, {})
            sums[n] = sums.get(n, 0) + amount
    return {
        key: sum((Fraction(total, n) for n, total in sorted(sums.items())), Fraction(0))
        for key, sums in parts.items()
    }


def allocate_columns(
    items: Iterable[tuple[Sequence[int], Sequence[K]]], empty: K, width: int
) -> list[dict[K, Fraction]]:
    """`allocate` of each of `width` amounts that share their keys, in one pass.

    `items`: (amounts, keys), the amounts `width` long (planned, committed,
    spent): the keys are found once for all of them, and no caller need
    hold every item's keys at once. Column i of the result is
    `allocate(((amounts[i], keys) for amounts, keys in items), empty)`.
    """
    parts: dict[K, dict[int, list[int]]] = {}
    columns = range(width)
    for amounts, keys in items:
        distinct = keys if len(keys) == 1 else list(dict.fromkeys(keys)) or [empty]
        n = len(distinct)
        for key in distinct:
            by_n = parts.setdefault(key, {})
            sums = by_n.get(n)
            if sums is None:
                sums = by_n[n] = [0] * width
            for i in columns:
                sums[i] += amounts[i]
    return [
        {
            key: sum((Fraction(sums[i], n) for n, sums in sorted(by_n.items())), Fraction(0))
            for key, by_n in parts.items()
        }
        for i in columns
    ]


def keys_of(action: models.Action, market_zone: Mapping[str, str]) -> dict[Kind, list[str]]:
    """What `action` counts under, per kind: distinct keys in order; none is `[]`."""
    return {
        "market": list(dict.fromkeys(action.markets)),
        "zone": zones_of(action.markets, market_zone),
        "region": [action.region] if action.region else [],
        "lever": [action.lever],
        "sector": list(dict.fromkeys(action.sectors)),
    }


def kind_keys(action: models.Action, kind: Kind, market_zone: Mapping[str, str]) -> list[str]:
    """`keys_of(action, market_zone)[kind]`, without the other kinds' keys."""
    if kind == "zone":
        return zones_of(action.markets, market_zone)
    if kind == "lever":
        return [action.lever]
    if kind == "region":
        return [action.region] if action.region else []
    return list(dict.fromkeys(action.markets if kind == "market" else action.sectors))


def budget_split(
    actions: Sequence[models.Action],
    market_zone: Mapping[str, str],
    keys: Sequence[dict[Kind, list[str]]] | None = None,
) -> dict[Kind, dict[str, Fraction]]:
    """The plan's budget by market, zone, region, lever and sector, exact.

    Each action's budget is split equally over its distinct keys of a kind;
    an action with none of a kind (no market, no region...) counts under "".
    `keys`: each action's `keys_of`, when the caller has them already.
    """
    if keys is None:
        keys = [keys_of(a, market_zone) for a in actions]
    per_action = list(zip((a.budget for a in actions), keys, strict=True))
    return {
        kind: allocate(((budget, keys[kind]) for budget, keys in per_action), "") for kind in KINDS
    }

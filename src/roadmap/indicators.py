"""Numbers the plan reports: seasonality indicators, budget shares, funding.

Pure functions over plain numbers, so that each one can be checked against
a value computed by hand (tests/test_indicators.py).

Seasonality (reference/domain-facts.md, section 3.3):

- peak-to-trough ratio: busiest month / quietest month;
- share of the three peak months: the three largest monthly values over the
  year's total (Portugal's "taxa de sazonalidade");
- Gini coefficient of the monthly values, values sorted ascending
  x1..xn: G = 2·Σ(i·xi) / (n·Σx) − (n+1)/n; 0 when every month is equal,
  (n−1)/n when one month holds everything;
- low-season months: months whose value is below the yearly mean.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def peak_to_trough(values: Sequence[float]) -> float | None:
    """Largest over smallest value; None when the smallest is 0 (no trough)."""
    low = min(values)
    return max(values) / low if low > 0 else None


def top_share(values: Sequence[float], k: int = 3) -> float:
    """Share of the k largest values in the total (0 when the total is 0)."""
    total = sum(values)
    return sum(sorted(values, reverse=True)[:k]) / total if total else 0.0


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of the values (0 = perfectly even)."""
    xs = sorted(values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return 0.0
    return 2 * sum(i * x for i, x in enumerate(xs, start=1)) / (n * total) - (n + 1) / n


def low_season(values: Sequence[float]) -> list[int]:
    """1-based months whose value is below the mean of all months."""
    mean = sum(values) / len(values)
    return [m for m, v in enumerate(values, start=1) if v < mean]


@dataclass(frozen=True, slots=True)
class Seasonality:
    mean: float
    peak_to_trough: float | None
    top3_share: float
    gini: float
    low_months: tuple[int, ...]


def seasonality(values: Sequence[float]) -> Seasonality:
    return Seasonality(
        mean=sum(values) / len(values),
        peak_to_trough=peak_to_trough(values),
        top3_share=top_share(values, 3),
        gini=gini(values),
        low_months=tuple(low_season(values)),
    )


def shares(amounts: Mapping[K, int | Fraction]) -> dict[K, float]:
    """Each amount's share of the total (all 0 when the total is 0).

    Amounts are summed exactly (integers, or fractions of a split budget);
    each share is the float nearest to the exact ratio.
    """
    total = sum(amounts.values(), Fraction(0))
    return {k: (float(v / total) if total else 0.0) for k, v in amounts.items()}


def change(baseline: float, target: float) -> float | None:
    """Relative change from baseline to target; None from a zero baseline."""
    return (target - baseline) / baseline if baseline else None


@dataclass(frozen=True, slots=True)
class FundingSplit:
    """Public and private money, whole units summed as integers (exact)."""

    public: int
    private: int

    @property
    def total(self) -> int:
        return self.public + self.private


def funding_split(contributions: Iterable[tuple[str, int]]) -> FundingSplit:
    """Sum (partner kind, amount) pairs into public and private money."""
    public = private = 0
    for kind, amount in contributions:
        if kind == "public":
            public += amount
        else:
            private += amount
    return FundingSplit(public, private)


def partner_leverage(payments: Iterable[tuple[str, int]], office: str) -> float | None:
    """Partner leverage: what partners pay per unit the office pays.

    The one definition of the ratio (the plans' `partner-leverage` target
    means it): (payer, amount) pairs, every payer other than `office` a
    partner, public or private alike; None when the office pays nothing.
    """
    own = others = 0
    for payer, amount in payments:
        if payer == office:
            own += amount
        else:
            others += amount
    return others / own if own else None

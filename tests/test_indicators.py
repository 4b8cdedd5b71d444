"""Seasonality indicators, shares and funding against values computed by hand."""

from __future__ import annotations

import pytest

from roadmap import indicators

#: The national profile of reference/domain-facts.md 4.5 (million arrivals, 2024).
PROFILE = [0.99, 1.15, 1.27, 1.27, 1.27, 1.50, 2.56, 1.80, 1.30, 1.50, 1.30, 1.50]


def test_peak_to_trough_of_the_profile() -> None:
    assert indicators.peak_to_trough(PROFILE) == pytest.approx(2.56 / 0.99)
    assert round(indicators.peak_to_trough(PROFILE) or 0, 1) == 2.6


def test_share_of_the_three_peak_months() -> None:
    # Jul 2.56 + Aug 1.80 + one of the 1.50 months, over 17.41.
    assert indicators.top_share(PROFILE) == pytest.approx(5.86 / 17.41)
    assert round(indicators.top_share(PROFILE) * 100, 1) == 33.7


def test_gini_of_the_profile() -> None:
    # Sorted ascending, sum of i*x = 126.45; G = 2*126.45/(12*17.41) - 13/12.
    assert indicators.gini(PROFILE) == pytest.approx(2 * 126.45 / (12 * 17.41) - 13 / 12)
    assert round(indicators.gini(PROFILE), 2) == 0.13


def test_gini_bounds() -> None:
    assert indicators.gini([5.0] * 12) == pytest.approx(0.0)
    assert indicators.gini([0.0] * 11 + [7.0]) == pytest.approx(11 / 12)
    assert indicators.gini([0.0] * 12) == 0.0
    assert indicators.gini([]) == 0.0


def test_low_season_is_below_the_yearly_mean() -> None:
    # Mean 17.41 / 12 = 1.4508: Jan-May, Sep and Nov are below it.
    assert indicators.low_season(PROFILE) == [1, 2, 3, 4, 5, 9, 11]
    assert indicators.low_season([1.0] * 12) == []


def test_seasonality_summary() -> None:
    s = indicators.seasonality(PROFILE)
    assert s.mean == pytest.approx(17.41 / 12)
    assert s.low_months == (1, 2, 3, 4, 5, 9, 11)


def test_no_trough_when_a_month_is_zero() -> None:
    assert indicators.peak_to_trough([0.0, 1.0, 2.0]) is None
    assert indicators.top_share([0.0, 0.0]) == 0.0


def test_shares_and_change() -> None:
    assert indicators.shares({"a": 1.0, "b": 3.0}) == {"a": 0.25, "b": 0.75}
    assert indicators.shares({"a": 0.0}) == {"a": 0.0}
    assert indicators.change(19.8, 21.5) == pytest.approx(1.7 / 19.8)
    assert indicators.change(0, 5) is None


def test_funding_split() -> None:
    split = indicators.funding_split([("public", 2.0), ("private", 1.0), ("public", 2.0)])
    assert (split.public, split.private, split.total) == (4.0, 1.0, 5.0)


def test_partner_leverage_is_partner_money_per_unit_of_office_money() -> None:
    # every payer other than the office counts as a partner, public or private
    pairs = [("ONMT", 400), ("CNT", 100), ("crt", 50), ("ONMT", 100), ("RAM", 150)]
    assert indicators.partner_leverage(pairs, "ONMT") == 0.6
    assert indicators.partner_leverage([("CNT", 3)], "ONMT") is None
    assert indicators.partner_leverage([("ONMT", 3)], "ONMT") == 0


def test_seasonality_gathers_every_indicator_of_the_profile() -> None:
    values = [1.0, 1.0, 2.0, 4.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0]
    got = indicators.seasonality(values)
    assert got.mean == pytest.approx(18 / 12)
    assert got.peak_to_trough == pytest.approx(4.0)
    assert got.top3_share == pytest.approx(8 / 18)
    assert got.gini == pytest.approx(indicators.gini(values))
    assert got.low_months == tuple(indicators.low_season(values))


def test_funding_split_adds_every_contribution_of_a_kind() -> None:
    split = indicators.funding_split(
        [("private", 300), ("public", 1_000), ("private", 200), ("public", 500)]
    )
    assert (split.public, split.private) == (1_500, 500)

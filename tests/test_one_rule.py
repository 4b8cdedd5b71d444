"""One definition per business rule: the plan, `check` and `diff` give the same figures.

Budget by zone, region and lever (`allocation.budget_split`), each region's
lead and emerging destination (`showcase`), and text in a language
(`i18n.resolve_text`) are each written once; these tests read every command's
own answer for the same data and require them to agree.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from conftest import DEFAULT_DATA
from roadmap import allocation, coverage, diff_report, models, showcase
from roadmap.dataset import Data
from roadmap.diff import NO_MARKET, NO_REGION, Side, compare, region_destinations
from roadmap.i18n import Language, resolve_text
from roadmap.render.view import view
from roadmap.validation import validate


@pytest.fixture(scope="module")
def data() -> Data:
    loaded, problems = validate(DEFAULT_DATA)
    assert [p for p in problems if p.severity == "error"] == []
    return loaded


def _sides(data: Data, year: int) -> tuple[Side, Side]:
    before = max(y for y in data.plans if y < year)
    return (
        Side(str(before), data.plans[before], data.markets, data.regions),
        Side(str(year), data.plans[year], data.markets, data.regions),
    )


def _years(data: Data) -> list[int]:
    return sorted(data.plans)[1:]


def test_budget_by_zone_region_and_lever_is_the_same_in_plan_check_and_diff(data: Data) -> None:
    for year in _years(data):
        plan = data.plans[year]
        shown = view(data, year, Language("en", "fr", "MAD")).summary
        result = compare(*_sides(data, year))
        in_diff = {
            kind: {d.key: d.after for d in result.budgets[kind] if d.after}
            for kind in ("zone", "region", "lever")
        }
        in_plan = {
            "zone": {s.id or NO_MARKET: s.value for s in shown.by_zone},
            "region": {s.id or NO_REGION: s.value for s in shown.by_region},
            "lever": {s.id: s.value for s in shown.by_lever},
        }
        in_check = coverage.budget_shares(plan)
        for kind in ("zone", "region", "lever"):
            assert {k: float(v) for k, v in in_diff[kind].items()} == in_plan[kind], (year, kind)
            assert len(in_plan[kind]) > 1
        for kind in ("region", "lever"):
            named = {k: v for k, v in in_diff[kind].items() if k != NO_REGION}
            assert in_check[kind] == named, (year, kind)
        # every figure adds up to the plan's total, in every command
        total = sum(a.budget for a in plan.actions)
        assert sum(in_diff["zone"].values()) == total == result.budget_total.after
        assert sum(in_check["lever"].values()) == total


def test_check_concentration_reads_the_same_market_split(data: Data) -> None:
    year = _years(data)[-1]
    plan = data.plans[year]
    zones = {m.id: m.zone for m in data.markets.markets}  # type: ignore[union-attr]
    split = allocation.budget_split(plan.actions, zones)
    assert coverage.budget_shares(plan)["market"] == {k: v for k, v in split["market"].items() if k}
    # the zone split is the market split gathered by zone only when no action
    # spans two zones; the rule is per distinct zone, so check it directly
    for action in plan.actions:
        keys = allocation.keys_of(action, zones)
        assert keys["zone"] == list(dict.fromkeys(zones[m] for m in action.markets if m in zones))


def _action(budget: int, **fields: object) -> models.Action:
    base = {"id": "A1", "title": "t", "lever": "digital", "budget": budget}
    return models.Action.model_validate({**base, **fields})


def _plan(*actions: models.Action) -> models.Plan:
    return models.Plan.model_construct(actions=list(actions), destinations=[])


def test_a_market_named_twice_counts_once() -> None:
    """The budget is split over distinct markets, not over the list as written."""
    twice = _action(900, markets=["FR", "FR", "ES"])
    shares = coverage.budget_shares(_plan(twice))
    assert shares["market"] == {"FR": Fraction(450), "ES": Fraction(450)}
    zones = {"FR": "europe", "ES": "europe", "US": "americas"}
    split = allocation.budget_split([_action(900, markets=["FR", "ES", "US", "US"])], zones)
    assert split["zone"] == {"europe": Fraction(450), "americas": Fraction(450)}
    assert split["market"] == {"FR": 300, "ES": 300, "US": 300}


def test_an_action_without_market_or_region_counts_under_none() -> None:
    split = allocation.budget_split([_action(100, sectors=["golf", "golf"])], {})
    assert split["market"] == split["zone"] == split["region"] == {"": Fraction(100)}
    assert split["sector"] == {"golf": Fraction(100)}
    assert coverage.budget_shares(_plan(_action(100)))["market"] == {}


def _choosing(data: Data, year: int) -> models.Plan:
    """`year`'s plan with a candidate chosen as its first region's emerging destination."""
    assert data.regions is not None
    region = data.regions.regions[0]
    candidate = next(d.id for d in region.destinations if d.role == "candidate")
    choice = models.DestinationChoice(region=region.id, emerging=candidate)
    return data.plans[year].model_copy(update={"destinations": [choice]})


def test_the_showcased_destinations_are_the_same_in_plan_check_and_diff(
    data: Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = _years(data)[-1]
    for plan in (data.plans[year], _choosing(data, year)):
        monkeypatch.setitem(data.plans, year, plan)
        assert data.regions is not None
        rule = showcase.by_region(plan, data.regions)
        shown = view(data, year, Language("fr", "fr", "MAD")).regions
        in_plan = {
            r.id: {
                "lead": r.lead.id if r.lead else None,
                "emerging": r.emerging.id if r.emerging else None,
            }
            for r in shown
        }
        in_diff = region_destinations(_sides(data, year)[1])
        in_check = {
            row["id"]: {role: (row[role] or {}).get("id") for role in ("lead", "emerging")}
            for row in coverage.matrix(data, year)["destinations"]
        }
        assert in_plan == in_diff == in_check == rule
    region = data.regions.regions[0]
    assert rule[region.id]["emerging"] == plan.destinations[0].emerging


def test_the_plan_choice_wins_role_by_role() -> None:
    regions = models.RegionsFile.model_construct(
        regions=[
            models.Region.model_construct(
                id="r",
                destinations=[
                    models.Destination.model_construct(id="a", role="lead"),
                    models.Destination.model_construct(id="b", role="emerging"),
                    models.Destination.model_construct(id="c", role="candidate"),
                ],
            )
        ]
    )
    keep = models.Plan.model_construct(destinations=[])
    assert showcase.by_region(keep, regions) == {"r": {"lead": "a", "emerging": "b"}}
    choice = models.DestinationChoice(region="r", emerging="c")
    chose = models.Plan.model_construct(destinations=[choice])
    assert showcase.by_region(chose, regions) == {"r": {"lead": "a", "emerging": "c"}}
    (lead, emerging) = showcase.showcased(chose, regions)
    assert (lead.in_plan, lead.loc) == (False, ("regions", 0, "destinations", 0, "id"))
    assert (emerging.in_plan, emerging.loc) == (True, ("destinations", 0, "emerging"))


@pytest.mark.parametrize(
    ("value", "lang", "fallback", "expected"),
    [
        ({"fr": "Cinéma", "en": "Film"}, "en", "fr", "Film"),
        ({"fr": "Cinéma", "en": "Film"}, "de", "en", "Film"),
        ({"fr": "Cinéma", "en": "Film"}, "de", "it", "Cinéma"),
        ({"en": "Film"}, "fr", "fr", "Film"),
        ("Plain", "en", "fr", "Plain"),
        (None, "en", "fr", ""),
    ],
)
def test_text_in_a_language_is_one_rule(
    value: models.Text | None, lang: str, fallback: str, expected: str
) -> None:
    assert resolve_text(value, lang, fallback) == expected
    assert Language(lang if lang in ("fr", "en") else "en", fallback, "MAD").text(value) == (
        resolve_text(value, lang if lang in ("fr", "en") else "en", fallback)
    )
    if fallback == lang:
        assert coverage.text(value, lang) == expected
    if value is not None:
        # diff has no reader's language: the first one given
        assert diff_report._text(value) == resolve_text(value)

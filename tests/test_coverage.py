"""Planning-quality rules: each one triggered by one change, silent otherwise.

`tests/data/coverage/clean` (an overlay on `minimal`) is a plan with no gap;
each test loads it, breaks one thing in the models and looks at what the
rules report (code and data path: places are tested through the CLI).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINIMAL, overlay
from roadmap import coverage, models
from roadmap.dataset import Data
from roadmap.problems import Severity, UsageError
from roadmap.validation import validate

CLEAN = EXAMPLES / "coverage" / "clean"


def clean_folder(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    overlay(CLEAN, root)
    return root


@pytest.fixture
def data(tmp_path: Path) -> Data:
    loaded, problems = validate(clean_folder(tmp_path), {2026})
    assert problems == []
    return loaded


def plan(data: Data) -> models.Plan:
    return data.plans[2026]


def action(data: Data, action_id: str) -> models.Action:
    return next(a for a in plan(data).actions if a.id == action_id)


def found(data: Data, **settings: coverage.RuleSettings) -> list[tuple[str, str, tuple]]:  # type: ignore[type-arg]
    return [(f.code, f.source.path.name, f.loc) for f in coverage.run(data, 2026, settings)]


def test_the_clean_plan_has_no_gap(data: Data) -> None:
    assert found(data) == []


def test_every_finding_is_a_warning_named_after_its_rule(data: Data) -> None:
    action(data, "A8").kpis = []
    findings = coverage.run(data, 2026)
    assert findings and all(f.severity is Severity.WARNING for f in findings)
    assert {f.code for f in findings} <= set(coverage.RULES)


def test_rule_names_are_stable() -> None:
    assert list(coverage.RULES) == [
        "market-without-action",
        "zone-lever-unused",
        "destination-without-action",
        "low-season-month-uncovered",
        "high-potential-without-action",
        "proposal-unanswered",
        "action-without-kpi",
        "action-without-owner",
        "action-without-month",
        "budget-concentration",
        "unsourced",
    ]


Break = Callable[[Data], None]


def _set(action_id: str, **fields: object) -> Break:
    def apply(data: Data) -> None:
        for key, value in fields.items():
            setattr(action(data, action_id), key, value)

    return apply


def _both(*breaks: Break) -> Break:
    def apply(data: Data) -> None:
        for b in breaks:
            b(data)

    return apply


TRIGGERS: dict[str, tuple[Break, list[tuple[str, str, tuple]]]] = {  # type: ignore[type-arg]
    # US loses both its actions; so the Americas' influence lever goes unused.
    "market-without-action": (
        _both(_set("A5", markets=[]), _set("A6", markets=[])),
        [
            ("market-without-action", "2026.yaml", ("markets", 3, "market")),
            ("zone-lever-unused", "markets.yaml", ("zones", 2, "levers", 0)),
        ],
    ),
    # The Americas need influence; A5 was its only influence action.
    "zone-lever-unused": (
        _set("A5", lever="distribution"),
        [("zone-lever-unused", "markets.yaml", ("zones", 2, "levers", 0))],
    ),
    # Merzouga is the plan's emerging choice for Draa-Tafilalet.
    "destination-without-action (the plan's choice)": (
        _set("A6", destination=None),
        [("destination-without-action", "2026.yaml", ("destinations", 0, "emerging"))],
    ),
    # Marrakech is the lead destination in regions.yaml (no choice in the plan).
    "destination-without-action (regions.yaml's role)": (
        _set("A4", destination=None),
        [
            (
                "destination-without-action",
                "regions.yaml",
                ("regions", 0, "destinations", 0, "id"),
            )
        ],
    ),
    # March and April (1.27 < mean 1.45) were covered only by A2.
    "low-season-month-uncovered": (
        _set("A2", deseasonalisation=False),
        [
            (
                "low-season-month-uncovered",
                "2026.yaml",
                ("priorities", "deseasonalisation", "seasonality", "values", 2),
            ),
            (
                "low-season-month-uncovered",
                "2026.yaml",
                ("priorities", "deseasonalisation", "seasonality", "values", 3),
            ),
        ],
    ),
    # Ouarzazate is high-potential and the plan's lead for its region.
    "high-potential-without-action": (
        _set("A5", destination=None),
        [
            ("destination-without-action", "2026.yaml", ("destinations", 0, "lead")),
            (
                "high-potential-without-action",
                "2026.yaml",
                ("priorities", "high_potential", "destinations", 1),
            ),
        ],
    ),
    "proposal-unanswered (open)": (
        _both(_set("A3", answers=[]), _set("A4", answers=[])),
        [("proposal-unanswered", "2026.yaml", ("proposals", 1, "status"))],
    ),
    "action-without-kpi": (
        _set("A8", kpis=[]),
        [("action-without-kpi", "2026.yaml", ("actions", 7, "id"))],
    ),
    "action-without-owner": (
        _set("A8", owner=None),
        [("action-without-owner", "2026.yaml", ("actions", 7, "id"))],
    ),
    "action-without-month": (
        _set("A8", months=[]),
        [("action-without-month", "2026.yaml", ("actions", 7, "id"))],
    ),
    # Content (A1, A8) holds 7M of 13M (54% > 40%); markets and regions stay under 25%.
    "budget-concentration (lever)": (
        _set("A8", budget=5_000_000),
        [("budget-concentration", "2026.yaml", ("actions", 0, "lever"))],
    ),
    # FR: 4M of 11M (36% > 25%); content 5M of 11M (45% > 40%).
    "budget-concentration (market)": (
        _set("A1", budget=4_000_000, cofinancing=[]),
        [
            ("budget-concentration", "2026.yaml", ("markets", 0, "market")),
            ("budget-concentration", "2026.yaml", ("actions", 0, "lever")),
        ],
    ),
    # Draa-Tafilalet: 4M of 11M (36% > 25%); A6 leaves its market to keep US under 25%.
    "budget-concentration (region)": (
        _set("A6", budget=2_500_000, markets=[]),
        [("budget-concentration", "2026.yaml", ("actions", 4, "region"))],
    ),
}


@pytest.mark.parametrize("case", list(TRIGGERS))
def test_rule_triggers(data: Data, case: str) -> None:
    apply, expected = TRIGGERS[case]
    apply(data)
    assert sorted(found(data)) == sorted(expected)


def test_a_market_outside_the_plan_needs_no_action(data: Data) -> None:
    # US leaves the plan's priority markets: neither its missing actions nor
    # its zone's unused lever are gaps any more.
    plan(data).markets = [pm for pm in plan(data).markets if pm.market != "US"]
    for a in ("A5", "A6"):
        action(data, a).markets = []
    assert found(data) == []


def test_the_plans_choice_replaces_the_regions_role(data: Data) -> None:
    # Zagora becomes the plan's emerging destination and gets Merzouga's action:
    # Merzouga, now without action, is no longer a gap.
    plan(data).destinations[0].emerging = "zagora"
    action(data, "A6").destination = "zagora"
    assert found(data) == []


def test_only_deseasonalisation_actions_cover_a_low_month(data: Data) -> None:
    # A7 runs in June; June is not low season (1.50 > mean), so nothing changes
    # when it is not flagged; moving it to March does not cover March either.
    action(data, "A2").deseasonalisation = False
    action(data, "A7").months = [3, 4]
    codes = [c for c, _, _ in found(data)]
    assert codes == ["low-season-month-uncovered"] * 2


def test_an_even_year_has_no_low_season(data: Data) -> None:
    plan(data).priorities.deseasonalisation.seasonality.values = [1.0] * 12
    for a in plan(data).actions:
        a.deseasonalisation = False
    assert found(data) == []


def test_answered_proposals(data: Data) -> None:
    # Clean plan: P1 taken-up (A5), P2 open but answered (A3, A4), P3 declined
    # with a reason, P4 deferred with a reason: none is flagged.
    statuses = {p.id: p.status for p in plan(data).proposals}
    assert statuses == {"P1": "taken-up", "P2": "open", "P3": "declined", "P4": "deferred"}
    assert found(data) == []


def test_a_deferred_proposal_needs_a_reason(data: Data) -> None:
    plan(data).proposals[3].reason = None
    assert found(data) == [("proposal-unanswered", "2026.yaml", ("proposals", 3, "status"))]


def test_a_disabled_rule_is_silent(data: Data) -> None:
    action(data, "A8").kpis = []
    off = coverage.RuleSettings(enabled=False)
    assert found(data, **{"action-without-kpi": off}) == []


def test_thresholds_are_tunable(data: Data) -> None:
    _set("A1", budget=4_000_000, cofinancing=[])(data)
    loose = coverage.RuleSettings(options={"threshold": 0.5, "lever-threshold": 0.5})
    assert found(data, **{"budget-concentration": loose}) == []
    market_only = coverage.RuleSettings(options={"lever-threshold": 0.5})
    assert found(data, **{"budget-concentration": market_only}) == [
        ("budget-concentration", "2026.yaml", ("markets", 0, "market"))
    ]


def test_a_budget_on_several_markets_is_split_between_them(data: Data) -> None:
    shares = coverage.budget_shares(plan(data))
    assert shares["market"] == {"FR": 2e6, "ES": 2e6, "NO": 2e6, "US": 2e6}
    action(data, "A8").markets = ["FR", "ES"]
    shares = coverage.budget_shares(plan(data))
    assert shares["market"]["FR"] == shares["market"]["ES"] == 2.5e6
    assert shares["region"] == {"marrakech-safi": 2e6, "draa-tafilalet": 2e6}


def test_a_plan_without_budget_has_no_concentration(data: Data) -> None:
    for a in plan(data).actions:
        a.budget = 0
        a.cofinancing = []
    assert found(data) == []


def test_messages_name_what_is_missing(data: Data) -> None:
    _both(_set("A5", markets=[]), _set("A6", markets=[]))(data)
    problem = next(p for p in coverage.warnings(data, 2026) if p.code == "market-without-action")
    assert problem.message == "priority market 'US' (United States) has no action in 2026"
    assert problem.severity is Severity.WARNING
    assert (problem.line, problem.column) == (13, 14)


def test_the_coverage_matrix(data: Data) -> None:
    m = coverage.matrix(data, 2026)
    assert m["levers"] == ["air-connectivity", "distribution", "content", "influence"]
    rows = {r["id"]: r["counts"] for r in m["markets"]}
    assert rows == {
        "FR": [0, 0, 1, 0],
        "ES": [1, 1, 0, 0],
        "NO": [1, 1, 0, 0],
        "US": [0, 1, 0, 1],
    }
    assert [r["id"] for r in m["markets"]] == ["FR", "ES", "NO", "US"]
    dests = {
        r["id"]: (
            r["lead"]["id"],
            r["lead"]["actions"],
            r["emerging"]["id"],
            r["emerging"]["actions"],
        )
        for r in m["destinations"]
    }
    assert dests == {
        "marrakech-safi": ("marrakech", 1, "essaouira", 1),
        "draa-tafilalet": ("ouarzazate", 1, "merzouga", 1),
    }


def test_the_matrix_lists_markets_with_actions_outside_the_plan(data: Data) -> None:
    plan(data).markets = [pm for pm in plan(data).markets if pm.market != "ES"]
    m = coverage.matrix(data, 2026, lang="en")
    assert [(r["id"], r["priority"]) for r in m["markets"]] == [
        ("FR", True),
        ("NO", True),
        ("US", True),
        ("ES", False),
    ]
    assert m["markets"][1]["name"] == "Norway"


def test_text_falls_back_to_the_first_language() -> None:
    assert coverage.text({"en": "Film"}, "fr") == "Film"
    assert coverage.text({"fr": "Cinéma", "en": "Film"}, "en") == "Film"
    assert coverage.text("Plain", "en") == "Plain"
    assert coverage.text(None, "en") == ""


def test_rules_need_valid_data(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no valid plan for 2026"):
        coverage.run(Data(tmp_path), 2026)


def test_the_built_plan_shows_the_warnings_and_the_matrices(data: Data) -> None:
    from roadmap.build import render

    action(data, "A8").kpis = []
    (md,) = render(data, 2026, ["md"], lang="en")
    assert (
        "| plans/2026.yaml:166 | action-without-kpi | "
        "Action Marque nationale, contenus (A8) has no KPI: its impact cannot be measured |\n"
    ) in md.content
    assert "| France | 0 | 0 | 1 | 0 | 1 |\n" in md.content
    assert "| Marrakech-Safi | Marrakech | 1 | Essaouira | 1 |\n" in md.content
    (html,) = render(data, 2026, ["html"], lang="en")
    assert (
        "<tr><td><code>plans/2026.yaml:166</code></td><td><code>action-without-kpi</code></td>"
        "<td>Action Marque nationale, contenus (A8) has no KPI: "
        "its impact cannot be measured</td></tr>"
    ) in html.content
    assert 'id="coverage-markets"' in html.content


def test_the_built_plan_follows_the_rule_configuration(data: Data) -> None:
    from roadmap.build import render

    action(data, "A8").kpis = []
    (data.root / "roadmap.toml").write_text("[rules]\naction-without-kpi = false\n")
    (md,) = render(data, 2026, ["md"], lang="en")
    assert "has no KPI" not in md.content

"""Numbers: every one has a range, and money is summed exactly.

A value outside its range (nan, inf, 1e400, a budget of 1e26, more digits
than a float keeps) is an error at its place; the largest accepted values
build, check, diff and export with exact totals.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_decimal
from pydantic import BaseModel, ValidationError
from typer.testing import CliRunner

from conftest import DEFAULT_DATA
from roadmap import config, indicators, models
from roadmap.allocation import allocate, budget_split, keys_of
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS
from roadmap.core_schema import core_value
from roadmap.i18n import CATALOGUES
from roadmap.messages import explain
from roadmap.validation import validate

MAX = models.MONEY_MAX


def _read(data: Any) -> Any:
    """Values written as in a file, read as the loader reads them (YAML 1.2 core)."""
    if isinstance(data, str):
        return core_value(data)
    if isinstance(data, list):
        return [_read(v) for v in data]
    if isinstance(data, dict):
        return {k: _read(v) for k, v in data.items()}
    return data


def _errors(model: type[BaseModel], data: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, message) of each error validating `data`, written as in a file."""
    try:
        model.model_validate(_read(data))
    except ValidationError as exc:
        return [explain(e, model)[1:3] for e in exc.errors(include_url=False)]
    return []


def _funding(amount: str) -> dict[str, Any]:
    return {"partner": "ONMT", "amount": _read(amount)}


def _kpi(target: str) -> dict[str, Any]:
    return {"indicator": "x", "unit": "y", "target": _read(target)}


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "1e26",
            "amount 1e26 is out of range: amounts are whole numbers from 0 to "
            "1,000,000,000,000,000",
        ),
        ("100000000000000000000000000", "amount 100000000000000000000000000 is out of range"),
        ("1000000000000001", "amount 1000000000000001 is out of range"),
        ("-1", "amount -1 is out of range"),
        (".nan", "amount .nan is out of range"),
        (".inf", "amount .inf is out of range"),
        ("-.inf", "amount -.inf is out of range"),
        # YAML reads both as a float, which overflows to infinity
        ("1e400", "amount .inf is out of range"),
        ("9" * 5000, "amount .inf is out of range"),
    ],
)
def test_an_amount_out_of_range_is_refused(text: str, message: str) -> None:
    [(code, said)] = _errors(models.Funding, _funding(text))
    assert code == "out-of-range"
    assert said.startswith(message)


@pytest.mark.parametrize("text", ["5.5", "abc", "nan", "1_000"])
def test_an_amount_that_is_no_whole_number_says_so(text: str) -> None:
    assert _errors(models.Funding, _funding(text)) == [
        ("bad-type", f"expected a whole number, got {text!r}")
    ]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1000000000000000", MAX),
        ("1e15", MAX),  # a whole number, as JSON Schema's integer sees it
        ("0", 0),
        ("-0", 0),
        ("0x10", 16),
        ("7.0", 7),
    ],
)
def test_amounts_in_range_are_accepted(text: str, amount: int) -> None:
    assert models.Funding.model_validate(_funding(text)).amount == amount


@pytest.mark.parametrize(
    ("text", "shown", "what"),
    [
        (".nan", ".nan", "is out of range"),
        (".NaN", ".nan", "is out of range"),
        (".inf", ".inf", "is out of range"),
        ("-.Inf", "-.inf", "is out of range"),
        ("1e400", ".inf", "is out of range"),
        ("1e16", "1e16", "is out of range"),
        ("-1000000000000000.5", "-1000000000000000.5", "is out of range"),
        ("0.1234567", "0.1234567", "has too many digits"),
        ("123456789012345.6", "123456789012345.6", "has too many digits"),  # 16 digits
        ("1e-7", "1e-7", "has too many digits"),
    ],
)
def test_a_real_number_out_of_range_is_refused(text: str, shown: str, what: str) -> None:
    [(code, said)] = _errors(models.Kpi, _kpi(text))
    assert code == "out-of-range"
    assert said == f"target {shown} {what}: {models.REAL.rule}"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1000000000000000", 1e15),
        ("-1e15", -1e15),
        ("0.000001", 1e-6),
        ("123456789.123456", 123456789.123456),
        ("21.5", 21.5),
    ],
)
def test_real_numbers_in_range_are_accepted(text: str, value: float) -> None:
    assert models.Kpi.model_validate(_kpi(text)).target == value


def test_minus_zero_is_zero() -> None:
    target = models.Kpi.model_validate(_kpi("-0")).target
    assert target == 0 and math.copysign(1, target) == 1  # never shown as "-0"


def test_a_seasonality_value_may_not_be_negative() -> None:
    profile = {"values": ["1"] * 11 + ["-0.5"], "unit": "u", "year": "2024", "source": "s"}
    assert _errors(models.Seasonality, profile) == [
        ("out-of-range", f"value -0.5 is out of range: {models.PROFILE.rule}")
    ]
    profile["values"] = ["0"] * 11 + ["1000000000000000"]
    assert models.Seasonality.model_validate(_read(profile)).values[-1] == 1e15


@pytest.mark.parametrize(("text", "ok"), [("1899", False), ("1900", True), ("2201", False)])
def test_years_have_a_range(text: str, ok: bool) -> None:
    errors = _errors(models.Figure, {"value": "1", "unit": "u", "year": text, "source": "s"})
    assert errors == (
        []
        if ok
        else [
            (
                "out-of-range",
                f"year {text} is out of range: years are whole numbers from 1900 to 2200",
            )
        ]
    )


def test_each_range_is_in_the_json_schema() -> None:
    schema = models.Action.model_json_schema()
    assert schema["properties"]["budget"]["maximum"] == MAX
    assert schema["properties"]["budget"]["minimum"] == 0
    kpi = schema["$defs"]["Kpi"]["properties"]["target"]
    assert (kpi["minimum"], kpi["maximum"]) == (-models.REAL_MAX, models.REAL_MAX)
    values = models.Seasonality.model_json_schema()["properties"]["values"]["items"]
    assert (values["minimum"], values["maximum"]) == (0, models.REAL_MAX)


def test_the_shipped_schemas_and_reference_carry_the_ranges() -> None:
    root = Path(__file__).parent.parent
    plan = json.loads((root / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    budget = plan["$defs"]["Action"]["properties"]["budget"]
    assert budget["maximum"] == MAX
    reference = (root / "docs" / "data-format.md").read_text(encoding="utf-8")
    for _, numbers in models.NUMBERS:
        assert numbers.rule in reference


# --------------------------------------------------------------------------- config


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+inf", "1e400", "0", "1.5", "-0.1"])
def test_a_threshold_out_of_range_is_a_placed_config_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "roadmap.toml").write_text(
        f"[rules.budget-concentration]\nlever-threshold = 0.5\nthreshold = {value}\n"
    )
    loaded = config.load(tmp_path)
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.code) == (3, 1, "config-bad-value")
    assert models.SHARE.rule in problem.message


@pytest.mark.parametrize("value", ["1", "1.0", "0.000001", "0.25"])
def test_a_threshold_in_range_is_accepted(tmp_path: Path, value: str) -> None:
    (tmp_path / "roadmap.toml").write_text(f"[rules.budget-concentration]\nthreshold = {value}\n")
    loaded = config.load(tmp_path)
    assert loaded.problems == []
    assert loaded.rules["budget-concentration"].options["threshold"] == float(value)


# --------------------------------------------------------------------------- exact sums


def test_a_float_sum_of_large_amounts_is_wrong_and_allocate_is_exact() -> None:
    amounts = [MAX] * 10 + [1]
    assert sum(float(a) for a in amounts) == 10**16  # the one is lost in a float
    assert allocate(((a, ["x"]) for a in amounts), "") == {"x": 10**16 + 1}


def test_a_split_budget_is_shared_exactly() -> None:
    items = [(MAX, ["a", "b", "c"])] * 3 + [(1, ["a"]), (2, [])]
    out = allocate(items, "none")
    assert out == {"a": MAX + 1, "b": MAX, "c": MAX, "none": 2}
    assert all(isinstance(v, Fraction) for v in out.values())
    assert allocate([(MAX, ["a", "a", "b"])], "") == {"a": Fraction(MAX, 2), "b": Fraction(MAX, 2)}


def test_one_key_counts_whole_beside_shared_and_repeated_keys() -> None:
    # one key (the common case, taken without deduplicating), the same key
    # twice (one key after all) and two keys, mixed, in any order
    items = [(6, ["a"]), (6, ["a", "a"]), (6, ["a", "b"]), (6, ("b",)), (6, [])]
    assert allocate(items, "") == {"a": 15, "b": 9, "": 6}
    assert allocate(list(reversed(items)), "") == {"a": 15, "b": 9, "": 6}


def test_budget_split_with_the_callers_keys_is_the_same_split() -> None:
    data, _ = validate(DEFAULT_DATA, years={2026})
    assert data.markets is not None
    plan, zones = data.plans[2026], {m.id: m.zone for m in data.markets.markets}
    keys = [keys_of(a, zones) for a in plan.actions]
    assert budget_split(plan.actions, zones, keys) == budget_split(plan.actions, zones)
    with pytest.raises(ValueError):  # one action's keys missing
        budget_split(plan.actions, zones, keys[:-1])


def test_100000_actions_at_the_maximum_add_up_exactly() -> None:
    out = allocate(((MAX, ["x", "y", "z"]) for _ in range(100_000)), "")
    assert out["x"] * 3 == 100_000 * MAX
    total = sum(out.values())
    assert total == 10**20
    # and Babel prints it with its default context (28 significant digits)
    assert format_decimal(int(total), locale="en") == "100,000,000,000,000,000,000"


def test_shares_and_funding_are_exact() -> None:
    assert indicators.shares({"a": MAX * 10, "b": 1}) == {
        "a": (MAX * 10) / (MAX * 10 + 1),
        "b": 1 / (MAX * 10 + 1),
    }
    split = indicators.funding_split([("public", MAX)] * 10 + [("private", 1), ("public", 1)])
    assert (split.public, split.private, split.total) == (10**16 + 1, 1, 10**16 + 2)


# --------------------------------------------------------------------------- end to end

#: Actions at the largest budget; one more action of 1 makes a total a float can't hold.
N = 30  # a zone gets 10^16 + 1: above 2^53, where a float drops the 1
TOTAL = N * MAX + 1


def _largest(root: Path) -> None:
    """The minimal plan with every number at the edge of its range."""
    path = root / "plans" / "2026.yaml"
    plan = path.read_text(encoding="utf-8")
    head = plan.partition("actions:\n")[0]
    head = head.replace("value: 19.8", "value: 0.000001").replace(
        "target: 21.5", "target: 1000000000000000"
    )
    head = head.replace("value: 2.6", "value: -1000000000000000").replace(
        "target: 2.3", "target: 999999999999999"
    )
    head = re.sub(
        r"values: \[.*\]",
        "values: [1000000000000000, 0.000001, 999999999.999999, 1, 2, 3, 4, 5, 6, 7, 8, "
        "123456789.123456]",
        head,
    )
    actions = [
        f"""  - id: A{i}
    title: Action {i}
    markets: [FR, ES, US, NO]
    region: marrakech-safi
    destination: essaouira
    lever: content
    sectors: [culture-heritage, seaside, film]
    owner: ONMT
    months: [1, 2, 3, 5, 7, 11, 12]
    budget: {MAX}
    cofinancing:
      - {{partner: ONMT, amount: {MAX - 1}}}
      - {{partner: FNIH, amount: 1}}
    kpis:
      - {{indicator: x, unit: y, target: {MAX}, baseline: -{MAX}}}
      - {{indicator: x, unit: y, target: 0.000001, baseline: 999999999999999}}
    deseasonalisation: true
    answers: [P1]
"""
        for i in range(N)
    ]
    one = """  - id: ONE
    title: One unit
    markets: [FR]
    region: draa-tafilalet
    lever: influence
    owner: ONMT
    months: [1]
    budget: 1
"""
    path.write_text(head + "actions:\n" + "".join(actions) + one, encoding="utf-8")


@pytest.fixture
def largest(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _largest(minimal)
    monkeypatch.chdir(minimal.parent)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return minimal


def _invoke(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def test_the_largest_values_validate(largest: Path) -> None:
    """Every value at its bound is accepted, and one unit more is not."""
    result = _invoke("validate", "--data", "data", "--format", "json")
    assert result.exit_code == EXIT_OK, result.output
    assert json.loads(result.stdout)["problems"] == []
    plan = largest / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    assert f"budget: {MAX}" in text  # the fixture really planted the maximum
    plan.write_text(text.replace(f"budget: {MAX}", f"budget: {MAX + 1}", 1), encoding="utf-8")
    over = _invoke("validate", "--data", "data", "--format", "json")
    assert over.exit_code == 1
    assert [p["code"] for p in json.loads(over.stdout)["problems"]] == ["out-of-range"]


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_the_largest_values_build_in_every_language(largest: Path, lang: str) -> None:
    result = _invoke("build", "2026", "--data", "data", "--lang", lang, "--out", "out", "--quiet")
    assert result.exit_code == EXIT_OK, result.output
    md = (largest.parent / "out" / f"plan-2026.{lang}.md").read_text(encoding="utf-8")
    html = (largest.parent / "out" / f"plan-2026.{lang}.html").read_text(encoding="utf-8")
    total = format_decimal(TOTAL, locale=lang)
    # the total, and Western Europe's third of the split budgets plus the one unit
    western = format_decimal(N * MAX // 3 + 1, locale=lang)
    for text in (md, html):
        assert total in text
        assert western in text
        assert not re.search(r"\b(nan|inf|NaN|Infinity)\b|\d[eE][+-]\d", text)


def test_the_largest_values_check_with_exact_amounts(largest: Path) -> None:
    result = _invoke("check", "2026", "--data", "data", "--format", "json", "--lang", "en")
    assert result.exit_code == EXIT_OK, result.output
    messages = [p["message"] for p in json.loads(result.stdout)["problems"]]
    region = next(m for m in messages if m.startswith("region 'marrakech-safi' holds"))
    assert f"({N * MAX:,} of {TOTAL:,} MAD)" in region


def test_the_largest_values_diff_with_exact_totals(largest: Path, tmp_path: Path) -> None:
    before = tmp_path / "before.yaml"
    plan = largest / "plans" / "2026.yaml"
    before.write_text(plan.read_text(encoding="utf-8"), encoding="utf-8")
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("    budget: 1\n", "    budget: 2\n").replace(
            "target: 999999999999999", "target: 99999999999999.9"
        ),
        encoding="utf-8",
    )
    result = _invoke("diff", str(before), "data/plans/2026.yaml", "--format", "json")
    assert result.exit_code == EXIT_OK, result.output
    report = json.loads(result.stdout, parse_float=Decimal)
    assert report["budgets"]["total"] == {
        "key": "total",
        "before": TOTAL,
        "after": TOTAL + 1,
        "change": 1,
        "percent": Decimal("0.0"),
    }
    zones = {z["key"]: z for z in report["budgets"]["zone"]}
    assert zones["western-europe"]["after"] == N * MAX // 3 + 2
    [target] = report["targets"]
    assert target["change"] == Decimal("-899999999999999.1")  # 16 digits: no float has them
    for fmt in ("text", "md"):
        shown = _invoke(
            "diff", str(before), "data/plans/2026.yaml", "--format", fmt, "--lang", "en"
        )
        assert shown.exit_code == EXIT_OK, shown.output
        assert f"{TOTAL + 1:,}" in shown.stdout
        assert "-899,999,999,999,999.1" in shown.stdout


def test_the_largest_values_export_exactly(largest: Path) -> None:
    result = _invoke("export", "2026", "--data", "data", "--format", "json")
    assert result.exit_code == EXIT_OK, result.output
    actions = json.loads(result.stdout)["actions"]
    assert sum(a["budget"] for a in actions) == TOTAL
    assert actions[0]["kpis"][0]["target"] == MAX
    result = _invoke("export", "2026", "--data", "data", "--format", "csv", "--keys")
    assert result.exit_code == EXIT_OK, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert sum(int(r["budget"]) for r in rows) == TOTAL
    assert "x: 0.000001 y" in rows[0]["kpis"]  # as written, not 1e-06


def test_a_budget_out_of_range_stops_the_build_at_its_place(largest: Path) -> None:
    plan = largest / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("    budget: 1\n", "    budget: 1e26\n"),
        encoding="utf-8",
    )
    result = _invoke("build", "2026", "--data", "data", "--out", "out")
    assert result.exit_code == EXIT_PROBLEMS
    line = next(
        i
        for i, text in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1)
        if "budget: 1e26" in text
    )
    assert result.stdout.startswith(
        f"data/plans/2026.yaml:{line}:13: error out-of-range budget 1e26 is out of range: "
        "amounts are whole numbers from 0 to 1,000,000,000,000,000"
    )

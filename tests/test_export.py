"""`roadmap export YEAR --format csv|json`: columns, dialect, hostile cells."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap import export
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


@pytest.fixture
def data(clean: Path) -> Path:
    return clean


def run(runner: CliRunner, *args: str) -> tuple[int, bytes]:
    # --keys: these tests read cells by the stable column keys; headers in the
    # dataset's language are test_command_languages'.
    result = runner.invoke(app, ["export", "2026", "--keys", *args])
    assert b"Traceback" not in result.stdout_bytes
    return result.exit_code, result.stdout_bytes


def rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_dialect(runner: CliRunner, data: Path) -> None:
    code, out = run(runner, "--format", "csv")
    assert code == EXIT_OK
    assert out.startswith(b"\xef\xbb\xbfid,title,markets,zones,region,")
    lines = out.split(b"\r\n")
    assert lines[-1] == b""  # every line, the last too, ends with CRLF
    assert all(b"\n" not in line for line in lines)
    assert len(lines) == 1 + 8 + 1
    assert lines[0].decode("utf-8-sig") == ",".join(export.COLUMNS)


def test_csv_cells(runner: CliRunner, data: Path) -> None:
    table = {row["id"]: row for row in rows(run(runner, "--format", "csv")[1])}
    assert list(table) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"]
    a1 = table["A1"]
    assert a1 == {
        "id": "A1",
        "title": "Campagne hiver en France",  # the dataset's language: fr
        "markets": "FR",
        "zones": "western-europe",
        "region": "",
        "destination": "",
        "lever": "content",
        "sectors": "",
        "owner": "ONMT",
        "co_owners": "CNT",
        "months": "1; 2; 11",
        "budget": "2000000",
        "cofinancing": "ONMT=1500000; CNT=500000",
        "kpis": "Réservations: 12000 bookings",
        "answers": "",
        "deseasonalisation": "true",
        "status": "planned",
    }
    assert table["A5"]["title"] == "Ouarzazate, terre de cinéma"
    assert table["A4"]["answers"] == "P2"
    assert table["A4"]["markets"] == "NO"
    assert table["A3"]["status"] == "done"


def test_csv_zones_follow_the_markets(runner: CliRunner, data: Path) -> None:
    plan = data / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "    markets: [FR]\n", "    markets: [FR, US, ES]\n"
        ),
        encoding="utf-8",
    )
    a1 = rows(run(runner, "--format", "csv")[1])[0]
    assert (a1["markets"], a1["zones"]) == ("FR; US; ES", "western-europe; americas")


HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_formula_injection_is_neutralised(runner: CliRunner, data: Path, title: str) -> None:
    plan = data / "plans" / "2026.yaml"
    quoted = json.dumps(title)  # a JSON string is a valid YAML double-quoted scalar
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "    title: Marque nationale, contenus\n", f"    title: {quoted}\n"
        ),
        encoding="utf-8",
    )
    a8 = rows(run(runner, "--format", "csv")[1])[-1]
    assert a8["title"] == "'" + title
    # Numbers are left alone, and JSON is not a spreadsheet: it keeps the text.
    assert a8["budget"] == "1000000"
    doc = json.loads(run(runner, "--format", "json")[1])
    assert doc["actions"][-1]["title"] == title


def test_every_kind_of_text_cell_is_neutralised(data: Path) -> None:
    from roadmap.validation import validate

    loaded, _ = validate(data, {2026})
    action = loaded.plans[2026].actions[0]
    action.kpis[0].indicator = "=cmd"
    action.title = {"fr": "@x", "en": "ok"}
    action.cofinancing = []
    out = export.to_csv(loaded.plans[2026], loaded.markets, "fr")
    a1 = next(csv.DictReader(io.StringIO(out.lstrip("\ufeff"), newline="")))
    assert a1["kpis"] == "'=cmd: 12000 bookings"
    assert a1["title"] == "'@x"
    assert export.neutralise("plain") == "plain"
    assert export.neutralise("a=b") == "a=b"


def test_a_title_with_commas_quotes_and_line_breaks(runner: CliRunner, data: Path) -> None:
    plan = data / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "    title: Marque nationale, contenus\n",
            '    title: "Dit \\"oui\\", puis\\nnon"\n',
        ),
        encoding="utf-8",
    )
    out = run(runner, "--format", "csv")[1]
    assert b'"Dit ""oui"", puis\nnon"' in out
    assert rows(out)[-1]["title"] == 'Dit "oui", puis\nnon'


def test_json_layout(runner: CliRunner, data: Path) -> None:
    code, out = run(runner, "--format", "json")
    assert code == EXIT_OK
    doc = json.loads(out)
    assert list(doc) == ["version", "year", "language", "currency", "columns", "actions"]
    assert (doc["version"], doc["year"], doc["language"], doc["currency"]) == (
        1,
        2026,
        "fr",
        "MAD",
    )
    assert doc["columns"] == list(export.COLUMNS)
    a1 = doc["actions"][0]
    assert list(a1) == list(export.COLUMNS)
    assert a1["months"] == [1, 2, 11]
    assert a1["budget"] == 2000000
    assert a1["cofinancing"] == [
        {"partner": "ONMT", "amount": 1500000},
        {"partner": "CNT", "amount": 500000},
    ]
    assert a1["kpis"] == [
        {"indicator": "Réservations", "unit": "bookings", "target": 12000, "baseline": 10000}
    ]
    assert a1["region"] is None
    assert a1["deseasonalisation"] is True
    a2 = doc["actions"][1]
    assert a2["kpis"][0]["baseline"] is None
    assert "É" in out.decode("utf-8")  # real UTF-8, not \u escapes


def test_out_writes_the_same_bytes(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    for fmt in ("csv", "json"):
        target = tmp_path / "out" / f"actions.{fmt}"
        code, printed = run(runner, "--format", fmt, "--out", str(target))
        assert (code, printed) == (EXIT_OK, b"")
        assert target.read_bytes() == run(runner, "--format", fmt)[1]
        assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []


def test_output_is_deterministic(runner: CliRunner, data: Path) -> None:
    assert run(runner, "--format", "csv")[1] == run(runner, "--format", "csv")[1]


def test_data_errors(runner: CliRunner, data: Path) -> None:
    plan = data / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("lever: influence", "lever: influense"),
        encoding="utf-8",
    )
    code, out = run(runner, "--format", "csv")
    assert code == EXIT_PROBLEMS
    assert b"error unknown-lever" in out


def test_a_missing_plan(runner: CliRunner, data: Path) -> None:
    result = runner.invoke(app, ["export", "2031", "--format", "json"])
    assert result.exit_code == EXIT_USAGE
    assert result.output.startswith("roadmap: error: no plan for 2031: ")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--format", "xls"],
        ["--format", "csv", "--data", "nowhere"],
    ],
)
def test_usage_errors(runner: CliRunner, data: Path, args: list[str]) -> None:
    assert run(runner, *args)[0] == EXIT_USAGE


def test_an_unwritable_out_is_one_line(runner: CliRunner, data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(
        app, ["export", "2026", "--format", "csv", "--out", str(blocker / "a.csv")]
    )
    assert result.exit_code == EXIT_USAGE
    assert result.output.startswith("roadmap: error: cannot write to ")


def test_unknown_format_in_the_core(data: Path) -> None:
    from roadmap.validation import validate

    loaded, _ = validate(data, {2026})
    # xlsx is a workbook written by roadmap.sheets, not text: not this function's
    with pytest.raises(ValueError, match="xlsx"):
        export.export(loaded.plans[2026], loaded.markets, "xlsx", "fr", "MAD")

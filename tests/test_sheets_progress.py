"""`roadmap import progress`: an office's sheet written as a dated progress review."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.loader import SourceFile
from roadmap.validation import validate


def run(runner: CliRunner, data: Path, sheet: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["import", "progress", str(sheet), "--year", "2026", "-d", str(data), *extra],
    )
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def review(data: Path, day: str = "2026-06-30") -> Path:
    return data / "progress" / "2026" / f"{day}.yaml"


def test_a_french_sheet_becomes_a_review(minimal: Path, runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "bilan.csv"
    sheet.write_text(
        "action;status;committed;spent;note.date;note.text.fr;reason\n"
        "A1;Ongoing;1 500 000;1.200.000;15/06/2026;Campagne lancée;\n"
        "A2;;;;;;\n",  # the template's row with the id alone: left out
        encoding="utf-8",
    )
    code, out, err = run(runner, minimal, sheet, "--as-of", "2026-06-30")
    assert code == 0, err
    assert "1 action(s)" in out
    written = SourceFile.at(review(minimal)).load()
    assert written["actions"] == [
        {
            "action": "A1",
            "status": "ongoing",
            "committed": 1_500_000,
            "spent": 1_200_000,
            "note": {"date": "2026-06-15", "text": {"fr": "Campagne lancée"}},
        }
    ]
    assert review(minimal).read_text(encoding="utf-8").startswith("# Review of the 2026 plan")
    assert not [p for p in validate(minimal, {2026})[1] if p.severity == "error"]


def test_dry_run_writes_nothing(minimal: Path, runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("action,status\nA1,done\n")
    code, out, _err = run(runner, minimal, sheet, "--as-of", "2026-06-30", "--dry-run")
    assert code == 0
    assert "- action: A1\n    status: done\n" in out
    assert not review(minimal).exists()


def test_problems_with_their_cells_and_nothing_written(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(
        "action,status,committed,spent\nA11,done,,\nA1,cancelled,1,2,5,\nA1,done,12 abc,\n"
    )
    code, _out, err = run(runner, minimal, sheet, "--as-of", "2026-06-30")
    assert code == 1
    assert "p.csv:2:1: error unknown-action unknown action 'A11' (did you mean 'A1'?)" in err
    assert "p.csv:3:2: error invalid a cancelled action needs a `reason`" in err
    assert "p.csv:3:5: error cell-no-column" in err
    assert "p.csv:4:3: error cell-value committed: not a number: '12 abc'" in err
    assert not review(minimal).exists()
    assert not review(minimal).parent.exists()


def test_a_review_is_never_replaced_and_dated_in_the_plans_window(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("action,status\nA1,done\n")
    assert run(runner, minimal, sheet, "--as-of", "2026-06-30")[0] == 0
    before = review(minimal).read_bytes()
    code, _out, err = run(runner, minimal, sheet, "--as-of", "2026-06-30")
    assert code == 2 and "never replaced" in err
    assert review(minimal).read_bytes() == before
    code, _out, err = run(runner, minimal, sheet, "--as-of", "2028-01-01")
    assert code == 2 and "dated from 2026-01-01 to 2027-03-31" in err
    code, _out, err = run(runner, minimal, sheet, "--as-of", "30/06/2026")
    assert code == 2 and "YYYY-MM-DD" in err


def test_nothing_reviewed(minimal: Path, runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("action,status\nA1,\nA2,\n")
    code, _out, err = run(runner, minimal, sheet, "--as-of", "2026-06-30")
    assert code == 0 and ("aucune ligne" in err or "no row" in err)
    assert not review(minimal).exists()


def test_the_progress_template_filled_and_imported(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    import datetime as dt

    import openpyxl

    book_path = tmp_path / "revue.xlsx"
    result = runner.invoke(
        app, ["template", "progress", "2026", "-o", str(book_path), "-d", str(minimal)]
    )
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(book_path)
    sheet = book["progress"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "action", "status", "committed", "spent", "kpi", "actual", "note.date", "note.text",
        "reason",
    ]  # fmt: skip
    # a row per action, its KPIs named: A1 has one
    assert [(r[0], r[4]) for r in sheet.iter_rows(min_row=2, max_row=5, values_only=True)] == [
        ("A1", "Réservations"), ("A2", None), ("A3", None), ("A4", None)
    ]  # fmt: skip
    col = {name: openpyxl.utils.get_column_letter(i) for i, name in enumerate(header, start=1)}
    sheet[f"{col['status']}2"], sheet[f"{col['committed']}2"] = "ongoing", 2_000_000
    sheet[f"{col['spent']}2"], sheet[f"{col['actual']}2"] = "1,5E+6", "12 500"
    sheet[f"{col['status']}3"], sheet[f"{col['reason']}3"] = "cancelled", "Reporté à 2027"
    sheet[f"{col['note.date']}4"] = dt.date(2026, 5, 2)
    sheet[f"{col['note.text']}4"] = "Premier salon tenu"
    sheet["A6"], sheet[f"{col['kpi']}6"], sheet[f"{col['actual']}6"] = "A2", "Nuitées", 5
    book.save(book_path)
    code, _out, err = run(runner, minimal, book_path, "--as-of", "2026-06-30")
    assert code == 1
    assert "revue.xlsx:progress!D2: error cell-value spent: not a number" in err
    assert "revue.xlsx:progress!E6: error unknown-kpi action 'A2' has no KPI 'Nuitées'" in err
    sheet[f"{col['spent']}2"] = "1 500 000"
    sheet["A6"] = sheet["E6"] = sheet["F6"] = None
    book.save(book_path)
    code, _out, err = run(runner, minimal, book_path, "--as-of", "2026-06-30")
    assert code == 0, err
    actions = SourceFile.at(review(minimal)).load()["actions"]
    assert [a["action"] for a in actions] == ["A1", "A2", "A3"]
    assert actions[0]["spent"] == 1_500_000
    assert actions[0]["kpis"] == [{"indicator": "Réservations", "actual": 12500}]
    assert actions[2]["note"] == {"date": "2026-05-02", "text": "Premier salon tenu"}
    assert not [p for p in validate(minimal, {2026})[1] if p.severity == "error"]

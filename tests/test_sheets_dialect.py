"""CSV in both directions in a dialect a French-locale spreadsheet opens as it is."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.export import dialect_marks


def export_csv(runner: CliRunner, data: Path, *extra: str) -> str:
    result = runner.invoke(app, ["export", "2026", "-f", "csv", "-d", str(data), "--keys", *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_dialect_marks_follow_the_language() -> None:
    assert dialect_marks("rfc4180", "fr") == (",", ".")
    assert dialect_marks("locale", "fr") == (";", ",")
    assert dialect_marks("locale", "pt-PT") == (";", ",")
    assert dialect_marks("locale", "en") == (",", ".")


def test_locale_dialect_semicolons_and_decimal_commas(minimal: Path, runner: CliRunner) -> None:
    plan = minimal / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "target: 12000" in text
    plan.write_text(text.replace("target: 12000", "target: 12000.5", 1), encoding="utf-8")
    plain = export_csv(runner, minimal)
    local = export_csv(runner, minimal, "--dialect", "locale")
    assert local.startswith("\ufeffid;title;markets;")
    assert "12000.5" in plain and "12000,5" in local and "12000.5" not in local
    rows_plain = list(csv.reader(io.StringIO(plain.lstrip("\ufeff"))))
    rows_local = list(csv.reader(io.StringIO(local.lstrip("\ufeff")), delimiter=";"))
    assert [[c.replace("12000,5", "12000.5") for c in r] for r in rows_local] == rows_plain
    english = export_csv(runner, minimal, "--dialect", "locale", "--lang", "en")
    assert english.startswith("\ufeffid,title,") and "12000.5" in english


def test_bad_dialect_is_a_usage_error(minimal: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["export", "2026", "-f", "csv", "-d", str(minimal), "--dialect", "excel"]
    )
    assert result.exit_code == 2 and "expected rfc4180 or locale" in result.stderr


def test_import_reads_a_semicolon_csv_with_bom(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "fr.csv"
    sheet.write_bytes(
        '\ufeffmeeting;by;text\r\nmazagan-2025;FNIH, CNT;"Des vols ; plus tôt"\r\n'.encode()
    )
    result = runner.invoke(
        app, ["import", "proposals", str(sheet), "--year", "2026", "-d", str(minimal)]
    )
    assert result.exit_code == 0, result.stderr
    text = (minimal / "plans" / "2026.yaml").read_text(encoding="utf-8")
    assert "by: [FNIH, CNT]\n    text: Des vols ; plus tôt\n" in text

"""Bad sheets: each a one-line problem with its place (or a documented conversion),
never a traceback, never a changed plan."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import MINIMAL
from roadmap.cli import app
from roadmap.loader import SourceFile
from roadmap.sheets import read
from sheets_helpers import with_cached, workbook

HEADER = ["meeting", "by", "text"]
ROW = ["mazagan-2025", "FNIH", "Plus de vols"]


@pytest.fixture
def data(minimal: Path) -> Path:
    return minimal


def run(runner: CliRunner, data: Path, sheet: Path, *extra: str) -> tuple[int, str]:
    """Exit code and stderr of an import; the plan must be untouched unless it exits 0."""
    plan = data / "plans" / "2026.yaml"
    before = plan.read_bytes()
    result = runner.invoke(
        app, ["import", "proposals", str(sheet), "--year", "2026", "--data", str(data), *extra]
    )
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        assert plan.read_bytes() == before
    return result.exit_code, result.stderr.replace(str(sheet.parent) + "/", "")


def added(data: Path) -> list[dict[str, object]]:
    proposals: list[dict[str, object]] = SourceFile.at(data / "plans" / "2026.yaml").load()[
        "proposals"
    ]
    return proposals[3:]


def test_empty_workbook_sheet(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    code, err = run(runner, data, workbook(tmp_path / "e.xlsx", []))
    assert code == 1
    assert "e.xlsx:proposals!A1: error sheet-empty the sheet is empty: no header row" in err


def test_empty_csv_and_header_only(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    code, err = run(runner, data, empty)
    assert (code, "e.csv:1:1: error sheet-empty") == (1, err[: len("e.csv:1:1: error sheet-empty")])
    header = tmp_path / "h.csv"
    header.write_text("\n\nmeeting,by,text\n\n")
    code, err = run(runner, data, header)
    assert code == 1 and "h.csv:3:1: error sheet-no-rows" in err


def test_renamed_and_missing_columns(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "c.xlsx", [["Meeting", "bye", "Text.FR", ""], [*ROW, "x"]])
    code, err = run(runner, data, sheet)
    assert code == 1
    assert (
        "c.xlsx:proposals!B1: error column-unknown unknown column 'bye' (did you mean 'by'?)" in err
    )
    assert "column-missing no column 'by'" in err
    assert "unknown column 'Text.FR'" not in err  # case does not count: text.fr
    assert "c.xlsx:proposals!D2: error cell-no-column" in err


def test_merged_cells_down_a_column_fill_each_row(
    data: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "m.xlsx", [HEADER, ROW, [None, "CNT", "Deux"], [None, "RAM", "Trois"]]
    )
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("A2:A4")  # type: ignore[union-attr]
    book.save(path)
    code, err = run(runner, data, path)
    assert code == 0, err
    assert [p["meeting"] for p in added(data)] == ["mazagan-2025"] * 3


def test_merged_cells_across_columns_or_in_the_header(
    data: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "m.xlsx", [HEADER, ROW, ["mazagan-2025", "CNT", None]])
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("B3:C3")  # type: ignore[union-attr]
    book.active.merge_cells("A1:B1")  # type: ignore[union-attr]
    book.save(path)
    code, err = run(runner, data, path)
    assert code == 1
    assert "m.xlsx:proposals!B3: error cell-merged cells B3:C3 are merged across columns" in err
    assert "m.xlsx:proposals!A1: error cell-merged merged cells A1:B1 in the header" in err


def test_formula_cached_value_is_read(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "f.xlsx", [HEADER, ["mazagan-2025", "FNIH", '=CONCAT("Plus ","de vols")']]
    )
    with_cached(path, "C2", "Plus de vols")
    code, err = run(runner, data, path)
    assert code == 0, err
    assert added(data)[0]["text"] == "Plus de vols"


def test_formula_without_saved_value(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", [HEADER, ["mazagan-2025", "FNIH", "=1+1"]])
    code, err = run(runner, data, path)
    assert code == 1
    assert "f.xlsx:proposals!C2: error cell-formula a formula with no saved value (=1+1)" in err
    assert "missing" not in err  # the formula is the problem, not a missing text


def test_hyperlink_formula_and_hyperlink_text(
    data: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "h.xlsx",
        [
            HEADER,
            ["mazagan-2025", "FNIH", '=HYPERLINK("https://example.org","site")'],
            ["mazagan-2025", "CNT", '\'=HYPERLINK("https://example.org")'],
        ],
    )
    with_cached(path, "C2", "site")
    code, err = run(runner, data, path)
    assert code == 1
    assert "h.xlsx:proposals!C2: error cell-hyperlink a HYPERLINK formula" in err
    csv = tmp_path / "h.csv"
    csv.write_text('meeting,by,text\nmazagan-2025,FNIH,"=HYPERLINK(""https://example.org"")"\n')
    code, err = run(runner, data, csv)
    assert code == 1
    assert "h.csv:2:3: error cell-value text: a formula, not text" in err


def test_a_protected_text_keeps_its_formula_sign_without_the_apostrophe(
    data: Path, runner: CliRunner, tmp_path: Path
) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("meeting,by,text\nmazagan-2025,FNIH,'+20 % de vols\n")
    code, err = run(runner, data, csv)
    assert code == 0, err
    assert added(data)[0]["text"] == "+20 % de vols"


def test_dates_as_text_in_many_formats(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    rows = [
        [*ROW[:2], f"Idée {i}", when]
        for i, when in enumerate(
            [
                "2025-12-18",
                "18/12/2025",
                "18.12.25",
                "18 décembre 2025",
                "Dec 18, 2025",
                dt.datetime(2025, 12, 18),
                46009,
            ]
        )
    ]
    code, err = run(runner, data, workbook(tmp_path / "d.xlsx", [[*HEADER, "date"], *rows]))
    assert code == 0, err
    assert {str(p["date"]) for p in added(data)} == {"2025-12-18"}


def test_a_date_that_is_not_one(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text("meeting,by,text,date\nmazagan-2025,FNIH,Un,31/02/2026\n")
    code, err = run(runner, data, csv)
    assert code == 1
    assert "d.csv:2:4: error cell-value date: not a day: '31/02/2026'" in err


def test_macro_enabled_workbook(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    xlsm = workbook(tmp_path / "m.xlsm", [HEADER, ROW])
    code, err = run(runner, data, xlsm)
    assert code == 1 and "m.xlsm:1:1: error workbook-macros" in err
    # the same content named .xlsx still carries its macros: refused too
    hidden = tmp_path / "m.xlsx"
    with zipfile.ZipFile(xlsm) as src, zipfile.ZipFile(hidden, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("xl/vbaProject.bin", b"\0" * 16)
    code, err = run(runner, data, hidden)
    assert code == 1 and "workbook-macros" in err


def test_password_protected_workbook(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    # an encrypted xlsx is an OLE compound file, as an old .xls is
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    code, err = run(runner, data, path)
    assert code == 1
    assert "secret.xlsx:1:1: error workbook-encrypted a password-protected workbook" in err


@pytest.mark.parametrize(
    "content",
    [b"not a workbook at all", b"PK\x03\x04truncated", b""],
    ids=["text", "truncated-zip", "empty"],
)
def test_corrupt_workbook(data: Path, runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    code, err = run(runner, data, path)
    assert code == 1
    assert "bad.xlsx:1:1: error workbook-corrupt" in err


def test_zip_that_is_not_a_workbook(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    code, err = run(runner, data, path)
    assert code == 1 and "bad.xlsx:1:1: error workbook-corrupt" in err


def test_csv_in_windows_1252(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    csv = tmp_path / "w.csv"
    csv.write_bytes("meeting;by;text\r\nmazagan-2025;FNIH;Idée\r\n".encode("cp1252"))
    code, err = run(runner, data, csv)
    assert code == 1
    assert "w.csv:2:21: error csv-encoding not UTF-8 text: byte 0xE9 ('é' in Windows-1252)" in err
    code, err = run(runner, data, csv, "--encoding", "cp1252")
    assert code == 0, err
    assert added(data)[0]["text"] == "Idée"


def test_csv_separator_and_utf16(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    csv = tmp_path / "t.csv"
    csv.write_bytes("meeting\tby\ttext\nmazagan-2025\tFNIH\tUn, deux\n".encode("utf-16"))
    code, err = run(runner, data, csv)
    assert code == 0, err
    assert added(data)[0]["text"] == "Un, deux"


def test_hundred_thousand_rows_refused_in_bounded_time(
    data: Path, runner: CliRunner, tmp_path: Path
) -> None:
    csv = tmp_path / "big.csv"
    csv.write_text("meeting,by,text\n" + "mazagan-2025,FNIH,Une idée\n" * 100_000)
    start = time.perf_counter()
    code, err = run(runner, data, csv)
    assert code == 1
    line = read.MAX_ROWS + 2  # header on line 1
    assert f"big.csv:{line}:1: error sheet-too-large more than 20,000 rows" in err
    assert time.perf_counter() - start < 60


def test_large_workbook_stops_at_the_limit(
    data: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "MAX_ROWS", 5)
    path = workbook(tmp_path / "big.xlsx", [HEADER] + [ROW] * 8)
    code, err = run(runner, data, path)
    assert code == 1 and "big.xlsx:proposals!A7: error sheet-too-large" in err


def test_cell_over_ten_thousand_characters(data: Path, runner: CliRunner, tmp_path: Path) -> None:
    path = workbook(tmp_path / "l.xlsx", [HEADER, [*ROW[:2], "x" * 10_001]])
    code, err = run(runner, data, path)
    assert code == 1
    assert "l.xlsx:proposals!C2: error cell-too-long 10,001 characters" in err
    assert "missing" not in err


def test_minimal_fixture_is_untouched() -> None:
    # the tests above work on copies
    assert (MINIMAL / "plans" / "2026.yaml").read_text(encoding="utf-8").count("- id: P") == 3

"""`roadmap export --format xlsx` and `roadmap template`: workbooks read back as a user would."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import DEFAULT_DATA
from roadmap.cli import app
from roadmap.validation import validate


def invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "plan.xlsx"
    code, err = invoke(
        CliRunner(),
        "export",
        "2026",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--data",
        str(DEFAULT_DATA),
    )
    assert code == 0, err
    return out


def test_export_has_a_sheet_per_record_kind_with_frozen_headers(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    assert book.sheetnames == [
        "actions",
        "proposals",
        "targets",
        "kpis",
        "cofinancing",
        "review 2026-09-30",
    ]
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
    actions = book["actions"]
    header = [c.value for c in actions[1]]
    first = dict(zip(header, actions[2], strict=True))
    assert first["id"].value == "A26-001"
    assert first["budget"].value == 72_000_000  # a number, not text
    assert first["budget"].number_format == '#,##0 "MAD"'  # French: the code after
    assert first["months"].value.startswith("Janv.; Févr.")
    assert 8 <= actions.column_dimensions["B"].width <= 62


def test_export_numbers_dates_and_review(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    proposals = book["proposals"]
    header = [c.value for c in proposals[1]]
    dated = [row for row in proposals.iter_rows(min_row=2) if row[header.index("date")].value]
    assert dated and isinstance(dated[0][header.index("date")].value, dt.datetime)
    assert dated[0][header.index("date")].number_format == "yyyy-mm-dd"
    targets = book["targets"]
    values = [c.value for c in targets[2]]
    assert isinstance(values[4], float)  # baseline 19.8
    assert targets.cell(row=2, column=5).number_format == "#,##0.0#####"
    review = book["review 2026-09-30"]
    assert review.cell(row=2, column=3).value == 72_000_000


def test_export_is_deterministic(exported: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    code, _ = invoke(
        CliRunner(), "export", "2026", "-f", "xlsx", "-o", str(again), "--data", str(DEFAULT_DATA)
    )
    assert code == 0
    assert again.read_bytes() == exported.read_bytes()
    with zipfile.ZipFile(exported) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        for name in archive.namelist():  # well-formed XML, each part
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))
    assert core.count("2026-01-01T00:00:00Z") == 2


def test_export_neutralises_formulas(minimal: Path, runner: CliRunner, tmp_path: Path) -> None:
    plan = minimal / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace(
            "reason: Juillet est déjà le mois de pointe.",
            'reason: "Juillet <b>déjà</b> & \\x01 plein"',
            1,
        ).replace(
            "text: Un festival de plus à Marrakech en juillet.",
            'text: \'=HYPERLINK("https://evil.example","clic")\'',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "x.xlsx"
    code, err = invoke(runner, "export", "2026", "-f", "xlsx", "-o", str(out), "-d", str(minimal))
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    cells = [
        c
        for row in book["proposals"].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].quotePrefix
    reasons = [row[11].value for row in book["proposals"].iter_rows(min_row=2)]
    assert "Juillet <b>déjà</b> &  plein" in reasons  # escaped; the control character dropped
    with zipfile.ZipFile(out) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet2.xml").decode()


def test_exported_proposals_imported_back_change_nothing(
    exported: Path, runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root)
    before = (root / "plans" / "2026.yaml").read_bytes()
    code, err = invoke(
        runner,
        "import",
        "proposals",
        str(exported),
        "--sheet",
        "proposals",
        "--year",
        "2026",
        "--data",
        str(root),
    )
    assert code == 0, err
    assert (root / "plans" / "2026.yaml").read_bytes() == before
    assert "P26-32" in err


def test_template_drop_downs_lists_and_instructions(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "t.xlsx"
    code, err = invoke(runner, "template", "proposals", "2026", "-o", str(out), "-d", str(minimal))
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["proposals", "Listes", "Consignes"]  # the dataset's French
    sheet = book["proposals"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["id", "meeting", "date", "by"]
    lists = book["Listes"]
    by_column = {}
    for validation in sheet.data_validations.dataValidation:
        column = header[openpyxl.utils.column_index_from_string(str(validation.sqref)[0]) - 1]
        ref = validation.formula1.split("!")[1].replace("$", "")
        by_column[column] = [c.value for row in lists[ref] for c in row]
    assert by_column["meeting"] == ["mazagan-2025"]
    assert "FNIH" in by_column["by"] and "NO" in by_column["market"]
    assert by_column["status"] == ["open", "taken-up", "deferred", "declined"]
    assert set(by_column) == {"meeting", "by", "zone", "region", "market", "sector", "status"}
    notes = [r[0] for r in book["Consignes"].iter_rows(values_only=True) if r[0]]
    assert notes[0] == "Comment remplir ce classeur"
    assert any("roadmap import proposals" in line for line in notes)


def test_template_in_english_and_for_progress(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "p.xlsx"
    code, err = invoke(
        runner, "template", "progress", "2026", "-o", str(out), "-d", str(minimal), "--lang", "en"
    )
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["progress", "Lists", "Instructions"]
    assert book["progress"]["A2"].value == "A1"  # one row per action, its id filled in
    code, err = invoke(
        runner, "template", "proposals", "2026", "-o", str(tmp_path / "x.csv"), "-d", str(minimal)
    )
    assert code == 2 and ".xlsx" in err


def test_template_filled_then_imported_validates(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "t.xlsx"
    assert (
        invoke(runner, "template", "proposals", "2026", "-o", str(out), "-d", str(minimal))[0] == 0
    )
    book = openpyxl.load_workbook(out)
    sheet = book["proposals"]
    sheet["B2"], sheet["D2"], sheet["H2"], sheet["J2"] = "mazagan-2025", "FNIH; CNT", "FR", "Un"
    sheet["B3"], sheet["D3"], sheet["J3"], sheet["K3"] = "mazagan-2025", "RAM", "Deux", "open"
    sheet["C3"] = dt.date(2025, 12, 19)
    book.save(out)
    code, err = invoke(
        runner, "import", "proposals", str(out), "--year", "2026", "-d", str(minimal)
    )
    assert code == 0, err
    assert not [p for p in validate(minimal, {2026})[1] if p.severity == "error"]
    assert "P4" in (minimal / "plans" / "2026.yaml").read_text(encoding="utf-8")


def test_export_to_standard_output_is_the_same_workbook(exported: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "2026", "-f", "xlsx", "-d", str(DEFAULT_DATA)])
    assert result.exit_code == 0
    assert result.stdout_bytes == exported.read_bytes()


def test_template_instructions_in_arabic_read_right_to_left(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "ar.xlsx"
    code, err = invoke(
        runner, "template", "proposals", "2026", "-o", str(out), "-d", str(minimal), "-l", "ar"
    )
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    notes = book[book.sheetnames[2]]
    assert notes.title == "التعليمات"
    assert notes.sheet_view.rightToLeft
    assert notes["A1"].value == "كيف تملأ هذا المصنف"

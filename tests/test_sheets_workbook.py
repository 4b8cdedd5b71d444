"""`roadmap export --format xlsx` and `roadmap template`: workbooks read back as a user would."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DEFAULT_DATA
from roadmap.cli import app
from roadmap.sheets import workbook
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


# --- a large export: each sheet's XML compressed as it is made --------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
CELL = (
    TEXT
    | st.none()
    | st.integers(-(10**15), 10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.lists(TEXT, max_size=3)
)


def _sheet(header: list[str], formats: dict[str, str] | None = None) -> tuple[Any, Any]:
    book = openpyxl.Workbook(write_only=True)
    styles = workbook._Styles(book, '#,##0 "XYZ"')
    return book, workbook._Sheet(book, "rows", header, formats or {}, styles)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(CELL, CELL, CELL), max_size=8))
def test_a_sheet_s_xml_never_exceeds_its_upper_bound(rows: list[tuple[Any, ...]]) -> None:
    """The bound decides on ZIP64 before the XML exists: an XML longer than
    it would overflow a ZIP entry sized without ZIP64's fields."""
    _, sheet = _sheet(["a", "b", "c"], {"c": workbook._REAL})
    for row in rows:
        sheet.add(row)
    assert len(b"".join(sheet.chunks())) <= sheet.upper_bound


def test_a_sheet_s_rows_are_made_and_compressed_a_batch_at_a_time(tmp_path: Path) -> None:
    rows = workbook._ROWS_PER_CHUNK * 2 + 7
    book, sheet = _sheet(["id", "text", "amount"], {"amount": '#,##0 "XYZ"'})
    for n in range(rows):
        sheet.add([f"R{n:05d}", "é & <x>" * (n % 5), n * 1000])
    chunks = list(sheet.chunks())
    assert len(chunks) == 4  # head and first batch, two more batches, the rest and the tail
    assert max(map(len, chunks)) < 2 * len(b"".join(chunks)) / 3
    out = tmp_path / "rows.xlsx"
    out.write_bytes(workbook.finish(book, 2026, {sheet.path: sheet}))
    book = openpyxl.load_workbook(out, read_only=True)
    read = book["rows"]
    values = list(read.iter_rows(values_only=True))
    book.close()
    assert len(values) == rows + 1
    assert values[0] == ("id", "text", "amount")
    last = rows - 1
    assert values[-1] == (f"R{last:05d}", "é & <x>" * (last % 5) or None, last * 1000)
    assert read.max_row == rows + 1  # the dimension written before the rows


def test_the_columns_are_as_wide_as_the_widest_value_of_all_batches() -> None:
    _, sheet = _sheet(["id", "text"])
    for n in range(workbook._ROWS_PER_CHUNK * 2):
        sheet.add([f"R{n}", "x" * 30 if n == workbook._ROWS_PER_CHUNK * 2 - 1 else "x"])
    head = next(sheet.chunks()).decode()
    assert '<col min="2" max="2" width="32" customWidth="1"/>' in head
    with pytest.raises(ValueError, match="a row of 3 values for 2 columns"):
        sheet.add(["R", "x", "extra"])


def _zip64_extra(archive: Path, name: str) -> bool:
    """Whether the entry's local header carries ZIP64's extra field (id 0x0001)."""
    with zipfile.ZipFile(archive) as z:
        offset = z.getinfo(name).header_offset
    raw = archive.read_bytes()
    name_length, extra_length = struct.unpack("<HH", raw[offset + 26 : offset + 30])
    start = offset + 30 + name_length
    return raw[start : start + 2] == b"\x01\x00" and extra_length >= 20


def test_a_sheet_too_large_for_a_plain_zip_entry_gets_zip64(tmp_path: Path) -> None:
    book, sheet = _sheet(["id"])
    sheet.add(["R1"])
    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(workbook.finish(book, 2026, {sheet.path: sheet}))
    assert not _zip64_extra(plain, sheet.path)
    book, sheet = _sheet(["id"])
    sheet.add(["R1"])
    sheet.upper_bound = zipfile.ZIP64_LIMIT  # as a sheet of millions of long rows would
    large = tmp_path / "large.xlsx"
    large.write_bytes(workbook.finish(book, 2026, {sheet.path: sheet}))
    assert _zip64_extra(large, sheet.path)
    assert openpyxl.load_workbook(large)["rows"]["A2"].value == "R1"


def test_the_export_never_holds_a_sheet_s_xml_whole() -> None:
    """At 100,000 actions the sheets' XML, held whole, took the export past a
    gigabyte; compressed as it is made, the peak stays well under its size."""
    book, sheet = _sheet(["id", "title", "markets", "budget"])
    for n in range(20_000):
        sheet.add([f"A{n:06d}", f"Action {n} " + "t" * 120, ["FR", "DE", "ES"], n])
    tracemalloc.start()
    try:
        content = workbook.finish(book, 2026, {sheet.path: sheet})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        written = len(z.read(sheet.path))
    assert written > 6_000_000
    # held whole, the XML was there twice (text, then bytes): peak > 2 x written
    assert peak < written / 2, (peak, written)


def test_a_sheet_with_no_rows_is_its_header(tmp_path: Path) -> None:
    book, sheet = _sheet(["id", "title"])
    assert len(list(sheet.chunks())) == 1
    out = tmp_path / "empty.xlsx"
    out.write_bytes(workbook.finish(book, 2026, {sheet.path: sheet}))
    rows = list(openpyxl.load_workbook(out)["rows"].iter_rows(values_only=True))
    assert rows == [("id", "title")]

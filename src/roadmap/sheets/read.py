"""Rows from a workbook (.xlsx) or a CSV file, each value with its place.

What is read, and what is refused (each refusal a problem with its place,
never a traceback):

- xlsx: the first worksheet, or the one named. Values are what the sheet
  shows: a formula's saved (cached) value is read and never evaluated; a
  formula with no saved value is an error (open and save the workbook in a
  spreadsheet program first), and so is a `HYPERLINK` formula, whose address
  would be lost. A cell merged down several rows gives its value to each of
  them (a workshop sheet often merges the meeting down a block of rows); a
  merge across columns, or in the header row, is an error.
  Macro-enabled (.xlsm), password-protected, old binary (.xls) and corrupt
  workbooks are refused with a sentence saying what to do.
- CSV: UTF-8 with or without a byte-order mark (UTF-16 with a BOM too, as
  some spreadsheets save "Unicode text"); text that is not UTF-8 (such as
  Windows-1252, the encoding of older spreadsheets' "CSV") is refused with
  the place of the first byte that is not, unless an encoding is given.
  The separator is the one the header line uses most, of `,`, `;` and tab
  (a French-locale spreadsheet saves CSV with `;`), unless one is given.
  A place is `FILE:LINE:FIELD` (the line where the record starts, and the
  field's number, as a spreadsheet numbers columns from 1).

Both: the header is the first row that is not blank; blank rows are
skipped; at most `MAX_ROWS` data rows are read (a larger file is refused as
soon as the row after the limit is met, so time and memory stay bounded).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap.problems import Problem, Severity, UsageError
from roadmap.sheets.places import CellProblem

Value = str | int | float | bool | dt.date | dt.datetime | None

#: Data rows read at most; the next one is refused with the reason.
MAX_ROWS = 20_000
#: Characters a cell may hold (a proposal is a paragraph, not a report).
MAX_CELL = 10_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted xlsx and old .xls files
_ZIP = b"PK\x03\x04"
_MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
_SEPARATORS = (",", ";", "\t")


class ReadError(Exception):
    """The file cannot be read at all: carries the one problem that says why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.render())


@dataclass
class Table:
    """A sheet's header and non-blank data rows, with how to name a place in it."""

    display: str
    #: The worksheet's name; None for CSV.
    sheet: str | None
    header: list[str]
    header_row: int
    #: (row number, values), one value per header column.
    rows: list[tuple[int, list[Value]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: (row, column) of the cells those problems are about: their value is unknown.
    bad_cells: set[tuple[int, int]] = field(default_factory=set)

    def problem(
        self,
        row: int,
        column: int,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        if self.sheet is None:
            return Problem(self.display, row, column, code, message, severity)
        return CellProblem(self.display, row, column, code, message, severity, self.sheet)

    def add(self, row: int, column: int, code: str, message: str) -> None:
        self.problems.append(self.problem(row, column, code, message))
        self.bad_cells.add((row, column))


def read(
    path: Path,
    display: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    separator: str | None = None,
) -> Table:
    """The table in `path`, by its suffix: .csv (or .txt) as CSV, else a workbook.

    Raises UsageError when the file is missing, ReadError when it cannot be
    read at all; problems of single cells are in the table's `problems`.
    """
    shown = display or str(path)
    if not path.is_file():
        raise UsageError(f"no such file: {shown}")
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        if sheet is not None:
            raise UsageError("--sheet is for workbooks; a CSV file has one table")
        return read_csv(path, shown, encoding, separator)
    return read_workbook(path, shown, sheet)


def _whole_file(display: str, code: str, message: str) -> ReadError:
    return ReadError(Problem(display, 1, 1, code, message))


# --------------------------------------------------------------------------- xlsx


def read_workbook(path: Path, display: str, sheet: str | None = None) -> Table:
    with path.open("rb") as stream:
        magic = stream.read(8)
    if magic.startswith(_OLE):
        raise _whole_file(
            display,
            "workbook-encrypted",
            "a password-protected workbook or an old .xls file: remove the password"
            " (or save it as an Excel workbook, .xlsx) and import again",
        )
    if not magic.startswith(_ZIP):
        raise _whole_file(
            display, "workbook-corrupt", "not an .xlsx workbook (the file is not a zip archive)"
        )
    if path.suffix.lower() in _MACRO_SUFFIXES or _has_macros(path):
        raise _whole_file(
            display,
            "workbook-macros",
            "a macro-enabled workbook: save it as an Excel workbook (.xlsx) and import"
            " that; roadmap does not open workbooks that carry macros",
        )
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise _whole_file(
            display, "workbook-corrupt", f"the workbook cannot be read ({_why(exc)})"
        ) from None
    try:
        return _read_sheet(book, path, display, sheet)
    except ReadError:
        raise
    except Exception as exc:  # openpyxl parses lazily: a broken sheet fails while read
        # A workbook is someone else's file: whatever openpyxl trips on in
        # it is that file's fault, said in one line, never a traceback.
        raise _whole_file(
            display, "workbook-corrupt", f"the workbook cannot be read ({_why(exc)})"
        ) from None
    finally:
        book.close()


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _has_macros(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.lower().endswith("vbaproject.bin") for n in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False  # reported as corrupt by the reader


def _read_sheet(book: Any, path: Path, display: str, name: str | None) -> Table:
    names = list(book.sheetnames)
    if not names:
        raise _whole_file(display, "sheet-empty", "the workbook has no worksheet")
    if name is None:
        name = names[0]
    elif name not in names:
        from roadmap.messages import did_you_mean

        raise UsageError(
            f"--sheet: no sheet {name!r} in {display}{did_you_mean(name, names)};"
            f" sheets: {', '.join(names)}"
        )
    ws = book[name]
    if not hasattr(ws, "iter_rows"):  # a chart sheet
        raise _whole_file(display, "sheet-empty", f"sheet {name!r} is a chart, not a table")
    extras = _scan_sheet(path, getattr(ws, "_worksheet_path", None))
    table = _table(display, name, _rows(ws.iter_rows(values_only=True)))
    _apply_merges(table, extras.merges)
    for ref, formula, has_value in extras.formulas:
        row, column = _cell_ref(ref)
        if row <= table.header_row:
            continue
        if re.match(r"\s*(_xlfn\.)?HYPERLINK\s*\(", formula, re.IGNORECASE):
            table.add(
                row,
                column,
                "cell-hyperlink",
                "a HYPERLINK formula: its address would be lost; type the text, and the"
                " address itself if it matters, as plain text",
            )
        elif not has_value:
            table.add(
                row,
                column,
                "cell-formula",
                f"a formula with no saved value (={formula[:60]}): open the workbook in a"
                " spreadsheet program and save it, or type the value itself",
            )
    return table


def _rows(values: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, list[Value]]]:
    for number, row in enumerate(values, start=1):
        yield number, list(row)


@dataclass
class _Extras:
    merges: list[str] = field(default_factory=list)
    #: (cell reference, formula text, whether a value was saved with it)
    formulas: list[tuple[str, str, bool]] = field(default_factory=list)


_MARKERS = re.compile(rb"<(?:\w+:)?(?:f[ >/]|mergeCell )")


def _scan_sheet(path: Path, member: str | None) -> _Extras:
    """Merged ranges and formulas of a sheet: what openpyxl's fast reader leaves out.

    The sheet's XML is first searched for either (one pass in C); only a
    sheet that has some is parsed for them.
    """
    extras = _Extras()
    if member is None:
        return extras
    with zipfile.ZipFile(path) as archive:
        try:
            info = archive.getinfo(member)
        except KeyError:
            return extras
        with archive.open(info) as stream:
            tail = b""
            found = False
            while chunk := stream.read(1 << 20):
                if _MARKERS.search(tail + chunk):
                    found = True
                    break
                tail = chunk[-32:]
        if not found:
            return extras
        import xml.etree.ElementTree as ET

        with archive.open(info) as stream:
            ref = ""
            formula: str | None = None
            has_value = False
            for event, element in ET.iterparse(stream, events=("start", "end")):
                tag = element.tag.rsplit("}", 1)[-1]
                if event == "start":
                    if tag == "c":
                        ref, formula, has_value = element.get("r", ""), None, False
                    continue
                if tag == "f":
                    formula = element.text or ""
                elif tag == "v":
                    has_value = bool(element.text)
                elif tag == "is":
                    has_value = True
                elif tag == "c":
                    if formula is not None:
                        extras.formulas.append((ref, formula, has_value))
                    element.clear()
                elif tag == "mergeCell":
                    extras.merges.append(element.get("ref", ""))
                elif tag == "row":
                    element.clear()
    return extras


def _cell_ref(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"\$?([A-Z]{1,3})\$?([0-9]+)", ref.upper())
    if match is None:
        return (1, 1)
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)), column


def _apply_merges(table: Table, merges: list[str]) -> None:
    by_row = dict(table.rows)
    for ref in merges:
        first, _, last = ref.partition(":")
        (top, left), (bottom, right) = _cell_ref(first), _cell_ref(last or first)
        if bottom < table.header_row or (top, left) == (bottom, right):
            continue
        if top <= table.header_row:
            table.add(
                top, left, "cell-merged", f"merged cells {ref} in the header: one name per column"
            )
        elif left != right:
            table.add(
                top,
                left,
                "cell-merged",
                f"cells {ref} are merged across columns: unmerge them, one value per column",
            )
        elif left <= len(table.header):
            source = by_row.get(top)
            value = source[left - 1] if source is not None else None
            for row in range(top + 1, bottom + 1):
                values = by_row.get(row)
                if values is not None and values[left - 1] is None:
                    values[left - 1] = value


# --------------------------------------------------------------------------- CSV


def read_csv(
    path: Path, display: str, encoding: str | None = None, separator: str | None = None
) -> Table:
    raw = path.read_bytes()
    text = _decode(raw, display, encoding)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if separator is None:
        counts = {sep: first.count(sep) for sep in _SEPARATORS}
        separator = max(_SEPARATORS, key=lambda sep: counts[sep])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)

    def records() -> Iterator[tuple[int, list[Value]]]:
        line = 1
        try:
            for record in reader:
                yield line, list(record)
                line = reader.line_num + 1
        except csv.Error as exc:
            raise ReadError(
                Problem(display, line, 1, "csv-malformed", f"not readable as CSV: {exc}")
            ) from None

    return _table(display, None, records())


def _decode(raw: bytes, display: str, encoding: str | None) -> str:
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"--encoding: unknown encoding {encoding!r}") from None
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            line, column = _byte_place(raw, exc.start)
            raise ReadError(
                Problem(
                    display,
                    line,
                    column,
                    "csv-encoding",
                    f"byte 0x{raw[exc.start]:02X} is not {encoding} text",
                )
            ) from None
        return text.removeprefix("\ufeff")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_place(raw, exc.start)
        guess = ""
        with contextlib.suppress(UnicodeDecodeError):
            guess = f" ({raw[exc.start : exc.start + 1].decode('cp1252')!r} in Windows-1252)"
        raise ReadError(
            Problem(
                display,
                line,
                column,
                "csv-encoding",
                f"not UTF-8 text: byte 0x{raw[exc.start]:02X}{guess}; save the file as"
                ' "CSV UTF-8", or name its encoding with --encoding (e.g. cp1252)',
            )
        ) from None


def _byte_place(raw: bytes, index: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, index) + 1
    start = raw.rfind(b"\n", 0, index) + 1
    return line, len(raw[start:index].decode("utf-8", errors="replace")) + 1


# --------------------------------------------------------------------------- both


def _blank(values: list[Value]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _table(display: str, sheet: str | None, rows: Iterator[tuple[int, list[Value]]]) -> Table:
    header_row = 0
    header: list[str] = []
    for number, values in rows:
        if not _blank(values):
            header_row = number
            header = ["" if v is None else str(v).strip() for v in values]
            break
    while header and not header[-1]:
        header.pop()
    table = Table(display, sheet, header, header_row)
    if not header:
        raise ReadError(table.problem(1, 1, "sheet-empty", "the sheet is empty: no header row"))
    width = len(header)
    for number, values in rows:
        if _blank(values):
            continue
        if len(table.rows) == MAX_ROWS:
            raise ReadError(
                table.problem(
                    number,
                    1,
                    "sheet-too-large",
                    f"more than {MAX_ROWS:,} rows: split the file and import each part",
                )
            )
        for column, value in enumerate(values[width:], start=width + 1):
            if not (value is None or (isinstance(value, str) and not value.strip())):
                table.add(number, column, "cell-no-column", "a value in a column with no name")
                break
        row = values[:width] + [None] * (width - len(values))
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL:
                table.add(
                    number,
                    column,
                    "cell-too-long",
                    f"{len(value):,} characters: a cell holds at most {MAX_CELL:,}",
                )
                row[column - 1] = None
        table.rows.append((number, row))
    return table

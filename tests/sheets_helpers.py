"""Workbooks and CSV files written for the spreadsheet tests."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl


def workbook(path: Path, rows: Sequence[Sequence[Any]], title: str = "proposals") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def with_cached(path: Path, cell: str, value: str) -> Path:
    """The workbook with a saved value for the formula in `cell`, as a spreadsheet saves it."""
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    xml = files[member].decode("utf-8")
    xml, count = re.subn(
        rf'<c r="{cell}"><f>(.*?)</f>(?:<v ?/>|<v></v>)',
        rf'<c r="{cell}" t="str"><f>\1</f><v>{value}</v>',
        xml,
    )
    assert count == 1
    files[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path

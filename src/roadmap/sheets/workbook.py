"""Workbooks written from the data: the plan's export and the intake templates.

Every workbook is byte-identical for the same input: its document
properties carry a fixed time (the plan year's first of January) instead of
the moment it was written, and the zip archive's entries a fixed date.

Export (`export`): one sheet per record kind, headers being the YAML keys
(the names `roadmap import` reads back), first row frozen, columns as wide
as their content (within bounds). Numbers are number cells; amounts carry
the dataset's currency in their number format (`#,##0 "MAD"`, or the code
first where the locale writes it so), shown with the reader's own
separators by the spreadsheet; days are date cells (yyyy-mm-dd). Lists are
joined with "; " (months by their abbreviated names in the language).
A text that a spreadsheet could take for a formula (`=`, `+`, `-`, `@`)
is written as a text cell marked "quote prefix", never as a formula.

Template (`template`): the columns a partner fills, a drop-down list
(data validation) on every column that names something the data knows
(meetings, partners, zones, regions, markets, sectors, actions, statuses),
a sheet listing each id with its name, and a short instructions sheet in
the dataset's language.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from roadmap import models
from roadmap.coverage import text as text_in
from roadmap.dataset import Data
from roadmap.export import FORMULA_STARTS
from roadmap.sheets.intake import PROGRESS_COLUMNS, PROPOSAL_COLUMNS

if TYPE_CHECKING:
    from openpyxl import Workbook

    from roadmap.i18n import Language

#: Data rows a template offers drop-down lists on.
TEMPLATE_ROWS = 500
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Marks a column of real numbers: each cell gets decimals only when it has some.
_REAL = "real"
KINDS = ("proposals", "progress")
REVIEW_STATUSES = ("planned", "ongoing", "done", "cancelled", "late")
PROPOSAL_STATUSES = ("open", "taken-up", "deferred", "declined")


def _money_format(words: Language) -> str:
    code = words.currency or ""
    if not code:
        return "#,##0"
    pattern = str(words.locale.currency_formats["standard"].pattern)
    return f'"{code}" #,##0' if pattern.lstrip().startswith("¤") else f'#,##0 "{code}"'


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed date, whoever writes them.

    `replace` maps an entry's name to the sheet written instead of
    openpyxl's placeholder (the export's sheets, `_Sheet`): its XML is
    compressed into the entry as it is made, never held whole (at 100,000
    actions the sheets' XML was a third of the export's peak memory).
    """

    replace: Mapping[str, _Sheet]

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        fixed = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        fixed.compress_type = zipfile.ZIP_DEFLATED
        fixed.external_attr = 0o644 << 16
        sheet = getattr(self, "replace", {}).get(name)
        if sheet is None:
            super().writestr(fixed, data)
            return
        # writestr decides on ZIP64 from the size it is given; a stream's
        # size is known only at its end, so the sheet's upper bound decides
        # (the same entry as writestr's whenever the bound is under the limit)
        zip64 = sheet.upper_bound * 1.05 > zipfile.ZIP64_LIMIT
        with self.open(fixed, "w", force_zip64=zip64) as entry:
            for chunk in sheet.chunks():
                entry.write(chunk)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        # openpyxl's write-only sheets come from temporary files, stamped with their mtime
        self.writestr(arcname or filename, Path(filename).read_bytes())


def finish(book: Workbook, year: int, replace: Mapping[str, _Sheet] | None = None) -> bytes:
    """The workbook's bytes, with no trace of when it was written.

    openpyxl's `save` stamps the time in the document's properties; its
    writer, called here directly, keeps the time set on them.
    """
    from openpyxl.writer.excel import ExcelWriter

    when = dt.datetime(year, 1, 1)
    book.properties.created = when
    book.properties.modified = when
    book.properties.creator = "roadmap"
    book.properties.lastModifiedBy = None
    out = io.BytesIO()
    with _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.replace = replace or {}
        ExcelWriter(book, archive).save()
    return out.getvalue()


# --------------------------------------------------------------------------- export

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
)


class _Styles:
    """The workbook's cell styles (xf ids) the export uses, registered through openpyxl."""

    def __init__(self, book: Workbook, money: str) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        ws = book.create_sheet("styles")

        def style(**attributes: Any) -> int:
            cell = WriteOnlyCell(ws)
            for name, value in attributes.items():
                setattr(cell, name, value)
            return int(cell.style_id)

        self.bold = style(font=Font(bold=True))
        self.money = style(number_format=money)
        self.whole = style(number_format="#,##0")
        self.decimal = style(number_format="#,##0.0#####")
        self.day = style(number_format="yyyy-mm-dd")
        self.text = style(quotePrefix=True)
        book.remove(ws)


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Sheet:
    """A sheet of the export, its XML written here rather than cell by cell by openpyxl.

    openpyxl builds an object per cell (a tenth of a millisecond each: the
    export of 10,000 actions took three times as long as loading them);
    the XML of a table of text, numbers and days is simple enough to write
    directly. openpyxl still writes the rest of the workbook (styles,
    sheet list, relations): the sheet added to it here is a placeholder
    whose XML is replaced in the archive (`finish`).
    """

    def __init__(
        self,
        book: Workbook,
        title: str,
        header: Sequence[str],
        formats: dict[str, str],
        styles: _Styles,
    ) -> None:
        self.ws = book.create_sheet(title)
        self.header = list(header)
        self.formats = {header.index(k): f for k, f in formats.items() if k in header}
        self.styles = styles
        self.rows: list[list[Any]] = []
        # the columns' widths come before the rows in the XML: kept as rows are added
        self.widths = [len(h) for h in self.header]
        #: Bytes the sheet's XML cannot exceed (`_FixedTimeZip` decides on ZIP64 by it)
        self.upper_bound = _SHEET_BYTES + _ROW_BYTES
        self.upper_bound += sum(2 * _CELL_BYTES + 5 * len(h) for h in self.header)  # col, cell

    def add(self, values: Sequence[Any]) -> None:
        if len(values) != len(self.header):
            raise ValueError(f"a row of {len(values)} values for {len(self.header)} columns")
        widths = self.widths
        shown = 0
        for column, value in enumerate(values):
            size = len(_shown(value))
            shown += size
            if size > widths[column]:
                widths[column] = size
        # each character at most 5 bytes once escaped (`&amp;`) or encoded
        self.upper_bound += _ROW_BYTES + _CELL_BYTES * len(values) + 5 * shown
        self.rows.append(list(values))

    @property
    def path(self) -> str:
        return f"xl/worksheets/sheet{self.ws.parent.worksheets.index(self.ws) + 1}.xml"

    def chunks(self) -> Iterator[bytes]:
        """The sheet's XML, encoded, a batch of rows at a time."""
        letters = [_column(i + 1) for i in range(len(self.header))]
        last = f"{letters[-1]}{len(self.rows) + 1}"
        out = [
            _SHEET_HEAD,
            f'<dimension ref="A1:{last}"/>',
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
            ' activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"'
            ' activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
            '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>',
        ]
        for i, width in enumerate(self.widths, start=1):
            shown = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
            out.append(f'<col min="{i}" max="{i}" width="{shown}" customWidth="1"/>')
        out.append('</cols><sheetData><row r="1">')
        bold = self.styles.bold
        for letter, name in zip(letters, self.header, strict=True):
            out.append(f'<c r="{letter}1" s="{bold}" t="inlineStr">{_inline(name)}</c>')
        out.append("</row>")
        cell = self._cell
        for first in range(0, len(self.rows), _ROWS_PER_CHUNK):
            yield "".join(out).encode("utf-8")
            out = []
            batch = self.rows[first : first + _ROWS_PER_CHUNK]
            for number, row in enumerate(batch, start=first + 2):
                out.append(f'<row r="{number}">')
                for column, value in enumerate(row):
                    content = cell(column, value)
                    if content:
                        out.append(f'<c r="{letters[column]}{number}"{content}</c>')
                out.append("</row>")
        out.append(
            '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1"'
            ' header="0.5" footer="0.5"/></worksheet>'
        )
        yield "".join(out).encode("utf-8")

    def _cell(self, column: int, value: Any) -> str:
        """A cell's attributes and content after `<c r="B2"`, or "" for an empty one."""
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        if isinstance(value, str):
            # an inline string is text, never a formula; a leading `=` also
            # gets the "quote prefix" a spreadsheet shows for typed text
            style = f' s="{self.styles.text}"' if value.startswith(FORMULA_STARTS) else ""
            return f'{style} t="inlineStr">{_inline(value)}'
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            return f' s="{self.styles.day}"><v>{(day - _EPOCH).days}</v>'
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 150000, not 150000.0
        fmt = self.formats.get(column)
        if fmt is None:
            return f"><v>{value!r}</v>"
        if fmt == _REAL:  # no decimal mark left dangling after a whole number
            xf = self.styles.whole if float(value).is_integer() else self.styles.decimal
        else:
            xf = self.styles.money
        return f' s="{xf}"><v>{value!r}</v>'


_EPOCH = dt.date(1899, 12, 30)
#: Rows turned into XML at a time: a few hundred kilobytes of text
_ROWS_PER_CHUNK = 1000
#: Upper bounds, in bytes, of the XML around a sheet's cells (head, views,
#: columns, tail), of a row's tags, and of a cell's tags and attributes
_SHEET_BYTES, _ROW_BYTES, _CELL_BYTES = 4096, 32, 96


def _inline(text: str) -> str:
    text = _XML_ILLEGAL.sub("", text)
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<is><t{space}>{xml_escape(text)}</t></is>"


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # room for the grouping and a currency code (ISO 4217: three letters)
        return f"{value:,} ___"
    return "" if value is None else str(value)


def export(data: Data, year: int, words: Language) -> bytes:
    """The plan of `year` as a workbook (see the module docstring)."""
    from openpyxl import Workbook

    plan = data.plans[year]
    lang = words.code
    money = _money_format(words)
    months = words.month_abbreviations
    book = Workbook(write_only=True)
    styles = _Styles(book, money)
    zone_of = {m.id: m.zone for m in data.markets.markets} if data.markets else {}

    actions = _Sheet(
        book,
        "actions",
        [
            "id",
            "title",
            "markets",
            "zones",
            "region",
            "destination",
            "lever",
            "sectors",
            "owner",
            "co_owners",
            "months",
            "budget",
            "cofinanced",
            "answers",
            "deseasonalisation",
            "recurring",
            "status",
        ],
        {"budget": money, "cofinanced": money},
        styles,
    )
    for a in plan.actions:
        actions.add(
            [
                a.id,
                text_in(a.title, lang),
                a.markets,
                list(dict.fromkeys(zone_of[m] for m in a.markets if m in zone_of)),
                a.region,
                a.destination,
                a.lever,
                a.sectors,
                a.owner,
                a.co_owners,
                [months[m - 1] for m in a.months],
                a.budget,
                sum(f.amount for f in a.cofinancing),
                a.answers,
                str(a.deseasonalisation).lower(),
                str(a.recurring).lower(),
                a.status,
            ]
        )
    proposals = _Sheet(book, "proposals", list(PROPOSAL_COLUMNS), {}, styles)
    for p in plan.proposals:
        proposals.add(
            [
                p.id,
                p.meeting,
                p.date,
                p.by,
                _t(p.group, lang),
                p.zone,
                p.region,
                p.market,
                p.sector,
                _t(p.text, lang),
                p.status,
                _t(p.reason, lang),
                _t(p.source, lang),
                str(p.assumption).lower(),
            ]
        )
    targets = _Sheet(
        book,
        "targets",
        [
            "objective",
            "id",
            "indicator",
            "unit",
            "baseline",
            "baseline_year",
            "target",
            "source",
            "assumption",
        ],
        {"baseline": _REAL, "target": _REAL},
        styles,
    )
    for o in plan.objectives:
        for t in o.targets:
            targets.add(
                [
                    o.id,
                    t.id,
                    _t(t.indicator, lang),
                    _t(t.unit, lang),
                    t.baseline.value,
                    t.baseline.year,
                    t.target,
                    _t(t.source, lang),
                    str(t.assumption).lower(),
                ]
            )
    kpis = _Sheet(
        book,
        "kpis",
        ["action", "indicator", "unit", "baseline", "target"],
        {"baseline": _REAL, "target": _REAL},
        styles,
    )
    for a in plan.actions:
        for k in a.kpis:
            kpis.add([a.id, _t(k.indicator, lang), _t(k.unit, lang), k.baseline, k.target])
    funding = _Sheet(
        book,
        "cofinancing",
        ["action", "partner", "amount", "assumption"],
        {"amount": money},
        styles,
    )
    for a in plan.actions:
        for f in a.cofinancing:
            funding.add([a.id, f.partner, f.amount, str(f.assumption).lower()])
    sheets = [actions, proposals, targets, kpis, funding]
    reviews = data.reviews.get(year, {})
    if reviews:
        day = max(reviews)
        review = _Sheet(
            book,
            f"review {day.isoformat()}",
            ["action", "status", "committed", "spent", "reason"],
            {"committed": money, "spent": money},
            styles,
        )
        for r in reviews[day].actions:
            review.add([r.action, r.status, r.committed, r.spent, _t(r.reason, lang)])
        sheets.append(review)
    return finish(book, year, {sheet.path: sheet for sheet in sheets})


def _t(value: models.Text | None, lang: str) -> str | None:
    return None if value is None else text_in(value, lang)


# --------------------------------------------------------------------------- templates


def _names(records: Iterable[Any], lang: str) -> list[tuple[str, str]]:
    return [(r.id, text_in(r.name, lang) if getattr(r, "name", None) else "") for r in records]


def template(data: Data, year: int, kind: str, words: Language) -> bytes:
    """An empty intake workbook for `kind` ("proposals" or "progress")."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    plan = data.plans[year]
    lang = words.code
    book = Workbook()
    # a new workbook always has one sheet; create_sheet keeps mypy sure of it
    sheet = book.active if book.active is not None else book.create_sheet()
    sheet.title = kind
    lists_title = words.t("sheets.sheet.lists")
    lists: dict[str, list[tuple[str, str]]]
    if kind == "proposals":
        # what a partner fills in: the import's columns but the provenance
        # ones (`source`, `assumption`), which are the planner's to give
        columns = [c for c in PROPOSAL_COLUMNS if c not in ("source", "assumption")]
        required = ["meeting", "by", "text"]
        lists = {
            "meeting": _names(plan.meetings, lang),
            "by": _names(data.partners.partners if data.partners else [], lang),
            "zone": _names(data.markets.zones if data.markets else [], lang),
            "region": _names(data.regions.regions if data.regions else [], lang),
            "market": _names(data.markets.markets if data.markets else [], lang),
            "sector": _names(data.sectors.sectors if data.sectors else [], lang),
            "status": [(s, "") for s in PROPOSAL_STATUSES],
        }
    else:
        columns = list(PROGRESS_COLUMNS)
        required = ["action"]
        lists = {
            "action": [(a.id, text_in(a.title, lang)) for a in plan.actions],
            "status": [(s, "") for s in REVIEW_STATUSES],
        }
    bold = Font(bold=True)
    for column, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = bold
        width = 50 if name in ("text", "reason", "note.text", "kpi") else 18
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    filled = 0
    if kind == "progress":  # a row per action, and one more per further KPI, ids filled in
        kpi_column = columns.index("kpi") + 1
        for action in plan.actions:
            kpis: list[models.Kpi | None] = [*action.kpis] or [None]
            for kpi in kpis:
                filled += 1
                sheet.cell(row=filled + 1, column=1, value=action.id)
                if kpi is not None:
                    sheet.cell(
                        row=filled + 1, column=kpi_column, value=text_in(kpi.indicator, lang)
                    )
    rows = max(TEMPLATE_ROWS, filled)
    listed = book.create_sheet(lists_title)
    for at, (key, items) in enumerate(lists.items()):
        id_column, name_column = 2 * at + 1, 2 * at + 2
        listed.cell(row=1, column=id_column, value=key).font = bold
        listed.cell(row=1, column=name_column, value="name").font = bold
        for row, (id_, name) in enumerate(items, start=2):
            listed.cell(row=row, column=id_column, value=id_)
            if name:
                listed.cell(row=row, column=name_column, value=name)
        letter = get_column_letter(id_column)
        listed.column_dimensions[letter].width = max([len(key)] + [len(i) for i, _ in items]) + 2
        listed.column_dimensions[get_column_letter(name_column)].width = 40
        if not items:
            continue
        target = get_column_letter(columns.index(key) + 1)
        source = f"{quote_sheetname(lists_title)}!${letter}$2:${letter}${len(items) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        validation.showDropDown = False  # (sic) False shows the arrow
        if key == "by":
            # several partners in one cell ("FNIH; CNT"): offered, not enforced
            validation.showErrorMessage = False
        else:
            validation.showErrorMessage = True
            validation.errorTitle = key
            validation.error = f"{key}: {listed.title}"
        validation.add(f"{target}2:{target}{rows + 1}")
        sheet.add_data_validation(validation)
    if "date" in columns or "note.date" in columns:
        at = columns.index("date" if "date" in columns else "note.date") + 1
        for row in range(2, rows + 2):
            sheet.cell(row=row, column=at).number_format = "yyyy-mm-dd"
    for key in ("committed", "spent"):
        if key in columns:
            for row in range(2, rows + 2):
                sheet.cell(row=row, column=columns.index(key) + 1).number_format = _money_format(
                    words
                )
    notes = book.create_sheet(words.t("sheets.sheet.instructions"))
    command = (
        f"roadmap import proposals FILE.xlsx --year {year}"
        if kind == "proposals"
        else f"roadmap import progress FILE.xlsx --year {year} --as-of YYYY-MM-DD"
    )
    lines = [
        words.t("sheets.instructions.title"),
        "",
        words.t("sheets.instructions.rows", what=words.t(f"sheets.what.{kind}"), sheet=kind),
        words.t("sheets.instructions.required", columns=", ".join(required)),
        words.t("sheets.instructions.lists", sheet=lists_title),
        words.t("sheets.instructions.languages"),
        words.t("sheets.instructions.dates"),
        words.t("sheets.instructions.return", command=command),
    ]
    if words.direction == "rtl":
        notes.sheet_view.rightToLeft = True
    notes.column_dimensions["A"].width = 100
    for row, line in enumerate(lines, start=1):
        cell = notes.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.cell(row=1, column=1).font = Font(bold=True, size=14)
    return finish(book, year)

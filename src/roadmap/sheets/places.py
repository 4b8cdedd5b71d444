"""Where a problem in a spreadsheet is: `FILE:SHEET!B7`, or `FILE:7:2` in CSV."""

from __future__ import annotations

from dataclasses import dataclass

from roadmap.problems import Problem


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA: a column as spreadsheets name it."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class CellProblem(Problem):
    """A problem in a workbook's cell: line is the row, column the column.

    Rendered `FILE:SHEET!B7`, the way a spreadsheet user finds a cell; JSON
    adds `sheet` and `cell` to the line and column every problem has.
    """

    sheet: str = ""

    @property
    def cell(self) -> str:
        return f"{column_letter(self.column)}{self.line}"

    @property
    def place(self) -> str:
        return f"{self.file}:{self.sheet}!{self.cell}"

    def render(self) -> str:
        return f"{self.place}: {self.severity} {self.code} {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        out = Problem.as_dict(self)
        out["sheet"] = self.sheet
        out["cell"] = self.cell
        return out


def place(problem: Problem) -> str:
    """Where a problem is, as messages name it: `FILE:SHEET!B7` or `FILE:7:2`."""
    if isinstance(problem, CellProblem):
        return problem.place
    return f"{problem.file}:{problem.line}:{problem.column}"

"""Problems found in the data, and the project's error types.

A `Problem` is one finding with its place; the core collects them and never
prints. Errors that stop a command carry their problems up to the CLI, which
turns them into messages and exit codes in one place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding, 1-based line and column; sorts by place then code.

    Equal only when every field is: two problems at one place with one code
    (a mapping missing 'zone' and missing 'tier') are two problems, and a
    set of problems keeps both. Sorting looks at the place and code alone,
    so problems at one place keep the order they were found in.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def _order(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def __lt__(self, other: Problem) -> bool:
        return self._order() < other._order()

    def __le__(self, other: Problem) -> bool:
        return self._order() <= other._order()

    def __gt__(self, other: Problem) -> bool:
        return self._order() > other._order()

    def __ge__(self, other: Problem) -> bool:
        return self._order() >= other._order()

    def render(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


class RoadmapError(Exception):
    """Base of every error the project raises on purpose."""


class UsageError(RoadmapError):
    """The command was called wrongly (bad option, missing folder): exit 2."""


class DataError(RoadmapError):
    """The data has problems; carries all of them, sorted by place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        first = self.problems[0].render() if self.problems else "invalid data"
        super().__init__(first)

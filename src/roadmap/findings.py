"""Findings: problems whose place is a data path, resolved to line:column late.

Model and cross-file checks know *what* is wrong and *where in the data*
(file, path of keys and indexes); only at the end are all paths of a file
turned into lines and columns, in one extra parse of that file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from roadmap.loader import Loc, SourceFile
from roadmap.problems import Problem, Severity


@dataclass(frozen=True, slots=True)
class Finding:
    source: SourceFile
    loc: Loc
    code: str
    message: str
    severity: Severity = Severity.ERROR
    at_key: bool = False
    #: Where an earlier, conflicting record is (e.g. the first of two equal
    #: ids): its line is added to the message once places are known.
    first: Loc | None = None


def resolve(findings: list[Finding]) -> list[Problem]:
    """Turn findings into placed problems, parsing each file at most once."""
    by_file: dict[SourceFile, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.source].append(finding)
    problems: list[Problem] = []
    for source, items in by_file.items():
        wanted = [(f.loc, f.at_key) for f in items]
        wanted += [(f.first, False) for f in items if f.first is not None]
        # a finding's file was loaded: it parses, so its items may be placed alone
        places = iter(source.locate(wanted, parsed=True))
        placed = [(f, next(places)) for f in items]
        for finding, (line, column) in placed:
            message = finding.message
            if finding.first is not None:
                from roadmap.messages import Message  # only when an id is repeated

                first_line, first_column = next(places)
                message = Message(
                    "msg.first-at", message=message, line=first_line, column=first_column
                )
            problems.append(
                Problem(source.display, line, column, finding.code, message, finding.severity)
            )
    return sorted(problems)

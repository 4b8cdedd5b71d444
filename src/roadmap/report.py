"""Problem reports, one function per output format, chosen by name.

Each returns text; printing (and colour) belongs to the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from roadmap.problems import Problem, Severity

#: Version of the JSON report's layout; bumped only on incompatible change.
JSON_REPORT_VERSION = 1


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if not problems:
        return "no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def text(problems: Sequence[Problem]) -> str:
    lines = [p.render() for p in problems]
    lines.append(summary(problems))
    return "\n".join(lines) + "\n"


def as_json(problems: Sequence[Problem]) -> str:
    # imported here: `validate` prints text by default, and json's import is
    # a millisecond of a start-up that should feel instant
    import json

    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    doc = {
        "version": JSON_REPORT_VERSION,
        "problems": [p.as_dict() for p in problems],
        "summary": {"errors": errors, "warnings": len(problems) - errors},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping: a newline would end the annotation.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        lines.append(
            f"::{level} file={_escape_property(p.file)},line={p.line},col={p.column},"
            f"title={_escape_property(p.code)}::{_escape_data(p.message)}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


REPORTERS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
}

"""Rows of a sheet made into proposals, each checked as `validate` checks YAML.

Columns are named as the YAML keys (`PROPOSAL_COLUMNS`); a text that may be
given per language is one column per language, `text.fr`, `text.en`
(`group`, `reason` and `source` likewise). Only `by` and `text` must be
there, and `meeting` unless the command names one; case and surrounding
spaces of a column's name do not count.

Every problem of every row is collected; a row already in the plan (same
id, or same meeting, authors and text) is skipped and said so, never added
twice. New rows without an id get the next ids of the plan's own sequence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from roadmap import languages, models
from roadmap.dataset import Data
from roadmap.messages import did_you_mean, explain
from roadmap.problems import Problem, Severity
from roadmap.sheets import cells
from roadmap.sheets.read import Table, Value

#: Columns of a proposals sheet, in the order the YAML writes the keys.
PROPOSAL_COLUMNS = (
    "id",
    "meeting",
    "date",
    "by",
    "group",
    "zone",
    "region",
    "market",
    "sector",
    "text",
    "status",
    "reason",
    "source",
    "assumption",
)
#: Columns that may be split per language (`text.fr`).
PER_LANGUAGE = ("group", "text", "reason", "source")
_LANG = re.compile(models.LANG_TAG)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row not added because the plan has it already."""

    place: Problem
    #: The id of the proposal it repeats; or, for a row repeating an earlier
    #: row of the sheet, that row's number.
    existing: str
    earlier_row: int | None = None


@dataclass
class Intake:
    """What an import would add, what it skips, and every problem found."""

    added: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True, slots=True)
class _Column:
    key: str
    lang: str | None
    index: int  # 1-based, as the sheet numbers it


def _columns(table: Table, required: Iterable[str]) -> tuple[list[_Column], list[Problem]]:
    """The sheet's columns by key; unknown, repeated or missing ones are problems."""
    found: list[_Column] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None], int] = {}
    known = list(PROPOSAL_COLUMNS) + [f"{k}.en" for k in PER_LANGUAGE]
    for index, name in enumerate(table.header, start=1):
        key, _, lang = name.strip().casefold().partition(".")
        if not name:
            problems.append(
                table.problem(table.header_row, index, "column-unnamed", "a column with no name")
            )
            continue
        if key not in PROPOSAL_COLUMNS or (lang and key not in PER_LANGUAGE):
            problems.append(
                table.problem(
                    table.header_row,
                    index,
                    "column-unknown",
                    f"unknown column {name!r}{did_you_mean(name.strip(), known)}; columns are"
                    f" named as the YAML keys: {', '.join(PROPOSAL_COLUMNS)}",
                )
            )
            continue
        if lang:
            lang = languages.canonical(name.strip().partition(".")[2])
            if not _LANG.match(lang):
                problems.append(
                    table.problem(
                        table.header_row,
                        index,
                        "column-language",
                        f"column {name!r}: {lang!r} is not a language tag (fr, en, pt-PT ...)",
                    )
                )
                continue
        if (key, lang or None) in seen:
            problems.append(
                table.problem(
                    table.header_row,
                    index,
                    "column-repeated",
                    f"column {name!r} is there twice (first in column {seen[(key, lang or None)]})",
                )
            )
            continue
        seen[(key, lang or None)] = index
        found.append(_Column(key, lang or None, index))
    keys = {c.key for c in found}
    for key in required:
        if key not in keys:
            problems.append(
                table.problem(
                    table.header_row,
                    1,
                    "column-missing",
                    f"no column {key!r}: the sheet needs {', '.join(required)}"
                    + (f" (the header has {', '.join(map(repr, table.header))})"),
                )
            )
    return found, problems


@dataclass
class Known:
    """The ids a proposal may name, with names to suggest an id from."""

    meetings: dict[str, models.Text]
    partners: dict[str, models.Text]
    zones: dict[str, models.Text]
    regions: dict[str, models.Text]
    markets: dict[str, models.Text]
    sectors: dict[str, models.Text]

    @classmethod
    def of(cls, data: Data, plan: models.Plan) -> Known:
        def names(records: Iterable[Any]) -> dict[str, models.Text]:
            return {r.id: r.name for r in records}

        return cls(
            meetings=names(plan.meetings),
            partners=names(data.partners.partners if data.partners else []),
            zones=names(data.markets.zones if data.markets else []),
            regions=names(data.regions.regions if data.regions else []),
            markets=names(data.markets.markets if data.markets else []),
            sectors=names(data.sectors.sectors if data.sectors else []),
        )


def unknown_id(value: str, known: Mapping[str, models.Text], kind: str) -> str | None:
    """The message for an id `known` lacks, suggesting the id of a name too.

    `known` maps each id to its name, plain or per language: a partner who
    writes the market's name (`Spain`, `Espagne`) is told its id (`ES`)."""
    if value in known:
        return None
    hint = did_you_mean(value, known)
    if not hint:
        by_name = {
            name.casefold(): id_
            for id_, text in known.items()
            for name in ([text] if isinstance(text, str) else text.values())
        }
        if value.casefold() in by_name:
            hint = f" (did you mean {by_name[value.casefold()]!r}?)"
    return f"unknown {kind} {value!r}{hint}"


_ID_TAIL = re.compile(r"^(.*?)(\d+)$")


def next_ids(existing: list[str], count: int, year: int, taken: set[str]) -> list[str]:
    """`count` new ids continuing the plan's own sequence.

    The sequence is that of the last id in the file that ends in digits
    (P26-32 -> P26-33, P26-34 ...), its digits' width kept; a plan with no
    such id starts at P<yy>-01.
    """
    prefix, width, last = f"P{year % 100:02d}-", 2, 0
    for id_ in reversed(existing):
        match = _ID_TAIL.match(id_)
        if match:
            prefix, width = match.group(1), len(match.group(2))
            break
    for id_ in existing:
        match = _ID_TAIL.match(id_)
        if match and match.group(1) == prefix:
            last = max(last, int(match.group(2)))
    out: list[str] = []
    number = last
    while len(out) < count:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
        if candidate not in taken:
            out.append(candidate)
    return out


def _said(value: models.Text | str | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    values = [value] if isinstance(value, str) else list(value.values())
    return frozenset(" ".join(v.split()).casefold() for v in values)


def _same(meeting: str, by: Iterable[str], text: Any) -> list[tuple[str, frozenset[str], str]]:
    """The keys under which a proposal is "the same": one per language of its text."""
    authors = frozenset(by)
    return [(meeting, authors, words) for words in _said(text)]


def proposals(
    table: Table,
    data: Data,
    plan: models.Plan,
    lang: str,
    meeting: str | None = None,
) -> Intake:
    """The proposals `table` adds to `plan`, or the problems that stop it."""
    intake = Intake(problems=list(table.problems))
    required = ["by", "text"] if meeting else ["meeting", "by", "text"]
    columns, problems = _columns(table, required)
    intake.problems += problems
    if problems:
        return intake
    if not table.rows:
        intake.problems.append(
            table.problem(
                table.header_row, 1, "sheet-no-rows", "no rows under the header: nothing to import"
            )
        )
        return intake
    known = Known.of(data, plan)
    existing_ids = {p.id: p for p in plan.proposals}
    said: dict[tuple[str, frozenset[str], str], str | int] = {}
    for p in plan.proposals:
        for key in _same(p.meeting, p.by, p.text):
            said.setdefault(key, p.id)
    file_ids: dict[str, int] = {}
    pending: list[tuple[int, dict[str, Any]]] = []
    for number, values in table.rows:
        record, row_problems = _record(table, number, values, columns, known, lang, meeting)
        intake.problems += row_problems
        if record is None:
            continue
        first_cell = table.problem(number, 1, "proposal-exists", "")
        given = record.get("id")
        if given is not None and given in existing_ids:
            intake.skipped.append(Skipped(first_cell, given))
            continue
        keys = _same(record["meeting"], record["by"], record["text"])
        twin = next((said[key] for key in keys if key in said), None)
        if twin is not None:
            if isinstance(twin, int):
                intake.skipped.append(Skipped(first_cell, "", twin))
            else:
                intake.skipped.append(Skipped(first_cell, twin))
            continue
        if record.get("status") == "taken-up":
            intake.problems.append(
                table.problem(
                    number,
                    _index(columns, "status"),
                    "proposal-unanswered",
                    "a new proposal cannot be taken-up: no action answers it yet"
                    " (import it as open, then list it in the action's `answers`)",
                )
            )
            continue
        if given is not None:
            if given in file_ids:
                intake.problems.append(
                    table.problem(
                        number,
                        _index(columns, "id"),
                        "proposal-id-repeated",
                        f"id {given!r} is given twice (first in row {file_ids[given]})",
                    )
                )
                continue
            file_ids[given] = number
        # later rows equal to this one are skipped as the plan's would be
        for key in keys:
            said.setdefault(key, given or number)
        pending.append((number, record))
    taken = set(existing_ids) | set(file_ids)
    fresh = iter(
        next_ids(
            [p.id for p in plan.proposals],
            sum(1 for _, r in pending if "id" not in r),
            plan.year,
            taken,
        )
    )
    for _number, record in pending:
        if "id" not in record:
            record = {"id": next(fresh), **record}
        intake.added.append(record)
    return intake


def _index(columns: list[_Column], key: str) -> int:
    return next((c.index for c in columns if c.key == key), 1)


_READERS: dict[str, Callable[[Value, str], Any]] = {
    "date": cells.day,
    "by": lambda value, _lang: cells.ids(value) or None,
    "assumption": lambda value, _lang: cells.flag(value),
}
_REFS = {
    "meeting": ("meetings", "meeting"),
    "zone": ("zones", "zone"),
    "region": ("regions", "region"),
    "market": ("markets", "market"),
    "sector": ("sectors", "sector"),
}


def _record(
    table: Table,
    number: int,
    values: list[Value],
    columns: list[_Column],
    known: Known,
    lang: str,
    meeting: str | None,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One row as the YAML record it becomes (keys in `PROPOSAL_COLUMNS` order)."""
    problems: list[Problem] = []
    raw: dict[str, Any] = {}
    where: dict[str, int] = {}
    unread: set[str] = set()  # keys whose cell is wrong: not "missing" as well

    def fail(column: int, code: str, message: str) -> None:
        problems.append(table.problem(number, column, code, message))

    for column in columns:
        if (number, column.index) in table.bad_cells:
            unread.add(column.key)
            continue
        value = values[column.index - 1]
        try:
            reader = _READERS.get(column.key)
            read = reader(value, lang) if reader else cells.text(value)
        except cells.CellError as exc:
            fail(column.index, "cell-value", f"{column.key}: {exc}")
            unread.add(column.key)
            continue
        if read is None:
            continue
        if column.key == "status":
            read = "-".join(read.casefold().split())
        if column.lang:
            raw.setdefault(column.key, {})
            if not isinstance(raw[column.key], dict):
                fail(
                    column.index,
                    "cell-text-twice",
                    f"{column.key} is given both as one text and per language",
                )
                continue
            raw[column.key][column.lang] = read
            where.setdefault(column.key, column.index)
            where[f"{column.key}.{column.lang}"] = column.index
        else:
            if isinstance(raw.get(column.key), dict):
                fail(
                    column.index,
                    "cell-text-twice",
                    f"{column.key} is given both as one text and per language",
                )
                continue
            raw[column.key] = read
            where[column.key] = column.index
    if "meeting" not in raw and meeting is not None:
        raw["meeting"] = meeting
    for key, (kind, word) in _REFS.items():
        value = raw.get(key)
        if isinstance(value, str):
            message = unknown_id(value, getattr(known, kind), word)
            if message is not None:
                fail(where.get(key, 1), f"unknown-{word}", message)
    for partner in raw.get("by") or []:
        message = unknown_id(partner, known.partners, "partner")
        if message is not None:
            fail(where.get("by", 1), "unknown-partner", message)
    record = {key: raw[key] for key in PROPOSAL_COLUMNS if key in raw}
    try:
        models.Proposal.model_validate({"id": "new", "status": "open", **record})
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, code, message, _at_key = explain(error, models.Proposal)
            # the one rule across fields: a declined proposal needs a reason
            key = str(loc[0]) if loc else ("reason" if "reason" in where else "status")
            if key in unread:
                continue
            if len(loc) > 1 and f"{key}.{loc[1]}" in where:
                key = f"{key}.{loc[1]}"
            fail(where.get(key, 1), code, message)
    if problems or unread:
        return None, problems
    record.setdefault("status", "open")
    return record, problems


#: Columns of a progress sheet, in the YAML's key order. One row per action,
#: and one more per KPI with a value (`kpi`, `actual`).
PROGRESS_COLUMNS = (
    "action",
    "status",
    "committed",
    "spent",
    "kpi",
    "actual",
    "note.date",
    "note.text",
    "reason",
)
#: Keys of the action itself (not of one of its KPIs): given once per action.
_ACTION_KEYS = ("status", "committed", "spent", "note", "reason")


def progress(table: Table, plan: models.Plan, lang: str, as_of: dt.date) -> Intake:
    """The actions' review records a progress sheet gives, or the problems that stop it.

    Rows of one action are merged: its status, amounts, note and reason
    (once), and a KPI's actual value per row that gives `kpi` and `actual`
    (the KPI named by its indicator, in any of the plan's languages). A row
    that names an action, or an action and a KPI, and nothing else (the
    template lists them all) is not a review and is left out. Amounts and
    values may be written with either locale's grouping (`cells.number`).
    """
    from roadmap.progress.models import ActionReview

    intake = Intake(problems=list(table.problems))
    found: dict[str, int] = {}
    known = [*PROGRESS_COLUMNS, "note.text.en"]
    for index, name in enumerate(table.header, start=1):
        key = name.strip().casefold()
        if key.startswith(("note.text.", "reason.")):
            key_lang = name.strip().rsplit(".", 1)[1]
            key = f"{key.rsplit('.', 1)[0]}.{languages.canonical(key_lang)}"
        elif key not in PROGRESS_COLUMNS:
            intake.problems.append(
                table.problem(
                    table.header_row,
                    index,
                    "column-unknown",
                    f"unknown column {name!r}{did_you_mean(name.strip(), known)}; columns:"
                    f" {', '.join(PROGRESS_COLUMNS)}",
                )
            )
            continue
        if key in found:
            intake.problems.append(
                table.problem(
                    table.header_row,
                    index,
                    "column-repeated",
                    f"column {name!r} is there twice (first in column {found[key]})",
                )
            )
            continue
        found[key] = index
    if "action" not in found:
        intake.problems.append(
            table.problem(
                table.header_row, 1, "column-missing", "no column 'action': the action's id"
            )
        )
    if len(intake.problems) > len(table.problems):  # the columns are wrong: rows cannot be read
        return intake
    actions = {a.id: a for a in plan.actions}
    titles = {a.id: a.title for a in plan.actions}
    records: dict[str, dict[str, Any]] = {}
    rows_of: dict[str, int] = {}  # the row that gave an action's own fields
    for number, values in table.rows:
        row, problems = _review_row(table, number, values, found, titles, lang, as_of)
        intake.problems += problems
        if row is None:
            continue
        action_id = row.pop("action")
        record = records.setdefault(action_id, {"action": action_id})
        kpi = row.pop("kpis", None)
        if kpi is not None:
            message = _unknown_kpi(actions[action_id], kpi["indicator"])
            if message is not None:
                intake.problems.append(table.problem(number, found["kpi"], "unknown-kpi", message))
                continue
            record.setdefault("kpis", []).append(kpi)
        if row:
            if action_id in rows_of:
                intake.problems.append(
                    table.problem(
                        number,
                        found["action"],
                        "review-repeated",
                        f"action {action_id!r} is reviewed twice (first in row"
                        f" {rows_of[action_id]}); a further row of the action gives a KPI only",
                    )
                )
                continue
            rows_of[action_id] = number
            record.update(row)
    for action_id, record in records.items():
        ordered = {"action": action_id}
        ordered.update({k: record[k] for k in _ACTION_KEYS if k in record})
        if "kpis" in record:
            ordered["kpis"] = record["kpis"]
        number = rows_of.get(action_id, table.header_row)
        try:
            ActionReview.model_validate(ordered)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc, code, message, _at_key = explain(error, ActionReview)
                key = str(loc[0]) if loc else ("reason" if "reason" in found else "status")
                column = found.get(key) or found.get(f"{key}.text") or found["action"]
                intake.problems.append(table.problem(number, column, code, message))
            continue
        intake.added.append(ordered)
    return intake


def _unknown_kpi(action: models.Action, indicator: str) -> str | None:
    from roadmap.progress.checks import find_kpi, indicator_forms

    if find_kpi(action, indicator) is not None:
        return None
    forms = [form for kpi in action.kpis for form in indicator_forms(kpi)]
    has = f"; its KPIs: {', '.join(map(repr, forms))}" if forms else "; it has no KPI"
    return f"action {action.id!r} has no KPI {indicator!r}{did_you_mean(indicator, forms)}{has}"


def _review_row(
    table: Table,
    number: int,
    values: list[Value],
    found: dict[str, int],
    actions: Mapping[str, models.Text],
    lang: str,
    as_of: dt.date,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """A row's fields: `action`, the action's own, and `kpis` (one KPI's value), or None."""
    problems: list[Problem] = []
    read: dict[str, Any] = {}
    bad = False
    for key, index in found.items():
        if (number, index) in table.bad_cells:
            bad = True
            continue
        value = values[index - 1]
        try:
            if key in ("committed", "spent", "actual"):
                got: Any = cells.number(value, lang)
            elif key == "note.date":
                got = cells.day(value, lang)
            else:
                got = cells.text(value)
        except cells.CellError as exc:
            problems.append(table.problem(number, index, "cell-value", f"{key}: {exc}"))
            bad = True
            continue
        if got is not None:
            read[key] = got
    if bad or problems:
        return None, problems
    action = read.get("action")
    if action is None:
        if read:
            problems.append(
                table.problem(number, found["action"], "missing-key", "no action id in this row")
            )
        return None, problems
    if set(read) <= {"action", "kpi"}:
        return None, problems  # only what the template filled in: nothing reviewed
    message = unknown_id(action, actions, "action")
    if message is not None:
        return None, [table.problem(number, found["action"], "unknown-action", message)]
    row: dict[str, Any] = {"action": action}
    if "actual" in read:
        if "kpi" not in read:
            problems.append(
                table.problem(
                    number, found["actual"], "missing-key", "an actual value without its `kpi`"
                )
            )
        else:
            row["kpis"] = {"indicator": read["kpi"], "actual": read["actual"]}
    if "status" in read:
        row["status"] = "-".join(read["status"].casefold().split())
    for key in ("committed", "spent"):
        if key in read:
            row[key] = read[key]
    texts = {k.split(".")[-1]: v for k, v in read.items() if k.startswith("note.text.")}
    note_text = read.get("note.text") or texts or None
    if note_text is not None or "note.date" in read:
        row["note"] = {"date": read.get("note.date", as_of), "text": note_text}
        if note_text is None:
            problems.append(
                table.problem(
                    number, found["note.date"], "missing-key", "a note's date without its text"
                )
            )
    reasons = {k.split(".")[-1]: v for k, v in read.items() if k.startswith("reason.")}
    if "reason" in read or reasons:
        row["reason"] = read.get("reason") or reasons
    if problems:
        return None, problems
    return row, problems

"""`roadmap diff` reports: plain text, Markdown and JSON, each a string.

The numbers and groupings are worked out once, as `Table`s; each format
only lays them out (the terminal's rich tables are built from the same
tables in `roadmap.cli.diff`). The JSON layout is versioned and documented
in the README; a new key may be added within a version, never removed.

A report opens with the story a planner tells of one year to the next:
what became of the earlier plan's proposals, the new markets and
destinations, the budget shift by lever and by zone; then the detailed
changes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from roadmap.diff import OUTCOMES, SECTIONS, Delta, Exact, PlanDiff, ProposalFate, Story, exact
from roadmap.i18n import resolve_text

#: 2: from a plan to a later year's, the earlier plan's proposals and
#: meetings that the later plan does not list are no longer `removed`
#: changes (their fate is in `story`); `story`, `shifts`, `answers[].in_*` added.
JSON_VERSION = 2
NONE = "—"
_KINDS = ("added", "removed", "changed", "reordered")
_BUDGET_TITLES = {
    "lever": "Budget by lever",
    "zone": "Budget by zone",
    "region": "Budget by region",
}
_COVERAGE_TITLES = {"markets": "markets", "regions": "regions", "months": "months"}


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Right-aligned (numeric) columns.
    numeric: tuple[bool, ...]
    #: Columns that hold data paths (code in Markdown).
    code: tuple[bool, ...] = ()
    #: Lines said before the table (a table may be only these, with no headers).
    intro: tuple[str, ...] = ()


# --------------------------------------------------------------------------- values as text


def _cents(x: float | Fraction) -> int | Decimal:
    """`x` to at most 2 decimals, exactly: an int when whole.

    Rounded from the exact value (a float as the decimal it prints as), and
    shown as a Decimal: a float has no cents left above 2^53 / 100.
    """
    q = round(exact(x) if isinstance(x, float) else Fraction(x), 2)
    if q.denominator == 1:
        return q.numerator
    return Decimal(q.numerator) / q.denominator  # q.denominator divides 100: exact


def number(x: float | Fraction | None) -> str:
    """Thousands separated from 10,000 up, so years and small counts stay plain."""
    if x is None:
        return NONE
    shown = _cents(x)
    sep = "," if not -10_000 < shown < 10_000 else ""
    return f"{shown:{sep}}"


def signed(x: float | Fraction | None) -> str:
    if x is None:
        return NONE
    return f"{_cents(x):+,}"


def percent(delta: Delta) -> str:
    p = delta.percent
    if p is not None:
        return f"{p:+.1f}%"
    if delta.change and not delta.before:
        return "new"
    return ""


def _text(value: Any) -> str:
    """A text field: plain, or its first language (`i18n.resolve_text`)."""
    if isinstance(value, dict):
        return resolve_text(value)
    return str(value)


def _is_text(v: Any) -> bool:
    """A text given per language: `{fr: ..., en: ...}` (a record has an `id`, not a language)."""
    return (
        isinstance(v, dict)
        and bool(v)
        and "id" not in v
        and all(
            isinstance(k, str) and len(k) == 2 and k.isalpha() and isinstance(x, str)
            for k, x in v.items()
        )
    )


def value(v: Any, width: int | None = 80, visible: bool = False) -> str:
    """One before or after value on one line, cut to `width` characters.

    Runs of white space show as one space; with `visible`, white space other
    than a single space between words, and invisible characters, show as
    escapes instead (see `reveal`).
    """
    out = _value(v, visible)
    if not visible:
        out = " ".join(out.split())
    return _cut(out, width)


def _cut(out: str, width: int | None) -> str:
    return out if width is None or len(out) <= width else out[: width - 1] + "…"


def _value(v: Any, visible: bool) -> str:
    def leaf(x: Any) -> str:
        return reveal(str(x)) if visible else str(x)

    if v is None:
        return NONE
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float | int):
        return number(v)
    if isinstance(v, list):
        return ", ".join(_value(x, visible) for x in v) if v else "(empty)"
    if _is_text(v):
        return leaf(_text(v))
    if isinstance(v, dict):
        for name in ("title", "name", "text"):
            if name in v:
                return leaf(_text(v[name]))
        scalars = [
            f"{k}: {_value(x, visible)}"
            for k, x in v.items()
            if not isinstance(x, dict) or _is_text(x)
        ]
        return ", ".join(scalars) or leaf(_text(v))
    return leaf(v)


_SHOWN = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"}
#: Categories of characters that print as nothing or as a blank.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def reveal(text: str) -> str:
    """`text` with what a reader cannot see written out: `\\u202f`, `\\t`, `\\u0020`.

    A single space between two words stays a space; a leading, trailing or
    repeated space, any other space-like or zero-width character and any
    control character become an escape (a backslash is doubled), so two
    texts that differ only there no longer look the same.
    """
    out = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch in _SHOWN:
            out.append(_SHOWN[ch])
        elif ch == " ":
            lone = 0 < i < last and text[i - 1] != " "
            out.append(" " if lone else "\\u0020")
        elif ch.isspace() or unicodedata.category(ch) in _INVISIBLE:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def values(before: Any, after: Any, width: int = 80) -> tuple[str, str]:
    """A change's two values as shown; revealed when they would look the same.

    When the two differ only in white space or invisible characters, both
    are shown with `reveal`, starting a little before the first difference
    so that it is within `width`.
    """
    shown = value(before, width), value(after, width)
    if shown[0] != shown[1] or before == after:
        return shown
    b, a = value(before, None, visible=True), value(after, None, visible=True)
    same = next(
        (i for i, (x, y) in enumerate(zip(b, a, strict=False)) if x != y), min(len(a), len(b))
    )
    start = max(0, same - width // 3)
    if start:
        b, a = "…" + b[start:], "…" + a[start:]
    return _cut(b, width), _cut(a, width)


# --------------------------------------------------------------------------- tables


def headline(diff: PlanDiff) -> str:
    counts = dict.fromkeys(_KINDS, 0)
    for c in diff.changes:
        counts[c.kind] += 1
    parts = [f"{n} {kind}" for kind, n in counts.items() if n]
    if not parts:
        parts = ["no differences" if not diff.differs else "no change in the plans"]
    return f"{diff.before} → {diff.after}: " + ", ".join(parts)


def tables(diff: PlanDiff) -> list[Table]:
    """The report's tables, in order; a table with nothing to show is left out.

    The story first (proposals, markets and destinations, budget by lever
    and by zone), then the detailed changes.
    """
    story = (
        _proposal_tables,
        _shift_tables,
        lambda d: _budget_tables(d, ("lever", "zone")),
    )
    details = (
        _change_tables,
        _target_tables,
        lambda d: _budget_tables(d, ("region",)),
        _coverage_tables,
        _answer_tables,
    )
    return [table for part in (*story, *details) for table in part(diff)]


_SHIFT_LABELS = {
    "market-added": "market added",
    "market-dropped": "market dropped",
    "tier": "tier",
    "lead": "lead destination",
    "emerging": "emerging destination",
}


def _shift_tables(diff: PlanDiff) -> list[Table]:
    """Markets added or dropped, tier changes, each region's lead and emerging destination."""
    if not diff.shifts:
        return []
    return [
        Table(
            "Markets and destinations",
            ("change", "id", "name", diff.before, diff.after),
            tuple(
                (
                    _SHIFT_LABELS.get(s.kind, s.kind),
                    s.key,
                    s.name,
                    s.before or NONE,
                    s.after or NONE,
                )
                for s in diff.shifts
            ),
            (False,) * 5,
        )
    ]


def _ids(ids: tuple[str, ...]) -> str:
    return ", ".join(ids)


def _reason(fate: ProposalFate) -> str:
    return "" if fate.reason is None else ": " + value(fate.reason, 60)


def fate_text(fate: ProposalFate, before: str, after: str) -> str:
    """What became of one proposal, in one line: `deferred → taken-up by A26-034`."""
    by = ""
    if fate.actions:
        # "by" for an answer; an action that answers a pending proposal is named too
        by = f" by {_ids(fate.actions)}"
        if fate.outcome != "taken-up":
            by = f" (answered{by})"
    if fate.after is not None:
        why = _reason(fate) if fate.after in ("deferred", "declined") else ""
        if fate.after == fate.before:
            return f"still {fate.after}{by}{why}"
        return f"{fate.before} → {fate.after}{by}{why}"
    if fate.actions_in == "after":
        return f"{fate.before} → taken-up{by} of {after} (not listed in {after})"
    if fate.outcome == "taken-up":
        return f"taken-up{by} in {before}"
    if fate.outcome == "declined":
        return f"declined in {before}{_reason(fate)}"
    return f"{fate.before} in {before}{_reason(fate)}; dropped from {after} with no outcome"


def story_lines(story: Story, before: str, after: str) -> tuple[str, ...]:
    """The story's counts: proposals by outcome, carried or not, meetings."""
    fates = story.proposals
    counts = story.outcomes()
    by_outcome = ", ".join(
        f"{counts[o]} {o}" + (" with no outcome" if o == "dropped" else "")
        for o in OUTCOMES
        if counts[o]
    )
    dropped = [f.proposal for f in fates if f.outcome == "dropped"]
    lines = [
        f"{len(fates)} proposal(s) of {before}"
        + (f": {by_outcome}" if by_outcome else "")
        + (f" ({_ids(tuple(dropped))})" if dropped else "")
    ]
    carried = [f for f in fates if f.carried]
    if fates:
        moved = sum(f.changed for f in carried)
        lines.append(
            f"{len(carried)} carried into {after} ({moved} with a new status), "
            f"{len(fates) - len(carried)} not listed in {after}"
        )
    if story.new_proposals:
        lines.append(f"{len(story.new_proposals)} new proposal(s) in {after}")
    meetings = (
        f"meetings: {len(story.carried)} of {before} carried into {after}, "
        f"{len(story.held)} held and left in {before}'s history"
    )
    if story.new_meetings:
        meetings += f", {len(story.new_meetings)} new ({_ids(story.new_meetings)})"
    lines.append(meetings)
    return tuple(lines)


def _proposal_tables(diff: PlanDiff) -> list[Table]:
    """What became of the earlier plan's proposals (a later year's plan only)."""
    story = diff.story
    if story is None or not (
        story.proposals or story.held or story.carried or story.new_meetings or story.new_proposals
    ):
        return []
    rows = tuple(
        (f.proposal, f.outcome, fate_text(f, diff.before, diff.after), value(f.text, 60))
        for f in story.proposals
    )
    return [
        Table(
            f"Proposals of {diff.before}: what became of them",
            ("proposal", "outcome", "what became of it", "text") if rows else (),
            rows,
            (False,) * 4 if rows else (),
            (True, False, False, False) if rows else (),
            story_lines(story, diff.before, diff.after),
        )
    ]


def _change_tables(diff: PlanDiff) -> list[Table]:
    """Summary of changes by section, and every change."""
    out: list[Table] = []
    counts = diff.counts()
    if counts:
        rows = [
            (section, *(str(counts[section][k]) for k in _KINDS))
            for section in SECTIONS
            if section in counts
        ]
        out.append(Table("Summary", ("section", *_KINDS), tuple(rows), (False,) + (True,) * 4))
        out.append(
            Table(
                "Changes",
                ("", "path", diff.before, diff.after),
                tuple((c.kind, c.path, *values(c.before, c.after)) for c in diff.changes),
                (False,) * 4,
                (False, True, False, False),
            )
        )
    return out


def _target_tables(diff: PlanDiff) -> list[Table]:
    """KPI targets that changed."""
    out: list[Table] = []
    if diff.targets:
        out.append(
            Table(
                "KPI targets",
                ("objective", "target", "unit", diff.before, diff.after, "change", "%"),
                tuple(
                    (
                        t.objective,
                        t.delta.key,
                        t.unit,
                        number(t.delta.before),
                        number(t.delta.after),
                        signed(t.delta.change),
                        percent(t.delta),
                    )
                    for t in diff.targets
                ),
                (False, False, False, True, True, True, True),
                (True, True, False, False, False, False, False),
            )
        )
    return out


def _budget_tables(diff: PlanDiff, keys: tuple[str, ...]) -> list[Table]:
    """Budget by each of `keys` (lever, zone, region), when any budget changed."""
    out: list[Table] = []
    budgets_differ = bool(diff.budget_total.change) or any(
        d.change for rows in diff.budgets.values() for d in rows
    )
    for key in keys if budgets_differ else ():
        title = _BUDGET_TITLES[key]
        rows = [_budget_row(d) for d in diff.budgets[key]]
        rows.append(_budget_row(diff.budget_total))
        out.append(
            Table(
                title,
                (key, diff.before, diff.after, "change", "%"),
                tuple(rows),
                (False, True, True, True, True),
            )
        )
    return out


def _coverage_tables(diff: PlanDiff) -> list[Table]:
    """Markets, regions and months gained or lost."""
    out: list[Table] = []
    coverage = [
        (_COVERAGE_TITLES[k], _listed(c.gained), _listed(c.lost))
        for k, c in diff.coverage.items()
        if c.gained or c.lost
    ]
    if coverage:
        out.append(
            Table(
                "Coverage (with at least one action)",
                ("", "gained", "lost"),
                tuple(coverage),
                (False, False, False),
            )
        )
    return out


def _answer_tables(diff: PlanDiff) -> list[Table]:
    """Proposals whose answering actions changed."""
    out: list[Table] = []
    if diff.answers:
        out.append(
            Table(
                "Proposals answered",
                ("proposal", "listed in", f"actions {diff.before}", f"actions {diff.after}"),
                tuple(
                    (
                        a.proposal,
                        _listed_in(a.in_before, a.in_after, diff.before, diff.after),
                        ", ".join(a.before) or NONE,
                        ", ".join(a.after) or NONE,
                    )
                    for a in diff.answers
                ),
                (False,) * 4,
                (True, False, False, False),
            )
        )
    return out


def _listed_in(in_before: bool, in_after: bool, before: str, after: str) -> str:
    """Which plan lists an answered proposal; neither: an earlier one (validation found it)."""
    sides = [label for label, listed in ((before, in_before), (after, in_after)) if listed]
    return ", ".join(sides) or "an earlier plan"


def _listed(items: tuple[str | int, ...]) -> str:
    return ", ".join(str(x) for x in items) or NONE


def _budget_row(d: Delta) -> tuple[str, ...]:
    """Amounts in whole units (a zone's share of a split budget may have cents)."""

    def whole(x: Exact | None) -> int | None:
        return None if x is None else round(x)

    return (
        d.key,
        number(whole(d.before)),
        number(whole(d.after)),
        signed(whole(d.change)),
        percent(d),
    )


# --------------------------------------------------------------------------- formats


def text(diff: PlanDiff) -> str:
    """Plain text: aligned columns, no colour."""
    return text_of([headline(diff)], tables(diff))


def text_of(head: list[str], tables: list[Table]) -> str:
    """Plain text of a headline's lines and tables (the reviews' diff lays out its own)."""
    lines = list(head)
    for table in tables:
        widths = [len(h) for h in table.headers]
        for row in table.rows:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

        def line(cells: tuple[str, ...], t: Table = table, w: list[int] = widths) -> str:
            parts = [
                cell.rjust(width) if right else cell.ljust(width)
                for cell, width, right in zip(cells, w, t.numeric, strict=True)
            ]
            return "  ".join(parts).rstrip()

        lines += ["", table.title, *table.intro]
        if table.headers:
            lines += [line(table.headers), line(tuple("-" * n for n in widths))]
            lines += [line(row) for row in table.rows]
    return "\n".join(lines) + "\n"


_MD_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "~": "\\~",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)


def md_escape(cell: str) -> str:
    """A table cell that Markdown shows as typed: no markup, no HTML, no row break."""
    return " ".join(cell.split()).translate(_MD_SPECIAL)


def md(diff: PlanDiff) -> str:
    """A Markdown section to paste in a report: headings and GFM tables."""
    heading = f"Plan changes: {diff.before} → {diff.after}"
    return md_of(heading, [headline(diff)], tables(diff))


def md_of(heading: str, head: list[str], tables: list[Table]) -> str:
    """Markdown of a heading, a headline's lines and tables (as `md` lays them out)."""
    lines = [f"## {md_escape(heading)}", ""]
    lines += [md_escape(line) for line in head]
    for table in tables:
        code = table.code or (False,) * len(table.headers)

        def cell(text: str, is_code: bool) -> str:
            if is_code and text and "`" not in text:
                return "`" + text.replace("|", "\\|") + "`"
            return md_escape(text)

        lines += ["", f"### {md_escape(table.title)}", ""]
        if table.intro:
            lines += [f"- {md_escape(line)}" for line in table.intro]
            if table.headers:
                lines.append("")
        if not table.headers:
            continue
        lines.append("| " + " | ".join(md_escape(h) or " " for h in table.headers) + " |")
        lines.append("|" + "|".join("---:" if n else "---" for n in table.numeric) + "|")
        lines += [
            "| " + " | ".join(cell(c, k) for c, k in zip(row, code, strict=True)) + " |"
            for row in table.rows
        ]
    return "\n".join(lines) + "\n"


def json_number(x: Exact | None, cents: bool) -> int | Decimal | None:
    """A number for JSON: an int when whole, else an exact Decimal (written as
    a JSON number by `dumps_exact`): with `cents`, rounded to the cent (a split
    budget's share); else as the data wrote it (targets, actuals)."""
    if x is None:
        return None
    q = Fraction(x)
    if q.denominator == 1:
        return q.numerator
    if cents:
        q = round(q, 2)
    # a decimal of the data (at most 6 decimals) or a cent: exact in 28 digits
    return Decimal(q.numerator) / q.denominator


def _delta(d: Delta, cents: bool = True) -> dict[str, Any]:
    """A delta as JSON, its numbers as `json_number` writes them."""

    def n(x: Exact | None) -> int | Decimal | None:
        return json_number(x, cents)

    p = d.percent
    return {
        "key": d.key,
        "before": n(d.before),
        "after": n(d.after),
        "change": n(d.change),
        "percent": None if p is None else round(p, 2) + 0.0,  # never -0.0
    }


def _story_dict(story: Story | None) -> dict[str, Any] | None:
    if story is None:
        return None
    return {
        "outcomes": story.outcomes(),
        "proposals": [
            {
                "proposal": f.proposal,
                "text": f.text,
                "before": f.before,
                "after": f.after,
                "outcome": f.outcome,
                "actions": list(f.actions),
                "actions_in": f.actions_in,
                "reason": f.reason,
            }
            for f in story.proposals
        ],
        "new_proposals": list(story.new_proposals),
        "meetings": {
            "carried": list(story.carried),
            "held": list(story.held),
            "added": list(story.new_meetings),
        },
    }


def as_dict(diff: PlanDiff) -> dict[str, Any]:
    """The JSON report as data (layout in the README, `version` 2)."""
    totals = dict.fromkeys(_KINDS, 0)
    for c in diff.changes:
        totals[c.kind] += 1
    return {
        "version": JSON_VERSION,
        "before": diff.before,
        "after": diff.after,
        "differs": diff.differs,
        "summary": {**totals, "sections": diff.counts()},
        "story": _story_dict(diff.story),
        "shifts": [
            {"kind": x.kind, "key": x.key, "name": x.name, "before": x.before, "after": x.after}
            for x in diff.shifts
        ],
        "changes": [
            {
                "section": c.section,
                "kind": c.kind,
                "path": c.path,
                "before": c.before,
                "after": c.after,
            }
            for c in diff.changes
        ],
        "budgets": {
            "total": _delta(diff.budget_total),
            **{k: [_delta(d) for d in rows] for k, rows in diff.budgets.items()},
        },
        "targets": [
            {
                "objective": t.objective,
                "target": t.delta.key,
                "unit": t.unit,
                **{k: v for k, v in _delta(t.delta, cents=False).items() if k != "key"},
            }
            for t in diff.targets
        ],
        "coverage": {
            k: {
                "before": list(c.before),
                "after": list(c.after),
                "gained": list(c.gained),
                "lost": list(c.lost),
            }
            for k, c in diff.coverage.items()
        },
        "answers": [
            {
                "proposal": a.proposal,
                "before": list(a.before),
                "after": list(a.after),
                "in_before": a.in_before,
                "in_after": a.in_after,
            }
            for a in diff.answers
        ],
    }


def to_json(diff: PlanDiff) -> str:
    return dumps_exact(as_dict(diff)) + "\n"


def dumps_exact(data: Any) -> str:
    """JSON of `data`, its Decimals written as numbers with every digit.

    A float keeps about 16 significant digits: a split budget of 10^20 has
    22 with its cents. json writes Decimals only as text, so they go in as
    marked text and the quotes are taken off; the mark is one that nothing
    else in the output holds, so no data text is ever turned into a number.
    """
    plain = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    mark = "#number#"
    while mark in plain:
        mark = "#" + mark
    text = json.dumps(data, ensure_ascii=False, indent=2, default=lambda d: f"{mark}{d:f}")
    return re.sub('"' + re.escape(mark) + r'(-?[0-9]+(?:\.[0-9]+)?)"', r"\1", text)


RENDERERS = {"text": text, "md": md, "json": to_json}

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
from functools import cache
from typing import Any

from roadmap.diff import (
    NO_MARKET,
    NO_REGION,
    OUTCOMES,
    SECTIONS,
    Delta,
    Exact,
    PlanDiff,
    ProposalFate,
    Story,
    exact,
)
from roadmap.i18n import Language, resolve_text
from roadmap.languages import REFERENCE

#: 2: from a plan to a later year's, the earlier plan's proposals and
#: meetings that the later plan does not list are no longer `removed`
#: changes (their fate is in `story`); `story`, `shifts`, `answers[].in_*` added.
JSON_VERSION = 2
NONE = "—"
_KINDS = ("added", "removed", "changed", "reordered")


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
    #: Each row's kind of change (`added`...), whatever the language: a terminal colours by it.
    kinds: tuple[str, ...] = ()


# --------------------------------------------------------------------------- values as text


@cache
def english() -> Language:
    """The reference language, for callers that name none (read when first asked)."""
    return Language(REFERENCE, REFERENCE, "")


def _lang(lang: Language | None) -> Language:
    return english() if lang is None else lang


def _cents(x: float | Fraction) -> int | Decimal:
    """`x` to at most 2 decimals, exactly: an int when whole.

    Rounded from the exact value (a float as the decimal it prints as), and
    shown as a Decimal: a float has no cents left above 2^53 / 100.
    """
    q = round(exact(x) if isinstance(x, float) else Fraction(x), 2)
    if q.denominator == 1:
        return q.numerator
    return Decimal(q.numerator) / q.denominator  # q.denominator divides 100: exact


def number(x: float | Fraction | None, lang: Language | None = None) -> str:
    """Digits grouped from 10,000 up, so years and small counts stay plain;
    separators and digits are the language's (Babel)."""
    if x is None:
        return NONE
    shown = _cents(x)
    pattern = "0.##" if -10_000 < shown < 10_000 else "#,##0.##"
    return _lang(lang).decimal(shown, pattern)


def signed(x: float | Fraction | None, lang: Language | None = None) -> str:
    """A change with its sign always shown, in the language's plus and minus signs."""
    if x is None:
        return NONE
    words = _lang(lang)
    shown = _cents(x)
    sign = words.minus_sign if shown < 0 else words.plus_sign
    return sign + words.decimal(-shown if shown < 0 else shown, "#,##0.##")


def percent(delta: Delta, lang: Language | None = None) -> str:
    words = _lang(lang)
    p = delta.percent
    if p is not None:
        return words.signed_percent(p / 100)
    if delta.change and not delta.before:
        return words.t("diff.new")
    return ""


def _text(value: Any, lang: Language | None = None) -> str:
    """A text field: plain, or in the report's language (`i18n.resolve_text`)."""
    if isinstance(value, dict):
        if lang is None:
            return resolve_text(value)
        return lang.text(value)
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


def value(
    v: Any, width: int | None = 80, visible: bool = False, lang: Language | None = None
) -> str:
    """One before or after value on one line, cut to `width` characters.

    Runs of white space show as one space; with `visible`, white space other
    than a single space between words, and invisible characters, show as
    escapes instead (see `reveal`). Text given per language shows in `lang`'s.
    """
    out = _value(v, visible, lang)
    if not visible:
        out = " ".join(out.split())
    return _cut(out, width)


def _cut(out: str, width: int | None) -> str:
    return out if width is None or len(out) <= width else out[: width - 1] + "…"


def _value(v: Any, visible: bool, lang: Language | None = None) -> str:
    def leaf(x: Any) -> str:
        return reveal(str(x)) if visible else str(x)

    if v is None:
        return NONE
    if isinstance(v, bool):
        return "true" if v else "false"  # as the YAML is written
    if isinstance(v, float | int):
        return number(v, lang)
    if isinstance(v, list):
        if not v:
            return _lang(lang).t("diff.empty")
        return _lang(lang).join([_value(x, visible, lang) for x in v])
    if _is_text(v):
        return leaf(_text(v, lang))
    if isinstance(v, dict):
        for name in ("title", "name", "text"):
            if name in v:
                return leaf(_text(v[name], lang))
        scalars = [
            f"{k}: {_value(x, visible, lang)}"
            for k, x in v.items()
            if not isinstance(x, dict) or _is_text(x)
        ]
        return ", ".join(scalars) or leaf(_text(v, lang))
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


def values(
    before: Any, after: Any, width: int = 80, lang: Language | None = None
) -> tuple[str, str]:
    """A change's two values as shown; revealed when they would look the same.

    When the two differ only in white space or invisible characters, both
    are shown with `reveal`, starting a little before the first difference
    so that it is within `width`.
    """
    shown = value(before, width, lang=lang), value(after, width, lang=lang)
    if shown[0] != shown[1] or before == after:
        return shown
    b, a = value(before, None, True, lang), value(after, None, True, lang)
    same = next(
        (i for i, (x, y) in enumerate(zip(b, a, strict=False)) if x != y), min(len(a), len(b))
    )
    start = max(0, same - width // 3)
    if start:
        b, a = "…" + b[start:], "…" + a[start:]
    return _cut(b, width), _cut(a, width)


# --------------------------------------------------------------------------- tables


def kind_word(kind: str, lang: Language | None = None) -> str:
    """`added`, `removed`, `changed`, `reordered` in the report's language."""
    return _lang(lang).t(f"diff.kind.{kind}")


def status_word(status: str, lang: Language | None = None) -> str:
    """A proposal's status or outcome (`taken-up`, `dropped`...) in the report's language."""
    return _lang(lang).t(f"diff.status.{status}")


def headline(diff: PlanDiff, lang: Language | None = None) -> str:
    words = _lang(lang)
    counts = dict.fromkeys(_KINDS, 0)
    for c in diff.changes:
        counts[c.kind] += 1
    parts = [
        words.t(f"diff.counted.{kind}", count=words.decimal(n)) for kind, n in counts.items() if n
    ]
    if not parts:
        parts = [words.t("diff.no-differences" if not diff.differs else "diff.no-change")]
    return words.t("diff.headline", before=diff.before, after=diff.after, changes=words.join(parts))


def tables(diff: PlanDiff, lang: Language | None = None) -> list[Table]:
    """The report's tables, in order; a table with nothing to show is left out.

    The story first (proposals, markets and destinations, budget by lever
    and by zone), then the detailed changes.
    """
    words = _lang(lang)
    story = (
        _proposal_tables,
        _shift_tables,
        lambda d, w: _budget_tables(d, ("lever", "zone"), w),
    )
    details = (
        _change_tables,
        _target_tables,
        lambda d, w: _budget_tables(d, ("region",), w),
        _coverage_tables,
        _answer_tables,
    )
    return [table for part in (*story, *details) for table in part(diff, words)]


def _shift_tables(diff: PlanDiff, words: Language) -> list[Table]:
    """Markets added or dropped, tier changes, each region's lead and emerging destination."""
    if not diff.shifts:
        return []
    return [
        Table(
            words.t("diff.shifts.title"),
            (
                words.t("diff.col.change"),
                words.t("diff.col.id"),
                words.t("diff.col.name"),
                diff.before,
                diff.after,
            ),
            tuple(
                (
                    words.messages.get(f"diff.shift.{s.kind}", s.kind),
                    s.key,
                    s.name if s.text is None else value(s.text, None, lang=words),
                    s.before or NONE,
                    s.after or NONE,
                )
                for s in diff.shifts
            ),
            (False,) * 5,
        )
    ]


def _ids(ids: tuple[str, ...], words: Language | None = None) -> str:
    return _lang(words).join(list(ids))


def _reason(fate: ProposalFate, words: Language) -> str:
    if fate.reason is None:
        return ""
    return words.t("diff.fate.reason", reason=value(fate.reason, 60, lang=words))


def fate_text(fate: ProposalFate, before: str, after: str, lang: Language | None = None) -> str:
    """What became of one proposal, in one line: `deferred → taken-up by A26-034`."""
    words = _lang(lang)

    def st(status: str) -> str:
        return status_word(status, words)

    by = ""
    if fate.actions:
        # "by" for an answer; an action that answers a pending proposal is named too
        by = " " + words.t("diff.fate.by", actions=_ids(fate.actions, words))
        if fate.outcome != "taken-up":
            by = " " + words.t("diff.fate.answered", actions=_ids(fate.actions, words))
    if fate.after is not None:
        why = _reason(fate, words) if fate.after in ("deferred", "declined") else ""
        if fate.after == fate.before:
            return words.t("diff.fate.still", status=st(fate.after)) + by + why
        return words.t("diff.arrow", before=st(fate.before), after=st(fate.after)) + by + why
    if fate.actions_in == "after":
        return words.t(
            "diff.fate.later", before=st(fate.before), outcome=st("taken-up"), by=by, year=after
        )
    if fate.outcome == "taken-up":
        return words.t("diff.fate.taken-in", outcome=st("taken-up"), by=by, year=before)
    if fate.outcome == "declined":
        return words.t("diff.fate.declined-in", outcome=st("declined"), year=before) + _reason(
            fate, words
        )
    return words.t(
        "diff.fate.dropped",
        status=st(fate.before),
        before=before,
        reason=_reason(fate, words),
        after=after,
    )


def story_lines(
    story: Story, before: str, after: str, lang: Language | None = None
) -> tuple[str, ...]:
    """The story's counts: proposals by outcome, carried or not, meetings."""
    words = _lang(lang)
    n = words.decimal
    fates = story.proposals
    counts = story.outcomes()
    by_outcome = words.join(
        [
            words.t("diff.story.dropped", count=n(counts[o]))
            if o == "dropped"
            else words.t(f"diff.story.count.{o}", count=n(counts[o]))
            for o in OUTCOMES
            if counts[o]
        ]
    )
    dropped = [f.proposal for f in fates if f.outcome == "dropped"]
    first = words.t("diff.story.proposals", count=n(len(fates)), year=before)
    if by_outcome:
        first = words.labelled(first, by_outcome)
    if dropped:
        first += f" ({_ids(tuple(dropped), words)})"
    lines = [first]
    carried = [f for f in fates if f.carried]
    if fates:
        moved = sum(f.changed for f in carried)
        lines.append(
            words.t(
                "diff.story.carried",
                carried=n(len(carried)),
                moved=n(moved),
                rest=n(len(fates) - len(carried)),
                year=after,
            )
        )
    if story.new_proposals:
        lines.append(words.t("diff.story.new", count=n(len(story.new_proposals)), year=after))
    meetings = words.t(
        "diff.story.meetings",
        carried=n(len(story.carried)),
        held=n(len(story.held)),
        before=before,
        after=after,
    )
    if story.new_meetings:
        meetings += words.t("misc.comma") + words.t(
            "diff.story.meetings-new",
            count=n(len(story.new_meetings)),
            meetings=_ids(story.new_meetings, words),
        )
    lines.append(meetings)
    return tuple(lines)


def _proposal_tables(diff: PlanDiff, words: Language) -> list[Table]:
    """What became of the earlier plan's proposals (a later year's plan only)."""
    story = diff.story
    if story is None or not (
        story.proposals or story.held or story.carried or story.new_meetings or story.new_proposals
    ):
        return []
    rows = tuple(
        (
            f.proposal,
            status_word(f.outcome, words),
            fate_text(f, diff.before, diff.after, words),
            value(f.text, 60, lang=words),
        )
        for f in story.proposals
    )
    headers = tuple(words.t(f"diff.col.{k}") for k in ("proposal", "outcome", "fate", "text"))
    return [
        Table(
            words.t("diff.story.title", year=diff.before),
            headers if rows else (),
            rows,
            (False,) * 4 if rows else (),
            (True, False, False, False) if rows else (),
            story_lines(story, diff.before, diff.after, words),
        )
    ]


def _change_tables(diff: PlanDiff, words: Language) -> list[Table]:
    """Summary of changes by section, and every change."""
    out: list[Table] = []
    counts = diff.counts()
    if counts:
        rows = [
            (
                words.t(f"diff.section.{section}"),
                *(words.decimal(counts[section][k]) for k in _KINDS),
            )
            for section in SECTIONS
            if section in counts
        ]
        out.append(
            Table(
                words.t("diff.summary.title"),
                (words.t("diff.col.section"), *(kind_word(k, words) for k in _KINDS)),
                tuple(rows),
                (False,) + (True,) * 4,
            )
        )
        out.append(
            Table(
                words.t("diff.changes.title"),
                ("", words.t("diff.col.path"), diff.before, diff.after),
                tuple(
                    (kind_word(c.kind, words), c.path, *values(c.before, c.after, lang=words))
                    for c in diff.changes
                ),
                (False,) * 4,
                (False, True, False, False),
                kinds=tuple(c.kind for c in diff.changes),
            )
        )
    return out


def _target_tables(diff: PlanDiff, words: Language) -> list[Table]:
    """KPI targets that changed."""
    out: list[Table] = []
    if diff.targets:
        out.append(
            Table(
                words.t("diff.targets.title"),
                (
                    words.t("diff.col.objective"),
                    words.t("diff.col.target"),
                    words.t("diff.col.unit"),
                    diff.before,
                    diff.after,
                    words.t("diff.col.change"),
                    "%",
                ),
                tuple(
                    (
                        t.objective,
                        t.delta.key,
                        t.unit if t.unit_text is None else value(t.unit_text, None, lang=words),
                        number(t.delta.before, words),
                        number(t.delta.after, words),
                        signed(t.delta.change, words),
                        percent(t.delta, words),
                    )
                    for t in diff.targets
                ),
                (False, False, False, True, True, True, True),
                (True, True, False, False, False, False, False),
            )
        )
    return out


def _budget_tables(diff: PlanDiff, keys: tuple[str, ...], words: Language) -> list[Table]:
    """Budget by each of `keys` (lever, zone, region), when any budget changed."""
    out: list[Table] = []
    budgets_differ = bool(diff.budget_total.change) or any(
        d.change for rows in diff.budgets.values() for d in rows
    )
    for key in keys if budgets_differ else ():
        rows = [_budget_row(d, words) for d in diff.budgets[key]]
        rows.append(_budget_row(diff.budget_total, words, words.t("diff.total")))
        out.append(
            Table(
                words.t(f"diff.budget.{key}"),
                (
                    words.t(f"diff.col.{key}"),
                    diff.before,
                    diff.after,
                    words.t("diff.col.change"),
                    "%",
                ),
                tuple(rows),
                (False, True, True, True, True),
            )
        )
    return out


def _coverage_tables(diff: PlanDiff, words: Language) -> list[Table]:
    """Markets, regions and months gained or lost."""
    out: list[Table] = []
    coverage = [
        (
            words.t(f"diff.coverage.{k}"),
            _listed(c.gained, words, k == "months"),
            _listed(c.lost, words, k == "months"),
        )
        for k, c in diff.coverage.items()
        if c.gained or c.lost
    ]
    if coverage:
        out.append(
            Table(
                words.t("diff.coverage.title"),
                ("", words.t("diff.col.gained"), words.t("diff.col.lost")),
                tuple(coverage),
                (False, False, False),
            )
        )
    return out


def _answer_tables(diff: PlanDiff, words: Language) -> list[Table]:
    """Proposals whose answering actions changed."""
    out: list[Table] = []
    if diff.answers:
        out.append(
            Table(
                words.t("diff.answers.title"),
                (
                    words.t("diff.col.proposal"),
                    words.t("diff.col.listed-in"),
                    words.t("diff.col.actions", year=diff.before),
                    words.t("diff.col.actions", year=diff.after),
                ),
                tuple(
                    (
                        a.proposal,
                        _listed_in(a.in_before, a.in_after, diff.before, diff.after, words),
                        _ids(a.before, words) or NONE,
                        _ids(a.after, words) or NONE,
                    )
                    for a in diff.answers
                ),
                (False,) * 4,
                (True, False, False, False),
            )
        )
    return out


def _listed_in(in_before: bool, in_after: bool, before: str, after: str, words: Language) -> str:
    """Which plan lists an answered proposal; neither: an earlier one (validation found it)."""
    sides = [label for label, listed in ((before, in_before), (after, in_after)) if listed]
    return words.join(sides) or words.t("diff.earlier-plan")


def _listed(items: tuple[str | int, ...], words: Language, months: bool = False) -> str:
    """Ids as they are; months (1 to 12) by their names in the report's language."""
    shown = [
        words.month_abbreviations_in_text[x - 1] if months and isinstance(x, int) else str(x)
        for x in items
    ]
    return words.join(shown) or NONE


#: Names diff.py gives budgets that have no zone or region -> their label.
_NO_KEY = {NO_MARKET: "diff.no-market", NO_REGION: "diff.no-region"}


def _budget_row(d: Delta, words: Language, key: str | None = None) -> tuple[str, ...]:
    """Amounts in whole units (a zone's share of a split budget may have cents)."""

    def whole(x: Exact | None) -> int | None:
        return None if x is None else round(x)

    label = key or (words.t(_NO_KEY[d.key]) if d.key in _NO_KEY else d.key)
    return (
        label,
        number(whole(d.before), words),
        number(whole(d.after), words),
        signed(whole(d.change), words),
        percent(d, words),
    )


# --------------------------------------------------------------------------- formats


def text(diff: PlanDiff, lang: Language | None = None) -> str:
    """Plain text: aligned columns, no colour."""
    return text_of([headline(diff, lang)], tables(diff, lang))


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


#: Runs of white space a cell shows as one space; no-break spaces are kept
#: (French puts one before a colon, and groups digits with a narrow one).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def md_escape(cell: str) -> str:
    """A table cell that Markdown shows as typed: no markup, no HTML, no row break."""
    return _BREAKING_SPACE.sub(" ", cell).strip().translate(_MD_SPECIAL)


def md(diff: PlanDiff, lang: Language | None = None) -> str:
    """A Markdown section to paste in a report: headings and GFM tables."""
    heading = _lang(lang).t("diff.md.heading", before=diff.before, after=diff.after)
    return md_of(heading, [headline(diff, lang)], tables(diff, lang))


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


def to_json(diff: PlanDiff, lang: Language | None = None) -> str:
    """JSON: keys, kinds and statuses stay English whatever `lang` (machines read them)."""
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

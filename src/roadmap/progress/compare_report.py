"""`roadmap diff YEAR@DATE YEAR@DATE` reports: plain text, Markdown and JSON, each a string.

The comparison of two states of one year's plan (`compare.ReviewDiff`) as
`diff_report.Table`s, laid out by the plan diff's own text and Markdown
layouts (and, on a terminal, its Rich tables), so both diffs read alike.
Data text (action titles, decision reasons, units) is shown as typed with
control and format characters escaped (`report.visible`), and escaped again
by Markdown; JSON escapes by itself.

The JSON layout is versioned (`JSON_VERSION`) and documented in the README;
its `"kind": "reviews"` tells it from the plan diff's. A key may be added
within a version, never removed.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from roadmap.diff import Delta
from roadmap.diff_report import (
    NONE,
    Table,
    dumps_exact,
    english,
    json_number,
    md_of,
    number,
    percent,
    signed,
    status_word,
    text_of,
    value,
)
from roadmap.i18n import Language
from roadmap.progress.compare import ReviewDiff, Side, TargetMove
from roadmap.progress.report import visible
from roadmap.progress.state import TargetState

JSON_VERSION = 1
KIND = "reviews"


# --------------------------------------------------------------------------- values as text


def _shown(text: Any, width: int = 60, words: Language | None = None) -> str:
    """A data text on one line, cut to `width`, escapes made visible."""
    return visible(value(text, width, lang=words))


def _share(share: float | None, words: Language) -> str:
    return NONE if share is None else words.percent(share)


def _verdict(verdict: str | None, words: Language) -> str:
    return words.t(f"diff.reviews.verdict.{verdict or 'none'}")


def _unit(target: TargetState, words: Language) -> str:
    return _shown(target.target.unit, 20, words)


def _actual(target: TargetState, words: Language) -> str:
    if target.actual is None:
        return NONE
    return number(Fraction(repr(target.actual)), words)


def _side_line(side: Side, words: Language) -> str:
    """Which reviews a side is made of: `2026@2026-06-30: reviews of 2026-03-31, 2026-06-30`.

    Review dates stay ISO: they name the review files (progress/2026/2026-06-30.yaml).
    """
    state = side.state
    if side.as_adopted:
        return words.t("diff.reviews.side.adopted", label=side.label, date=str(state.as_of))
    dates = words.join([str(d) for d in state.reviews])
    return words.t("diff.reviews.side", label=side.label, date=str(state.as_of), dates=dates)


# --------------------------------------------------------------------------- tables


def headline(diff: ReviewDiff, lang: Language | None = None) -> str:
    words = english() if lang is None else lang
    a, b = diff.before.label, diff.after.label
    if not diff.differs:
        return words.t("diff.headline", before=a, after=b, changes=words.t("diff.no-differences"))
    n = words.decimal
    counts = (
        (len(diff.verdicts_changed()), "diff.reviews.count.verdicts"),
        (len(diff.actuals_moved()), "diff.reviews.count.moved"),
        (len(diff.actions), "diff.reviews.count.actions"),
        (len(diff.newly_late()), "diff.reviews.count.late"),
        (len(diff.proposals), "diff.reviews.count.proposals"),
    )
    parts = [words.t(key, count=n(count)) for count, key in counts if count]
    for what in ("committed", "spent"):
        change = getattr(diff.total, what).change
        if change:
            parts.append(
                words.t(f"diff.reviews.count.{what}", change=signed(_whole(change), words))
            )
    return words.t("diff.headline", before=a, after=b, changes=words.join(parts))


def tables(diff: ReviewDiff, lang: Language | None = None) -> list[Table]:
    """The report's tables, in order; a table with nothing to show is left out
    (the first, which sides are made of which reviews, is always there)."""
    words = english() if lang is None else lang
    out = [
        Table(
            words.t("diff.reviews.compared"),
            (),
            (),
            (),
            intro=(_side_line(diff.before, words), _side_line(diff.after, words)),
        )
    ]
    out += _verdict_tables(diff, words)
    out += _moved_tables(diff, words)
    out += _action_tables(diff, words)
    out += _money_tables(diff, words)
    out += _proposal_tables(diff, words)
    return out


def _verdict_tables(diff: ReviewDiff, words: Language) -> list[Table]:
    moves = diff.verdicts_changed()
    if not moves:
        return []
    a, b = diff.before.label, diff.after.label
    t = words.t
    return [
        Table(
            t("diff.reviews.verdicts.title"),
            (
                t("diff.col.objective"),
                t("diff.col.target"),
                t("diff.col.unit"),
                t("diff.reviews.col.verdict", label=a),
                t("diff.reviews.col.verdict", label=b),
                t("diff.reviews.col.actual", label=a),
                t("diff.reviews.col.actual", label=b),
                t("diff.reviews.col.way", label=a),
                t("diff.reviews.col.way", label=b),
            ),
            tuple(
                (
                    m.after.objective,
                    m.id,
                    _unit(m.after, words),
                    _verdict(m.before.verdict, words),
                    _verdict(m.after.verdict, words),
                    _actual(m.before, words),
                    _actual(m.after, words),
                    _share(m.before.share, words),
                    _share(m.after.share, words),
                )
                for m in moves
            ),
            (False,) * 5 + (True,) * 4,
            (True, True) + (False,) * 7,
        )
    ]


def _moved_tables(diff: ReviewDiff, words: Language) -> list[Table]:
    moves = diff.actuals_moved()
    if not moves:
        return []
    a, b = diff.before.label, diff.after.label
    t = words.t
    return [
        Table(
            t("diff.reviews.moved.title"),
            (
                t("diff.col.objective"),
                t("diff.col.target"),
                t("diff.col.unit"),
                a,
                b,
                t("diff.col.change"),
                t("diff.reviews.col.way", label=a),
                t("diff.reviews.col.way", label=b),
                t("diff.reviews.col.verdict-now"),
            ),
            tuple(
                (
                    m.after.objective,
                    m.id,
                    _unit(m.after, words),
                    _actual(m.before, words),
                    _actual(m.after, words),
                    signed(m.actual.change, words),
                    _share(m.before.share, words),
                    _share(m.after.share, words),
                    _verdict(m.after.verdict, words),
                )
                for m in moves
            ),
            (False,) * 3 + (True,) * 5 + (False,),
            (True, True) + (False,) * 7,
        )
    ]


def _action_tables(diff: ReviewDiff, words: Language) -> list[Table]:
    if not diff.actions:
        return []
    a, b = diff.before.label, diff.after.label
    late = [m.id for m in diff.newly_late()]
    intro = (words.t("diff.reviews.late", actions=words.join(late)),) if late else ()
    return [
        Table(
            words.t("diff.reviews.actions.title"),
            (words.t("diff.reviews.col.action"), words.t("diff.reviews.col.title"), a, b),
            tuple(
                (
                    m.id,
                    _shown(m.after.action.title, words=words),
                    status_word(m.before.status, words),
                    status_word(m.after.status, words),
                )
                for m in diff.actions
            ),
            (False,) * 4,
            (True, False, False, False),
            intro,
        )
    ]


def _whole(x: int | Fraction | None) -> int | None:
    """Amounts in whole units (a lever's share of a split budget may have cents)."""
    return None if x is None else round(x)


def _money_tables(diff: ReviewDiff, words: Language) -> list[Table]:
    """Money committed and spent by lever (the levers whose money moved) and in total."""
    if not diff.total.moved and not any(line.moved for line in diff.levers):
        return []
    a, b = diff.before.label, diff.after.label
    lines = [line for line in diff.levers if line.moved] + [diff.total]
    out = []
    for what in ("committed", "spent"):
        rows = []
        for line in lines:
            d: Delta = getattr(line, what)
            if line is diff.total:
                key = words.t("diff.total")
            else:
                key = line.key or words.t("diff.reviews.no-lever")
            rows.append(
                (
                    key,
                    number(_whole(d.before), words),
                    number(_whole(d.after), words),
                    signed(_whole(d.change), words),
                    percent(d, words),
                )
            )
        out.append(
            Table(
                words.t(f"diff.reviews.money.{what}"),
                (words.t("diff.col.lever"), a, b, words.t("diff.col.change"), "%"),
                tuple(rows),
                (False, True, True, True, True),
            )
        )
    return out


def _proposal_tables(diff: ReviewDiff, words: Language) -> list[Table]:
    if not diff.proposals:
        return []
    a, b = diff.before.label, diff.after.label

    def decided(steps: Any) -> str:
        parts = []
        for step in steps:
            why = ""
            if step.reason is not None:
                why = words.t("diff.fate.reason", reason=_shown(step.reason, 80, words))
            status = status_word(step.status, words)
            parts.append(words.t("diff.reviews.decision", status=status, date=str(step.date)) + why)
        return words.t("misc.list_sep").join(parts) or NONE

    return [
        Table(
            words.t("diff.reviews.proposals.title"),
            (words.t("diff.col.proposal"), a, b, words.t("diff.reviews.col.decisions")),
            tuple(
                (
                    m.id,
                    status_word(m.before.status, words),
                    status_word(m.after.status, words),
                    decided(m.steps),
                )
                for m in diff.proposals
            ),
            (False,) * 4,
            (True, False, False, False),
        )
    ]


# --------------------------------------------------------------------------- formats


def text(diff: ReviewDiff, lang: Language | None = None) -> str:
    """Plain text: aligned columns, no colour."""
    return text_of([headline(diff, lang)], tables(diff, lang))


def md(diff: ReviewDiff, lang: Language | None = None) -> str:
    """A Markdown section to paste in a report: headings and GFM tables."""
    words = english() if lang is None else lang
    heading = words.t("diff.reviews.md.heading", before=diff.before.label, after=diff.after.label)
    return md_of(heading, [headline(diff, words)], tables(diff, words))


def _delta(d: Delta, cents: bool = True) -> dict[str, Any]:
    p = d.percent
    return {
        "before": json_number(d.before, cents),
        "after": json_number(d.after, cents),
        "change": json_number(d.change, cents),
        "percent": None if p is None else round(p, 2) + 0.0,  # never -0.0
    }


def _side(side: Side) -> dict[str, Any]:
    state = side.state
    return {
        "label": side.label,
        "as_of": str(state.as_of),
        "reviews": [str(d) for d in state.reviews],
        "as_adopted": side.as_adopted,
        "elapsed": round(state.elapsed, 4),
        "final": state.final,
        "verdicts": state.verdicts(),
    }


def _target_side(t: TargetState) -> dict[str, Any]:
    return {
        "actual": json_number(None if t.actual is None else Fraction(repr(t.actual)), False),
        "share": None if t.share is None else round(t.share, 4),
        "verdict": t.verdict,
    }


def _target(t: TargetMove) -> dict[str, Any]:
    return {
        "objective": t.after.objective,
        "target": t.id,
        "unit": t.after.target.unit,
        "baseline": json_number(Fraction(repr(t.after.baseline)), False),
        "goal": json_number(Fraction(repr(t.after.goal)), False),
        "before": _target_side(t.before),
        "after": _target_side(t.after),
        "change": json_number(t.actual.change, False),
        "verdict_changed": t.verdict_changed,
        "actual_moved": t.actual_moved,
    }


def as_dict(diff: ReviewDiff) -> dict[str, Any]:
    """The JSON report as data (layout in the README, `kind` "reviews", `version` 1)."""
    return {
        "kind": KIND,
        "version": JSON_VERSION,
        "year": diff.year,
        "before": _side(diff.before),
        "after": _side(diff.after),
        "differs": diff.differs,
        "summary": {
            "verdicts_changed": len(diff.verdicts_changed()),
            "actuals_moved": sum(t.actual_moved for t in diff.targets),
            "statuses_changed": len(diff.actions),
            "newly_late": len(diff.newly_late()),
            "proposals_changed": len(diff.proposals),
        },
        "targets": [_target(t) for t in diff.targets],
        "actions": [
            {
                "action": m.id,
                "title": m.after.action.title,
                "before": m.before.status,
                "after": m.after.status,
                "newly_late": m.newly_late,
            }
            for m in diff.actions
        ],
        "money": {
            "total": {"committed": _delta(diff.total.committed), "spent": _delta(diff.total.spent)},
            "lever": [
                {"key": line.key, "committed": _delta(line.committed), "spent": _delta(line.spent)}
                for line in diff.levers
            ],
        },
        "proposals": [
            {
                "proposal": m.id,
                "before": m.before.status,
                "after": m.after.status,
                "steps": [
                    {
                        "review": str(s.review),
                        "status": s.status,
                        "date": str(s.date),
                        "reason": s.reason,
                        "source": s.source,
                        "assumption": s.assumption,
                    }
                    for s in m.steps
                ],
            }
            for m in diff.proposals
        ],
    }


def to_json(diff: ReviewDiff, lang: Language | None = None) -> str:
    """JSON: keys, verdicts and statuses stay English whatever `lang` (machines read them)."""
    return dumps_exact(as_dict(diff)) + "\n"


RENDERERS = {"text": text, "md": md, "json": to_json}

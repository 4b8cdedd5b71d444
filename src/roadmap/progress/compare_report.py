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
    json_number,
    md_of,
    number,
    percent,
    signed,
    text_of,
    value,
)
from roadmap.i18n import resolve_text
from roadmap.progress.compare import ReviewDiff, Side, TargetMove
from roadmap.progress.report import visible
from roadmap.progress.state import TargetState

JSON_VERSION = 1
KIND = "reviews"


# --------------------------------------------------------------------------- values as text


def _shown(text: Any, width: int = 60) -> str:
    """A data text on one line, cut to `width`, escapes made visible."""
    return visible(value(text, width))


def _share(share: float | None) -> str:
    return NONE if share is None else f"{share * 100:.1f}%"


def _verdict(verdict: str | None) -> str:
    return verdict or "no verdict"


def _unit(target: TargetState) -> str:
    return _shown(resolve_text(target.target.unit), 20)


def _actual(target: TargetState) -> str:
    return number(Fraction(repr(target.actual))) if target.actual is not None else NONE


def _side_line(side: Side) -> str:
    """Which reviews a side is made of: `2026@2026-06-30: reviews of 2026-03-31, 2026-06-30`."""
    state = side.state
    if side.as_adopted:
        return f"{side.label}: the plan as adopted (no review dated up to {state.as_of})"
    dates = ", ".join(str(d) for d in state.reviews)
    return f"{side.label}: as of {state.as_of}, from the review(s) of {dates}"


# --------------------------------------------------------------------------- tables


def headline(diff: ReviewDiff) -> str:
    a, b = diff.before.label, diff.after.label
    if not diff.differs:
        return f"{a} → {b}: no differences"
    parts = []
    counts = (
        (len(diff.verdicts_changed()), "target(s) changed verdict"),
        (len(diff.actuals_moved()), "other target(s) moved"),
        (len(diff.actions), "action(s) changed status"),
        (len(diff.newly_late()), "newly late"),
        (len(diff.proposals), "proposal(s) changed status"),
    )
    parts = [f"{n} {what}" for n, what in counts if n]
    for what in ("committed", "spent"):
        change = getattr(diff.total, what).change
        if change:
            parts.append(f"{what} {signed(_whole(change))}")
    return f"{a} → {b}: " + ", ".join(parts)


def tables(diff: ReviewDiff) -> list[Table]:
    """The report's tables, in order; a table with nothing to show is left out
    (the first, which sides are made of which reviews, is always there)."""
    out = [
        Table(
            "Reviews compared", (), (), (), intro=(_side_line(diff.before), _side_line(diff.after))
        )
    ]
    out += _verdict_tables(diff)
    out += _moved_tables(diff)
    out += _action_tables(diff)
    out += _money_tables(diff)
    out += _proposal_tables(diff)
    return out


def _verdict_tables(diff: ReviewDiff) -> list[Table]:
    moves = diff.verdicts_changed()
    if not moves:
        return []
    a, b = diff.before.label, diff.after.label
    return [
        Table(
            "Targets whose verdict changed",
            (
                "objective",
                "target",
                "unit",
                f"verdict {a}",
                f"verdict {b}",
                f"actual {a}",
                f"actual {b}",
                f"way {a}",
                f"way {b}",
            ),
            tuple(
                (
                    t.after.objective,
                    t.id,
                    _unit(t.after),
                    _verdict(t.before.verdict),
                    _verdict(t.after.verdict),
                    _actual(t.before),
                    _actual(t.after),
                    _share(t.before.share),
                    _share(t.after.share),
                )
                for t in moves
            ),
            (False,) * 5 + (True,) * 4,
            (True, True) + (False,) * 7,
        )
    ]


def _moved_tables(diff: ReviewDiff) -> list[Table]:
    moves = diff.actuals_moved()
    if not moves:
        return []
    a, b = diff.before.label, diff.after.label
    return [
        Table(
            "Targets whose actual moved (same verdict)",
            ("objective", "target", "unit", a, b, "change", f"way {a}", f"way {b}", "verdict"),
            tuple(
                (
                    t.after.objective,
                    t.id,
                    _unit(t.after),
                    _actual(t.before),
                    _actual(t.after),
                    signed(t.actual.change),
                    _share(t.before.share),
                    _share(t.after.share),
                    _verdict(t.after.verdict),
                )
                for t in moves
            ),
            (False,) * 3 + (True,) * 5 + (False,),
            (True, True) + (False,) * 7,
        )
    ]


def _action_tables(diff: ReviewDiff) -> list[Table]:
    if not diff.actions:
        return []
    a, b = diff.before.label, diff.after.label
    late = [m.id for m in diff.newly_late()]
    intro = (f"newly late: {', '.join(late)}",) if late else ()
    return [
        Table(
            "Actions whose status changed",
            ("action", "title", a, b),
            tuple(
                (m.id, _shown(m.after.action.title), m.before.status, m.after.status)
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


def _money_tables(diff: ReviewDiff) -> list[Table]:
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
            rows.append(
                (
                    line.key or "(none)",
                    number(_whole(d.before)),
                    number(_whole(d.after)),
                    signed(_whole(d.change)),
                    percent(d),
                )
            )
        out.append(
            Table(
                f"Money {what} by lever",
                ("lever", a, b, "change", "%"),
                tuple(rows),
                (False, True, True, True, True),
            )
        )
    return out


def _proposal_tables(diff: ReviewDiff) -> list[Table]:
    if not diff.proposals:
        return []
    a, b = diff.before.label, diff.after.label

    def decided(steps: Any) -> str:
        parts = []
        for step in steps:
            why = "" if step.reason is None else ": " + _shown(resolve_text(step.reason), 80)
            parts.append(f"{step.status} on {step.date}{why}")
        return "; ".join(parts) or NONE

    return [
        Table(
            "Proposals whose status changed",
            ("proposal", a, b, "decisions in between"),
            tuple(
                (m.id, m.before.status, m.after.status, decided(m.steps)) for m in diff.proposals
            ),
            (False,) * 4,
            (True, False, False, False),
        )
    ]


# --------------------------------------------------------------------------- formats


def text(diff: ReviewDiff) -> str:
    """Plain text: aligned columns, no colour."""
    return text_of([headline(diff)], tables(diff))


def md(diff: ReviewDiff) -> str:
    """A Markdown section to paste in a report: headings and GFM tables."""
    heading = f"Progress changes: {diff.before.label} → {diff.after.label}"
    return md_of(heading, [headline(diff)], tables(diff))


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


def to_json(diff: ReviewDiff) -> str:
    return dumps_exact(as_dict(diff)) + "\n"


RENDERERS = {"text": text, "md": md, "json": to_json}

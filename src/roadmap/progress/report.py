"""`roadmap progress` reports: one render function per format, each a string.

A `View` is the state with what a reader needs around it (language, names
of levers, zones, regions, partners and objectives). `tables(view)` works
out the rows once; plain text lays them out here and the terminal's Rich
tables are built from the same tables in `roadmap.cli.progress`. JSON
(`to_json`) is language-independent: data text stays as the data gives it
(plain, or per language). Its layout is versioned (`JSON_VERSION`): a key
may be added within a version, never removed or changed in meaning.

Data text (titles, notes, reasons, sources) is shown as written but inert:
in text, control characters (terminal escapes, line breaks) are shown
escaped, so a note cannot recolour the terminal or forge a line; JSON
escapes them by itself. Markdown and HTML renderers plug into `RENDERERS`
with the same signature.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from roadmap import models
from roadmap.diff_report import Table, dumps_exact
from roadmap.i18n import Language, TextValue
from roadmap.progress.labels import label, status
from roadmap.progress.state import (
    BUDGET_KINDS,
    STATUSES,
    ActionState,
    BudgetLine,
    ProgressState,
    Provenance,
    Thresholds,
    progress_state,
)

if TYPE_CHECKING:
    from roadmap.dataset import Data

JSON_VERSION = 1
NONE = "—"


@dataclass(frozen=True)
class View:
    """A state and what it is shown with."""

    state: ProgressState
    lang: Language
    #: kind ("lever", "zone", "region", "partner", "objective") -> id -> name.
    names: Mapping[str, Mapping[str, TextValue]] = field(default_factory=dict)

    def name(self, kind: str, key: str) -> str:
        if not key:
            return label(self.lang, "budget.none")
        found = self.names.get(kind, {}).get(key)
        return visible(self.lang.text(found)) if found is not None else key

    def text(self, value: TextValue | None) -> str:
        return visible(self.lang.text(value)) if value is not None else ""


_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def visible(text: str) -> str:
    """Text with control and format characters shown escaped (`\\x1b`, `\\n`, `\\u202e`).

    A data text goes into a terminal line as it was written, but cannot act
    on the terminal (an escape sequence), break the line or reorder it
    (a bidirectional override); no-break spaces stay as they are.
    """
    if text.isprintable():
        return text
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in _INVISIBLE else c for c in text)


# --------------------------------------------------------------------------- tables


def _share(lang: Language, value: float | None) -> str:
    return NONE if value is None else lang.percent(value)


def _number(lang: Language, value: float | None) -> str:
    return NONE if value is None else lang.number(value)


def _money(lang: Language, value: int | Fraction | None) -> str:
    return NONE if value is None else lang.money(value)


def _source(view: View, prov: Provenance | None) -> str:
    if prov is None or prov.source is None:
        return ""
    text = view.text(prov.source)
    return f"{text} ({label(view.lang, 'estimate')})" if prov.assumption else text


def headline(view: View) -> list[str]:
    s, lang = view.state, view.lang
    lines = [label(lang, "title", year=s.year, date=lang.date(s.as_of))]
    if s.reviews:
        lines.append(label(lang, "reviews", dates=lang.join([lang.date(d) for d in s.reviews])))
    else:
        lines.append(label(lang, "no-review"))
    lines.append(label(lang, "elapsed", share=lang.percent(s.elapsed)))
    counts = s.verdicts()
    lines.append(
        label(
            lang,
            "verdicts",
            met=counts["met"],
            on_track=counts["on-track"],
            at_risk=counts["at-risk"],
            missed=counts["missed"],
            none=counts["none"],
        )
    )
    return lines


def _target_table(view: View) -> Table:
    lang = view.lang
    rows = []
    for t in view.state.targets:
        rows.append(
            (
                view.name("objective", t.objective),
                view.text(t.target.indicator),
                view.text(t.target.unit),
                _number(lang, t.baseline),
                _number(lang, t.goal),
                _number(lang, t.actual),
                _share(lang, t.share),
                label(lang, f"verdict.{t.verdict or 'none'}"),
                _source(view, t.provenance),
            )
        )
    keys = ("objective", "target", "unit", "baseline", "goal", "actual", "share", "verdict")
    return Table(
        label(lang, "targets"),
        tuple(label(lang, k) for k in (*keys, "source")),
        tuple(rows),
        (False, False, False, True, True, True, True, False, False),
    )


def _money_headers(lang: Language, first: str, share: str = "spent-share") -> tuple[str, ...]:
    return (first, *(label(lang, k) for k in ("planned", "committed", "spent", share)))


def _money_row(lang: Language, name: str, line: BudgetLine) -> tuple[str, ...]:
    return (
        name,
        _money(lang, line.planned),
        _money(lang, line.committed),
        _money(lang, line.spent),
        _share(lang, line.spent_share),
    )


def _budget_tables(view: View) -> list[Table]:
    s, lang = view.state, view.lang
    b = s.budget
    numeric = (False, True, True, True, True)
    total = BudgetLine("", Fraction(b.planned), Fraction(b.committed), Fraction(b.spent))
    out = [
        Table(
            label(lang, "budget"),
            _money_headers(lang, ""),
            (_money_row(lang, label(lang, "budget.total"), total),),
            numeric,
        )
    ]
    for kind in BUDGET_KINDS:
        out.append(
            Table(
                label(lang, f"budget.{kind}"),
                _money_headers(lang, ""),
                tuple(_money_row(lang, view.name(kind, ln.key), ln) for ln in b.by[kind]),
                numeric,
            )
        )
    out.append(
        Table(
            label(lang, "budget.partners"),
            _money_headers(lang, "", "paid-share"),
            tuple(_money_row(lang, view.name("partner", ln.key), ln) for ln in b.partners),
            numeric,
        )
    )
    if b.burn:
        out.append(
            Table(
                label(lang, "burn"),
                (label(lang, "date"), label(lang, "committed"), label(lang, "spent")),
                tuple(
                    (lang.date(p.date), _money(lang, p.committed), _money(lang, p.spent))
                    for p in b.burn
                ),
                (False, True, True),
            )
        )
    return out


def _kpis(view: View, action: ActionState) -> str:
    parts = []
    for k in action.kpis:
        if k.actual is not None:
            parts.append(
                f"{view.text(k.kpi.indicator)}: {_number(view.lang, k.actual)}"
                f"/{_number(view.lang, k.kpi.target)}"
            )
    return "; ".join(parts)


def _action_tables(view: View) -> list[Table]:
    s, lang = view.state, view.lang
    groups = s.by_status()
    out = [
        Table(
            label(lang, "actions"),
            (label(lang, "status"), label(lang, "count"), label(lang, "planned")),
            tuple(
                (
                    status(lang, name),
                    str(len(groups[name])),
                    _money(lang, sum(a.budget for a in groups[name])),
                )
                for name in STATUSES
            ),
            (False, True, True),
        )
    ]
    late = s.late()
    if late:
        out.append(
            Table(
                label(lang, "late"),
                (label(lang, "action"), label(lang, "title-col"), label(lang, "months")),
                tuple(
                    (
                        visible(a.id),
                        view.text(a.action.title),
                        lang.join(
                            [lang.month_abbreviations[m - 1] for m in sorted(a.action.months)]
                        ),
                    )
                    for a in late
                ),
                (False, False, False),
            )
        )
    keys = ("action", "title-col", "status", "planned", "spent", "kpis", "note")
    out.append(
        Table(
            label(lang, "actions"),
            tuple(label(lang, k) for k in keys),
            tuple(
                (
                    visible(a.id),
                    view.text(a.action.title),
                    status(lang, a.status),
                    _money(lang, a.budget),
                    _money(lang, a.spent),
                    _kpis(view, a),
                    _note(view, a),
                )
                for a in s.actions
            ),
            (False, False, False, True, True, False, False),
        )
    )
    return out


def _note(view: View, action: ActionState) -> str:
    parts = []
    if action.reason is not None:
        parts.append(view.text(action.reason))
    if action.note is not None:
        parts.append(f"{view.lang.date(action.note.date)}: {view.text(action.note.text)}")
    return " / ".join(parts)


def _proposal_table(view: View) -> Table:
    lang = view.lang
    rows = []
    for p in view.state.proposals:
        last = p.history[-1] if p.history else None
        rows.append(
            (
                visible(p.id),
                lang.t(f"proposal.{p.proposal.status}"),
                lang.t(f"proposal.{p.status}"),
                lang.date(last.date) if last else "",
                view.text(last.reason) if last else "",
                lang.join([visible(a) for a in p.answered_by]),
            )
        )
    keys = ("proposal", "plan-status", "now", "changed", "reason", "answered-by")
    return Table(
        label(lang, "proposals"),
        tuple(label(lang, k) for k in keys),
        tuple(rows),
        (False,) * len(keys),
    )


def tables(view: View) -> list[Table]:
    """Every table of the report, in order: targets, budget, actions, proposals."""
    out = [_target_table(view), *_budget_tables(view), *_action_tables(view)]
    if view.state.proposals:
        out.append(_proposal_table(view))
    return out


def partner_share(view: View) -> str:
    b, lang = view.state.budget, view.lang
    return label(
        lang,
        "partner-share",
        planned=_share(lang, b.partner_share_planned),
        paid=_share(lang, b.partner_share_paid),
    )


def state_of(
    loaded: Data, year: int, as_of: dt.date, settings: Mapping[str, float]
) -> ProgressState:
    """The state of `year`'s plan of a validated folder as of a day, with its settings."""
    markets = loaded.markets.markets if loaded.markets else []
    return progress_state(
        loaded.plans[year],
        loaded.reviews.get(year, {}),
        as_of,
        {m.id: m.zone for m in markets},
        loaded.dataset.office if loaded.dataset else None,
        Thresholds.from_settings(settings),
    )


def names(loaded: Data, year: int) -> dict[str, dict[str, TextValue]]:
    """Names of what the report groups by: levers, zones, regions, partners, objectives."""
    out: dict[str, dict[str, TextValue]] = {}
    if loaded.levers:
        out["lever"] = {lv.id: lv.name for lv in loaded.levers.levers}
    if loaded.markets:
        out["zone"] = {z.id: z.name for z in loaded.markets.zones}
    if loaded.regions:
        out["region"] = {r.id: r.name for r in loaded.regions.regions}
    if loaded.partners:
        out["partner"] = {p.id: p.name for p in loaded.partners.partners}
    out["objective"] = {o.id: o.name for o in loaded.plans[year].objectives}
    return out


# --------------------------------------------------------------------------- formats


def text(view: View) -> str:
    """Plain text: aligned columns, no colour."""
    lines = headline(view)
    for table in tables(view):
        widths = [len(h) for h in table.headers]
        for row in table.rows:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

        def line(cells: tuple[str, ...], t: Table = table, w: list[int] = widths) -> str:
            parts = [
                cell.rjust(width) if right else cell.ljust(width)
                for cell, width, right in zip(cells, w, t.numeric, strict=True)
            ]
            return "  ".join(parts).rstrip()

        lines += ["", table.title, line(table.headers), line(tuple("-" * n for n in widths))]
        lines += [line(row) for row in table.rows]
        if table.title == label(view.lang, "budget.partners"):
            lines.append(partner_share(view))
    return "\n".join(lines) + "\n"


def _amount(x: int | Fraction | None) -> int | Decimal | None:
    """An amount to the cent, exactly (a split budget may hold thirds): an int when whole."""
    if x is None:
        return None
    q = round(Fraction(x), 2)
    if q.denominator == 1:
        return q.numerator
    return Decimal(q.numerator) / q.denominator


def _prov(prov: Provenance | None) -> dict[str, Any] | None:
    if prov is None:
        return None
    return {"review": prov.review.isoformat(), "source": prov.source, "assumption": prov.assumption}


def _line(line: BudgetLine) -> dict[str, Any]:
    return {
        "key": line.key or None,
        "planned": _amount(line.planned),
        "committed": _amount(line.committed),
        "spent": _amount(line.spent),
    }


def _text_value(value: models.Text | None) -> Any:
    return dict(value) if isinstance(value, dict) else value


def as_dict(view: View) -> dict[str, Any]:
    """The JSON layout, version 1 (documented in the README)."""
    s = view.state
    b = s.budget
    return {
        "version": JSON_VERSION,
        "year": s.year,
        "as_of": s.as_of.isoformat(),
        "reviews": [d.isoformat() for d in s.reviews],
        "elapsed": round(s.elapsed, 6),
        "final": s.final,
        "currency": view.lang.currency,
        "thresholds": {
            "on_track": s.thresholds.on_track,
            "met": s.thresholds.met,
        },
        "verdicts": s.verdicts(),
        "targets": [
            {
                "objective": t.objective,
                "id": t.id,
                "indicator": _text_value(t.target.indicator),
                "unit": _text_value(t.target.unit),
                "baseline": t.baseline,
                "target": t.goal,
                "actual": t.actual,
                "period": _text_value(t.period),
                "share": t.share,
                "verdict": t.verdict,
                "provenance": _prov(t.provenance),
            }
            for t in s.targets
        ],
        "budget": {
            "planned": b.planned,
            "committed": b.committed,
            "spent": b.spent,
            "by": {kind: [_line(ln) for ln in b.by[kind]] for kind in BUDGET_KINDS},
            "partners": [_line(ln) for ln in b.partners],
            "partner_share_planned": b.partner_share_planned,
            "partner_share_paid": b.partner_share_paid,
            "burn": [
                {"date": p.date.isoformat(), "committed": p.committed, "spent": p.spent}
                for p in b.burn
            ],
        },
        "actions": [_action(a) for a in s.actions],
        "by_status": {name: [a.id for a in group] for name, group in s.by_status().items()},
        "late": [a.id for a in s.late()],
        "proposals": [
            {
                "id": p.id,
                "plan_status": p.proposal.status,
                "status": p.status,
                "answered_by": list(p.answered_by),
                "history": [
                    {
                        "review": h.review.isoformat(),
                        "date": h.date.isoformat(),
                        "status": h.status,
                        "reason": _text_value(h.reason),
                        "source": h.source,
                        "assumption": h.assumption,
                    }
                    for h in p.history
                ],
            }
            for p in s.proposals
        ],
    }


def _action(a: ActionState) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": _text_value(a.action.title),
        "status": a.status,
        "status_review": a.status_set.isoformat() if a.status_set else None,
        "late_by_date": a.late_by_date,
        "months": list(a.action.months),
        "budget": a.budget,
        "committed": a.committed,
        "spent": a.spent,
        "money_provenance": _prov(a.money),
        "partners": [
            {
                "partner": p.partner,
                "planned": p.planned,
                "committed": p.committed,
                "spent": p.spent,
                "provenance": _prov(p.provenance),
            }
            for p in a.partners
        ],
        "kpis": [
            {
                "indicator": _text_value(k.kpi.indicator),
                "unit": _text_value(k.kpi.unit),
                "baseline": k.kpi.baseline,
                "target": k.kpi.target,
                "actual": k.actual,
                "share": k.share,
                "provenance": _prov(k.provenance),
            }
            for k in a.kpis
        ],
        "note": (
            {"date": a.note.date.isoformat(), "text": _text_value(a.note.text)} if a.note else None
        ),
        "reason": _text_value(a.reason),
    }


def to_json(view: View) -> str:
    return dumps_exact(as_dict(view)) + "\n"


#: Format name -> render function; Markdown and HTML are added here.
RENDERERS: dict[str, Callable[[View], str]] = {"text": text, "json": to_json}

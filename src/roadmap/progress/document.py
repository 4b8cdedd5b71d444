"""The progress report as the Markdown and HTML templates see it.

`document(view)` turns a `report.View` (a `ProgressState` with its language
and names) into a `Document`: every text resolved in the reader's language,
every number formatted, chart geometry computed. The templates only lay it
out, as the plan's do (`roadmap.render.view`).

Figures a review marks as estimates (`assumption: true`, on the value or on
the basis it inherits) are `Marked` text: "≈ 20,9" in Markdown, the same
symbol with its meaning for screen readers and as a tooltip in HTML. The
document then carries the legend.

Data text arrives as plain strings: each template makes it inert in its
own way (Markdown escaping, HTML autoescape), and control characters are
already shown escaped by `report.visible`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from markupsafe import Markup, escape

from roadmap.diff_report import Table
from roadmap.progress import report_labels
from roadmap.progress.labels import label
from roadmap.progress.report import (
    NONE,
    View,
    headline,
    partner_share,
    tables,
    visible,
)
from roadmap.progress.state import ActionState, Provenance, TargetState

# --------------------------------------------------------------------------- marks


class Marked(str):
    """A figure shown as an estimate: the symbol, a no-break space, the figure.

    A `str`, so Markdown and tests read it as text; in HTML (`__html__`) the
    symbol is hidden from screen readers, which read the word instead, and
    the word is the tooltip.
    """

    text: str
    symbol: str
    word: str

    def __new__(cls, text: str, symbol: str, word: str) -> Marked:
        self = super().__new__(cls, f"{symbol}\u00a0{text}")
        self.text, self.symbol, self.word = text, symbol, word
        return self

    def __html__(self) -> str:
        word = escape(self.word)
        return Markup(
            f'<span class="estimate" title="{word}"><span aria-hidden="true">'
            f'{escape(self.symbol)}</span><span class="visually-hidden">{word}</span></span>'
            f"\u00a0{escape(self.text)}"
        )


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class TableView:
    """A table: its id (HTML anchor), title, headers, right-aligned columns, rows."""

    id: str
    title: str
    headers: list[str]
    numeric: list[bool]
    rows: list[list[str]]
    #: A sentence said under the table.
    note: str = ""


@dataclass(slots=True)
class TargetBar:
    """One target's row in the targets chart (x and widths in SVG units)."""

    label: str
    verdict: str
    verdict_id: str
    baseline_width: float
    actual_width: float | None
    target_x: float
    text: str
    title: str


@dataclass(slots=True)
class Point:
    x: float
    y: float
    title: str


@dataclass(slots=True)
class Tick:
    y: float
    text: str


@dataclass(slots=True)
class Burn:
    """The cumulative budget chart: planned by month, committed and spent by review."""

    planned: str
    committed: list[Point]
    spent: list[Point]
    committed_line: str
    spent_line: str
    ticks: list[Tick]
    months: list[tuple[float, str]]


@dataclass(slots=True)
class Document:
    lang: str
    year: int
    title: str
    lines: list[str]
    #: label key -> text (the templates' words).
    t: dict[str, str]
    targets: TableView
    target_bars: list[TargetBar]
    verdict_rule: str
    budget: list[TableView]
    partner_share: str
    burn_table: TableView
    burn: Burn
    actions: list[TableView]
    proposals: TableView | None
    estimates: bool = False
    sources: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- building

#: SVG geometry of the targets chart: bar area width, row height.
BAR_WIDTH = 520.0
ROW = 54
#: SVG geometry of the burn chart: plot area.
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 150.0, 780.0, 40.0, 250.0


class Builder:
    """Builds each part of a `Document` (the plan's results section reuses some)."""

    def __init__(self, view: View) -> None:
        self.view, self.lang, self.state = view, view.lang, view.state
        self.estimates = False
        self.sources: dict[str, None] = {}

    def words(self) -> dict[str, str]:
        words = report_labels.words(self.lang)
        for key in ("objective", "target", "unit", "baseline", "goal", "actual", "share"):
            words[f"col.{key}"] = label(self.lang, key)
        for key in ("verdict", "source", "planned", "committed", "spent", "note", "reason"):
            words[f"col.{key}"] = label(self.lang, key)
        return words

    def mark(self, text: str, prov: Provenance | bool | None) -> str:
        estimated = prov if isinstance(prov, bool) else bool(prov and prov.assumption)
        if not estimated or text == NONE:
            return text
        self.estimates = True
        return Marked(
            text,
            report_labels.label(self.lang, "estimate.symbol"),
            report_labels.label(self.lang, "estimate"),
        )

    def source(self, prov: Provenance | None) -> str:
        if prov is None or prov.source is None:
            return ""
        text = self.view.text(prov.source)
        self.sources[text] = None
        return text

    def number(self, value: float | None) -> str:
        return NONE if value is None else self.lang.number(value)

    def money(self, value: int | Fraction | None) -> str:
        return NONE if value is None else self.lang.money(value)

    # ------------------------------------------------------------------ targets

    def targets(self) -> TableView:
        lang, view = self.lang, self.view
        rows = []
        for t in self.state.targets:
            target = t.target
            rows.append(
                [
                    view.name("objective", t.objective),
                    view.text(target.indicator),
                    view.text(target.unit),
                    self.mark(self.number(t.baseline), target.baseline.assumption),
                    self.mark(self.number(t.goal), target.assumption),
                    self.mark(self.number(t.actual), t.provenance),
                    view.text(t.period),
                    NONE if t.share is None else lang.percent(t.share),
                    label(lang, f"verdict.{t.verdict or 'none'}"),
                    self.source(t.provenance),
                ]
            )
        keys = ("objective", "target", "unit", "baseline", "goal", "actual")
        headers = [label(lang, k) for k in keys]
        headers += [report_labels.label(lang, "period"), label(lang, "share")]
        headers += [label(lang, "verdict"), label(lang, "source")]
        numeric = [False, False, False, True, True, True, False, True, False, False]
        return TableView("targets-table", label(lang, "targets"), headers, numeric, rows)

    def target_bars(self) -> list[TargetBar]:
        return [self._bar(t) for t in self.state.targets]

    def _bar(self, t: TargetState) -> TargetBar:
        view, lang = self.view, self.lang
        values = [t.baseline, t.goal] + ([t.actual] if t.actual is not None else [])
        low, high = min(0.0, *values), max(values)
        span = (high - low) or 1.0

        def scale(value: float) -> float:
            return round((value - low) / span * BAR_WIDTH, 1)

        name = view.text(t.target.indicator)
        unit = view.text(t.target.unit)
        verdict = label(lang, f"verdict.{t.verdict or 'none'}")
        if t.actual is None:
            text = report_labels.label(lang, "chart.no-actual")
        else:
            share = "" if t.share is None else f" ({lang.percent(t.share)})"
            text = f"{self.number(t.actual)} / {self.number(t.goal)}{share}"
        title = lang.join(
            [
                f"{name}",
                lang.labelled(label(lang, "baseline"), self.number(t.baseline)),
                lang.labelled(label(lang, "goal"), self.number(t.goal)),
                lang.labelled(label(lang, "actual"), self.number(t.actual)),
                lang.labelled(label(lang, "verdict"), verdict),
            ]
        )
        return TargetBar(
            label=f"{name} ({unit})" if unit else name,
            verdict=verdict,
            verdict_id=t.verdict or "none",
            baseline_width=scale(t.baseline),
            actual_width=None if t.actual is None else scale(t.actual),
            target_x=scale(t.goal),
            text=text,
            title=title,
        )

    def verdict_rule(self) -> str:
        th, lang = self.state.thresholds, self.lang
        return report_labels.label(
            lang,
            "verdict.rule",
            met=lang.percent(th.met),
            on_track=lang.percent(th.on_track),
            expected=lang.percent(th.on_track * self.state.elapsed),
        )

    # ------------------------------------------------------------------- budget

    def money_estimated(self) -> bool:
        """Some action's committed or spent money is an estimate: so are the sums."""
        return any(a.money and a.money.assumption for a in self.state.actions)

    def budget(self) -> list[TableView]:
        """The text report's budget tables, with the total's spent marked when estimated."""
        estimated = self.money_estimated()
        paid_estimated = any(
            p.provenance and p.provenance.assumption for a in self.state.actions for p in a.partners
        )
        wanted = [label(self.lang, f"budget.{k}") for k in ("lever", "zone", "region", "partners")]
        wanted.insert(0, label(self.lang, "budget"))
        out = []
        for i, table in enumerate(t for t in tables(self.view) if t.title in wanted):
            marked = paid_estimated if table.title == wanted[-1] else estimated
            out.append(self._table(f"budget-{i}", table, marked_columns=(2, 3) if marked else ()))
        # under the section's own "Budget" heading, the first table is the total
        out[0].title = label(self.lang, "budget.total")
        return out

    def _table(self, ident: str, table: Table, marked_columns: tuple[int, ...] = ()) -> TableView:
        rows = [
            [self.mark(cell, i in marked_columns) for i, cell in enumerate(row)]
            for row in table.rows
        ]
        # a row-heading column needs a heading of its own (the text tables leave it blank)
        headers = [h or table.title for h in table.headers]
        return TableView(ident, table.title, headers, list(table.numeric), rows)

    def burn(self) -> tuple[TableView, Burn]:
        """Planned by month (each action's budget spread over its months), committed
        and spent as each review left them."""
        state, lang = self.state, self.lang
        planned = [Fraction(0)] * 12
        for a in state.actions:
            months = sorted(set(a.action.months)) or [12]
            for m in months:
                planned[m - 1] += Fraction(a.budget, len(months))
        cumulative, total = [], Fraction(0)
        for value in planned:
            total += value
            cumulative.append(total)
        by_month: dict[int, tuple[int, int]] = {}
        for p in state.budget.burn:
            by_month[self._month(p.date)] = (p.committed, p.spent)
        estimated = any(a.money and a.money.assumption for a in state.actions)
        rows = []
        for m in range(1, 13):
            committed, spent = by_month.get(m, (None, None))
            rows.append(
                [
                    lang.month_names[m - 1],
                    self.money(cumulative[m - 1]),
                    self.mark(self.money(committed), estimated),
                    self.mark(self.money(spent), estimated),
                ]
            )
        table = TableView(
            "burn-table",
            report_labels.label(lang, "chart.burn"),
            [
                report_labels.label(lang, "burn.month"),
                report_labels.label(lang, "burn.planned"),
                label(lang, "committed"),
                label(lang, "spent"),
            ],
            [False, True, True, True],
            rows,
            report_labels.label(lang, "burn.note"),
        )
        return table, self._burn_chart(cumulative)

    def _month(self, day: dt.date) -> int:
        """The month of the year a review falls in (a year-end review of next year: December)."""
        return day.month if day.year == self.state.year else 12

    def _x(self, day: dt.date) -> float:
        year = self.state.year
        start = dt.date(year, 1, 1)
        days = (dt.date(year + 1, 1, 1) - start).days
        ratio = min(1.0, ((day - start).days + 1) / days)
        return round(PLOT_LEFT + ratio * (PLOT_RIGHT - PLOT_LEFT), 1)

    def _burn_chart(self, cumulative: list[Fraction]) -> Burn:
        state, lang = self.state, self.lang
        burn = state.budget.burn
        top = max(
            [float(cumulative[-1]), *(float(p.committed) for p in burn), *(p.spent for p in burn)]
        )
        top = top or 1.0

        def y(value: float) -> float:
            return round(PLOT_BOTTOM - value / top * (PLOT_BOTTOM - PLOT_TOP), 1)

        width = PLOT_RIGHT - PLOT_LEFT
        planned = [(PLOT_LEFT, y(0))] + [
            (round(PLOT_LEFT + m / 12 * width, 1), y(float(cumulative[m - 1])))
            for m in range(1, 13)
        ]

        def points(key: str) -> list[Point]:
            out = []
            for p in burn:
                value = p.committed if key == "committed" else p.spent
                title = lang.labelled(f"{lang.date(p.date)}, {label(lang, key)}", lang.money(value))
                out.append(Point(self._x(p.date), y(value), title))
            return out

        committed, spent = points("committed"), points("spent")

        def line(pts: list[Point]) -> str:
            return " ".join(
                f"{x},{yy}" for x, yy in [(PLOT_LEFT, y(0))] + [(p.x, p.y) for p in pts]
            )

        ticks = [Tick(y(top * i / 4), lang.money(round(top * i / 4))) for i in range(5)]
        months = [
            (round(PLOT_LEFT + (m - 0.5) / 12 * width, 1), lang.month_abbreviations[m - 1])
            for m in range(1, 13)
        ]
        return Burn(
            planned=" ".join(f"{x},{yy}" for x, yy in planned),
            committed=committed,
            spent=spent,
            committed_line=line(committed),
            spent_line=line(spent),
            ticks=ticks,
            months=months,
        )

    # ------------------------------------------------------------------ actions

    def actions(self) -> list[TableView]:
        """Actions by status, the late ones, then every action with its money and KPIs."""
        lang = self.lang
        out = []
        for i, table in enumerate(tables(self.view)):
            if table.title == label(lang, "late") or (
                table.title == label(lang, "actions") and len(table.headers) == 3
            ):
                out.append(self._table(f"actions-{i}", table))
        out[0].title = report_labels.label(lang, "by-status")
        keys = ("action", "title-col", "status", "planned", "committed", "spent", "kpis", "note")
        rows = [self._action_row(a) for a in self.state.actions]
        numeric = [False, False, False, True, True, True, False, False]
        out.append(
            TableView(
                "actions-table",
                report_labels.label(lang, "every-action"),
                [label(lang, k) for k in keys],
                numeric,
                rows,
            )
        )
        return out

    def _action_row(self, a: ActionState) -> list[str]:
        view, lang = self.view, self.lang
        from roadmap.progress.labels import status

        kpis = []
        for k in a.kpis:
            if k.actual is None:
                continue
            kpis.append(
                report_labels.label(
                    lang,
                    "kpi",
                    indicator=view.text(k.kpi.indicator),
                    actual=self.mark(self.number(k.actual), k.provenance),
                    target=self.number(k.kpi.target),
                )
            )
        notes = []
        if a.reason is not None:
            notes.append(view.text(a.reason))
        if a.note is not None:
            notes.append(f"{lang.date(a.note.date)}: {view.text(a.note.text)}")
        for prov in [a.money, *(k.provenance for k in a.kpis)]:
            self.source(prov)
        return [
            visible(a.id),
            view.text(a.action.title),
            status(lang, a.status),
            self.money(a.budget),
            self.mark(self.money(a.committed), a.money),
            self.mark(self.money(a.spent), a.money),
            "; ".join(kpis),
            " / ".join(notes),
        ]

    # ---------------------------------------------------------------- proposals

    def proposals(self) -> TableView | None:
        state, view, lang = self.state, self.view, self.lang
        if not state.proposals:
            return None
        rows = []
        for p in state.proposals:
            steps = []
            for h in p.history:
                step = f"{lang.date(h.date)}: {lang.t(f'proposal.{h.status}')}"
                if h.reason is not None:
                    step += f" ({view.text(h.reason)})"
                steps.append(self.mark(step, h.assumption))
                if h.source:
                    self.sources[view.text(h.source)] = None
            rows.append(
                [
                    visible(p.id),
                    view.text(p.proposal.text),
                    lang.t(f"proposal.{p.proposal.status}"),
                    lang.t(f"proposal.{p.status}"),
                    "; ".join(steps),
                    lang.join([visible(a) for a in p.answered_by]),
                ]
            )
        headers = [
            label(lang, "proposal"),
            report_labels.label(lang, "text"),
            label(lang, "plan-status"),
            label(lang, "now"),
            report_labels.label(lang, "history"),
            label(lang, "answered-by"),
        ]
        return TableView("proposals-table", label(lang, "proposals"), headers, [False] * 6, rows)


def document(view: View) -> Document:
    """The report of `view`, every text in its language."""
    b = Builder(view)
    lines = headline(view)
    targets = b.targets()
    bars = b.target_bars()
    budget = b.budget()
    burn_table, burn = b.burn()
    actions = b.actions()
    proposals = b.proposals()
    lang = view.lang
    return Document(
        lang=lang.code,
        year=view.state.year,
        title=lines[0],
        lines=lines[1:],
        t=b.words(),
        targets=targets,
        target_bars=bars,
        verdict_rule=b.verdict_rule(),
        budget=budget,
        partner_share=partner_share(view),
        burn_table=burn_table,
        burn=burn,
        actions=actions,
        proposals=proposals,
        estimates=b.estimates,
        sources=list(b.sources),
    )

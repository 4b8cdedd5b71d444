"""What every section of the plan reads: names, maps, each action's view, the budget split."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from markupsafe import Markup, escape

from roadmap import allocation, indicators, models, provenance
from roadmap.dataset import Data
from roadmap.i18n import Language
from roadmap.problems import UsageError


class Estimate(str):
    """A figure shown as an estimate: the marker, then the figure.

    A `str` ("≈ 12 000 MAD", the marker and a no-break space in front), so
    that the Markdown template, joins and tests read it as any text. The
    HTML template escapes values through `__html__` (markupsafe), which
    shows the same marker with a tooltip and, for screen readers, the word
    it stands for in visually hidden text. `prefix` is text shown before the
    marker ("CNT : " in a co-financing line).

    Its HTML is made once: one Estimate stands for every equal figure of a
    plan (`Context.shown`), shown again in each table that lists it.
    """

    text: str
    symbol: str
    label: str
    prefix: str
    _html: Markup | None

    def __new__(cls, text: str, symbol: str, label: str, prefix: str = "") -> Estimate:
        self = super().__new__(cls, f"{prefix}{symbol}\u00a0{text}")
        self.text, self.symbol, self.label, self.prefix = text, symbol, label, prefix
        self._html = None
        return self

    def __html__(self) -> Markup:
        if self._html is None:
            marker = _marker(self.symbol, self.label)
            self._html = Markup(f"{html_text(self.prefix)}{marker}\u00a0{html_text(self.text)}")
        return self._html


@lru_cache(maxsize=16)
def _marker(symbol: str, label: str) -> str:
    """An estimate's marker in HTML: the same for every figure of a plan."""
    label = html_text(label)
    return (
        f'<span class="estimate" title="{label}">'
        f'<span aria-hidden="true">{html_text(symbol)}</span>'
        f'<span class="visually-hidden">{label}</span></span>'
    )


def html_text(value: object) -> str:
    """`value` escaped for HTML as Jinja's autoescape escapes it (an `Estimate`
    by its `__html__`); plain strings memoised: names, months, statuses and
    amounts repeat on every row, and `escape` makes a `Markup` of each."""
    if type(value) is str:
        return _plain(value)
    if type(value) is Estimate:
        # its markup, made once (`escape` would copy it twice: Markup, then str)
        return value.__html__()
    return str(escape(value))


@lru_cache(maxsize=1 << 16)
def _plain(text: str) -> str:
    escaped = escape(text)
    # most text has nothing to escape: keep the one string, not a copy
    return text if len(escaped) == len(text) else str(escaped)


@dataclass(slots=True)
class Action:
    id: str
    title: str
    description: str
    markets: list[str]
    market_ids: list[str]
    region: str
    region_id: str
    destination: str
    lever: str
    lever_id: str
    sectors: list[str]
    owner: str
    co_owners: list[str]
    months: list[int]
    months_text: str
    ranges: list[tuple[int, int]]
    budget: str
    budget_value: int
    funding: list[str]
    kpis: list[str]
    status: str
    deseasonalisation: bool
    answers: list[str]
    result: str
    #: The budget is an estimate (its `basis`), so every sum it enters is one.
    budget_estimate: bool = False
    #: Twelve entries, January first: what a marked calendar cell says
    #: ("janvier : prévue"), empty for a month without the action.
    calendar: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Share:
    """One row of a breakdown: a name, how many actions, how much budget."""

    id: str
    name: str
    count: int
    budget: str
    share: str
    value: float
    ratio: float
    #: What the lever or sector covers (its `description`); empty for others.
    description: str = ""


def month_ranges(months: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of months: [1, 2, 11] -> [(1, 2), (11, 11)]."""
    runs: list[tuple[int, int]] = []
    for m in sorted(set(months)):
        if runs and runs[-1][1] == m - 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def anchor(kind: str, ident: str) -> str:
    """A stable HTML id / Markdown anchor for a record."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in ident.lower())
    return f"{kind}-{safe}"


class Context:
    """What every section reads: the data's names and maps, each action's view,
    the budget split; built once per plan and language."""

    def __init__(self, data: Data, plan: models.Plan, lang: Language) -> None:
        if not (data.markets and data.regions and data.levers and data.sectors and data.partners):
            raise UsageError("the plan needs a data folder that validated without errors")
        self.data, self.plan, self.lang = data, plan, lang
        self._catalogues(data.markets, data.regions, data.partners)
        self._names(data.markets, data.regions, data.levers, data.sectors, data.partners)
        self.office = data.dataset.office if data.dataset else ""
        self.marks = provenance.marks_for(data.dataset)
        #: Set once a figure is shown as an estimate: the plan then shows the legend.
        self.estimates_shown = False
        self._symbol, self._estimate = lang.t("mark.symbol"), lang.t("mark.estimate")
        self._shown: dict[tuple[str, str, bool], str] = {}
        self.meetings = {m.id: m for m in plan.meetings}
        self.meeting_names = {m.id: lang.text(m.name) for m in plan.meetings}
        self.meeting_region = {m.id: m.region for m in plan.meetings}
        self.earlier_models: list[models.Proposal] = []
        self._month_marks: dict[str, list[str]] = {}
        #: A KPI's indicator, a funder, as a line's label ("Nuitées : "): one
        #: string for all the lines that show it.
        self._kpi_labels: dict[str, str] = {}
        self._funder_labels: dict[str, str] = {}
        self._baseline = lang.t("col.baseline").lower()
        self.actions = [self.action(a) for a in plan.actions]
        self.by_id = dict(zip((a.id for a in plan.actions), self.actions, strict=True))
        self.total = sum(a.budget for a in plan.actions)

    def _catalogues(
        self,
        markets: models.MarketsFile,
        regions: models.RegionsFile,
        partners: models.PartnersFile,
    ) -> None:
        """The records by id, and each destination's region."""
        self.zones = {z.id: z for z in markets.zones}
        self.markets = {m.id: m for m in markets.markets}
        self.market_zone = {m.id: m.zone for m in markets.markets}
        self.regions = {r.id: r for r in regions.regions}
        self.data_regions = regions
        self.partners = {p.id: p for p in partners.partners}
        self.dest_region = {d.id: r.id for r in regions.regions for d in r.destinations}

    def _names(
        self,
        markets: models.MarketsFile,
        regions: models.RegionsFile,
        levers: models.LeversFile,
        sectors: models.SectorsFile,
        partners: models.PartnersFile,
    ) -> None:
        """Every record's name (and lever's and sector's description) in the reader's language."""
        tx = self.lang.text
        self.dest_names = {d.id: tx(d.name) for r in regions.regions for d in r.destinations}
        self.market_names = {m.id: tx(m.name) for m in markets.markets}
        self.zone_names = {z.id: tx(z.name) for z in markets.zones}
        self.region_names = {r.id: tx(r.name) for r in regions.regions}
        self.lever_names = {lv.id: tx(lv.name) for lv in levers.levers}
        self.sector_names = {s.id: tx(s.name) for s in sectors.sectors}
        self.descriptions = {
            "lever": {lv.id: tx(lv.description) for lv in levers.levers},
            "sector": {s.id: tx(s.description) for s in sectors.sectors},
        }
        self.partner_names = {p.id: tx(p.name) for p in partners.partners}

    # ----------------------------------------------------------- estimates

    def shown(self, text: str, estimated: bool | provenance.Mark, prefix: str = "") -> str:
        """`text` as the plan shows it: marked when the figure is an estimate.

        One object per different figure: a plan repeats its amounts, and an
        `Estimate` (a string with four attributes) weighs four times its
        text; a 10,000-action plan made 40,000 of them, 11,000 different.
        """
        if isinstance(estimated, provenance.Mark):
            estimated = estimated.estimated
        if estimated:
            self.estimates_shown = True
        elif not prefix:
            return text
        if type(text) is not str or type(prefix) is not str:
            return (
                Estimate(text, self._symbol, self._estimate, prefix) if estimated else prefix + text
            )
        key = (text, prefix, estimated)
        found = self._shown.get(key)
        if found is None:
            found = self._shown[key] = (
                Estimate(text, self._symbol, self._estimate, prefix) if estimated else prefix + text
            )
        return found

    def money(self, amount: int | Fraction, estimated: bool | provenance.Mark) -> str:
        """An amount, marked when it is an estimate or a sum with an estimate in it."""
        return self.shown(self.lang.money(amount), estimated)

    def sum_money(self, actions: list[Action]) -> str:
        """The actions' total budget, an estimate when one of them is."""
        total = sum(a.budget_value for a in actions)
        return self.money(total, any(a.budget_estimate for a in actions))

    def action(self, a: models.Action) -> Action:
        lang, tx = self.lang, self.lang.text
        pn = self.partner_names
        months = sorted(set(a.months))
        abbr = lang.month_abbreviations_in_text
        basis = self.marks.basis(a)
        labels = self._kpi_labels
        kpis = []
        for k in a.kpis:
            value = f"{lang.number(k.target)} {tx(k.unit)}"
            if k.baseline is not None:
                value += f" ({self._baseline} {lang.number(k.baseline)})"
            indicator = tx(k.indicator)
            label = labels.get(indicator)
            if label is None:
                label = labels[indicator] = lang.labelled(indicator, "")
            kpis.append(self.shown(value, self.marks.kpi(a, k, basis), prefix=label))
        return Action(
            id=a.id,
            title=tx(a.title),
            description=tx(a.description),
            markets=[self.market_names.get(m, m) for m in a.markets],
            market_ids=list(a.markets),
            region=self.region_names.get(a.region, a.region) if a.region else "",
            region_id=a.region or "",
            destination=self.dest_names.get(a.destination, a.destination) if a.destination else "",
            lever=self.lever_names.get(a.lever, a.lever),
            lever_id=a.lever,
            sectors=[self.sector_names.get(s, s) for s in a.sectors],
            owner=pn.get(a.owner, a.owner) if a.owner else "",
            co_owners=[pn.get(p, p) for p in a.co_owners],
            months=months,
            months_text=lang.join([abbr[m - 1] for m in months]),
            ranges=month_ranges(months),
            budget=self.money(a.budget, basis),
            budget_value=a.budget,
            budget_estimate=basis.estimated,
            funding=[
                self.shown(
                    lang.money(f.amount),
                    self.marks.funding(a, f, basis),
                    prefix=self._funder(f.partner),
                )
                for f in a.cofinancing
            ],
            kpis=kpis,
            status=lang.t(f"action.{a.status}"),
            deseasonalisation=a.deseasonalisation,
            answers=list(a.answers),
            result=tx(a.result),
            calendar=self.calendar_marks(a.status, months),
        )

    def _funder(self, partner: str) -> str:
        """A co-financing line's prefix: "CNT : " (one string per partner)."""
        label = self._funder_labels.get(partner)
        if label is None:
            name = self.partner_names.get(partner, partner)
            label = self._funder_labels[partner] = self.lang.labelled(name, "")
        return label

    def calendar_marks(self, status: str, months: list[int]) -> list[str]:
        """What each of the twelve calendar cells says for an action: "janvier : prévue" or ""."""
        marks = self._month_marks.get(status)
        if marks is None:
            lang = self.lang
            state = lang.t(f"action.{status}")
            marks = self._month_marks[status] = [
                lang.t("calendar.on", month=name, status=state) for name in lang.month_names_in_text
            ]
        on = set(months)
        return [mark if m in on else "" for m, mark in enumerate(marks, 1)]

    # -------------------------------------------------------------- breakdowns

    def shares(
        self,
        counts: dict[str, int],
        amounts: dict[str, Fraction],
        names: dict[str, str],
        estimated: set[str] | None = None,
    ) -> list[Share]:
        """One row per named key with actions; `estimated`: keys whose sum has an estimate."""
        lang = self.lang
        estimated = estimated or set()
        ratios = indicators.shares(amounts)
        top = max(amounts.values(), default=Fraction(0)) or Fraction(1)
        zero = Fraction(0)
        return [
            Share(
                id=key,
                name=names.get(key, key),
                count=counts.get(key, 0),
                budget=self.money(amounts.get(key, zero), key in estimated),
                share=lang.percent(ratios.get(key, 0.0)),
                value=float(amounts.get(key, zero)),
                ratio=float(amounts.get(key, zero) / top),
            )
            for key in names
            if key in counts
        ]

    def breakdown(
        self, kind: allocation.Kind, names: dict[str, str], unassigned: str
    ) -> list[Share]:
        """The plan's budget by `kind`, split as `allocation.budget_split` says.

        One kind at a time, each action's keys of that kind found here: the
        plan shows four kinds, and every action's keys of all five, held
        for the view's life, weighed as much as the annex's rows.
        """
        counts: dict[str, int] = defaultdict(int)
        estimated: set[str] = set()
        items = []
        for a, action in zip(self.plan.actions, self.actions, strict=True):
            keys = allocation.kind_keys(a, kind, self.market_zone)
            items.append((a.budget, keys))
            for key in keys or [""]:
                counts[key] += 1
                if action.budget_estimate:
                    estimated.add(key)
        amounts = allocation.allocate(items, "")
        named = dict(names)
        if unassigned:
            named[""] = self.lang.t(unassigned)
        return self.shares(counts, amounts, named, estimated)

    def described(self, kind: str, rows: list[Share]) -> list[Share]:
        """`rows` with each lever's or sector's description."""
        descriptions = self.descriptions[kind]
        for row in rows:
            row.description = descriptions.get(row.id, "")
        return rows

    def tier(self, tier: str) -> str:
        """A market tier's name: the dataset's own, else the catalogue's."""
        return self._label(self.data.markets.tiers if self.data.markets else None, "tier", tier)

    def identity(self, identity: str) -> str:
        """A destination identity's name: the dataset's own, else the catalogue's."""
        declared = self.data.regions.identities if self.data.regions else None
        return self._label(declared, "identity", identity)

    def _label(self, declared: list[models.Label] | None, kind: str, value: str) -> str:
        if declared is None:
            return self.lang.t(f"{kind}.{value}")
        return next((self.lang.text(d.name) for d in declared if d.id == value), value)

    def destination_priorities(self) -> dict[str, list[str]]:
        """The names of the destinations priorities each destination is in, as a
        region's page tags it (the first form: "High-potential destination")."""
        tags: dict[str, list[str]] = {}
        for p in self.plan.cross_priorities():
            name = (
                self.lang.t("regions.high_potential") if p.name is None else self.lang.text(p.name)
            )
            for dest in dict.fromkeys(p.destinations):
                tags.setdefault(dest, []).append(name)
        return tags

"""The plan as the templates see it: every value resolved, summed, formatted.

`view(data, year, lang)` turns a validated data folder into a `Plan` view:
plain dataclasses of text (in the reader's language, numbers already
formatted) and a few raw numbers for charts. Templates only lay it out;
every grouping, sum, share and indicator is computed here, in one pass over
the actions plus one per group, so the cost grows linearly with the number
of actions.

Rules the document states in its notes:

- an action's zones are the zones of its markets; an action aimed at several
  zones (or sectors) counts in each, its budget split equally between them;
- an action's funding is its co-financing, or else its whole budget paid by
  its owner; public or private is the partner's `kind`;
- a region's lead and emerging destinations are the plan's own choice
  (`destinations:` in the plan) when it makes one, else `regions.yaml` roles;
- an action's budget is spread equally over its months in the month view;
- a low-season month is one whose seasonality value is below the yearly mean.

Each section has its module, named for it; `context` holds what they share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.dataset import Data
from roadmap.i18n import Language
from roadmap.problems import UsageError
from roadmap.render.view import (
    adoption,
    annex,
    calendar,
    coconstruction,
    markets,
    priorities,
    regions,
)
from roadmap.render.view.adoption import Approval, Executive
from roadmap.render.view.annex import Annex, FilterOption, Filters, SourceRef
from roadmap.render.view.calendar import Calendar
from roadmap.render.view.coconstruction import (
    Coconstruction,
    Contributor,
    Meeting,
    Proposal,
    earlier_proposals,
)
from roadmap.render.view.context import Action, Context, Estimate, Share, anchor, month_ranges
from roadmap.render.view.markets import Kpi, LeverGroup, Market, Zone
from roadmap.render.view.priorities import (
    Deseasonalisation,
    HighPotential,
    HighPotentialDestination,
    Month,
    Priority,
)
from roadmap.render.view.regions import Destination, ProposalGroup, Region
from roadmap.render.view.summary import Milestone, Objective, Summary, Target
from roadmap.render.view.summary import summary as summary_view


@dataclass(slots=True)
class Section:
    id: str
    title: str


@dataclass(slots=True)
class Plan:
    lang: str
    year: int
    title: str
    country: str
    theme: str
    currency: str
    date: str
    t: dict[str, str]
    #: The dataset's note when it is an illustration as a whole, else "".
    illustrative: str
    sections: list[Section]
    summary: Summary
    zones: list[Zone]
    regions: list[Region]
    #: Proposals of no region (nor made at a regional meeting), by zone or product line.
    national: list[ProposalGroup]
    levers: list[Share]
    sectors: list[Share]
    #: The cross-cutting priorities, in the plan's order, each with its kind's view.
    priorities: list[Priority]
    calendar: Calendar
    coconstruction: Coconstruction
    annex: Annex
    filters: Filters
    #: Some figure is shown as an estimate: the legend says what the marker means.
    estimates: bool = False
    #: The office that keeps the plan (its partner name); its adoption, when
    #: the plan has an `adoption:` block; the PDF's one-page summary.
    office: str = ""
    approval: Approval | None = None
    executive: Executive | None = None

    @property
    def high_potential(self) -> HighPotential | None:
        """The first destinations priority's view (high-potential destinations)."""
        return next((p.destinations for p in self.priorities if p.destinations), None)

    @property
    def deseasonalisation(self) -> Deseasonalisation | None:
        """The first seasonality priority's view (de-seasonalisation)."""
        return next((p.seasonality for p in self.priorities if p.seasonality), None)


SECTIONS = (
    "summary",
    "markets",
    "regions",
    "levers",
    "priorities",
    "calendar",
    "coconstruction",
    "annex",
)


def view(
    data: Data,
    year: int,
    lang: Language,
    date: dt.date | None = None,
    ctx: Context | None = None,
    warnings: bool = False,
) -> Plan:
    """The view of `data`'s plan for `year` in `lang` (data must be valid).

    `ctx`: the plan's `Context`, when the caller reads it too (the audience
    packs filter this view with it), so that it is built once. The annex
    lists `roadmap check`'s warnings in a draft only, or when `warnings`
    asks for them whatever the plan's status.
    """
    if data.dataset is None or year not in data.plans:
        raise UsageError(f"no valid plan for {year}: the plan needs data without errors")
    plan = data.plans[year]
    shown = warnings or adoption.shows_warnings(plan)
    warned = annex.plan_warnings(data, year, lang) if shown else []
    b = ctx or Context(data, plan, lang)
    tx = lang.text
    summary = summary_view(b)
    proposals, earlier = coconstruction.proposals(b)
    title = tx(data.dataset.title) or lang.t("document.title", year=year)
    cross = priorities.priorities(b)
    the_annex = annex.annex(b, warned)
    office = b.partners.get(b.office)
    return Plan(
        lang=lang.code,
        year=year,
        title=title,
        country=tx(data.dataset.country),
        theme=tx(plan.theme),
        currency=lang.t("document.currency", currency=lang.currency),
        date=lang.t("document.generated", date=lang.date(date)) if date else "",
        t=lang.messages,
        illustrative=tx(data.dataset.illustrative),
        sections=[Section(s, lang.t(f"section.{s}")) for s in SECTIONS],
        summary=summary,
        zones=markets.zones(b),
        regions=regions.regions(b, proposals + earlier),
        national=regions.national_proposals(b, proposals + earlier),
        levers=summary.by_lever,
        sectors=summary.by_sector,
        priorities=cross,
        calendar=calendar.calendar(b),
        coconstruction=coconstruction.coconstruction(b, proposals, earlier),
        annex=the_annex,
        filters=annex.filters(b),
        # last: every figure above has been marked or not
        estimates=b.estimates_shown,
        office=tx(office.name) if office else b.office,
        approval=adoption.approval(b),
        executive=adoption.executive(b, summary, cross),
    )


__all__ = [
    "SECTIONS",
    "Action",
    "Annex",
    "Calendar",
    "Coconstruction",
    "Contributor",
    "Deseasonalisation",
    "Destination",
    "Estimate",
    "FilterOption",
    "Filters",
    "HighPotential",
    "HighPotentialDestination",
    "Kpi",
    "LeverGroup",
    "Market",
    "Meeting",
    "Milestone",
    "Month",
    "Objective",
    "Plan",
    "Priority",
    "Proposal",
    "ProposalGroup",
    "Region",
    "Section",
    "Share",
    "SourceRef",
    "Summary",
    "Target",
    "Zone",
    "anchor",
    "earlier_proposals",
    "month_ranges",
    "view",
]

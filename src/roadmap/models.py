"""The data model: one pydantic model per record kind, one root per file.

Models check what one record can check on its own (types, ranges, closed
sets, required fields, sums inside an action). Checks that need several
records or files (references, duplicate ids, coverage) live in `checks`.
Every description here ends up in the exported JSON Schema, so editors show
it as help.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64),
    Field(description="Identifier: letters, digits, '.', '_' or '-', unique in its file."),
]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


def _text_branch(value: Any) -> str:
    return "<text>" if isinstance(value, str) else "<by-language>"


# The tags name the union's branches in error paths; messages.UNION_TAGS
# strips them so an error points at the key, not at a branch.
Text = Annotated[
    Annotated[NonEmpty, Tag("<text>")] | Annotated[dict[LangCode, NonEmpty], Tag("<by-language>")],
    Discriminator(_text_branch),
    Field(description="Text, either plain or per language: {fr: ..., en: ...}."),
]
Month = Annotated[int, Field(ge=1, le=12, description="Month number, 1 (January) to 12.")]
Money = Annotated[int, Field(ge=0, description="Amount in the dataset's currency, whole units.")]
Year = Annotated[int, Field(ge=1900, le=2200)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]

Identity = Literal["cultural", "natural", "urban", "experiential"]
Tier = Literal["core", "growth", "emerging", "domestic", "diaspora"]
Role = Literal["lead", "emerging", "candidate"]
PartnerKind = Literal["public", "private"]
ProposalStatus = Literal["open", "taken-up", "deferred", "declined"]
ActionStatus = Literal["planned", "ongoing", "done", "cancelled"]


class Record(BaseModel):
    """Shared base: unknown keys are errors, never silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Figure(Record):
    """A sourced number. A figure we estimated is marked `assumption: true`."""

    value: float = Field(description="The number itself.")
    unit: Text = Field(
        description="What it counts: arrivals, MAD, %, seats (plain or by language)."
    )
    year: Year | None = Field(default=None, description="Year the figure describes.")
    period: Text | None = Field(
        default=None, description="Part of the year, e.g. 'Jan-Aug' (plain or by language)."
    )
    source: NonEmpty = Field(description="Where the figure comes from.")
    assumption: bool = Field(default=False, description="True when the figure is an estimate.")


# --------------------------------------------------------------------------- dataset.yaml


class Dataset(Record):
    """`dataset.yaml`: who the data belongs to and how to present it."""

    country: Text = Field(description="Country or destination the roadmap promotes.")
    office: Id = Field(description="Partner id of the tourism office that owns the plan.")
    language: LangCode = Field(description="Default language of rendered plans (fr or en).")
    currency: CurrencyCode = Field(description="ISO 4217 code of every amount, e.g. MAD, EUR.")
    title: Text | None = Field(default=None, description="Title of the plan document.")


# --------------------------------------------------------------------------- markets.yaml


class Approach(Record):
    targeting: Text = Field(description="Who the market's actions aim at, and how.")
    messages: list[Text] = Field(min_length=1, description="Key messages for the market.")
    channels: list[Text] = Field(min_length=1, description="Channels that carry them.")


class Zone(Record):
    id: Id
    name: Text
    strategy: Text = Field(
        description="What the plan does in this zone (consolidate, develop ...)."
    )
    levers: list[Id] = Field(
        default_factory=list, description="Levers the zone's approach needs (lever ids)."
    )


class Market(Record):
    id: Id = Field(description="Market id; ISO 3166 country codes where one exists (NO = Norway).")
    name: Text
    zone: Id = Field(description="Zone id from this file's `zones`.")
    tier: Tier = Field(description="Typology: core, growth, emerging, domestic or diaspora.")
    office: str | None = Field(default=None, description="The office's representation abroad.")
    segments: list[Text] = Field(default_factory=list, description="Target segments.")
    approach: Approach
    baseline: list[Figure] = Field(default_factory=list, description="Baseline figures.")


class MarketsFile(Record):
    zones: list[Zone] = Field(min_length=1)
    markets: list[Market] = Field(min_length=1)


# --------------------------------------------------------------------------- regions.yaml


class Destination(Record):
    id: Id
    name: Text
    role: Role = Field(description="lead (locomotive), emerging, or candidate.")
    identities: list[Identity] = Field(min_length=1)
    assets: list[Text] = Field(min_length=1, description="Distinctive assets.")
    high_potential: bool = Field(
        default=False, description="Listed by the high-potential destinations priority."
    )


class Region(Record):
    id: Id
    name: Text
    aliases: list[str] = Field(default_factory=list, description="Other spellings of the name.")
    capital: str | None = None
    council: Id | None = Field(default=None, description="Partner id of the regional council.")
    destinations: list[Destination] = Field(min_length=2)
    priorities: list[Text] = Field(default_factory=list)
    support_needs: list[Text] = Field(default_factory=list)


class RegionsFile(Record):
    regions: list[Region] = Field(min_length=1)


# ---------------------------------------------------- levers, sectors, partners


class Lever(Record):
    id: Id
    name: Text
    description: Text | None = None
    origins: list[NonEmpty] = Field(
        default_factory=list, description="Plans or workshops the lever comes from."
    )
    also_known_as: list[Text] = Field(
        default_factory=list, description="Names of the same lever in other plans."
    )


class LeversFile(Record):
    levers: list[Lever] = Field(min_length=1)


class Sector(Record):
    id: Id
    name: Text
    description: Text | None = None


class SectorsFile(Record):
    sectors: list[Sector] = Field(min_length=1)


class Partner(Record):
    id: Id
    name: Text
    kind: PartnerKind = Field(description="public or private.")
    type: NonEmpty = Field(description="office, confederation, federation, council, airline ...")
    region: Id | None = Field(default=None, description="Region id, for regional partners.")


class PartnersFile(Record):
    partners: list[Partner] = Field(min_length=1)


# --------------------------------------------------------------------------- plans/YEAR.yaml


class Target(Record):
    """A KPI with baseline and target."""

    id: Id
    indicator: Text
    unit: Text = Field(
        description="Unit of baseline and target: arrivals, MAD, %, seats (plain or by language)."
    )
    baseline: Figure
    target: float
    source: NonEmpty | None = Field(default=None, description="Where the target is set.")


class Objective(Record):
    id: Id
    name: Text
    description: Text | None = None
    targets: list[Target] = Field(min_length=1)


class Seasonality(Record):
    """National monthly profile: twelve values, January first."""

    values: list[float] = Field(min_length=12, max_length=12)
    unit: Text
    year: Year
    source: NonEmpty
    assumption: bool = False


class HighPotential(Record):
    description: Text
    destinations: list[Id] = Field(min_length=1)


class Deseasonalisation(Record):
    description: Text
    seasonality: Seasonality


class Priorities(Record):
    high_potential: HighPotential
    deseasonalisation: Deseasonalisation


class Meeting(Record):
    id: Id
    name: Text
    date: dt.date
    place: NonEmpty
    region: Id | None = None
    participants: list[Id] = Field(default_factory=list, description="Partner ids.")


class Proposal(Record):
    id: Id
    meeting: Id
    date: dt.date | None = None
    by: list[Id] = Field(min_length=1, description="Partner ids of who proposed it.")
    group: NonEmpty | None = Field(default=None, description="Working group.")
    zone: Id | None = None
    region: Id | None = None
    market: Id | None = None
    sector: Id | None = None
    text: Text
    status: ProposalStatus = "open"
    reason: Text | None = Field(default=None, description="Why deferred or declined.")

    @model_validator(mode="after")
    def _reason_when_declined(self) -> Proposal:
        if self.status == "declined" and self.reason is None:
            raise ValueError("a declined proposal needs a `reason`")
        return self


class Funding(Record):
    partner: Id
    amount: Money


class Kpi(Record):
    indicator: Text
    unit: Text
    target: float
    baseline: float | None = None


class Action(Record):
    id: Id
    title: Text
    description: Text | None = None
    markets: list[Id] = Field(default_factory=list)
    region: Id | None = None
    destination: Id | None = None
    lever: Id
    sectors: list[Id] = Field(default_factory=list)
    owner: Id | None = Field(
        default=None,
        description="Partner id of who answers for the action; `roadmap check` warns when missing.",
    )
    co_owners: list[Id] = Field(default_factory=list)
    months: list[Month] = Field(default_factory=list)
    budget: Money
    cofinancing: list[Funding] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)
    answers: list[Id] = Field(default_factory=list, description="Proposal ids it answers.")
    deseasonalisation: bool = Field(default=False, description="Part of de-seasonalisation.")
    recurring: bool = Field(default=False, description="Carried over to next year.")
    status: ActionStatus = "planned"
    result: Text | None = None


class DestinationChoice(Record):
    """A year's own choice of a region's lead or emerging destination."""

    region: Id
    lead: Id | None = None
    emerging: Id | None = None


class PlanMarket(Record):
    market: Id
    tier: Tier | None = Field(default=None, description="This year's tier, if not markets.yaml's.")


class Plan(Record):
    year: Year
    theme: Text
    partners: list[Id] = Field(min_length=1, description="Co-constructing partners.")
    markets: list[PlanMarket] = Field(default_factory=list, description="This year's markets.")
    destinations: list[DestinationChoice] = Field(default_factory=list)
    objectives: list[Objective] = Field(min_length=1)
    priorities: Priorities
    meetings: list[Meeting] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    actions: list[Action] = Field(min_length=1)

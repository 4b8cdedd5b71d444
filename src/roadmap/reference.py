"""The data-format reference (`docs/data-format.md`), generated from the models.

Every key of every data file, with its type, whether it is required (and
its default), its allowed values and its description, all read from the
pydantic models in `roadmap.models`: the reference cannot drift from what
`roadmap validate` accepts. A test keeps the checked-in copy equal to what
`render()` returns, and checks that the examples below, together, form a
valid data folder.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from roadmap import models
from roadmap.progress import models as progress_models
from roadmap.schema import ROOTS

#: Schema name -> the file's path inside a data folder.
FILES: dict[str, str] = {
    "dataset": "dataset.yaml",
    "markets": "markets.yaml",
    "regions": "regions.yaml",
    "levers": "levers.yaml",
    "sectors": "sectors.yaml",
    "partners": "partners.yaml",
    "plan": "plans/YEAR.yaml",
    "progress": "progress/YEAR/YYYY-MM-DD.yaml",
}

_INTROS: dict[str, str] = {
    "dataset": "Who the data belongs to and how plans are presented. One mapping.",
    "markets": "The zones and the priority markets, with their approach and baseline figures.",
    "regions": (
        "The regions, each with its destinations: by default exactly one `lead` and one "
        "`emerging` destination per region and any number of `candidate`s (checked across "
        "the file; `[roles]` in `roadmap.toml` sets other bounds). Destination identities "
        "are `cultural`, `natural`, `urban` and `experiential` unless the file declares its "
        "own in `identities`."
    ),
    "levers": "The promotion levers actions are filed under, without duplicates in meaning.",
    "sectors": "The tourism product lines (filières) actions and proposals are tagged with.",
    "partners": "The public and private partners: owners, co-financers, proposal authors.",
    "plan": (
        "One year's plan, in `plans/2026.yaml` for 2026: the file name's year must match "
        "`year`. References to other files' ids are checked by `roadmap validate`, with the "
        "nearest known id suggested. `priorities` is a list of cross-cutting priorities, each "
        "with a `kind` that says what view the plan gives it: `destinations` (a set of "
        "destinations; its actions are those promoting one of them), `seasonality` (a monthly "
        "profile set against the plan's months; its actions are those naming it in their "
        "`priorities`, and for the first seasonality priority those flagged "
        "`deseasonalisation: true`) or `text` (its actions are those naming it). The first "
        "form, a mapping of `high_potential` (destinations) and `deseasonalisation` "
        "(seasonality), stays valid and is named by the catalogue's labels."
    ),
    "progress": (
        "A progress review of YEAR's plan, as of the date its name gives: in the plan's year or "
        "the first three months of the next (a year-end review). It records only what changed "
        "or became known; a later review supersedes an earlier one key by key, and the plan "
        "file is never rewritten. `roadmap progress YEAR` shows the plan's state at a date."
    ),
}

_SUMMARIES: dict[str, str] = {
    "dataset": "who the data belongs to",
    "markets": "zones and priority markets",
    "regions": "regions and their destinations",
    "levers": "promotion levers",
    "sectors": "tourism product lines (filières)",
    "partners": "public and private partners",
    "plan": "one year's plan",
    "progress": "a progress review of a year's plan",
}

#: Catalogue an id refers to -> where its ids are defined.
CATALOGUES: dict[str, str] = {
    "partner": "`partners.yaml`",
    "zone": "`markets.yaml`, `zones`",
    "market": "`markets.yaml`, `markets`",
    "region": "`regions.yaml`",
    "destination": "`regions.yaml`, a region's `destinations`",
    "lever": "`levers.yaml`",
    "sector": "`sectors.yaml`",
    "meeting": "this plan's `meetings`",
    "proposal": "this plan's `proposals` or an earlier plan's",
    "action": "the year's plan, `actions`",
    "target": "the year's plan, an objective's `targets`",
    "tier": "`markets.yaml`, `tiers`, or by default `core`, `growth`, `emerging`, `domestic`,"
    " `diaspora`",
    "identity": "`regions.yaml`, `identities`, or by default `cultural`, `natural`, `urban`,"
    " `experiential`",
    "priority": "this plan's `priorities`, of kind seasonality or text",
}

#: Field name -> catalogue, for id fields other than a record's own `id`.
#: A new reference field must be added here (a test checks none is missing).
REFERENCES: dict[str, str] = {
    "office": "partner",
    "council": "partner",
    "partner": "partner",
    "partners": "partner",
    "participants": "partner",
    "by": "partner",
    "owner": "partner",
    "co_owners": "partner",
    "zone": "zone",
    "market": "market",
    "markets": "market",
    "region": "region",
    "destination": "destination",
    "destinations": "destination",
    "lead": "destination",
    "emerging": "destination",
    "lever": "lever",
    "levers": "lever",
    "sector": "sector",
    "sectors": "sector",
    "meeting": "meeting",
    "origins": "meeting",
    "answers": "proposal",
    "proposal": "proposal",
    "action": "action",
    "target": "target",
    "tier": "tier",
    "identities": "identity",
    "priorities": "priority",
}

#: A short example of each file. Together they form a valid data folder
#: (a test validates it), cut down from `tests/data/valid/minimal`.
EXAMPLES: dict[str, str] = {
    "dataset": """\
country: {fr: Maroc, en: Morocco}
office: ONMT
language: fr
currency: MAD
title: Feuille de route de la promotion touristique 2026
""",
    "markets": """\
zones:
  - id: western-europe
    name: {fr: Europe de l'Ouest, en: Western Europe}
    strategy:
      fr: Consolider le pilier et transformer la notoriété en flux qualifiés.
      en: Consolidate the pillar and turn awareness into qualified flows.
    levers: [air-connectivity, distribution]
markets:
  - id: FR
    name: {fr: France, en: France}
    zone: western-europe
    tier: core
    office: ONMT Paris
    segments: [Familles, Seniors actifs]
    approach:
      targeting: Familles et seniors des grandes métropoles, hors vacances d'été.
      messages:
        - {fr: Le soleil à trois heures de Paris, en: Sunshine three hours from Paris}
      channels: [Voyagistes, Réseaux sociaux]
    baseline:
      - {value: 4.2, unit: million arrivals, year: 2024, source: Observatoire du tourisme}
""",
    "regions": """\
regions:
  - id: draa-tafilalet
    name: {fr: Drâa-Tafilalet, en: Draa-Tafilalet}
    aliases: [Région 8]
    capital: Errachidia
    council: crt-draa-tafilalet
    destinations:
      - id: ouarzazate
        name: Ouarzazate
        role: lead
        identities: [cultural, experiential]
        assets: [Studios de cinéma, Kasbah de Taourirt]
        high_potential: true
      - id: merzouga
        name: Merzouga
        role: emerging
        identities: [natural, experiential]
        assets: [Erg Chebbi]
    priorities: [Faire de Ouarzazate une destination de tournage toute l'année]
    support_needs: [Vols directs vers Ouarzazate en basse saison]
""",
    "levers": """\
levers:
  - id: air-connectivity
    name: {fr: Connectivité aérienne, en: Air connectivity}
    description: Capacité en sièges et nouvelles lignes négociées avec les compagnies.
    origins: [Stronger Together 2025]
  - id: distribution
    name: {fr: Distribution, en: Distribution}
    origins: [Stronger Together 2025, Task force 2022]
    also_known_as: [{fr: Démarchage commercial, en: Trade canvassing}]
""",
    "sectors": """\
sectors:
  - id: desert-oases
    name: {fr: Désert et oasis, en: Desert and oases}
  - id: film
    name: {fr: Cinéma, en: Film}
    description: Tournages étrangers et tourisme de cinéma.
""",
    "partners": """\
partners:
  - id: ONMT
    name: {fr: Office National Marocain du Tourisme, en: Moroccan National Tourism Office}
    kind: public
    type: office
  - id: CNT
    name: {fr: Confédération Nationale du Tourisme, en: National Tourism Confederation}
    kind: private
    type: confederation
  - id: crt-draa-tafilalet
    name: {fr: Conseil régional du tourisme de Drâa-Tafilalet}
    kind: public
    type: council
    region: draa-tafilalet
""",
    "plan": """\
year: 2026
theme: {fr: Plus forts ensemble, en: Stronger Together}
partners: [ONMT, CNT]
markets:
  - {market: FR, tier: core}
destinations:
  - {region: draa-tafilalet, lead: ouarzazate, emerging: merzouga}
objectives:
  - id: growth
    name: {fr: Croissance des arrivées, en: Growth in arrivals}
    targets:
      - id: arrivals
        indicator: {fr: Arrivées de touristes, en: Tourist arrivals}
        unit: {fr: millions d'arrivées, en: million arrivals}
        baseline: {value: 19.8, unit: million arrivals, year: 2025, source: Ministère du Tourisme}
        target: 21.5
        source: Hypothèse de travail
priorities:
  - id: high-potential
    kind: destinations
    name: {fr: Destinations à fort potentiel, en: High-potential destinations}
    description: {fr: Changer d'échelle, en: Change of scale}
    destinations: [ouarzazate]
  - id: deseasonalisation
    kind: seasonality
    name: {fr: Désaisonnalisation, en: De-seasonalisation}
    description: Lisser les flux sur l'année.
    seasonality:
      values: [0.99, 1.15, 1.27, 1.27, 1.27, 1.50, 2.56, 1.80, 1.30, 1.50, 1.30, 1.50]
      unit: million arrivals
      year: 2024
      source: Presse
      assumption: true
  - id: film-tourism
    kind: text
    name: {fr: Tourisme de cinéma, en: Film tourism}
    description: Faire des lieux de tournage des destinations.
meetings:
  - id: mazagan-2025
    name: Rencontre « Stronger Together »
    date: 2025-12-18
    place: Mazagan
    participants: [ONMT, CNT, crt-draa-tafilalet]
proposals:
  - id: P1
    meeting: mazagan-2025
    by: [crt-draa-tafilalet]
    group: {fr: Filière cinéma, en: Film working group}
    region: draa-tafilalet
    sector: film
    text: Faire connaître les studios de Ouarzazate aux productions étrangères.
    status: taken-up
actions:
  - id: A1
    title: {fr: "Ouarzazate, terre de cinéma", en: "Ouarzazate, land of cinema"}
    markets: [FR]
    region: draa-tafilalet
    destination: ouarzazate
    lever: distribution
    sectors: [film, desert-oases]
    owner: ONMT
    co_owners: [crt-draa-tafilalet]
    months: [1, 2, 11]
    budget: 800000
    cofinancing:
      - {partner: ONMT, amount: 500000}
      - {partner: crt-draa-tafilalet, amount: 300000}
    kpis:
      - {indicator: Tournages accueillis, unit: productions, target: 12, baseline: 9}
    answers: [P1]
    priorities: [deseasonalisation, film-tourism]
""",
    "progress": """\
note: Revue du premier semestre
actions:
  - action: A1
    status: ongoing
    committed: 600000
    spent: 350000
    partners:
      - {partner: crt-draa-tafilalet, committed: 300000, spent: 100000}
    kpis:
      - {indicator: Tournages accueillis, actual: 7}
    note: {date: 2026-06-15, text: Deux tournages reportés à l'automne.}
    basis: {source: Tableau de bord ONMT, assumption: true}
targets:
  - target: arrivals
    actual: 20.4
    period: {fr: 12 mois glissants, en: last 12 months}
    source: Ministère du Tourisme, arrivées à fin juin (12 mois glissants)
proposals: []
""",
}

_HEADER = """\
# Data format reference

<!-- Generated from src/roadmap/models.py by `roadmap schema --markdown docs/data-format.md`.
     Do not edit by hand: change the models' descriptions and run the command again. -->

Every key of every data file, generated from the models `roadmap validate`
checks the data with. A data folder holds six catalogues, one plan per
year and any number of progress reviews per plan:

{files}

Unknown keys are errors (with "did you mean ..." for a misspelling). A key
marked *optional* may be left out; its default is given. The
`# yaml-language-server: $schema=...` line at the top of each shipped file
lets an editor complete keys and show these descriptions.

## Value types

Values are read as YAML 1.2 reads them (its core schema), exactly as an
editor with the JSON Schemas does, so the editor and `roadmap validate`
accept the same files: unquoted `true`/`false` (or `True`, `TRUE` ...) are
true/false, unquoted numbers (`12`, `4.2`, `1e3`, `.inf`) are numbers, `~`,
`null` or nothing is no value, and everything else is text (`NO`, `yes`,
`on`, `2025-12-18`). Quoted values are always text. No key converts one
type into another: text that looks like a number (`'2026'`, `'1.10'`) must
be quoted, and a number or true/false must not be.

- **text**: plain text, or one text per language, as a mapping from a
  two-letter language code to the text:
  `name: Europe de l'Ouest` or `name: {{fr: Europe de l'Ouest, en: Western Europe}}`.
  A plan rendered in a language missing from the mapping uses another one.
- **plain text**: text in one form only, never per language.
- **id**: letters, digits, `.`, `_` or `-`, starting with a letter or a
  digit, at most 64 characters, unique in its list (`NO` is Norway; an id
  that is a number, such as `2026`, is quoted: `'2026'`). *id of a market*
  etc. names the catalogue the id must exist in.
- **whole number**, **number**: `12`, `4.2`, unquoted (`"12"` is text and
  refused; so are the thousands separators of `72,000,000` and
  `72_000_000`). A whole number may also be written `12.0` or `1.2e1`.
  Every number has a range, and a value outside it is an error at its place
  (`.nan`, `.inf` and `1e400` are always outside):
{ranges}
- **date**: `YYYY-MM-DD`, e.g. `2025-12-18`.
- **true/false**: `true` or `false`, unquoted (`yes`, `no`, `on`, `off` and
  `"true"` are text, and refused here).
- **list of X**: `[a, b]` on one line, or one `- item` per line.
"""


def _slug(title: str) -> str:
    """The anchor GitHub gives a heading (before numbering duplicates)."""
    text = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return text.replace(" ", "-")


class _Anchors:
    """GitHub's heading anchors: a repeated heading gets `-1`, `-2` ..."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def add(self, title: str) -> str:
        slug = _slug(title)
        count = self.seen.get(slug, 0)
        self.seen[slug] = count + 1
        return slug if count == 0 else f"{slug}-{count}"


def hints(model: type[BaseModel]) -> dict[str, Any]:
    """The model's field annotations with their `Annotated` aliases intact."""
    return typing.get_type_hints(model, include_extras=True)


def _strip_none(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _is(tp: Any, alias: Any) -> bool:
    return bool(tp is alias or tp == alias)


def is_id(tp: Any) -> bool:
    return _is(tp, models.Id)


def _element(tp: Any) -> Any | None:
    """X for list[X], else None."""
    tp = _strip_none(tp)
    if typing.get_origin(tp) is list:
        return typing.get_args(tp)[0]
    return None


def records(root: type[BaseModel]) -> list[type[BaseModel]]:
    """The root model and every model nested in it, in order of first use."""
    found: list[type[BaseModel]] = []

    def nested(tp: Any) -> Iterator[type[BaseModel]]:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            yield tp
            return
        for arg in typing.get_args(tp):
            yield from nested(arg)

    def visit(model: type[BaseModel]) -> None:
        if model in found or model.__name__.startswith("_"):  # internal, never written
            return
        found.append(model)
        children = [m for tp in hints(model).values() for m in nested(tp)]
        for child in children:
            visit(child)

    visit(root)
    return found


def _literal(tp: Any) -> str:
    return ", ".join(f"`{v}`" for v in typing.get_args(tp))


def _scalar(
    tp: Any, catalogue: str | None, links: dict[type[BaseModel], str], many: bool = False
) -> str:
    """The type's name; `many`: as the element of a list ('list of ...')."""
    tp = _strip_none(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{links[tp]})"
    if tp is models.PrioritiesField:
        kinds = (models.DestinationsPriority, models.SeasonalityPriority, models.TextPriority)
        each = ", ".join(f"[{m.__name__}](#{links[m]})" for m in kinds)
        first = f"[Priorities](#{links[models.Priorities]})"
        return f"list of priorities, each by its `kind`: {each}; or {first}"
    if typing.get_origin(tp) is Literal:
        return f"one of {_literal(tp)}"
    if is_id(tp):
        if catalogue is None:
            return "ids" if many else "id"
        where = CATALOGUES[catalogue]
        return f"{catalogue} ids ({where})" if many else f"id of a {catalogue} ({where})"
    named = [
        (models.Text, "text", "text"),
        (models.NonEmpty, "plain text", "plain text"),
        (models.LangCode, "language tag (BCP 47: `fr`, `pt-PT` ...)", "language tags"),
        (models.CurrencyCode, "currency code (ISO 4217: `MAD`, `EUR` ...)", "currency codes"),
        (models.Str, "plain text", "plain text"),
        (models.Flag, "true/false", "true/false values"),
        (models.Day, "date (YYYY-MM-DD)", "dates (YYYY-MM-DD)"),
        *((alias, numbers.one, numbers.plural) for alias, numbers in models.NUMBERS),
    ]
    for alias, one, plural in named:
        if _is(tp, alias):
            return plural if many else one
    basic: dict[Any, tuple[str, str]] = {
        str: ("plain text", "plain text"),
        int: ("whole number", "whole numbers"),
        float: ("number", "numbers"),
        bool: ("true/false", "true/false values"),
        dt.date: ("date", "dates"),
    }
    if tp in basic:
        return basic[tp][1 if many else 0]
    raise TypeError(f"the reference has no name for the type {tp!r}")  # a new type: name it


def _count(n: int) -> str:
    return {1: "one", 2: "two", 3: "three"}.get(n, str(n))


def _length(field: FieldInfo) -> str:
    low = next((m.min_length for m in field.metadata if isinstance(m, annotated_types.MinLen)), 0)
    high = next(
        (m.max_length for m in field.metadata if isinstance(m, annotated_types.MaxLen)), None
    )
    if high is not None and high == low:
        return f", exactly {_count(low)}"
    if low and high is not None:
        return f", {_count(low)} to {_count(high)}"
    if low:
        return f", at least {_count(low)}"
    return f", at most {_count(high)}" if high is not None else ""


def field_type(
    model: type[BaseModel], name: str, links: dict[type[BaseModel], str] | None = None
) -> str:
    """How the reference names the type of `model.name`."""
    tp = hints(model)[name]
    field = model.model_fields[name]
    catalogue = None if name == "id" else REFERENCES.get(name)
    element = _element(tp)
    if element is None:
        return _scalar(tp, catalogue, links or {})
    inner = _scalar(element, catalogue, links or {}, many=True)
    if typing.get_origin(_strip_none(element)) is Literal:
        inner = f"each one of {_literal(_strip_none(element))}"
        return f"list{_length(field)}, {inner}"
    return f"list of {inner}{_length(field)}"


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def requirement(field: FieldInfo) -> str:
    """'required', or 'optional' with the default a missing key takes."""
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        return "optional (default: empty)"
    if field.default is None:
        return "optional"
    return f"optional (default `{_yaml_value(field.default)}`)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _record_title(model: type[BaseModel], root: type[BaseModel]) -> str:
    if model is not root:
        return model.__name__
    return "Top level" if model.__name__.endswith("File") else f"{model.__name__} (top level)"


def _doc(model: type[BaseModel]) -> str:
    doc = model.__doc__ or ""
    if model.__module__ not in (models.__name__, progress_models.__name__) or (
        doc == models.Record.__doc__
    ):
        return ""
    return " ".join(doc.split())


def _file_section(kind: str, anchors: _Anchors) -> list[str]:
    root = ROOTS[kind]
    title = f"`{FILES[kind]}`"
    anchors.add(title)
    lines = [f"## {title}", "", _INTROS[kind], ""]
    lines += ["Example:", "", "```yaml", EXAMPLES[kind].rstrip("\n"), "```", ""]
    found = records(root)
    titles = {m: _record_title(m, root) for m in found}
    links = {m: anchors.add(titles[m]) for m in found}
    for model in found:
        lines.append(f"### {titles[model]}")
        lines.append("")
        doc = _doc(model)
        if doc and model is not root:
            lines += [doc, ""]
        lines += ["| key | type | required | description |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            lines.append(
                f"| `{name}` | {_cell(field_type(model, name, links))} | "
                f"{requirement(field)} | {_cell(field.description or '')} |"
            )
        lines.append("")
    return lines


def render() -> str:
    """The whole reference, as Markdown."""
    anchors = _Anchors()
    anchors.add("Data format reference")
    anchors.add("Value types")
    files = "\n".join(
        f"- [`{FILES[kind]}`](#{_slug(f'`{FILES[kind]}`')}): {_SUMMARIES[kind]}" for kind in ROOTS
    )
    ranges = "\n".join(f"  - {numbers.rule}" for _, numbers in models.NUMBERS)
    lines = [_HEADER.format(files=files, ranges=ranges)]
    for kind in ROOTS:
        lines += _file_section(kind, anchors)
    return "\n".join(lines).rstrip("\n") + "\n"

"""`roadmap init`: a new office's data folder, minimal and valid from the start.

The skeleton has every file a data folder needs, each with one or two
placeholder records and comments that say what to put in their place, so
that `roadmap validate` and `roadmap build` work before anything is filled
in: a planner replaces records one at a time and keeps a folder that
validates. Every figure in it is marked `assumption: true`, so the built
plan shows them as estimates until real, sourced figures replace them.

When the language has no packaged catalogue (nor a shorter form of its tag
has one), the skeleton brings `locales/<tag>.yaml`: the English labels to
translate, with `_fallback: en` so that a label not yet translated shows
in English instead of failing.

Nothing here prints; the folder appears whole or not at all (written in a
temporary folder beside it, validated, then renamed into place).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from roadmap import languages
from roadmap.dataset import PLANS_DIR
from roadmap.messages import did_you_mean
from roadmap.problems import Problem, Severity, UsageError


@dataclass(frozen=True)
class Scaffold:
    """What `create` wrote, or the problems that stopped it (a bug: never expected)."""

    root: Path
    files: tuple[Path, ...]
    #: The language's catalogue written for translation, if the tag needed one.
    catalogue: Path | None
    errors: tuple[Problem, ...] = ()


def check_language(tag: str) -> str:
    """`tag` when it is a well-formed BCP 47 tag that CLDR knows; else a usage error."""
    why = languages.malformed(tag) or languages.unknown(tag)
    if why:
        raise UsageError(f"--language: {why}")
    return tag


def check_currency(code: str) -> str:
    """`code` when it is an ISO 4217 currency code Babel knows; else a usage error."""
    from babel.numbers import list_currencies  # only here: `roadmap --help` stays fast

    known = list_currencies()
    if code not in known:
        raise UsageError(
            f"--currency: {code!r} is not an ISO 4217 currency code such as EUR, USD or MAD"
            f"{did_you_mean(code, sorted(known))}"
        )
    return code


def default_currency(tag: str, today: dt.date | None = None) -> str | None:
    """The currency CLDR gives the tag's territory today: hr-HR or hr -> EUR, pt-BR -> BRL.

    A tag without a region takes its language's most likely one (CLDR's
    likely subtags: hr -> HR, en -> US, ar -> EG); None when there is none.
    """
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    parts = tag.split("-")
    region = next((p for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    if region is None:
        likely = get_global("likely_subtags").get("_".join(parts)) or get_global(
            "likely_subtags"
        ).get(parts[0])
        region = likely.split("_")[-1] if likely else None
    if region is None:
        return None
    currencies = get_territory_currencies(region, today or dt.date.today())
    return currencies[0] if currencies else None


def check_year(year: int) -> int:
    """A plan year whose previous year (the baselines') is one too."""
    from roadmap.models import YEAR

    if not YEAR.low < year <= YEAR.high:
        raise UsageError(f"--year: {year} is not a plan year: {YEAR.low + 1} to {YEAR.high} here")
    return year


def check_country(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or any(c in cleaned for c in "\r\n"):
        raise UsageError("--country: give the country's name on one line, e.g. --country Croatia")
    return cleaned


def needs_catalogue(tag: str) -> bool:
    """Whether no packaged catalogue serves `tag` (nor a shorter form of it)."""
    return not languages.has_catalogue(tag, {})


def _q(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's string syntax is YAML's too)."""
    return json.dumps(text, ensure_ascii=False)


def skeleton(country: str, language: str, currency: str, year: int) -> dict[str, str]:
    """Each file of the skeleton, by its path in the data folder, and its text."""
    files = {
        "dataset.yaml": _DATASET.format(
            country=_q(country),
            language=language,
            currency=currency,
            title=_q(f"{country} tourism promotion roadmap"),
        ),
        "partners.yaml": _PARTNERS,
        "regions.yaml": _REGIONS,
        "markets.yaml": _MARKETS.format(country=_q(country)),
        "levers.yaml": _LEVERS,
        "sectors.yaml": _SECTORS,
        f"{PLANS_DIR}/{year}.yaml": _PLAN.format(
            year=year, previous=year - 1, next=year + 1, currency=currency
        ),
    }
    if needs_catalogue(language):
        files[f"{languages.LOCALES}/{language}.yaml"] = catalogue_to_translate(language)
    return files


def catalogue_to_translate(tag: str) -> str:
    """The packaged English catalogue, headed for a translator of `tag`."""
    english = (languages.PACKAGED / f"{languages.REFERENCE}.yaml").read_text(encoding="utf-8")
    # the English file's own header comment describes English; ours replaces it
    lines = english.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return _CATALOGUE_HEAD.format(tag=tag) + "".join(lines)


def _check_target(directory: Path) -> None:
    if directory.is_file():
        raise UsageError(f"{directory} is a file; give a new or empty folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise UsageError(
            f"{directory} is not empty; give a new or empty folder (nothing is overwritten)"
        )


def create(directory: Path, country: str, language: str, currency: str, year: int) -> Scaffold:
    """Write the skeleton into `directory` (new or empty), checked by `roadmap validate`.

    Bad options are usage errors, raised before anything is written. The
    skeleton is written in a temporary folder beside `directory` and
    validated there; it is renamed into place only when it has no error.
    """
    country = check_country(country)
    language = check_language(language)
    currency = check_currency(currency)
    year = check_year(year)
    _check_target(directory)
    files = skeleton(country, language, currency, year)
    parent = directory.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.absolute().name}.", dir=parent))
    except OSError as exc:
        raise UsageError(f"cannot create {directory}: {exc.strerror}") from None
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        errors = _errors(staging, year)
        if errors:
            return Scaffold(directory, (), None, tuple(errors))
        _check_target(directory)  # again: it may have been filled meanwhile
        try:
            if directory.is_dir():
                # an empty folder the user made (or the current one) stays
                # the same folder, with its permissions: its entries move in,
                # a few renames of entries already written
                for entry in sorted(staging.iterdir()):
                    entry.replace(directory / entry.name)
            else:
                staging.replace(directory)  # the skeleton appears whole
        except OSError as exc:
            raise UsageError(f"cannot create {directory}: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written = tuple(directory / name for name in files)
    locale = next((directory / n for n in files if n.startswith(languages.LOCALES + "/")), None)
    return Scaffold(directory, written, locale)


def _errors(root: Path, year: int) -> list[Problem]:
    from roadmap.validation import validate  # the whole loader: only once files exist

    _, problems = validate(root, {year})
    return [p for p in problems if p.severity is Severity.ERROR]


# --------------------------------------------------------------------------- templates
# Plain text in English: the planner replaces every record, and English is
# the language the data-format reference (docs/data-format.md) is written in.

_DATASET = """\
# Who owns this data folder and how plans are presented.
# Started with `roadmap init`: replace every placeholder, then run
# `roadmap validate` after each change. The data format is described key by
# key in the roadmap documentation (docs/data-format.md); `roadmap schema`
# writes JSON Schemas an editor can complete keys with.
country: {country}
# Partner id (partners.yaml) of the tourism office that owns the plan.
office: office
# Language of the built plan, a BCP 47 tag (fr, pt-PT, hr ...); `roadmap
# build --lang TAG` builds another one. Any text may be given per language:
# name: {{en: Coast, fr: Côte}}.
language: {language}
# ISO 4217 code of every amount in the plans.
currency: {currency}
title: {title}
# Says the data is an illustration, not a real plan: remove this key once
# the placeholders are replaced by the office's own data.
illustrative: Skeleton written by roadmap init; every record is a placeholder to replace.
"""

_PARTNERS = """\
# The public and private partners: who owns, co-owns or co-finances
# actions, who makes proposals. Ids are used by every other file.
partners:
  # The office itself (dataset.yaml's `office`). Replace the name.
  - id: office
    name: National tourism office
    kind: public
    type: office
  # One council or tourist board per region (regions.yaml's `council`).
  - id: council-1
    name: Tourist board of region 1
    kind: public
    type: council
    region: region-1
  # Private partners: a hotel association, tour operators, airlines ...
  - id: hotels
    name: Hotel association
    kind: private
    type: federation
"""

_REGIONS = """\
# The country's regions, each with one lead destination, one emerging
# destination and any number of candidates. Copy the region for each one.
regions:
  - id: region-1
    name: Region 1
    council: council-1
    destinations:
      - id: lead-1
        name: Lead destination of region 1
        role: lead
        # cultural, natural, urban or experiential
        identities: [cultural]
        assets: [Its best-known asset]
      - id: emerging-1
        name: Emerging destination of region 1
        role: emerging
        identities: [natural]
        assets: [What makes it worth a visit]
        # listed by the high-potential destinations priority of the plans
        high_potential: true
    priorities: [What the region wants from the plan]
    support_needs: [What the region asks of the office and its partners]
"""

_MARKETS = """\
# Source markets grouped into zones. Market ids are ISO 3166 country codes
# where one exists (DE, GB, US ...); `domestic` is the home market.
zones:
  - id: zone-1
    name: Zone 1
    strategy: What the plan does in this zone.
    # levers (levers.yaml) this zone's markets need; `roadmap check` warns
    # when no action on them uses one
    levers: [brand]
  - id: domestic
    name: Domestic market
    strategy: Get residents travelling in the low season.
markets:
  - id: market-1
    name: Market 1
    zone: zone-1
    # core, growth, emerging, domestic or diaspora
    tier: core
    approach:
      targeting: Who the market's actions aim at.
      messages: [The key message for this market]
      channels: [Tour operators]
    baseline:
      # a figure with its public source; an estimate says `assumption: true`
      - value: 10000
        unit: arrivals
        source: Placeholder to replace with a published figure and its source
        assumption: true
  - id: domestic
    name: {country}
    zone: domestic
    tier: domestic
    approach:
      targeting: Residents, outside school holidays.
      messages: [Discover your own country]
      channels: [Social media]
"""

_LEVERS = """\
# The promotion levers actions are filed under, one meaning each.
levers:
  - id: brand
    name: Brand and campaigns
    description: The national brand and advertising campaigns.
  - id: distribution
    name: Distribution
    description: Joint programmes with tour operators, agencies and online sales.
"""

_SECTORS = """\
# The tourism product lines actions and proposals are tagged with.
sectors:
  - id: culture
    name: Culture and heritage
  - id: nature
    name: Nature and outdoors
"""

_PLAN = """\
# The {year} plan. Amounts are whole {currency}. Every figure below is a
# placeholder marked `assumption: true`: replace it with the office's own
# figure, and give a published figure its `source` and no `assumption`.
# `roadmap check {year}` lists the plan's gaps (with one action, several:
# a lead destination without action, the whole budget on one region ...).
# Next year, `roadmap new {next} --from {year}` starts the next plan from
# this one.
year: {year}
theme: The year's theme
partners: [office, hotels]
objectives:
  - id: growth
    name: Growth in arrivals
    targets:
      - id: arrivals
        indicator: International arrivals
        unit: arrivals
        baseline:
          value: 100000
          unit: arrivals
          year: {previous}
          source: Placeholder to replace with a published figure and its source
          assumption: true
        target: 110000
        source: Placeholder to replace with the target and what it rests on
        assumption: true
priorities:
  high_potential:
    description: What changing the scale of the high-potential destinations means this year.
    destinations: [emerging-1]
  deseasonalisation:
    description: How the plan spreads visitors over the year.
    seasonality:
      # twelve monthly values, January first (arrivals or overnights);
      # months below the yearly mean are the low season
      values: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
      unit: arrivals
      year: {previous}
      source: Placeholder to replace with the published monthly figures
      assumption: true
actions:
  - id: A-01
    title: First action
    description: What the action does, in a few sentences.
    markets: [market-1, domestic]
    region: region-1
    destination: emerging-1
    lever: brand
    sectors: [nature]
    owner: office
    co_owners: [hotels]
    months: [3, 4, 5]
    budget: 100000
    basis:
      source: Placeholder budget and KPI target, to replace
      assumption: true
    cofinancing:
      - {{partner: office, amount: 80000}}
      - {{partner: hotels, amount: 20000}}
    kpis:
      - {{indicator: Bookings attributed to the action, unit: bookings, target: 1000}}
"""

_CATALOGUE_HEAD = """\
# Labels of rendered plans and reports in {tag}, to translate: `roadmap
# init` copied the English ones because no catalogue of the tool serves
# {tag}. Translate each text, keep every key and every {{placeholder}} as
# it is (`roadmap validate` checks both). While a label is still missing,
# `_fallback: en` shows it in English.
_fallback: en

"""

"""Words and numbers in the reader's language.

Every label a rendered plan shows comes from `CATALOGUES` (one dict per
language, same keys: a test checks it). Data text may be plain or given per
language (`{fr: ..., en: ...}`); `Language.text` picks the requested
language, then the dataset's own, then the first one given.

Numbers, amounts, percentages, month names and dates are formatted by Babel
from CLDR data, not by hand: French groups digits with a narrow no-break
space (U+202F) and puts the currency after the amount (`1 200 000 MAD`),
English uses commas and puts it first (`MAD 1,200,000`). Amounts show the
ISO code of the dataset's currency (never a symbol, which can be ambiguous),
without decimals (budgets are whole units), separated from the number by a
no-break space (U+00A0) so that an amount never breaks across two lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import format_currency, format_decimal, format_percent

from roadmap.messages import did_you_mean
from roadmap.problems import UsageError

TextValue = str | Mapping[str, str]

FR: dict[str, str] = {
    # document
    "document.title": "Feuille de route {year}",
    "document.generated": "Édition du {date}",
    "document.toc": "Sommaire",
    "document.country": "Pays",
    "document.theme": "Thème",
    "document.currency": "Montants en {currency}",
    "document.illustrative": "Données illustratives",
    # estimates: one marker wherever a figure is an estimate, and its legend
    "mark.symbol": "≈",
    "mark.estimate": "estimation",
    "mark.legend": (
        "≈\u00a0: estimation ou illustration, qu'aucune source publiée ne donne\u202f; "
        "un total, une part ou un ratio calculé sur une estimation en est une aussi. "
        "Ce sur quoi chacune repose est dit en annexe (Hypothèses)."
    ),
    "mark.example": "Exemple illustratif",
    # sections
    "section.summary": "Synthèse",
    "section.markets": "Marchés prioritaires",
    "section.regions": "Régions",
    "section.levers": "Leviers et filières",
    "section.priorities": "Priorités transversales",
    "section.calendar": "Calendrier",
    "section.coconstruction": "Co-construction",
    "section.annex": "Annexe",
    # summary
    "summary.partners": "Partenaires de la co-construction",
    "summary.objectives": "Objectifs",
    "summary.budget": "Budget",
    "summary.counts": "Répartition des actions",
    "summary.total_budget": "Budget total",
    "summary.actions": "Actions",
    "summary.public": "Financement public",
    "summary.private": "Financement privé",
    "summary.leverage": "Effet de levier des partenaires",
    "summary.leverage_none": "sans objet (l'office ne finance rien)",
    "summary.funding_note": (
        "Une action sans cofinancement est financée en entier par son porteur\u202f; "
        "public ou privé selon la nature du partenaire. Effet de levier des partenaires\u00a0: "
        "ce qu'apportent les partenaires (tous sauf l'office, publics comme privés) "
        "pour une unité apportée par l'office."
    ),
    "summary.history": "Jalons",
    "summary.by_zone": "Par zone",
    "summary.by_region": "Par région",
    "summary.by_lever": "Par levier",
    "summary.by_sector": "Par filière",
    "summary.shared_note": (
        "Une action visant plusieurs zones ou filières compte dans chacune\u202f; "
        "son budget y est réparti à parts égales."
    ),
    # tables
    "col.objective": "Objectif",
    "col.indicator": "Indicateur",
    "col.baseline": "Référence",
    "col.target": "Cible",
    "col.change": "Évolution",
    "col.unit": "Unité",
    "col.source": "Source",
    "col.name": "Nom",
    "col.actions": "Actions",
    "col.budget": "Budget",
    "col.share": "Part",
    "col.action": "Action",
    "col.id": "Id",
    "col.markets": "Marchés",
    "col.region": "Région",
    "col.destination": "Destination",
    "col.lever": "Levier",
    "col.sectors": "Filières",
    "col.owner": "Porteur",
    "col.co_owners": "Co-porteurs",
    "col.months": "Mois",
    "col.funding": "Financement",
    "col.kpis": "Indicateurs",
    "col.status": "Statut",
    "col.month": "Mois",
    "col.profile": "Profil saisonnier",
    "col.low_season": "Basse saison",
    "col.deseasonalisation": "Actions de désaisonnalisation",
    "col.proposal": "Proposition",
    "col.by": "Proposée par",
    "col.meeting": "Rencontre",
    "col.where": "Portée",
    "col.outcome": "Suite donnée",
    "col.value": "Valeur",
    "col.year": "Année",
    "col.figure": "Donnée",
    "col.date": "Date",
    "col.place": "Lieu",
    "col.partner": "Partenaire",
    "col.kind": "Nature",
    "col.proposals": "Propositions",
    "col.meetings": "Rencontres",
    "col.low_months": "Mois de basse saison",
    "col.description": "Description",
    # markets
    "markets.strategy": "Stratégie",
    "markets.zone_levers": "Leviers de la zone",
    "markets.tier": "Typologie",
    "markets.office": "Représentation",
    "markets.segments": "Segments",
    "markets.targeting": "Ciblage",
    "markets.messages": "Messages",
    "markets.channels": "Canaux",
    "markets.baseline": "Données de référence",
    "markets.actions": "Actions par levier",
    "markets.budget": "Budget des actions visant ce marché",
    "markets.budget_note": (
        "Une action visant plusieurs marchés compte en entier pour chacun d'eux."
    ),
    "markets.none": "Aucune action sur ce marché.",
    "markets.kpis": "Indicateurs visés",
    "markets.origins": "Approche issue de",
    # regions
    "regions.capital": "Chef-lieu",
    "regions.lead": "Destination locomotive",
    "regions.emerging": "Destination émergente",
    "regions.identities": "Identités",
    "regions.assets": "Atouts",
    "regions.priorities": "Priorités",
    "regions.support_needs": "Besoins d'accompagnement",
    "regions.actions": "Actions",
    "regions.other_actions": "Autres actions de la région",
    "regions.proposals": "Propositions de la région",
    "regions.national": "Propositions nationales",
    "regions.national_note": (
        "Propositions faites pour aucune région, lors de rencontres nationales\u202f; "
        "par zone, puis par filière."
    ),
    "regions.national_other": "Sans zone ni filière",
    "regions.none": "Aucune.",
    "regions.high_potential": "Destination à fort potentiel",
    # levers
    "levers.levers": "Leviers",
    "levers.sectors": "Filières",
    "levers.chart_lever": "Budget par levier",
    "levers.chart_zone": "Budget par zone",
    "levers.unassigned": "Sans filière",
    "zones.unassigned": "Sans marché",
    "regions.unassigned": "Sans région",
    # priorities
    "priorities.high_potential": "Destinations à fort potentiel",
    "priorities.deseasonalisation": "Désaisonnalisation",
    "priorities.hp_total": "Budget des destinations à fort potentiel\u00a0: {budget} ({share})",
    "priorities.profile": (
        "Profil saisonnier national\u00a0: {unit}, {year}, source\u00a0: {source}"
    ),
    "priorities.months": "Mois par mois",
    "priorities.months_note": (
        "Le budget d'une action est réparti à parts égales entre ses mois. "
        "Un mois est de basse saison quand sa valeur du profil est inférieure "
        "à la moyenne annuelle ({mean})."
    ),
    "priorities.indicators": "Indicateurs de saisonnalité",
    "priorities.peak_trough": "Rapport mois de pointe / mois creux",
    "priorities.top3": "Part des trois mois de pointe",
    "priorities.gini": "Coefficient de Gini des valeurs mensuelles",
    "priorities.mean": "Moyenne mensuelle",
    "priorities.low_actions": "Actions placées en basse saison",
    "priorities.heatmap": "Carte de chaleur de la saisonnalité",
    "priorities.heatmap_desc": (
        "Pour chaque mois, la valeur du profil saisonnier (ligne du haut) et le "
        "nombre d'actions (ligne du bas)\u202f; plus la couleur est foncée, "
        "plus la valeur est haute."
    ),
    "priorities.flagged": "désaisonnalisation",
    # calendar
    "calendar.none": "Actions sans mois\u00a0: {count}",
    "calendar.desc": "Chaque action sur une grille de douze mois.",
    # co-construction
    "co.contributors": "Contributeurs",
    "co.meetings": "Rencontres",
    "co.proposals": "Propositions et suite donnée",
    "co.taken_up_by": "Reprise par {actions}",
    "co.fate.open": "En attente",
    "co.fate.taken-up": "Reprise",
    "co.fate.deferred": "Reportée",
    "co.fate.declined": "Non retenue",
    "co.group": "Groupe de travail",
    "calendar.on": "{month}\u00a0: {status}",
    "co.none": "Aucune proposition.",
    "co.earlier": "Propositions des années précédentes reprises cette année",
    # annex
    "annex.actions": "Tableau des actions",
    "annex.descriptions": "Description des actions",
    "annex.sources": "Sources des données",
    "annex.assumptions": "Hypothèses",
    "annex.assumptions_note": (
        "Ce sur quoi reposent les estimations et illustrations (marquées ≈) du plan."
    ),
    "annex.sources_note": "Sources publiées des chiffres du plan qui ne sont pas des estimations.",
    "annex.assumption": "Hypothèse",
    "annex.for.objectives": "Objectifs",
    "annex.for.targets": "Cibles",
    "annex.for.markets": "Marchés",
    "annex.for.meetings": "Rencontres",
    "annex.for.proposals": "Propositions",
    "annex.for.actions": "Actions",
    "annex.warnings": "Points d'attention",
    "annex.warnings_note": (
        "Manques relevés par les règles de qualité de la planification (roadmap check), "
        "avec l'endroit des données où les traiter."
    ),
    "annex.warning_place": "Emplacement",
    "annex.warning_rule": "Règle",
    "annex.warning": "Point d'attention",
    # planning-quality rules (roadmap.coverage): one message per rule and case
    "check.market-without-action": "le marché prioritaire {market} n'a aucune action en {year}",
    "check.zone-lever-unused": (
        "la zone {zone} a besoin du levier {lever}, mais aucune action {year} "
        "sur ses marchés ({markets}) ne l'utilise"
    ),
    "check.destination-without-action.lead": (
        "la destination locomotive {destination} de la région {region} n'a aucune action en {year}"
    ),
    "check.destination-without-action.emerging": (
        "la destination émergente {destination} de la région {region} n'a aucune action en {year}"
    ),
    "check.low-season-month-uncovered": (
        "{month} est un mois de basse saison ({value}, sous la moyenne annuelle {mean}) "
        "mais aucune action de désaisonnalisation n'y a lieu"
    ),
    "check.high-potential-without-action": (
        "la destination à fort potentiel {destination} n'a aucune action en {year}"
    ),
    "check.proposal-unanswered.open": (
        "la proposition {proposal} est toujours en attente et aucune action n'y répond\u00a0: "
        "y répondre par une action, ou la marquer reportée ou non retenue avec un motif"
    ),
    "check.proposal-unanswered.deferred": (
        "la proposition {proposal} est reportée sans motif (`reason`) pour ses auteurs"
    ),
    "check.unsourced.budget": (
        "le budget de l'action {subject} n'a ni source ni marque d'estimation\u00a0: "
        "ajouter `basis: {{source: ..., assumption: true}}` si c'est une estimation"
    ),
    "check.unsourced.funding": (
        "un montant de cofinancement de l'action {subject} n'a ni source ni marque "
        "d'estimation (ni la sienne, ni `basis` de l'action)"
    ),
    "check.unsourced.kpi": (
        "un indicateur de l'action {subject} n'a ni source ni marque d'estimation "
        "(ni la sienne, ni `basis` de l'action)"
    ),
    "check.unsourced.target": (
        "la cible {subject} n'a ni source ni marque d'estimation (`assumption: true`)"
    ),
    "check.unsourced.meeting": (
        "la réunion {subject} et sa date n'ont ni source ni marque d'estimation"
    ),
    "check.unsourced.proposal": (
        "la proposition {subject} n'a pas de source et n'est pas marquée comme exemple "
        "illustratif (`assumption: true`)"
    ),
    "check.action-without-kpi": (
        "l'action {action} n'a aucun indicateur\u00a0: son impact ne peut pas être mesuré"
    ),
    "check.action-without-owner": (
        "l'action {action} n'a aucun porteur\u00a0: aucun partenaire n'en répond"
    ),
    "check.action-without-month": (
        "l'action {action} n'a aucun mois\u00a0: elle est absente du calendrier"
    ),
    "check.budget-concentration.market": (
        "le marché {subject} concentre {share} du budget {year} ({amount} sur {total}), "
        "au-delà du seuil de {limit}"
    ),
    "check.budget-concentration.region": (
        "la région {subject} concentre {share} du budget {year} ({amount} sur {total}), "
        "au-delà du seuil de {limit}"
    ),
    "check.budget-concentration.lever": (
        "le levier {subject} concentre {share} du budget {year} ({amount} sur {total}), "
        "au-delà du seuil de {limit}"
    ),
    "annex.no_assumption": "Aucune donnée n'est une hypothèse.",
    "annex.used_for": "Utilisée pour",
    "filter.label": "Filtrer les actions",
    "filter.all": "Tous",
    "filter.market": "Marché",
    "filter.region": "Région",
    "filter.lever": "Levier",
    "filter.count": "actions affichées",
    "misc.none": "—",
    #: between the items of a short list inside a list item
    "misc.comma": ", ",
    "misc.yes": "oui",
    "misc.colon": "\u00a0:",
    #: "label: value" (a KPI, a funding line, a proposal's fate with its reason)
    "misc.labelled": "{label}\u00a0: {value}",
    #: between the items of a list given on one line (French: thin no-break space before ;)
    "misc.list_sep": "\u202f; ",
    #: between the parts of one line (a proposal: id, text, fate)
    "misc.dash": " — ",
    "misc.quoted": "«\u00a0{text}\u00a0»",
    #: quotation marks inside quoted text
    "misc.quoted_inner": "“{text}”",
    # closed sets
    "tier.core": "Marché pilier",
    "tier.growth": "Marché de croissance",
    "tier.emerging": "Marché émergent",
    "tier.domestic": "Marché intérieur",
    "tier.diaspora": "Diaspora",
    "identity.cultural": "culturelle",
    "identity.natural": "naturelle",
    "identity.urban": "urbaine",
    "identity.experiential": "expérientielle",
    "proposal.open": "en attente",
    "proposal.taken-up": "reprise",
    "proposal.deferred": "reportée",
    "proposal.declined": "non retenue",
    "action.planned": "prévue",
    "action.ongoing": "en cours",
    "action.done": "réalisée",
    "action.cancelled": "annulée",
    "kind.public": "public",
    "kind.private": "privé",
}

EN: dict[str, str] = {
    "document.title": "Roadmap {year}",
    "document.generated": "Edition of {date}",
    "document.toc": "Contents",
    "document.country": "Country",
    "document.theme": "Theme",
    "document.currency": "Amounts in {currency}",
    "document.illustrative": "Illustrative data",
    # estimates: one marker wherever a figure is an estimate, and its legend
    "mark.symbol": "≈",
    "mark.estimate": "estimate",
    "mark.legend": (
        "≈: an estimate or an illustration, given by no published source; "
        "a total, share or ratio computed from an estimate is one too. "
        "What each rests on is given in the annex (Assumptions)."
    ),
    "mark.example": "Illustrative example",
    "section.summary": "Summary",
    "section.markets": "Priority markets",
    "section.regions": "Regions",
    "section.levers": "Levers and sectors",
    "section.priorities": "Cross-cutting priorities",
    "section.calendar": "Calendar",
    "section.coconstruction": "Co-construction",
    "section.annex": "Annex",
    "summary.partners": "Co-constructing partners",
    "summary.objectives": "Objectives",
    "summary.budget": "Budget",
    "summary.counts": "Actions at a glance",
    "summary.total_budget": "Total budget",
    "summary.actions": "Actions",
    "summary.public": "Public funding",
    "summary.private": "Private funding",
    "summary.leverage": "Partner leverage",
    "summary.leverage_none": "not applicable (the office pays nothing)",
    "summary.funding_note": (
        "An action without co-financing is funded in full by its owner; "
        "public or private according to the partner's kind. Partner leverage: "
        "what the partners (all but the office, public and private alike) pay "
        "per unit the office pays."
    ),
    "summary.history": "Milestones",
    "summary.by_zone": "By zone",
    "summary.by_region": "By region",
    "summary.by_lever": "By lever",
    "summary.by_sector": "By sector",
    "summary.shared_note": (
        "An action aimed at several zones or sectors counts in each; "
        "its budget is split equally between them."
    ),
    "col.objective": "Objective",
    "col.indicator": "Indicator",
    "col.baseline": "Baseline",
    "col.target": "Target",
    "col.change": "Change",
    "col.unit": "Unit",
    "col.source": "Source",
    "col.name": "Name",
    "col.actions": "Actions",
    "col.budget": "Budget",
    "col.share": "Share",
    "col.action": "Action",
    "col.id": "Id",
    "col.markets": "Markets",
    "col.region": "Region",
    "col.destination": "Destination",
    "col.lever": "Lever",
    "col.sectors": "Sectors",
    "col.owner": "Owner",
    "col.co_owners": "Co-owners",
    "col.months": "Months",
    "col.funding": "Funding",
    "col.kpis": "KPIs",
    "col.status": "Status",
    "col.month": "Month",
    "col.profile": "Seasonality profile",
    "col.low_season": "Low season",
    "col.deseasonalisation": "De-seasonalisation actions",
    "col.proposal": "Proposal",
    "col.by": "Proposed by",
    "col.meeting": "Meeting",
    "col.where": "Scope",
    "col.outcome": "Outcome",
    "col.value": "Value",
    "col.year": "Year",
    "col.figure": "Figure",
    "col.date": "Date",
    "col.place": "Place",
    "col.partner": "Partner",
    "col.kind": "Kind",
    "col.proposals": "Proposals",
    "col.meetings": "Meetings",
    "col.low_months": "Low-season months",
    "col.description": "Description",
    "markets.strategy": "Strategy",
    "markets.zone_levers": "Zone levers",
    "markets.tier": "Typology",
    "markets.office": "Office abroad",
    "markets.segments": "Segments",
    "markets.targeting": "Targeting",
    "markets.messages": "Messages",
    "markets.channels": "Channels",
    "markets.baseline": "Baseline figures",
    "markets.actions": "Actions by lever",
    "markets.budget": "Budget of the actions aimed at this market",
    "markets.budget_note": "An action aimed at several markets counts in full for each.",
    "markets.none": "No action on this market.",
    "markets.kpis": "KPIs",
    "markets.origins": "Approach drawn from",
    "regions.capital": "Capital",
    "regions.lead": "Lead destination",
    "regions.emerging": "Emerging destination",
    "regions.identities": "Identities",
    "regions.assets": "Assets",
    "regions.priorities": "Priorities",
    "regions.support_needs": "Support needs",
    "regions.actions": "Actions",
    "regions.other_actions": "Other actions in the region",
    "regions.proposals": "The region's proposals",
    "regions.national": "National proposals",
    "regions.national_note": (
        "Proposals made for no region, at national meetings; by zone, then by product line."
    ),
    "regions.national_other": "No zone or product line",
    "regions.none": "None.",
    "regions.high_potential": "High-potential destination",
    "levers.levers": "Levers",
    "levers.sectors": "Sectors",
    "levers.chart_lever": "Budget by lever",
    "levers.chart_zone": "Budget by zone",
    "levers.unassigned": "No sector",
    "zones.unassigned": "No market",
    "regions.unassigned": "No region",
    "priorities.high_potential": "High-potential destinations",
    "priorities.deseasonalisation": "De-seasonalisation",
    "priorities.hp_total": "Budget of the high-potential destinations: {budget} ({share})",
    "priorities.profile": "National seasonality profile: {unit}, {year}, source: {source}",
    "priorities.months": "Month by month",
    "priorities.months_note": (
        "An action's budget is split equally between its months. A month is low "
        "season when its profile value is below the yearly mean ({mean})."
    ),
    "priorities.indicators": "Seasonality indicators",
    "priorities.peak_trough": "Peak-to-trough month ratio",
    "priorities.top3": "Share of the three peak months",
    "priorities.gini": "Gini coefficient of monthly values",
    "priorities.mean": "Monthly mean",
    "priorities.low_actions": "Actions placed in low-season months",
    "priorities.heatmap": "Seasonality heat map",
    "priorities.heatmap_desc": (
        "For each month, the seasonality profile value (top row) and the number "
        "of actions (bottom row); the darker the colour, the higher the value."
    ),
    "priorities.flagged": "de-seasonalisation",
    "calendar.none": "Actions without months: {count}",
    "calendar.desc": "Every action on a twelve-month grid.",
    "co.contributors": "Contributors",
    "co.meetings": "Meetings",
    "co.proposals": "Proposals and their outcome",
    "co.taken_up_by": "Taken up by {actions}",
    "co.fate.open": "Open",
    "co.fate.taken-up": "Taken up",
    "co.fate.deferred": "Deferred",
    "co.fate.declined": "Declined",
    "co.group": "Working group",
    "calendar.on": "{month}: {status}",
    "co.none": "No proposal.",
    "co.earlier": "Earlier years' proposals taken up this year",
    "annex.actions": "Action table",
    "annex.descriptions": "Action descriptions",
    "annex.sources": "Data sources",
    "annex.assumptions": "Assumptions",
    "annex.assumptions_note": "What the plan's estimates and illustrations (marked ≈) rest on.",
    "annex.sources_note": "Published sources of the plan's figures that are not estimates.",
    "annex.assumption": "Assumption",
    "annex.for.objectives": "Objectives",
    "annex.for.targets": "Targets",
    "annex.for.markets": "Markets",
    "annex.for.meetings": "Meetings",
    "annex.for.proposals": "Proposals",
    "annex.for.actions": "Actions",
    "annex.warnings": "Points of attention",
    "annex.warnings_note": (
        "Gaps found by the planning-quality rules (roadmap check), with the place "
        "in the data where to address them."
    ),
    "annex.warning_place": "Location",
    "annex.warning_rule": "Rule",
    "annex.warning": "Point of attention",
    # The English messages are also those of `roadmap check` (roadmap.coverage).
    "check.market-without-action": "priority market {market} has no action in {year}",
    "check.zone-lever-unused": (
        "zone {zone} needs lever {lever}, but no {year} action on its markets ({markets}) uses it"
    ),
    "check.destination-without-action.lead": (
        "lead destination {destination} of region {region} has no action in {year}"
    ),
    "check.destination-without-action.emerging": (
        "emerging destination {destination} of region {region} has no action in {year}"
    ),
    "check.low-season-month-uncovered": (
        "{month} is a low-season month ({value}, below the yearly mean {mean}) "
        "but no de-seasonalisation action runs in it"
    ),
    "check.high-potential-without-action": (
        "high-potential destination {destination} has no action in {year}"
    ),
    "check.proposal-unanswered.open": (
        "proposal {proposal} is still open and no action answers it: answer it with "
        "an action, or mark it deferred or declined with a reason"
    ),
    "check.proposal-unanswered.deferred": (
        "proposal {proposal} is deferred without a `reason` for its authors"
    ),
    "check.unsourced.budget": (
        "the budget of action {subject} has no source and is not marked as an estimate: "
        "add `basis: {{source: ..., assumption: true}}` if it is one"
    ),
    "check.unsourced.funding": (
        "a co-financing amount of action {subject} has no source and is not marked as an "
        "estimate (neither its own nor the action's `basis`)"
    ),
    "check.unsourced.kpi": (
        "a KPI of action {subject} has no source and is not marked as an estimate "
        "(neither its own nor the action's `basis`)"
    ),
    "check.unsourced.target": (
        "target {subject} has no source and is not marked as an estimate (`assumption: true`)"
    ),
    "check.unsourced.meeting": (
        "meeting {subject} and its date have no source and are not marked as an estimate"
    ),
    "check.unsourced.proposal": (
        "proposal {subject} has no source and is not marked as an illustrative example "
        "(`assumption: true`)"
    ),
    "check.action-without-kpi": "action {action} has no KPI: its impact cannot be measured",
    "check.action-without-owner": "action {action} has no owner: no partner answers for it",
    "check.action-without-month": ("action {action} has no month: it is missing from the calendar"),
    "check.budget-concentration.market": (
        "market {subject} holds {share} of the {year} budget ({amount} of {total}), "
        "over the {limit} threshold"
    ),
    "check.budget-concentration.region": (
        "region {subject} holds {share} of the {year} budget ({amount} of {total}), "
        "over the {limit} threshold"
    ),
    "check.budget-concentration.lever": (
        "lever {subject} holds {share} of the {year} budget ({amount} of {total}), "
        "over the {limit} threshold"
    ),
    "annex.no_assumption": "No figure is an assumption.",
    "annex.used_for": "Used for",
    "filter.label": "Filter the actions",
    "filter.all": "All",
    "filter.market": "Market",
    "filter.region": "Region",
    "filter.lever": "Lever",
    "filter.count": "actions shown",
    "misc.none": "—",
    #: between the items of a short list inside a list item
    "misc.comma": ", ",
    "misc.yes": "yes",
    "misc.colon": ":",
    "misc.labelled": "{label}: {value}",
    "misc.list_sep": "; ",
    "misc.dash": " — ",
    "misc.quoted": "“{text}”",
    "misc.quoted_inner": "‘{text}’",
    "tier.core": "Core market",
    "tier.growth": "Growth market",
    "tier.emerging": "Emerging market",
    "tier.domestic": "Domestic market",
    "tier.diaspora": "Diaspora",
    "identity.cultural": "cultural",
    "identity.natural": "natural",
    "identity.urban": "urban",
    "identity.experiential": "experiential",
    "proposal.open": "open",
    "proposal.taken-up": "taken up",
    "proposal.deferred": "deferred",
    "proposal.declined": "declined",
    "action.planned": "planned",
    "action.ongoing": "ongoing",
    "action.done": "done",
    "action.cancelled": "cancelled",
    "kind.public": "public",
    "kind.private": "private",
}

#: Language code -> message catalogue. Adding a language = adding a dict here.
CATALOGUES: dict[str, dict[str, str]] = {"fr": FR, "en": EN}


def resolve_text(value: TextValue | None, lang: str = "", fallback: str = "") -> str:
    """`value` in `lang`, else in `fallback`, else the first language given.

    The one rule for text given per language: the plan, `check`, `export` and
    `diff` (which has no reader's language, so shows the first) all use it.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if lang in value:
        return value[lang]
    if fallback in value:
        return value[fallback]
    return next(iter(value.values()), "")


class Language:
    """Labels, data text and numbers for one language and currency."""

    def __init__(self, code: str, fallback: str, currency: str) -> None:
        if code not in CATALOGUES:
            hint = did_you_mean(code, CATALOGUES)
            raise UsageError(
                f"no message catalogue for language {code!r}{hint}; "
                f"available: {', '.join(sorted(CATALOGUES))}"
            )
        self.code = code
        self.fallback = fallback
        self.currency = currency
        self.messages = CATALOGUES[code]
        self.locale = Locale.parse(code)
        self._money_cache: dict[int, str] = {}

    def t(self, key: str, **values: object) -> str:
        """The label `key`, with `{name}` placeholders filled in."""
        message = self.messages[key]
        return message.format(**values) if values else message

    def text(self, value: TextValue | None) -> str:
        return resolve_text(value, self.code, self.fallback)

    @cached_property
    def _money_pattern(self) -> str:
        pattern = str(self.locale.currency_formats["standard"].pattern).split(";")[0]
        # Whole units, and the ISO code (¤¤) rather than a symbol.
        pattern = pattern.replace(".00", "").replace("¤", "¤¤")
        # CLDR's currency spacing: a code touching a digit gets a no-break space.
        return pattern.replace("¤¤#", "¤¤\u00a0#").replace("0¤¤", "0\u00a0¤¤")

    @cached_property
    def _percent_pattern(self) -> str:
        pattern = str(self.locale.percent_formats[None].pattern).split(";")[0]
        return pattern.replace("#,##0", "#,##0.0", 1)

    def money(self, amount: int | Fraction) -> str:
        """An amount in whole units of the dataset's currency (memoised: budgets repeat).

        Amounts are exact (integers, or fractions of a split budget), never
        floats, so the units shown are the true sum rounded once.
        """
        units = round(amount)
        text = self._money_cache.get(units)
        if text is None:
            text = self._money_cache[units] = self._format_money(units)
        return text

    def _format_money(self, amount: int) -> str:
        return str(
            format_currency(
                amount,
                self.currency,
                format=self._money_pattern,
                locale=self.locale,
                currency_digits=False,
            )
        )

    def number(self, value: float, digits: int = 2) -> str:
        """A number with at most `digits` decimals (none shown when whole)."""
        value = round(value, digits)
        if value == int(value):
            return str(format_decimal(int(value), locale=self.locale))
        return str(format_decimal(value, format=f"#,##0.{'#' * digits}", locale=self.locale))

    def percent(self, ratio: float) -> str:
        """A ratio (0.337) as a percentage with one decimal (33.7 %)."""
        return format_percent(ratio, format=self._percent_pattern, locale=self.locale)

    def signed_percent(self, ratio: float) -> str:
        text = self.percent(ratio)
        return text if ratio < 0 else "+" + text

    @cached_property
    def month_names(self) -> list[str]:
        """January first; capitalised, as in a table heading."""
        names = get_month_names("wide", context="stand-alone", locale=self.locale)
        return [names[m][:1].upper() + names[m][1:] for m in range(1, 13)]

    @cached_property
    def month_abbreviations(self) -> list[str]:
        """January first; capitalised, as in a column heading."""
        names = get_month_names("abbreviated", context="stand-alone", locale=self.locale)
        return [names[m][:1].upper() + names[m][1:] for m in range(1, 13)]

    @cached_property
    def month_names_in_text(self) -> list[str]:
        """January first, as in running text (CLDR's format context: lower case in French)."""
        names = get_month_names("wide", context="format", locale=self.locale)
        return [names[m] for m in range(1, 13)]

    @cached_property
    def month_abbreviations_in_text(self) -> list[str]:
        names = get_month_names("abbreviated", context="format", locale=self.locale)
        return [names[m] for m in range(1, 13)]

    def date(self, day: dt.date) -> str:
        return format_date(day, "long", locale=self.locale)

    def join(self, items: list[str]) -> str:
        return ", ".join(items)

    def labelled(self, label: str, value: str) -> str:
        """`label : value` in French, `label: value` in English."""
        return self.messages["misc.labelled"].format(label=label, value=value)

    def quoted(self, text: str) -> str:
        """`« text »` in French, `“text”` in English; quotes inside take the inner marks."""
        outer = self.messages["misc.quoted"]
        start, end = (mark.strip() for mark in outer.split("{text}"))
        if start in text:
            inner = self.messages["misc.quoted_inner"]
            nested = re.compile(rf"{re.escape(start)}\s*(.*?)\s*{re.escape(end)}")
            text = nested.sub(lambda m: inner.format(text=m.group(1)), text)
        return outer.format(text=text)

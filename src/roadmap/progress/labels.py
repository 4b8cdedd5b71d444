"""Labels of the progress reports, per language of `roadmap.i18n.CATALOGUES`.

Kept beside the reports rather than in `i18n` while the reports grow; a
test requires one dict per language the i18n catalogue has, with the same
keys. Action and proposal statuses reuse i18n's own labels.
"""

from __future__ import annotations

from roadmap.i18n import Language

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Avancement du plan {year} au {date}",
        "reviews": "Revues prises en compte\u00a0: {dates}",
        "no-review": "Aucune revue à cette date\u00a0: le plan tel qu'adopté.",
        "elapsed": "Part de l'année écoulée\u00a0: {share}",
        "verdicts": "Cibles\u00a0: {met} atteintes, {on_track} en bonne voie, {at_risk} à risque, "
        "{missed} manquées, {none} sans valeur",
        "targets": "Cibles des objectifs",
        "objective": "Objectif",
        "target": "Cible",
        "unit": "Unité",
        "baseline": "Départ",
        "goal": "Cible",
        "actual": "Réalisé",
        "share": "Chemin parcouru",
        "verdict": "Verdict",
        "source": "Source",
        "estimate": "estimation",
        "verdict.met": "atteinte",
        "verdict.on-track": "en bonne voie",
        "verdict.at-risk": "à risque",
        "verdict.missed": "manquée",
        "verdict.none": "—",
        "budget": "Budget",
        "budget.total": "Total",
        "budget.lever": "Budget par levier",
        "budget.zone": "Budget par zone",
        "budget.region": "Budget par région",
        "budget.partners": "Budget par partenaire",
        "budget.none": "(aucun)",
        "planned": "Prévu",
        "committed": "Engagé",
        "spent": "Dépensé",
        "spent-share": "Part dépensée",
        "paid-share": "Part payée",
        "partner-share": "Part des partenaires\u00a0: {planned} du prévu, {paid} du payé",
        "burn": "Dépenses cumulées par revue",
        "date": "Date",
        "actions": "Actions",
        "status": "Statut",
        "count": "Nombre",
        "action": "Action",
        "title-col": "Titre",
        "months": "Mois",
        "kpis": "KPI",
        "note": "Note",
        "late": "Actions en retard (mois passés sans démarrage)",
        "action.late": "en retard",
        "action.cancelled": "annulée",
        "proposals": "Propositions",
        "proposal": "Proposition",
        "plan-status": "Dans le plan",
        "now": "Aujourd'hui",
        "changed": "Changement",
        "answered-by": "Actions",
        "reason": "Motif",
    },
    "en": {
        "title": "Progress of the {year} plan as of {date}",
        "reviews": "Reviews taken into account: {dates}",
        "no-review": "No review by that date: the plan as adopted.",
        "elapsed": "Share of the year elapsed: {share}",
        "verdicts": "Targets: {met} met, {on_track} on track, {at_risk} at risk, "
        "{missed} missed, {none} with no actual",
        "targets": "Objective targets",
        "objective": "Objective",
        "target": "Target",
        "unit": "Unit",
        "baseline": "Baseline",
        "goal": "Target",
        "actual": "Actual",
        "share": "Of the way",
        "verdict": "Verdict",
        "source": "Source",
        "estimate": "estimate",
        "verdict.met": "met",
        "verdict.on-track": "on track",
        "verdict.at-risk": "at risk",
        "verdict.missed": "missed",
        "verdict.none": "—",
        "budget": "Budget",
        "budget.total": "Total",
        "budget.lever": "Budget by lever",
        "budget.zone": "Budget by zone",
        "budget.region": "Budget by region",
        "budget.partners": "Budget by partner",
        "budget.none": "(none)",
        "planned": "Planned",
        "committed": "Committed",
        "spent": "Spent",
        "spent-share": "Share spent",
        "paid-share": "Share paid",
        "partner-share": "Partners' share: {planned} of the planned money, {paid} of the paid",
        "burn": "Cumulative spending by review",
        "date": "Date",
        "actions": "Actions",
        "status": "Status",
        "count": "Count",
        "action": "Action",
        "title-col": "Title",
        "months": "Months",
        "kpis": "KPIs",
        "note": "Note",
        "late": "Late actions (months passed with no start)",
        "action.late": "late",
        "action.cancelled": "cancelled",
        "proposals": "Proposals",
        "proposal": "Proposal",
        "plan-status": "In the plan",
        "now": "Now",
        "changed": "Changed",
        "answered-by": "Actions",
        "reason": "Reason",
    },
}


def label(lang: Language, key: str, **values: object) -> str:
    """The progress label `key` in `lang`, with `{name}` placeholders filled in."""
    message = LABELS[lang.code][key]
    return message.format(**values) if values else message


def status(lang: Language, value: str) -> str:
    """An action's status in `lang` (`late` and `cancelled` are progress's own)."""
    if value in ("late", "cancelled"):
        return label(lang, f"action.{value}")
    return lang.t(f"action.{value}")

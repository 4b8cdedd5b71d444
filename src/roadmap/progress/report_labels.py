"""Labels of the Markdown and HTML progress reports and of the plan's "Results so far".

The labels the text report already has stay in `roadmap.progress.labels`;
these are the ones only documents need (charts, legends, headings). One
dict per language of `roadmap.i18n.CATALOGUES`, with the same keys: a test
requires it, so a language added to the catalogue cannot ship without them.
"""

from __future__ import annotations

from roadmap.i18n import Language

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "section.targets": "Cibles et réalisations",
        "section.budget": "Budget",
        "section.actions": "Actions",
        "section.proposals": "Propositions et leur devenir",
        "section.notes": "Sources et estimations",
        "chart.targets": "Cibles et réalisations par indicateur",
        "chart.targets-desc": (
            "Pour chaque cible\u202f: barre grise, valeur de départ\u202f; barre colorée, "
            "valeur réalisée\u202f; trait vertical, cible."
        ),
        "chart.no-actual": "pas encore de valeur",
        "chart.burn": "Budget cumulé par mois\u202f: prévu, engagé, dépensé",
        "chart.burn-desc": (
            "Ligne pointillée\u202f: budget prévu cumulé, chaque action répartie à parts "
            "égales sur ses mois\u202f; points\u202f: engagé et dépensé à chaque revue."
        ),
        "burn.month": "Mois",
        "burn.planned": "Prévu (cumulé)",
        "burn.note": (
            "Le prévu répartit le budget de chaque action à parts égales sur ses mois "
            "(une action sans mois compte en décembre)\u202f; engagé et dépensé sont ceux "
            "de la dernière revue du mois, «\u202f—\u202f» sans revue ce mois-là."
        ),
        "period": "Période",
        "history": "Historique",
        "text": "Texte",
        "by-status": "Actions par statut",
        "every-action": "Chaque action",
        "estimate": "estimation",
        "estimate.symbol": "≈",
        "estimate.legend": (
            "≈\u00a0: estimation, non publiée\u202f; ce sur quoi elle repose est dit en source."
        ),
        "verdict.rule": (
            "Verdicts\u202f: atteinte dès {met} du chemin\u202f; avant la fin de l'année, en "
            "bonne voie dès {on_track} du chemin attendu à la date ({expected} ici), sinon "
            "à risque\u202f; l'année finie, manquée."
        ),
        "kpi": "{indicator}\u00a0: {actual} / {target}",
        "results.title": "Résultats à date",
        "results.intro": "Au {date}, date de la dernière revue d'avancement.",
        "results.report": (
            "Le détail (budget par levier, zone, région et partenaire, actions, "
            "propositions) est dans le rapport d'avancement (roadmap progress {year})."
        ),
        "results.budget": (
            "Budget\u00a0: {spent} dépensés ({share} des {planned} prévus), {committed} engagés."
        ),
        "results.actions": "Actions\u00a0: {counts}.",
        "results.late": "En retard\u00a0: {actions}.",
        "results.partners": "Part des partenaires dans le payé\u00a0: {share}.",
        "status": "Avancement",
    },
    "en": {
        "section.targets": "Targets and results",
        "section.budget": "Budget",
        "section.actions": "Actions",
        "section.proposals": "Proposals and what became of them",
        "section.notes": "Sources and estimates",
        "chart.targets": "Targets and results by indicator",
        "chart.targets-desc": (
            "For each target: grey bar, the baseline; coloured bar, the actual value; "
            "vertical line, the target."
        ),
        "chart.no-actual": "no actual yet",
        "chart.burn": "Cumulative budget by month: planned, committed, spent",
        "chart.burn-desc": (
            "Dashed line: cumulative planned budget, each action spread equally over its "
            "months; points: committed and spent at each review."
        ),
        "burn.month": "Month",
        "burn.planned": "Planned (cumulative)",
        "burn.note": (
            "Planned spreads each action's budget equally over its months (an action with "
            "no month counts in December); committed and spent are the month's latest "
            "review's, “—” when no review falls in that month."
        ),
        "period": "Period",
        "history": "History",
        "text": "Text",
        "by-status": "Actions by status",
        "every-action": "Every action",
        "estimate": "estimate",
        "estimate.symbol": "≈",
        "estimate.legend": (
            "≈\u00a0: an estimate, not a published figure; what it rests on is given as its source."
        ),
        "verdict.rule": (
            "Verdicts: met from {met} of the way; before the year ends, on track from "
            "{on_track} of the way expected by the date ({expected} here), else at risk; "
            "once the year is over, missed."
        ),
        "kpi": "{indicator}: {actual} / {target}",
        "results.title": "Results so far",
        "results.intro": "As of {date}, the date of the latest progress review.",
        "results.report": (
            "The detail (budget by lever, zone, region and partner, actions, proposals) "
            "is in the progress report (roadmap progress {year})."
        ),
        "results.budget": (
            "Budget: {spent} spent ({share} of the {planned} planned), {committed} committed."
        ),
        "results.actions": "Actions: {counts}.",
        "results.late": "Late: {actions}.",
        "results.partners": "Partners' share of the money paid: {share}.",
        "status": "Progress",
    },
}


def label(lang: Language, key: str, **values: object) -> str:
    """The document label `key` in `lang`, with `{name}` placeholders filled in."""
    message = LABELS[lang.code][key]
    return message.format(**values) if values else message

"""Synthetic valid datasets with N actions, for benchmarks and scaling tests.

    python benchmarks/generate.py OUT_DIR N [--year 2026] [--seed 1] [--change 0.1]
                                  [--reviews 1]

Writes a complete data folder (catalogues, plans/YEAR.yaml and its progress
reviews), shaped like the shipped data: seven actions in ten are recurring
(so `roadmap new` has something to carry), proposals are taken up (and
answered by actions), open, deferred or declined, co-financing has one to
three partners and adds up to the budget, and each review reports every
action (status, money committed and spent in total and per partner, its
KPI's actual). Every reference exists, so `roadmap validate` finds nothing:
the benchmark measures the happy path. The output depends on the arguments
only. `--reviews K` writes the last K quarterly reviews
(progress/YEAR/YEAR-12-31.yaml for K = 1; 0 for none); `--change F` also
writes plans/(YEAR+1).yaml with a fraction F of actions altered, for diff.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ZONES = ["west", "north", "east", "americas", "asia", "gulf", "africa", "home"]
LEVERS = [
    "air",
    "distribution",
    "content",
    "influence",
    "tech",
    "experience",
    "canvassing",
    "prescribers",
    "brand",
    "digital",
    "media",
]
SECTORS = ["seaside", "culture", "desert", "mountain", "mice", "golf", "wellness", "sports"]
IDENTITIES = ["cultural", "natural", "urban", "experiential"]


def _catalogues(rng: random.Random) -> dict[str, str]:
    markets = [f"M{i:02d}" for i in range(40)]
    regions = [f"region-{i:02d}" for i in range(1, 13)]
    partners = [f"partner-{i:03d}" for i in range(60)]
    out: dict[str, str] = {}
    out["dataset.yaml"] = (
        "country: {fr: Pays, en: Country}\noffice: partner-000\nlanguage: fr\ncurrency: EUR\n"
    )
    lines = ["zones:"]
    for z in ZONES:
        lines += [
            f"  - id: {z}",
            f"    name: {{fr: Zone {z}, en: Zone {z}}}",
            "    strategy: consolidate",
            f"    levers: [{', '.join(rng.sample(LEVERS, 3))}]",
        ]
    lines.append("markets:")
    for i, m in enumerate(markets):
        lines += [
            f"  - id: {m}",
            f"    name: Market {i}",
            f"    zone: {ZONES[i % len(ZONES)]}",
            "    tier: core",
            f"    office: Office {i}",
            "    segments: [families, couples]",
            "    approach:",
            "      targeting: {fr: Cibler, en: Target}",
            "      messages: [Soleil, Culture]",
            "      channels: [TV, social]",
            "    baseline:",
            f"      - {{value: {1000 + i}, unit: arrivals, year: 2024, source: synthetic}}",
        ]
    out["markets.yaml"] = "\n".join(lines) + "\n"
    lines = ["regions:"]
    for i, r in enumerate(regions):
        lines += [f"  - id: {r}", f"    name: Region {i}", "    destinations:"]
        for j, role in enumerate(["lead", "emerging", "candidate"]):
            lines += [
                f"      - id: {r}-d{j}",
                f"        name: Destination {i}.{j}",
                f"        role: {role}",
                f"        identities: [{IDENTITIES[j]}]",
                "        assets: [beaches]",
            ]
        lines += ["    priorities: [visibility]", "    support_needs: [air seats]"]
    out["regions.yaml"] = "\n".join(lines) + "\n"
    out["levers.yaml"] = "levers:\n" + "".join(f"  - {{id: {lv}, name: {lv}}}\n" for lv in LEVERS)
    out["sectors.yaml"] = "sectors:\n" + "".join(f"  - {{id: {s}, name: {s}}}\n" for s in SECTORS)
    out["partners.yaml"] = "partners:\n" + "".join(
        f"  - {{id: {p}, name: Partner {p}, kind: {'public' if i % 3 else 'private'}, "
        f"type: company}}\n"
        for i, p in enumerate(partners)
    )
    return out


#: A proposal's status by its number modulo 4: the first is always taken up,
#: so that even the smallest plan has an answered proposal.
PROPOSAL_STATUSES = ("taken-up", "open", "deferred", "declined")
QUARTERS = ("03-31", "06-30", "09-30", "12-31")

#: An action as the reviews need it: (id, [(partner, amount)]).
Funded = tuple[str, list[tuple[str, int]]]


def plan_lines(
    n: int, year: int, rng: random.Random, change: float = 0.0, base_seed: int = 1
) -> tuple[list[str], list[Funded], list[str]]:
    """A plan with n actions, as lines; its actions' co-financing and its open proposals.

    `change` alters that fraction of the actions (same ids)."""
    gen = random.Random(base_seed)  # identical actions for both years
    lines = [
        f"year: {year}",
        "theme: {fr: Synthétique, en: Synthetic}",
        "partners: [partner-000]",
        "markets:",
        *[f"  - market: M{i:02d}" for i in range(40)],
        "objectives:",
        "  - id: arrivals",
        "    name: Arrivals",
        "    targets:",
        "      - id: arrivals-total",
        "        indicator: International arrivals",
        "        unit: arrivals",
        "        baseline: {value: 1000000, unit: arrivals, year: 2024, source: synthetic}",
        "        target: 1200000",
        "priorities:",
        "  high_potential:",
        "    description: Grow",
        "    destinations: [region-01-d1, region-02-d1]",
        "  deseasonalisation:",
        "    description: Smooth",
        "    seasonality:",
        "      values: [1, 1, 1, 1, 1, 2, 3, 2, 1, 1, 1, 1]",
        "      unit: million arrivals",
        "      year: 2024",
        "      source: synthetic",
        "meetings:",
        "  - {id: workshop, name: Workshop, date: 2025-12-18, place: Capital, source: synthetic}",
        "proposals:",
    ]
    n_props = max(1, n // 20)
    open_proposals = []
    for i in range(n_props):
        status = PROPOSAL_STATUSES[i % 4]
        lines += [
            f"  - id: P{i:06d}",
            "    meeting: workshop",
            f"    by: [partner-{1 + i % 59:03d}]",
            f"    text: Proposal number {i}",
            f"    status: {status}",
            "    source: synthetic",
        ]
        if status in ("deferred", "declined"):
            lines.append(f"    reason: Reason number {i}")
        elif status == "open":
            open_proposals.append(f"P{i:06d}")
    taken = range(0, n_props, 4)  # the taken-up proposals' numbers
    lines.append("actions:")
    funded: list[Funded] = []
    for i in range(n):
        region = gen.randrange(1, 13)
        months = sorted(gen.sample(range(1, 13), gen.randrange(1, 5)))
        budget = gen.randrange(10, 500) * 10_000
        partners = sorted(gen.sample(range(1, 60), gen.randrange(0, 3)))
        recurring = gen.random() < 0.7
        if change and rng.random() < change:
            budget += 10_000
            months = sorted({*months, 12 - i % 12})
        # the office pays half, the partners share the rest
        share = budget // 2 if partners else budget
        amounts = [("partner-000", share)]
        rest = budget - share
        for k, p in enumerate(partners):
            amount = rest // len(partners) if k < len(partners) - 1 else rest
            rest -= amount
            amounts.append((f"partner-{p:03d}", amount))
        ident = f"A{i:06d}"
        funded.append((ident, amounts))
        lines += [
            f"  - id: {ident}",
            f"    title: {{fr: Action numéro {i}, en: Action number {i}}}",
            f"    description: Une description de l'action {i} avec quelques mots de plus.",
            f"    markets: [M{gen.randrange(40):02d}, M{gen.randrange(40):02d}]",
            f"    region: region-{region:02d}",
            f"    destination: region-{region:02d}-d{gen.randrange(2)}",
            f"    lever: {gen.choice(LEVERS)}",
            f"    sectors: [{gen.choice(SECTORS)}]",
            "    owner: partner-000",
            f"    co_owners: [partner-{gen.randrange(1, 60):03d}]",
            f"    months: [{', '.join(map(str, months))}]",
            f"    budget: {budget}",
            "    basis: {source: synthetic estimate, assumption: true}",
            "    cofinancing:",
            *(f"      - {{partner: {p}, amount: {a}}}" for p, a in amounts),
            "    kpis:",
            f"      - {{indicator: Leads, unit: leads, target: {gen.randrange(100, 900)}}}",
        ]
        if i % 2 == 0:  # half the actions answer a taken-up proposal
            lines.append(f"    answers: [P{taken[(i // 2) % len(taken)]:06d}]")
        lines.append(f"    deseasonalisation: {'true' if gen.random() < 0.3 else 'false'}")
        if recurring:
            lines.append("    recurring: true")
    return lines, funded, open_proposals


def plan_text(
    n: int, year: int, rng: random.Random, change: float = 0.0, base_seed: int = 1
) -> str:
    """A plan with n actions; `change` alters that fraction (same ids)."""
    return "\n".join(plan_lines(n, year, rng, change, base_seed)[0]) + "\n"


def review_text(q: int, year: int, funded: list[Funded], open_proposals: list[str]) -> str:
    """The review of quarter q (1-4) of the plan: the share reported grows with q.

    Every action is reported, with amounts committed and spent in total and
    per co-financing partner (never more than its share), its KPI's actual
    and a basis; one action in ten has a note; the year-end review decides
    one open proposal in two (deferred or declined, with a reason)."""
    date = f"{year}-{QUARTERS[q - 1]}"
    status = ("ongoing", "ongoing", "ongoing", "done")[q - 1]
    out = [
        f"note: Quarter {q} review",
        "targets:",
        "  - target: arrivals-total",
        f"    actual: {1_000_000 + 50_000 * q}",
        "    source: synthetic",
        "actions:",
    ]
    for i, (ident, lines) in enumerate(funded):
        committed = [amount * q // 4 for _, amount in lines]
        spent = [c * 9 // 10 for c in committed]
        out += [
            f"  - action: {ident}",
            f"    status: {status}",
            f"    committed: {sum(committed)}",
            f"    spent: {sum(spent)}",
            "    partners:",
            *(
                f"      - {{partner: {p}, committed: {c}, spent: {s}}}"
                for (p, _), c, s in zip(lines, committed, spent, strict=True)
            ),
            "    kpis:",
            f"      - {{indicator: Leads, actual: {25 * q + i % 50}}}",
            "    basis: {source: synthetic review, assumption: true}",
        ]
        if i % 10 == 0:
            out.append(f"    note: {{date: {date}, text: Note on action {ident} in quarter {q}}}")
    if q == 4 and open_proposals[::2]:
        out.append("proposals:")
        for k, ident in enumerate(open_proposals[::2]):
            out += [
                f"  - proposal: {ident}",
                f"    status: {('deferred', 'declined')[k % 2]}",
                f"    date: {date}",
                "    reason: Not this year",
            ]
    return "\n".join(out) + "\n"


def write_reviews(
    out: Path, year: int, funded: list[Funded], open_proposals: list[str], quarters: range
) -> list[Path]:
    """progress/YEAR/YEAR-MM-DD.yaml for each quarter (1-4) in `quarters`."""
    folder = out / "progress" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for q in quarters:
        path = folder / f"{year}-{QUARTERS[q - 1]}.yaml"
        path.write_text(review_text(q, year, funded, open_proposals), encoding="utf-8")
        paths.append(path)
    return paths


def generate(
    out: Path, n: int, year: int = 2026, seed: int = 1, change: float = 0.0, reviews: int = 1
) -> Path:
    """The data folder `out` with n actions and the plan's last `reviews` quarterly reviews."""
    rng = random.Random(seed)
    (out / "plans").mkdir(parents=True, exist_ok=True)
    for name, text in _catalogues(rng).items():
        (out / name).write_text(text, encoding="utf-8")
    lines, funded, open_proposals = plan_lines(n, year, rng)
    (out / "plans" / f"{year}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    del lines
    if reviews:
        write_reviews(out, year, funded, open_proposals, range(5 - min(reviews, 4), 5))
    if change:
        (out / "plans" / f"{year + 1}.yaml").write_text(
            plan_text(n, year + 1, random.Random(seed + 1), change), encoding="utf-8"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--change", type=float, default=0.0)
    parser.add_argument(
        "--reviews", type=int, default=1, help="quarterly reviews of the plan, the last ones (0-4)"
    )
    args = parser.parse_args()
    generate(args.out, args.n, args.year, args.seed, args.change, args.reviews)


if __name__ == "__main__":
    main()

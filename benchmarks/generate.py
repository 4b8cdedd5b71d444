"""Synthetic valid datasets with N actions, for benchmarks and scaling tests.

    python benchmarks/generate.py OUT_DIR N [--year 2026] [--seed 1] [--change 0.1]

Writes a complete data folder (catalogues and plans/YEAR.yaml). Every action
references existing markets, regions, destinations, levers, sectors and
partners, and its co-financing adds up to its budget, so `roadmap validate`
finds nothing: the benchmark measures the happy path. `--change F` also
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


def plan_text(
    n: int, year: int, rng: random.Random, change: float = 0.0, base_seed: int = 1
) -> str:
    """A plan with n actions; `change` alters that fraction (same ids)."""
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
        "  - {id: workshop, name: Workshop, date: 2025-12-18, place: Capital}",
        "proposals:",
    ]
    for i in range(max(1, n // 20)):
        lines += [
            f"  - id: P{i:06d}",
            "    meeting: workshop",
            "    by: [partner-001]",
            f"    text: Proposal number {i}",
            "    status: open",
        ]
    lines.append("actions:")
    n_props = max(1, n // 20)
    for i in range(n):
        region = gen.randrange(1, 13)
        months = sorted(gen.sample(range(1, 13), gen.randrange(1, 5)))
        budget = gen.randrange(10, 500) * 10_000
        share = budget // 2
        if change and rng.random() < change:
            budget += 10_000
            share = budget // 2
            months = sorted({*months, 12 - i % 12})
        lines += [
            f"  - id: A{i:06d}",
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
            "    cofinancing:",
            f"      - {{partner: partner-000, amount: {share}}}",
            f"      - {{partner: partner-{gen.randrange(1, 60):03d}, amount: {budget - share}}}",
            "    kpis:",
            f"      - {{indicator: Leads, unit: leads, target: {gen.randrange(100, 900)}}}",
            f"    answers: [P{gen.randrange(n_props):06d}]",
            f"    deseasonalisation: {'true' if gen.random() < 0.3 else 'false'}",
        ]
    return "\n".join(lines) + "\n"


def generate(out: Path, n: int, year: int = 2026, seed: int = 1, change: float = 0.0) -> Path:
    rng = random.Random(seed)
    (out / "plans").mkdir(parents=True, exist_ok=True)
    for name, text in _catalogues(rng).items():
        (out / name).write_text(text, encoding="utf-8")
    (out / "plans" / f"{year}.yaml").write_text(plan_text(n, year, rng), encoding="utf-8")
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
    args = parser.parse_args()
    generate(args.out, args.n, args.year, args.seed, args.change)


if __name__ == "__main__":
    main()

"""Four quarterly progress reviews for a data folder made by generate.py.

    python benchmarks/reviews.py DATA_DIR [--year 2026]

Reads the generated plan as text (its layout is generate.py's own, one key
a line), so that the 100,000-action plan is not loaded into memory, and
writes progress/YEAR/YEAR-03-31.yaml ... YEAR-12-31.yaml: every action in
every review (status, amounts committed and spent in total and per
co-financing partner, its KPI's actual, a basis), a note on one action in
ten, the target's actual, and a decision on one proposal in ten in the
last review. Amounts grow review after review and never exceed the budget,
so `roadmap validate` finds nothing.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ACTION = re.compile(r"^  - id: (A\d+)$")
LINE = re.compile(r"^      - \{partner: ([\w-]+), amount: (\d+)\}$")
PROPOSAL = re.compile(r"^  - id: (P\d+)$")
QUARTERS = ("03-31", "06-30", "09-30", "12-31")


def actions(plan: Path) -> tuple[list[tuple[str, list[tuple[str, int]]]], list[str]]:
    """(id, [(partner, amount)]) of each action, and the proposal ids."""
    found: list[tuple[str, list[tuple[str, int]]]] = []
    proposals: list[str] = []
    in_actions = False
    with plan.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line == "actions:":
                in_actions = True
            elif in_actions and (m := ACTION.match(line)):
                found.append((m.group(1), []))
            elif in_actions and (m := LINE.match(line)):
                found[-1][1].append((m.group(1), int(m.group(2))))
            elif not in_actions and (m := PROPOSAL.match(line)):
                proposals.append(m.group(1))
    return found, proposals


def review(
    q: int, year: int, found: list[tuple[str, list[tuple[str, int]]]], proposals: list[str]
) -> str:
    """The review of quarter q (1-4): the share reported grows with q."""
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
    for i, (ident, lines) in enumerate(found):
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
    if q == 4:
        out.append("proposals:")
        for ident in proposals[::10]:
            out += [
                f"  - proposal: {ident}",
                "    status: deferred",
                f"    date: {date}",
                "    reason: Not this year",
            ]
    return "\n".join(out) + "\n"


def write_reviews(data: Path, year: int = 2026) -> list[Path]:
    found, proposals = actions(data / "plans" / f"{year}.yaml")
    folder = data / "progress" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for q in range(1, 5):
        path = folder / f"{year}-{QUARTERS[q - 1]}.yaml"
        path.write_text(review(q, year, found, proposals), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    write_reviews(args.data, args.year)


if __name__ == "__main__":
    main()

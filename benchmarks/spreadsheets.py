"""Spreadsheet benchmarks: import and xlsx export against their floors, in one run.

    .venv/bin/python benchmarks/spreadsheets.py [--rows 10000] [--actions 10000] [--repeat 3]

- Import: a workbook of `--rows` proposal rows (every column a partner
  fills), imported with `roadmap.sheets.importing.proposals` into a small
  generated plan (the sheet's cost, not the plan's), against a plain
  openpyxl read of the same workbook (read-only, every value of every
  row). Target: at most 2x.
- Export: the plan of `--actions` actions written as a workbook
  (`roadmap.sheets.workbook.export`), against the plain load of that plan
  (`roadmap.validation.validate`, what every command does first). Target:
  the workbook written in at most 2x the load.

Each figure is the median of `--repeat` runs in this process (the first
run of each also warms the caches and is not counted). Prints PASS or FAIL
per target; exit code 0 whatever the figures (a report, not a test).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def proposal_workbook(path: Path, rows: int) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("proposals")
    sheet.append(["meeting", "date", "by", "region", "market", "text.fr", "text.en", "status"])
    for i in range(rows):
        sheet.append(
            [
                "workshop",
                "18/12/2025",
                f"partner-{i % 60:03d}; partner-{(i + 7) % 60:03d}",
                f"region-{i % 12 + 1:02d}",
                f"M{i % 40:02d}",
                f"Proposition numéro {i} : plus de vols en hiver",
                f"Proposal number {i}: more winter flights",
                "open",
            ]
        )
    book.save(path)


def plain_read(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def report(label: str, ours: float, floor: float, floor_label: str, limit: float) -> None:
    ratio = ours / floor
    verdict = "PASS" if ratio <= limit else "FAIL"
    print(
        f"{label:<40} {ours:8.2f} s   {floor_label:<28} {floor:8.2f} s   "
        f"{ratio:5.2f}x (target <= {limit:g}x)  {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from roadmap.coverage import cli_language
    from roadmap.sheets import importing, workbook
    from roadmap.validation import validate

    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        small = tmp / "small"
        generate(small, 20, 2026, 1, 0.0)
        sheet = tmp / "proposals.xlsx"
        proposal_workbook(sheet, args.rows)
        pristine = (small / "plans" / "2026.yaml").read_bytes()

        def import_once() -> None:
            (small / "plans" / "2026.yaml").write_bytes(pristine)
            outcome = importing.proposals(sheet, small, 2026)
            assert not outcome.failed and len(outcome.intake.added) == args.rows, outcome.problems

        floor = median_seconds(lambda: plain_read(sheet), args.repeat)
        ours = median_seconds(import_once, args.repeat)
        report(f"import {args.rows:,} proposal rows", ours, floor, "plain openpyxl read", 2)

        big = tmp / "big"
        generate(big, args.actions, 2026, 1, 0.0)
        load = median_seconds(lambda: validate(big, {2026}), args.repeat)
        loaded, _ = validate(big, {2026})
        words = cli_language(loaded)
        write = median_seconds(lambda: workbook.export(loaded, 2026, words), args.repeat)
        report(f"export {args.actions:,} actions to xlsx", write, load, "plain load of the plan", 2)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

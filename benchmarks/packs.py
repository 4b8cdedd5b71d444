"""Audience packs against the plan: `roadmap build --packs` vs one full build.

    python benchmarks/packs.py [--repeat 5] [--sizes 1000] [--quick]

Measured in the same run, as `run.py` does: each command runs once to warm
the file cache, then `--repeat` times as a fresh subprocess, output
discarded; the figure is the median wall-clock time, `±` half the spread
over the median. Both commands build Markdown and HTML in the dataset's
language into a scratch folder. The default data is always measured;
`--sizes` adds synthetic folders made by generate.py (cached in
benchmarks/.cache/nN/), whose packs are as many as their markets, regions
and partners.

Target (issue 14): every market, region and partner pack at once costs at
most 3 times one full build of the plan. Exit code 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
ROADMAP = str(Path(sys.executable).parent / "roadmap")
TARGET = 3.0


def timed(args: list[str], repeat: int, warm: bool) -> tuple[float, float]:
    """(median seconds, half the spread over the median) of `repeat` runs."""
    if warm:
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return median, (max(times) - min(times)) / 2 / median


def folder(size: int) -> Path:
    """The synthetic data folder of `size` actions (generate.py's, cached)."""
    path = CACHE / f"n{size}"
    if not (path / "plans").is_dir():
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(path), str(size)],
            check=True,
        )
    return path


def count_packs(data: Path, year: int, scratch: Path) -> int:
    out = scratch / "count"
    args = [ROADMAP, "build", str(year), "--data", str(data), "--packs", "-q", "-f", "html"]
    subprocess.run([*args, "-o", str(out)], check=True)
    packs = len([p for p in out.iterdir() if not p.name.startswith("packs-")])
    shutil.rmtree(out)
    return packs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="", help="synthetic sizes, e.g. 1000,10000")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="3 runs each, no warm-up")
    args = parser.parse_args()
    repeat = 3 if args.quick else args.repeat
    cases = [("default data", ROOT / "data")]
    cases += [(f"N={int(n):,}", folder(int(n))) for n in args.sizes.split(",") if n.strip()]
    print(f"| Data | Packs | Full build | --packs | Ratio | Target ≤ {TARGET:g}× |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for name, data in cases:
            base = [ROADMAP, "build", str(args.year), "--data", str(data), "-q"]
            plan, plan_noise = timed([*base, "-o", str(scratch / "plan")], repeat, not args.quick)
            packs, packs_noise = timed(
                [*base, "--packs", "-o", str(scratch / "packs")], repeat, not args.quick
            )
            ratio = packs / plan
            verdict = "PASS" if ratio <= TARGET else "FAIL"
            n = count_packs(data, args.year, scratch)
            print(
                f"| {name} | {n} | {plan * 1000:.0f} ms ± {plan_noise:.0%} "
                f"| {packs * 1000:.0f} ms ± {packs_noise:.0%} | {ratio:.2f}× | {verdict} |"
            )


if __name__ == "__main__":
    main()

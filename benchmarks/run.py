"""Benchmarks of `roadmap`: start-up, validation speed, scaling and memory.

    .venv/bin/python benchmarks/run.py [--quick] [--sizes 100,1000,10000,100000] [--repeat N]
                                       [--only NAME[,NAME...]]

Every figure is measured in this run, as hyperfine would: each command runs
once to warm the file cache (not with --quick), then `--repeat` times in a
fresh subprocess;
the figure is the median wall-clock time (and the median peak RSS of that
subprocess, from `wait4`). Each target is printed with PASS or FAIL. The
exit code is 0 whatever the figures: this is a report, not a test.

Adding a benchmark: write a function `def my_bench(bench: Bench) -> None`
that calls `bench.time(...)`, `bench.row(...)` and `bench.target(...)`,
and decorate it with `@benchmark("name")`. Benchmarks run in the order they
are registered.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
DEFAULT_DATA = ROOT / "data"
SCHEMAS = ROOT / "schemas"
BIN = Path(sys.executable).parent
PYTHON = sys.executable
ROADMAP = str(BIN / "roadmap")
GNU_TIME = "/usr/bin/time"

HAS_GNU_TIME = os.access(GNU_TIME, os.X_OK)

#: Sizes at or above this many actions run at most BIG_REPEAT times:
#: a plain load of the 100,000-action plan takes the best part of a minute.
BIG = 100_000
BIG_REPEAT = 3


@dataclass
class Timing:
    """Medians over the runs of one command."""

    label: str
    seconds: float
    rss_kib: int
    runs: int
    returncode: int
    spread: float  # (max - min) / median, a hint of the noise

    @property
    def rss_mib(self) -> float:
        return self.rss_kib / 1024


def run_once(argv: Sequence[str], cwd: Path = ROOT) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit code) of one subprocess run.

    The command runs under GNU time (0.3 ms more, the same for every
    command) for its peak RSS: a direct child's `ru_maxrss` would count
    this harness's own memory, inherited between fork and exec.
    """
    rss_file = CACHE / ".maxrss"
    wrapper = [GNU_TIME, "-f", "%M", "-o", str(rss_file)] if HAS_GNU_TIME else []
    start = time.perf_counter()
    proc = subprocess.run(
        [*wrapper, *argv],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1 = problems found: still a measurement
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}")
    rss = int(rss_file.read_text().split()[-1]) if HAS_GNU_TIME else 0
    return elapsed, rss, proc.returncode


@dataclass
class Bench:
    """What a benchmark function gets: options, and where to put its figures."""

    sizes: list[int]
    repeat: int
    warmup: bool = True
    timings: dict[str, Timing] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    targets: list[tuple[str, bool]] = field(default_factory=list)

    def time(
        self,
        label: str,
        commands: Sequence[Sequence[str]],
        repeat: int | None = None,
        show: bool = True,
    ) -> Timing:
        """Median over runs of the total time of `commands` run one after another.

        Peak memory is the largest of the commands' peaks, median over runs.
        """
        runs = repeat or self.repeat
        for argv in commands if self.warmup else ():  # file cache, .pyc files
            run_once(argv)
        totals: list[float] = []
        peaks: list[int] = []
        code = 0
        for _ in range(runs):
            total, peak = 0.0, 0
            for argv in commands:
                seconds, rss, rc = run_once(argv)
                total += seconds
                peak = max(peak, rss)
                code = max(code, rc)
            totals.append(total)
            peaks.append(peak)
        median = statistics.median(totals)
        timing = Timing(
            label,
            median,
            int(statistics.median(peaks)),
            runs,
            code,
            (max(totals) - min(totals)) / median if median else 0.0,
        )
        self.timings[label] = timing
        if show:
            self.show(timing)
        return timing

    def show(self, t: Timing, note: str = "") -> None:
        exit_note = f"  (exit {t.returncode})" if t.returncode else ""
        self.row(
            t.label,
            f"{t.seconds * 1000:10.1f} ms  {t.rss_mib:8.1f} MiB  "
            f"±{t.spread * 50:3.0f}%  n={t.runs}{exit_note}{note}",
        )

    def row(self, label: str, text: str) -> None:
        line = f"  {label:<46} {text}"
        self.lines.append(line)
        print(line, flush=True)

    def section(self, title: str) -> None:
        print(f"\n{title}", flush=True)
        self.lines.append(title)

    def target(self, label: str, value: float, limit: float, unit: str = "x") -> bool:
        """A target `value <= limit`, printed with PASS or FAIL."""
        ok = value <= limit
        self.targets.append((label, ok))
        self.row(label, f"{value:10.2f} {unit:<3} target <= {limit:g} {unit}  {_verdict(ok)}")
        return ok

    def linearity(self, what: str, seconds: dict[int, float], label: str) -> None:
        """Marginal cost per action between successive sizes; the last two slopes
        compared (the smallest step is dominated by start-up noise)."""
        sizes = sorted(seconds)
        self.section(f"Linearity: marginal cost per action between sizes ({what})")
        slopes = []
        for a, b in itertools.pairwise(sizes):
            slope = (seconds[b] - seconds[a]) / (b - a)
            slopes.append(slope)
            self.row(f"N={a:,} -> {b:,}", f"{slope * 1e6:10.2f} µs per added action")
        self.target(
            f"{label}{sizes[-2]:,}->{sizes[-1]:,} / {sizes[-3]:,}->{sizes[-2]:,}",
            slopes[-1] / slopes[-2] if slopes[-2] > 0 else float("inf"),
            1.25,
        )


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


BENCHMARKS: dict[str, Callable[[Bench], None]] = {}


def benchmark(name: str) -> Callable[[Callable[[Bench], None]], Callable[[Bench], None]]:
    """Register a benchmark function under `name` (see the module docstring)."""

    def register(fn: Callable[[Bench], None]) -> Callable[[Bench], None]:
        BENCHMARKS[name] = fn
        return fn

    return register


def dataset(n: int) -> Path:
    """The synthetic data folder with n actions, generated once and cached.

    The cache is keyed on the generator's source, so changing generate.py
    regenerates it.
    """
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12]
    folder = CACHE / f"n{n}"
    mark = folder / ".generated"
    if mark.is_file() and mark.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    # in a subprocess: the 100,000-action plan is built in memory, and this
    # process should stay small
    subprocess.run([PYTHON, str(HERE / "generate.py"), str(folder), str(n)], check=True)
    mark.write_text(stamp)
    return folder


def plain_load(path: Path) -> list[str]:
    """The command that loads a YAML file with libyaml and nothing else."""
    return [
        PYTHON,
        "-c",
        "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)",
        str(path),
    ]


# --- the benchmarks ---------------------------------------------------------------


@benchmark("startup")
def startup(bench: Bench) -> None:
    bench.section("Start-up")
    bench.time("python -c pass", [[PYTHON, "-c", "pass"]])
    typer = bench.time('python -c "import typer"', [[PYTHON, "-c", "import typer"]])
    helps = bench.time("roadmap --help", [[ROADMAP, "--help"]])
    bench.target("roadmap --help / import typer", helps.seconds / typer.seconds, 1.3)


@benchmark("default-data")
def default_data(bench: Bench) -> None:
    bench.section(f"Default data ({DEFAULT_DATA.relative_to(ROOT)}/)")
    files = sorted(DEFAULT_DATA.glob("*.yaml")) + sorted((DEFAULT_DATA / "plans").glob("*.yaml"))
    commands = []
    for f in files:
        name = "plan" if f.parent.name == "plans" else f.stem
        schema = SCHEMAS / f"{name}.schema.json"
        if schema.is_file():
            commands.append([str(BIN / "check-jsonschema"), "--schemafile", str(schema), str(f)])
    if not shutil.which("check-jsonschema", path=str(BIN)):
        bench.row("check-jsonschema", "not installed: pip install -e '.[bench]'")
        return
    ours = bench.time("roadmap validate", [[ROADMAP, "validate", "--data", str(DEFAULT_DATA)]])
    theirs = bench.time(f"check-jsonschema ({len(commands)} runs, one per file)", commands)
    bench.target("roadmap validate / check-jsonschema", ours.seconds / theirs.seconds, 0.5)


@benchmark("scaling")
def scaling(bench: Bench) -> None:
    bench.section("Synthetic data: plain libyaml load of the plan vs roadmap validate")
    per_action: dict[int, tuple[Timing, Timing]] = {}
    for n in bench.sizes:
        folder = dataset(n)
        plan = folder / "plans" / "2026.yaml"
        repeat = min(bench.repeat, BIG_REPEAT) if n >= BIG else None
        mib = plan.stat().st_size / 2**20
        load = bench.time(
            f"N={n:,}: yaml CSafeLoader load ({mib:.1f} MiB)", [plain_load(plan)], repeat
        )
        ours = bench.time(
            f"N={n:,}: roadmap validate", [[ROADMAP, "validate", "--data", str(folder)]], repeat
        )
        if ours.returncode:
            bench.row(f"N={n:,}", "WARNING: roadmap validate found problems in generated data")
        bench.row(
            f"N={n:,}: validate / load",
            f"{ours.seconds / load.seconds:10.2f} x    "
            f"per action: load {load.seconds / n * 1e6:7.1f} µs, "
            f"validate {ours.seconds / n * 1e6:7.1f} µs",
        )
        per_action[n] = (load, ours)
    if 10_000 in per_action:
        load, ours = per_action[10_000]
        bench.target("N=10,000: roadmap validate / plain load", ours.seconds / load.seconds, 1.2)
    sizes = sorted(per_action)
    if len(sizes) >= 3:
        bench.linearity("validate", {n: t[1].seconds for n, t in per_action.items()}, "slope ")
    if sizes and HAS_GNU_TIME:
        n = sizes[-1]
        load, ours = per_action[n]
        note = "" if n >= BIG else f" (the target is for N={BIG:,}: imports dominate below it)"
        bench.section(f"Peak memory at N={n:,} (max RSS of the subprocess){note}")
        bench.row("yaml CSafeLoader load", f"{load.rss_mib:10.1f} MiB")
        bench.row("roadmap validate", f"{ours.rss_mib:10.1f} MiB")
        ratio = ours.rss_kib / load.rss_kib
        if n >= BIG:
            bench.target(f"N={n:,}: validate peak RSS / load peak RSS", ratio, 1.0)
        else:
            bench.row(
                "validate peak RSS / load peak RSS",
                f"{ratio:10.2f} x   (no target below N={BIG:,})",
            )
    elif sizes:
        bench.row("peak memory", f"not measured: needs GNU time at {GNU_TIME}")


#: Times the comparison step alone, ours and DeepDiff's, on the same two plans
#: loaded once: prints "ours_seconds deepdiff_seconds changes".
_COMPARE = """
import statistics, sys, time
from pathlib import Path
from roadmap.diff import compare, load_sides
a, b = load_sides("2026", "2027", Path(sys.argv[1]))
ours = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter(); result = compare(a, b); ours.append(time.perf_counter() - start)
from deepdiff import DeepDiff
da, db = a.plan.model_dump(), b.plan.model_dump()
start = time.perf_counter()
DeepDiff(da["actions"], db["actions"], group_by="id")
theirs = time.perf_counter() - start
print(statistics.median(ours), theirs, len(result.changes))
"""


def diff_dataset(n: int, change: float = 0.1) -> Path:
    """Two synthetic years (2026, 2027) with n actions, a fraction changed."""
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12]
    folder = CACHE / f"diff-n{n}"
    mark = folder / ".generated"
    if mark.is_file() and mark.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [PYTHON, str(HERE / "generate.py"), str(folder), str(n), "--change", str(change)],
        check=True,
    )
    mark.write_text(stamp)
    return folder


@benchmark("diff")
def diff(bench: Bench) -> None:
    n = 10_000 if 10_000 in bench.sizes or not bench.sizes else max(bench.sizes)
    bench.section(f"roadmap diff: two plans of N={n:,} actions, 10% changed")
    folder = diff_dataset(n)
    plans = [str(folder / "plans" / f"{y}.yaml") for y in (2026, 2027)]
    load = bench.time(
        "yaml CSafeLoader load of both plans",
        [
            [
                PYTHON,
                "-c",
                "import sys, yaml\nfor p in sys.argv[1:]: "
                "yaml.load(open(p, encoding='utf-8'), Loader=yaml.CSafeLoader)",
                *plans,
            ]
        ],
    )
    ours = bench.time(
        "roadmap diff 2026 2027 --format json",
        [[ROADMAP, "diff", "2026", "2027", "--data", str(folder), "--format", "json"]],
    )
    bench.target(f"N={n:,}: roadmap diff / plain load", ours.seconds / load.seconds, 1.3)
    try:
        import deepdiff  # noqa: F401
    except ImportError:
        bench.row("DeepDiff", "not installed: pip install -e '.[bench]'")
        return
    out = subprocess.run(
        [PYTHON, "-c", _COMPARE, str(folder), str(bench.repeat)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    mine, theirs, changes = float(out[0]), float(out[1]), int(out[2])
    bench.row(
        "comparison step: roadmap.diff.compare", f"{mine * 1000:10.1f} ms  {changes:,} changes"
    )
    bench.row("comparison step: DeepDiff(group_by='id')", f"{theirs * 1000:10.1f} ms  actions only")
    speedup = theirs / mine if mine else float("inf")
    bench.row("DeepDiff / ours", f"{speedup:10.1f} x")
    # a target `value <= limit`: ours / DeepDiff at most 1/30
    bench.target("comparison: ours / DeepDiff (<= 1/30)", mine / theirs, 1 / 30)


#: `roadmap build` runs at these sizes at most: a build of 100,000 actions
#: writes about 200 MiB of HTML and Markdown.
BUILD_MAX = 10_000


@benchmark("build")
def build(bench: Bench) -> None:
    sizes = [n for n in bench.sizes if n <= BUILD_MAX]
    bench.section("roadmap build 2026 --format all (Markdown and HTML) vs plain libyaml load")
    out = CACHE / "build-out"
    per_size: dict[int, tuple[Timing, Timing]] = {}
    per_size_paused: dict[int, Timing] = {}
    for n in sizes:
        folder = dataset(n)
        plan = folder / "plans" / "2026.yaml"
        mib = plan.stat().st_size / 2**20
        load = bench.time(f"N={n:,}: yaml CSafeLoader load ({mib:.1f} MiB)", [plain_load(plan)])
        argv = [ROADMAP, "build", "2026", "--data", str(folder), "--out", str(out), "--quiet"]
        # libyaml's plain load slows down with the collector's passes over
        # millions of objects (superlinear in N), which roadmap pauses: the
        # same load with the collector paused is the stricter baseline
        paused = bench.time(
            f"N={n:,}: same load, garbage collector paused",
            [[PYTHON, "-c", "import gc; gc.disable()\n" + plain_load(plan)[2], str(plan)]],
        )
        ours = bench.time(f"N={n:,}: roadmap build, both formats", [argv])
        if ours.returncode:
            bench.row(f"N={n:,}", "WARNING: roadmap build refused the generated data")
        written = sum(f.stat().st_size for f in out.glob("plan-2026.*")) / 2**20
        bench.row(
            f"N={n:,}: build / load",
            f"{ours.seconds / load.seconds:10.2f} x    (/ paused load "
            f"{ours.seconds / paused.seconds:.2f} x)  per action: "
            f"build {ours.seconds / n * 1e6:7.1f} µs; wrote {written:.1f} MiB",
        )
        per_size[n] = (load, ours)
        per_size_paused[n] = paused
    shutil.rmtree(out, ignore_errors=True)
    if 10_000 in per_size:
        load, ours = per_size[10_000]
        bench.target("N=10,000: roadmap build / plain load", ours.seconds / load.seconds, 1.5)
        # not the target, but the honest reference: libyaml unhindered
        bench.row(
            "  build / load with the collector paused",
            f"{ours.seconds / per_size_paused[10_000].seconds:10.2f} x",
        )
        bench.row("  peak RSS: build / load", f"{ours.rss_mib:7.1f} / {load.rss_mib:.1f} MiB")
    done = sorted(per_size)
    if len(done) >= 3:
        bench.linearity("build", {n: t[1].seconds for n, t in per_size.items()}, "build slope ")
    elif len(done) == 2:
        (a, b) = done
        ratio = per_size[b][1].seconds / per_size[a][1].seconds
        bench.row(f"build time N={b:,} / N={a:,}", f"{ratio:10.2f} x  ({b / a:g} x the actions)")


def progress_dataset(n: int) -> Path:
    """dataset(n) with four quarterly reviews of its plan (benchmarks/reviews.py), cached."""
    source = dataset(n)
    stamp = hashlib.sha256(
        (HERE / "generate.py").read_bytes() + (HERE / "reviews.py").read_bytes()
    ).hexdigest()[:12]
    folder = CACHE / f"progress-n{n}"
    mark = folder / ".generated"
    if mark.is_file() and mark.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns(".generated"))
    subprocess.run([PYTHON, str(HERE / "reviews.py"), str(folder)], check=True)
    mark.write_text(stamp)
    return folder


#: The plan and its reviews loaded with libyaml in one process: what "just
#: reading the YAML" of `roadmap progress` costs.
_LOAD_ALL = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    yaml.load(open(name, encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)


@benchmark("progress")
def progress(bench: Bench) -> None:
    bench.section("roadmap progress 2026 (plan + 4 quarterly reviews) vs plain libyaml load")
    per_size: dict[int, tuple[Timing, Timing]] = {}
    for n in bench.sizes:
        folder = progress_dataset(n)
        files = [folder / "plans" / "2026.yaml", *sorted((folder / "progress" / "2026").iterdir())]
        mib = sum(f.stat().st_size for f in files) / 2**20
        load = bench.time(
            f"N={n:,}: CSafeLoader load, plan + reviews ({mib:.1f} MiB)",
            [[PYTHON, "-c", _LOAD_ALL, *map(str, files)]],
        )
        ours = bench.time(
            f"N={n:,}: roadmap progress (text)",
            [[ROADMAP, "progress", "2026", "--data", str(folder)]],
        )
        if ours.returncode:
            bench.row(f"N={n:,}", f"WARNING: roadmap progress exited {ours.returncode}")
        bench.row(
            f"N={n:,}: progress / load",
            f"{ours.seconds / load.seconds:10.2f} x    per action: "
            f"{ours.seconds / n * 1e6:7.1f} µs",
        )
        per_size[n] = (load, ours)
    if 10_000 in per_size:
        load, ours = per_size[10_000]
        bench.target("N=10,000: roadmap progress / plain load", ours.seconds / load.seconds, 1.3)
    if len(per_size) >= 3:
        bench.linearity("progress", {n: t[1].seconds for n, t in per_size.items()}, "progress ")
    if BIG in per_size:
        folder = progress_dataset(BIG)
        validate = bench.time(
            f"N={BIG:,}: roadmap validate (same folder)",
            [[ROADMAP, "validate", "--data", str(folder)]],
        )
        ours = per_size[BIG][1]
        bench.row(
            "  peak RSS: progress / validate", f"{ours.rss_mib:7.1f} / {validate.rss_mib:.1f} MiB"
        )
        bench.target(
            f"N={BIG:,}: peak RSS progress / validate", ours.rss_kib / validate.rss_kib, 1.0
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs: smoke run")
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x.replace("_", "")) for x in s.split(",") if x],
        help="action counts of the synthetic plans (default 100,1000,10000,100000)",
    )
    parser.add_argument("--repeat", type=int, help="runs per figure (default 5; --quick 3)")
    parser.add_argument(
        "--only",
        type=lambda s: [x for x in s.split(",") if x],
        help=f"run only these benchmarks: {', '.join(BENCHMARKS)}",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or ([100, 300, 1000] if args.quick else [100, 1_000, 10_000, 100_000])
    repeat = max(1, args.repeat or (3 if args.quick else 5))
    unknown = set(args.only or ()) - set(BENCHMARKS)
    if unknown:
        parser.error(
            f"unknown benchmark {', '.join(sorted(unknown))}; known: {', '.join(BENCHMARKS)}"
        )
    bench = Bench(sorted(set(sizes)), repeat, warmup=not args.quick)
    CACHE.mkdir(exist_ok=True)
    print(
        f"roadmap benchmarks: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"{repeat} runs per figure (medians, wall clock, ±half the max-min spread)"
    )
    for name, fn in BENCHMARKS.items():
        if args.only is None or name in args.only:
            fn(bench)
    print("\nTargets")
    for label, ok in bench.targets:
        print(f"  {_verdict(ok)}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

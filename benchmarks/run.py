"""Benchmarks of `roadmap`: start-up, every command's speed, scaling and memory.

    .venv/bin/python benchmarks/run.py [--quick] [--sizes 1000,10000,100000] [--repeat N]
                                       [--only NAME[,NAME...]] [--commands validate,new,...]

Every figure is measured in this run, as hyperfine would: each command runs
once to warm the file cache (not with --quick), then `--repeat` times in a
fresh subprocess, in rounds of one run of every figure (so the machine's
drift falls on all alike); the figure is the median wall-clock time (and
the median peak RSS of that subprocess, from GNU time). Each command is shown with its
ratio to the plain libyaml load of the same files with the garbage
collector off, measured in the same run; each target is printed with PASS
or FAIL. The exit code is 0 whatever the figures: this is a report, not a
test.

Adding a benchmark: write a function `def my_bench(bench: Bench) -> None`
that calls `bench.time(...)`, `bench.row(...)` and `bench.target(...)`,
and decorate it with `@benchmark("name")`. Benchmarks run in the order they
are registered.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
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
#: `export -f xlsx` needs the `roadmap[xlsx]` extra; without it the row is
#: left out and said so (the `commands` benchmark's first line).
HAS_OPENPYXL = importlib.util.find_spec("openpyxl") is not None

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
class Job:
    """A figure to measure: `commands` run one after another, `runs` times."""

    label: str
    commands: Sequence[Sequence[str]]
    runs: int
    prepare: Callable[[], None] | None = None
    warmup: bool = True


@dataclass
class Bench:
    """What a benchmark function gets: options, and where to put its figures."""

    sizes: list[int]
    repeat: int
    warmup: bool = True
    #: Runs per figure at N >= BIG (a single run there also skips the warm-up).
    big_repeat: int = BIG_REPEAT
    #: Commands the `commands` benchmark runs (None: all of them).
    commands: list[str] | None = None
    timings: dict[str, Timing] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    targets: list[tuple[str, bool]] = field(default_factory=list)

    def time(
        self,
        label: str,
        commands: Sequence[Sequence[str]],
        repeat: int | None = None,
        show: bool = True,
        prepare: Callable[[], None] | None = None,
        warmup: bool | None = None,
    ) -> Timing:
        """Median over runs of the total time of `commands` run one after another.

        Peak memory is the largest of the commands' peaks, median over runs.
        `prepare` runs, untimed, before each run (e.g. to remove what the
        last run wrote).
        """
        warm = self.warmup if warmup is None else warmup
        job = Job(label, commands, repeat or self.repeat, prepare, warm)
        (timing,) = self.time_interleaved([job])
        if show:
            self.show(timing)
        return timing

    def time_interleaved(self, jobs: Sequence[Job]) -> list[Timing]:
        """Each job's `Timing`, its runs spread over rounds of one run of every job.

        The machine's speed drifts over a long run (a neighbour's load, the
        CPU's clock): measured one figure after another, a ratio or a slope
        between two figures taken minutes apart carries that drift, and at
        N = 100,000 the figures are tens of minutes apart. Interleaved, the
        drift falls on every figure alike. Each job is warmed up once first.
        """
        for job in jobs:
            if job.warmup:  # file cache, .pyc files
                self._run(job)
        totals: list[list[float]] = [[] for _ in jobs]
        peaks: list[list[int]] = [[] for _ in jobs]
        codes = [0] * len(jobs)
        rounds = max((job.runs for job in jobs), default=0)
        for round_ in range(rounds):
            if len(jobs) > 1:
                print(f"  ... round {round_ + 1} of {rounds}", file=sys.stderr, flush=True)
            for i, job in enumerate(jobs):
                if round_ < job.runs:
                    total, peak, code = self._run(job)
                    totals[i].append(total)
                    peaks[i].append(peak)
                    codes[i] = max(codes[i], code)
        timings = []
        for job, seconds, rss, code in zip(jobs, totals, peaks, codes, strict=True):
            median = statistics.median(seconds)
            timing = Timing(
                job.label,
                median,
                int(statistics.median(rss)),
                job.runs,
                code,
                (max(seconds) - min(seconds)) / median if median else 0.0,
            )
            self.timings[job.label] = timing
            timings.append(timing)
        return timings

    @staticmethod
    def _run(job: Job) -> tuple[float, int, int]:
        """(seconds, peak RSS, exit code) of one run of the job's commands."""
        total, peak, code = 0.0, 0, 0
        for argv in job.commands:
            if job.prepare is not None:
                job.prepare()
            seconds, rss, rc = run_once(argv)
            total += seconds
            peak = max(peak, rss)
            code = max(code, rc)
        return total, peak, code

    def show(self, t: Timing, note: str = "") -> None:
        exit_note = f"  (exit {t.returncode})" if t.returncode else ""
        self.row(
            t.label,
            f"{t.seconds * 1000:10.1f} ms  {t.rss_mib:8.1f} MiB  "
            f"±{t.spread * 50:3.0f}%  n={t.runs}{exit_note}{note}",
        )

    def against(self, ours: Timing, ref: Timing, limit: float | None) -> None:
        """`ours` with its ratio to `ref`, and the target `ratio <= limit` if any."""
        ratio = ours.seconds / ref.seconds if ref.seconds else float("inf")
        exit_note = f" exit {ours.returncode}" if ours.returncode else ""
        text = (
            f"{ours.seconds * 1000:10.1f} ms  {ours.rss_mib:8.1f} MiB  "
            f"±{ours.spread * 50:3.0f}%  n={ours.runs}{exit_note}   {ratio:6.2f} x"
        )
        if limit is None:
            self.row(ours.label, text)
            return
        ok = ratio <= limit
        self.targets.append((f"{ours.label} / {ref.label}", ok))
        self.row(ours.label, f"{text}  target <= {limit:g} x  {_verdict(ok)}")

    def row(self, label: str, text: str) -> None:
        line = f"  {label:<46} {text}"
        self.lines.append(line)
        print(line, flush=True)

    def section(self, title: str) -> None:
        print(f"\n{title}", flush=True)
        self.lines.append(title)

    def target(
        self, label: str, value: float, limit: float, unit: str = "x", strict: bool = False
    ) -> bool:
        """A target `value <= limit` (`<` if strict), printed with PASS or FAIL."""
        ok = value < limit if strict else value <= limit
        self.targets.append((label, ok))
        sign = "<" if strict else "<="
        self.row(label, f"{value:10.2f} {unit:<3} target {sign} {limit:g} {unit}  {_verdict(ok)}")
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


def _generated(name: str, n: int, *options: str) -> Path:
    """The synthetic folder made by `generate.py OUT n *options`, generated once and cached.

    The cache is keyed on the generator's source and the options, so
    changing generate.py regenerates it.
    """
    source = (HERE / "generate.py").read_bytes() + " ".join(options).encode()
    stamp = hashlib.sha256(source).hexdigest()[:12]
    folder = CACHE / f"{name}{n}"
    mark = folder / ".generated"
    if mark.is_file() and mark.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    # in a subprocess: the 100,000-action plan is built in memory, and this
    # process should stay small
    subprocess.run([PYTHON, str(HERE / "generate.py"), str(folder), str(n), *options], check=True)
    mark.write_text(stamp)
    return folder


def dataset(n: int) -> Path:
    """The synthetic data folder with n actions and the plan's year-end review."""
    return _generated("n", n)


def diff_dataset(n: int, change: float = 0.1) -> Path:
    """Two synthetic years (2026, 2027) with n actions, a fraction changed."""
    return _generated("diff-n", n, "--change", str(change))


def progress_dataset(n: int) -> Path:
    """dataset(n) with the plan's four quarterly reviews."""
    return _generated("progress-n", n, "--reviews", "4")


def yaml_files(folder: Path) -> list[Path]:
    """Every data file of a folder: what a command that reads it all reads."""
    return sorted(p for p in folder.rglob("*.yaml") if not p.name.startswith("."))


#: The reference: libyaml's own load (`CSafeLoader`) of the same files with
#: the cyclic garbage collector off. With the collector on, the load spends
#: most of its time at large N rescanning the tree it is building (3.7x
#: slower at N = 10,000, and superlinear), a floor too low to mean anything.
_LOAD = (
    "import gc, sys, yaml\n"
    "gc.disable()\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as f: yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


#: `roadmap build` with its two text formats, Markdown and HTML: `--format all`
#: adds the PDF whenever WeasyPrint is installed (the `test` extra installs
#: it), and laying out a 1,000-action plan's PDF takes minutes, which would
#: drown the figure. WeasyPrint is hidden from the build's process, so the
#: command builds what it builds without the `pdf` extra;
#: `benchmarks/pdf.py` measures the PDF.
_BUILD_TEXT = (
    "import sys\n"
    "sys.modules['weasyprint'] = None\n"
    "from roadmap.cli import main\n"
    "sys.argv[0] = 'roadmap'\n"
    "main()\n"
)


def plain_load(*paths: Path) -> list[str]:
    """The command that loads YAML files with libyaml, collector off, and nothing else."""
    return [PYTHON, "-c", _LOAD, *map(str, paths)]


#: What `roadmap validate` imports before its own code, set up as the command
#: line sets it up (no plugin scan, collector at its pace): typer, then
#: pydantic as typer uses it (each option's value goes through a TypeAdapter,
#: whose first build imports pydantic's plugin loader), then the models.
_FLOOR_PYDANTIC = (
    "import gc, os\n"
    "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
    "gc.set_threshold(100_000, 10, 10)\n"
    "import typer, pydantic\n"
    "pydantic.TypeAdapter(int)\n"
)
_FLOOR_MODELS = _FLOOR_PYDANTIC + "import roadmap.models, roadmap.progress.models\n"


# --- the benchmarks ---------------------------------------------------------------


@benchmark("startup")
def startup(bench: Bench) -> None:
    bench.section("Start-up (against python -c 'import typer', the floor of any typer CLI)")
    files = yaml_files(DEFAULT_DATA)
    mib = sum(f.stat().st_size for f in files) / 2**20
    # a tenth of a second each, a few milliseconds apart: four times the
    # runs of the other figures, interleaved, so the medians hold
    figures = [
        ("python -c pass", [PYTHON, "-c", "pass"]),
        ('python -c "import typer"', [PYTHON, "-c", "import typer"]),
        ("roadmap --help", [ROADMAP, "--help"]),
        (
            f"roadmap validate, shipped data ({len(files)} files, {mib * 1024:.0f} KiB)",
            [ROADMAP, "validate", "--data", str(DEFAULT_DATA)],
        ),
        # what validate cannot start without, shown against the same floor
        ("  of which: import typer, pydantic", [PYTHON, "-c", _FLOOR_PYDANTIC]),
        ("  of which: ... and the models", [PYTHON, "-c", _FLOOR_MODELS]),
    ]
    runs = bench.repeat * STARTUP_RUNS_FACTOR
    jobs = [Job(label, [argv], runs, warmup=bench.warmup) for label, argv in figures]
    bare, typer, helps, ours, *floors = bench.time_interleaved(jobs)
    bench.show(bare)
    bench.show(typer)
    bench.against(helps, typer, 1.2)
    bench.against(ours, typer, 2.0)
    for floor in floors:
        bench.against(floor, typer, None)
    commands = []
    for f in files:
        name = "plan" if f.parent.name == "plans" else f.stem
        schema = SCHEMAS / f"{name}.schema.json"
        if schema.is_file():
            commands.append([str(BIN / "check-jsonschema"), "--schemafile", str(schema), str(f)])
    if shutil.which("check-jsonschema", path=str(BIN)):
        theirs = bench.time(f"check-jsonschema ({len(commands)} runs, one per file)", commands)
        bench.row(
            "  roadmap validate / check-jsonschema",
            f"{ours.seconds / theirs.seconds:10.2f} x    (structure only; no target)",
        )
    else:
        bench.row("check-jsonschema", "not installed: pip install -e '.[bench]'")


#: Start-up figures get this many times `--repeat` runs.
STARTUP_RUNS_FACTOR = 4
#: What each command is held to at N = 10,000, as a multiple of the plain load.
LIMITS = {"validate": 0.5}
DEFAULT_LIMIT = 1.0
#: Peak memory allowed to every command at N = 100,000.
MAX_RSS_KIB = 1024 * 1024


def _commands(
    n: int, create: bool = True
) -> list[tuple[str, Path, list[str], Callable[[], None] | None]]:
    """(name, folder whose files it reads, argv, prepare) of each command at size n.

    `roadmap new` writes into its folder, so it runs in a copy of the
    dataset, its output removed before each run (`prepare`)."""
    folder = CACHE / f"n{n}"
    diff_folder = CACHE / f"diff-n{n}"
    new_folder = CACHE / f"new-n{n}"
    if create:
        folder, diff_folder = dataset(n), diff_dataset(n)
        mark = (folder / ".generated").read_text()
        new_mark = new_folder / ".generated"
        if not new_mark.is_file() or new_mark.read_text() != mark:
            shutil.rmtree(new_folder, ignore_errors=True)
            shutil.copytree(folder, new_folder)
    new_plan = new_folder / "plans" / "2027.yaml"
    out = CACHE / "build-out"
    data = ["--data", str(folder)]
    return [
        ("validate", folder, [ROADMAP, "validate", *data], None),
        ("check", folder, [ROADMAP, "check", "2026", *data], None),
        ("export csv", folder, [ROADMAP, "export", "2026", "-f", "csv", *data], None),
        ("export json", folder, [ROADMAP, "export", "2026", "-f", "json", *data], None),
        *(
            [("export xlsx", folder, [ROADMAP, "export", "2026", "-f", "xlsx", *data], None)]
            if HAS_OPENPYXL
            else []
        ),
        ("progress", folder, [ROADMAP, "progress", "2026", *data], None),
        (
            "new",
            folder,  # the same files as new_folder's: measured once
            [ROADMAP, "new", "2027", "--from", "2026", "--data", str(new_folder)],
            lambda: new_plan.unlink(missing_ok=True),
        ),
        (
            "diff",
            diff_folder,
            [ROADMAP, "diff", "2026", "2027", "--data", str(diff_folder), "-f", "json"],
            None,
        ),
        (
            "build",
            folder,
            [PYTHON, "-c", _BUILD_TEXT, "build", "2026", *data, "--out", str(out), "--quiet"],
            None,
        ),
    ]


@benchmark("commands")
def commands(bench: Bench) -> None:
    """Every command at every size against the plain load of the files it reads."""
    if not HAS_OPENPYXL:
        bench.row("export xlsx", "not measured: openpyxl missing, pip install -e '.[xlsx]'")
    # every figure of every size measured in the same rounds (see
    # Bench.time_interleaved): the slopes between sizes and the ratios to
    # the plain load compare figures taken side by side
    jobs: dict[tuple[int, str], Job] = {}
    plan: dict[int, list[tuple[str, tuple[int, str], float | None]]] = {}
    for n in bench.sizes:
        runs = min(bench.repeat, bench.big_repeat) if n >= BIG else bench.repeat
        # one run at N >= BIG: the plain load just read the files, and each
        # command there takes about a minute on the development machine
        warmup = bench.warmup and not (n >= BIG and bench.big_repeat == 1)
        plan[n] = []
        for name, folder, argv, prepare in _commands(n):
            if bench.commands is not None and name not in bench.commands:
                continue
            ref = (n, f"load {folder.name}")
            if ref not in jobs:
                files = yaml_files(folder)
                mib = sum(f.stat().st_size for f in files) / 2**20
                label = f"plain load, collector off ({len(files)} files, {mib:.1f} MiB)"
                jobs[ref] = Job(label, [plain_load(*files)], runs, warmup=warmup)
                plan[n].append((ref[1], ref, None))
            jobs[(n, name)] = Job(f"roadmap {name}", [argv], runs, prepare, warmup)
            plan[n].append((name, ref, LIMITS.get(name, DEFAULT_LIMIT) if n == 10_000 else None))
    timings = dict(zip(jobs, bench.time_interleaved(list(jobs.values())), strict=True))
    shutil.rmtree(CACHE / "build-out", ignore_errors=True)
    for n in bench.sizes:
        (CACHE / f"new-n{n}" / "plans" / "2027.yaml").unlink(missing_ok=True)
    per_size: dict[int, dict[str, Timing]] = {}
    for n in bench.sizes:
        got: dict[str, Timing] = {}
        bench.section(f"N={n:,} actions (plan, its year-end review, catalogues)")
        for name, ref, limit in plan[n]:
            ours = got[name] = timings[(n, name)]
            if name.startswith("load "):
                bench.show(ours)
                continue
            bench.against(ours, timings[ref], limit)
            if ours.returncode and name not in ("check",):
                bench.row(f"  {name}", f"WARNING: exit {ours.returncode} on generated data")
        per_size[n] = got
        if n >= BIG and HAS_GNU_TIME:
            bench.section(f"Peak memory at N={n:,} (max RSS of the subprocess)")
            for name, timing in got.items():
                if not name.startswith("load "):
                    bench.target(
                        f"N={n:,}: {name} peak RSS (MiB)",
                        timing.rss_kib / 1024,
                        MAX_RSS_KIB / 1024,
                        "MiB",
                        strict=True,
                    )
            if "build" in got and "validate" in got:
                bench.target(
                    f"N={n:,}: build peak RSS / validate's",
                    got["build"].rss_kib / got["validate"].rss_kib,
                    1.2,
                )
    sizes = sorted(per_size)
    if len(sizes) >= 3:
        names = [k for k in per_size[sizes[-1]] if not k.startswith("load ")]
        for name in names:
            bench.linearity(name, {n: per_size[n][name].seconds for n in sizes}, f"{name} slope ")


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


@benchmark("deepdiff")
def deepdiff(bench: Bench) -> None:
    n = 10_000 if 10_000 in bench.sizes or not bench.sizes else max(bench.sizes)
    bench.section(f"Comparison step of roadmap diff vs DeepDiff: N={n:,}, 10% changed")
    try:
        import deepdiff  # noqa: F401
    except ImportError:
        bench.row("DeepDiff", "not installed: pip install -e '.[bench]'")
        return
    out = subprocess.run(
        [PYTHON, "-c", _COMPARE, str(diff_dataset(n)), str(bench.repeat)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    mine, theirs, changes = float(out[0]), float(out[1]), int(out[2])
    bench.row(
        "comparison step: roadmap.diff.compare", f"{mine * 1000:10.1f} ms  {changes:,} changes"
    )
    bench.row("comparison step: DeepDiff(group_by='id')", f"{theirs * 1000:10.1f} ms  actions only")
    # a target `value <= limit`: ours / DeepDiff at most 1/30
    bench.target("comparison: ours / DeepDiff (<= 1/30)", mine / theirs, 1 / 30)


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
        "--big-repeat",
        type=int,
        default=BIG_REPEAT,
        help=f"runs per figure at N >= {BIG:,} (default {BIG_REPEAT}; 1 also skips the warm-up)",
    )
    parser.add_argument(
        "--only",
        type=lambda s: [x for x in s.split(",") if x],
        help=f"run only these benchmarks: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--commands",
        type=lambda s: [x for x in s.split(",") if x],
        help="run only these commands in the `commands` benchmark: "
        + ", ".join(name for name, *_ in _commands(0, create=False)),
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or ([100, 300, 1000] if args.quick else [1_000, 10_000, 100_000])
    repeat = max(1, args.repeat or (3 if args.quick else 5))
    unknown = set(args.only or ()) - set(BENCHMARKS)
    if unknown:
        parser.error(
            f"unknown benchmark {', '.join(sorted(unknown))}; known: {', '.join(BENCHMARKS)}"
        )
    bench = Bench(
        sorted(set(sizes)),
        repeat,
        warmup=not args.quick,
        big_repeat=max(1, args.big_repeat),
        commands=args.commands,
    )
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

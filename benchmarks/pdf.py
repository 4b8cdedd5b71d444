"""The PDF build of the shipped plan against its HTML build, in the same run.

    python benchmarks/pdf.py [--repeat 3] [--data data] [--lang fr]

Each build runs as a fresh `roadmap build` subprocess (start-up, validation,
view and rendering included, as a user runs it), once to warm the caches,
then `--repeat` times; the figure is the median wall-clock time. Prints the
two medians, their ratio against the target (PDF at most 5 times the HTML
build) and the PDF's pages and size. Figures, not a test: exit code 0
whatever they are (2 when the PDF extra is missing).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 5.0
ROOT = Path(__file__).resolve().parent.parent


def build(fmt: str, data: Path, out: Path, lang: str) -> float:
    command = [sys.executable, "-m", "roadmap", "build", "2026", "--data", str(data)]
    command += ["-f", fmt, "-o", str(out), "-q", "--lang", lang, "--date", "2026-01-15"]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(fmt: str, data: Path, out: Path, lang: str, repeat: int) -> list[float]:
    build(fmt, data, out, lang)  # warm-up: file cache, bytecode
    return [build(fmt, data, out, lang) for _ in range(repeat)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        print('the PDF benchmark needs the extra: pip install "roadmap[pdf]"', file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        html = measure("html", args.data, out, args.lang, args.repeat)
        pdf = measure("pdf", args.data, out, args.lang, args.repeat)
        (built,) = out.glob("*.pdf")
        info = subprocess.run(["pdfinfo", str(built)], capture_output=True, text=True, check=False)
        pages = next(
            (line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")),
            "?",
        )
        size = built.stat().st_size
    h, p = statistics.median(html), statistics.median(pdf)
    ratio = p / h
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"{'build':<8} {'median':>9} {'runs':>30}")
    for name, runs in (("html", html), ("pdf", pdf)):
        shown = " ".join(f"{r:.2f}" for r in runs)
        print(f"{name:<8} {statistics.median(runs):>8.2f}s {shown:>30}")
    print(f"pdf / html: {ratio:.1f}x (target <= {TARGET:.0f}x) {verdict}")
    print(f"pdf: {pages} pages, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Weekly review benchmark: `regulars report` against a pandas + matplotlib script.

    python3 benches/review.py [--runs 5] [--rows 1000000] [--bin PATH]

Builds the headless release CLI (as benches/import.py does), makes two shops — the demo, and the
1,000,000-line export of ../shared/bench/gen_pos.py with a member list of two thirds of its
identified customers (as benches/kpi.py) — and prints, from one run (medians of --runs each):
  - our time to build the review (HTML with every chart) inside the process, and the CLI
    `report` end to end (process start to file written);
  - the time of benches/review_pandas.py (same numbers and charts, reading the same SQLite
    file) on the same shop, and the ratio (goal: >= 20x faster for the large shop);
  - the time Python takes to `import pandas` alone (goal: our CLI end to end is faster).
pandas and matplotlib come from PyPI, in the venv benches/kpi.py uses.
Nothing here is a test: figures are printed, not asserted.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benches"))
import kpi  # noqa: E402  (the shared build, venv and member-list helpers)

PEER = os.path.join(ROOT, "benches", "review_pandas.py")


def venv_python():
    py = os.path.join(kpi.VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", kpi.VENV], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", "pandas", "matplotlib"], check=True)
    return py


def timed(cmd):
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    return wall, out.stderr


def ours(binary, shop, week, out, runs):
    builds, walls = [], []
    for _ in range(runs):
        wall, err = timed([binary, "--data-dir", shop, "report", "--week", week, "--out", out, "--timings"])
        walls.append(wall)
        builds.append(next(float(l.split("=", 1)[1]) for l in err.splitlines() if l.startswith("build_ms=")))
    return statistics.median(builds), statistics.median(walls)


def peer(py, shop, week, out, runs):
    return statistics.median(timed([py, PEER, os.path.join(shop, "regulars.sqlite"), week, out])[0] for _ in range(runs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--bin", help="a built regulars binary (default: build the headless release CLI)")
    args = ap.parse_args()
    py = venv_python()
    binary = args.bin
    if not binary:
        print("building the release CLI (headless) …", flush=True)
        subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "regulars", "--no-default-features"],
                       cwd=ROOT, env=dict(os.environ, CARGO_TARGET_DIR=kpi.HEADLESS_TARGET), check=True)
        binary = os.path.join(kpi.HEADLESS_TARGET, "release", "regulars")
    with tempfile.TemporaryDirectory(prefix="regulars-review-bench-") as tmp:
        demo = os.path.join(tmp, "demo")
        subprocess.run([binary, "--data-dir", demo, "demo"], check=True, capture_output=True)
        demo_week = subprocess.run([binary, "--data-dir", demo, "kpi", "--json"], check=True, capture_output=True,
                                   text=True).stdout
        demo_week = __import__("json").loads(demo_week)["week"]
        print("making the 1M-line shop …", flush=True)
        big = kpi.make_shop(binary, tmp, args.rows)[0]
        big_week = "2024-W52"

        out = os.path.join(tmp, "review.html")
        rows = []
        for name, shop, week in [("demo shop", demo, demo_week), (f"{args.rows:,}-line shop", big, big_week)]:
            build, wall = ours(binary, shop, week, out, args.runs)
            script = peer(py, shop, week, os.path.join(tmp, "peer.html"), args.runs)
            rows.append((name, week, build, wall, script))
        pandas_import = statistics.median(timed([py, "-c", "import pandas"])[0] for _ in range(args.runs))

        print(f"\nmedians of {args.runs} runs")
        for name, week, build, wall, script in rows:
            print(f"{name:>18} {week}: ours {build:7.1f} ms to build ({wall * 1000:6.1f} ms CLI end to end)"
                  f"   pandas+matplotlib {script * 1000:8.1f} ms   ours faster by {script / (wall):5.1f}x end to end,"
                  f" {script * 1000 / build:6.1f}x build (goal >= 20x for the large shop)")
        print(f"`import pandas` alone: {pandas_import * 1000:.1f} ms; our CLI report end to end on the large shop:"
              f" {rows[-1][3] * 1000:.1f} ms (goal: faster than the import)")


if __name__ == "__main__":
    main()

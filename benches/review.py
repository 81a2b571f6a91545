#!/usr/bin/env python3
"""Weekly review benchmark: `regulars report` against a pandas + matplotlib script.

    python3 benches/review.py [--runs 5] [--rows 1000000] [--bin PATH]

Builds the headless release CLI (benches/common.py), makes three shops — the demo, the
1,000,000-line export of ../shared/bench/gen_pos.py with a member list of two thirds of its
identified customers (as benches/kpi.py), and the same export with no members (every customer
is one the review lists as "not a member yet") — and prints, from one run (medians of --runs each):
  - our time to build the review (HTML with every chart) inside the process, and the CLI
    `report` end to end (process start to file written);
  - the time of benches/review_pandas.py (same numbers and charts, reading the same SQLite
    file) on the same shop, and the ratio (goal: >= 20x faster for the large shop);
  - the time Python takes to `import pandas` alone (goal: our CLI end to end is faster).
pandas and matplotlib come from PyPI, in the benchmarks' venv.
Nothing here is a test: figures are printed, not asserted.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import LAST_WEEK, ROOT, build_headless, demo_shop, make_shop, med, stderr_figure, venv_python  # noqa: E402

PEER = os.path.join(ROOT, "benches", "review_pandas.py")


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
        builds.append(stderr_figure(err, "build_ms"))
    return med(builds), med(walls)


def peer(py, shop, week, out, runs):
    return med(timed([py, PEER, os.path.join(shop, "regulars.sqlite"), week, out])[0] for _ in range(runs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--bin", help="a built regulars binary (default: build the headless release CLI)")
    args = ap.parse_args()
    py = venv_python("pandas", "matplotlib")
    binary = args.bin or build_headless()
    with tempfile.TemporaryDirectory(prefix="regulars-review-bench-") as tmp:
        demo, demo_week = demo_shop(binary, tmp)
        print("making the 1M-line shops …", flush=True)
        big = make_shop(binary, tmp, args.rows)[0]
        bare = make_shop(binary, tmp, args.rows, members=False)[0]

        out = os.path.join(tmp, "review.html")
        rows = []
        for name, shop, week in [("demo shop", demo, demo_week), (f"{args.rows:,}-line shop", big, LAST_WEEK),
                                 ("same, no members", bare, LAST_WEEK)]:
            build, wall = ours(binary, shop, week, out, args.runs)
            script = peer(py, shop, week, os.path.join(tmp, "peer.html"), args.runs)
            rows.append((name, week, build, wall, script))
        pandas_import = med(timed([py, "-c", "import pandas"])[0] for _ in range(args.runs))

        print(f"\nmedians of {args.runs} runs")
        for name, week, build, wall, script in rows:
            print(f"{name:>18} {week}: ours {build:7.1f} ms to build ({wall * 1000:6.1f} ms CLI end to end)"
                  f"   pandas+matplotlib {script * 1000:8.1f} ms   ours faster by {script / (wall):5.1f}x end to end,"
                  f" {script * 1000 / build:6.1f}x build (goal >= 20x for the large shop)")
        print(f"`import pandas` alone: {pandas_import * 1000:.1f} ms; our CLI report end to end on the large shop:"
              f" {rows[1][3] * 1000:.1f} ms (goal: faster than the import)")


if __name__ == "__main__":
    main()

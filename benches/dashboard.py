#!/usr/bin/env python3
"""Dashboard benchmark: the dashboard built in-process next to every KPI of the same week, and
the time to the dashboard's cards in the real window, for the demo shop and the big shop.

    python3 benches/dashboard.py [--runs 5] [--rows 1000000] [--no-window]

Builds the headless release CLI and the release app (benches/common.py), makes the demo shop and
the 1,000,000-line shop of ../shared/bench/gen_pos.py with and without its member list (as
benches/kpi.py), then prints from one run (medians of --runs each):
  - `regulars dashboard --week W --timings` (every card, the five charts, the action lists,
    including the customers who are not members yet) against `regulars kpi --week W --timings`
    (every KPI of that week), both in-process -> ratio (goal <= 3x). The dashboard is built twice
    in the process: the second build is what the window pays for each week the owner picks; the
    first also waits for the phone metadata (phonenumber checks every region's patterns when it
    first loads them, ~150 ms; the window loads it on a thread at start);
  - `regulars members list --sort last-visit --first 200 --timings` (every current member sorted
    by last visit, visits and spend of the last 12 weeks and stage, the first 200 read whole, as the
    members page asks for them; built twice, the second is what the window pays for each search or
    sort) against the same every-KPI figure -> ratio (goal <= 3x); also for a 5,000-member shop
    (the same sales, every identified customer a member and the rest members who never bought),
    where the whole list read whole (no --first, as the CLI prints it) is printed beside it;
  - process start to the dashboard's KPI cards in the DOM of the real window (Xvfb and
    WebKitWebDriver; includes ~0.4 s of WebDriver set-up), each shop opened --runs times after one
    warm-up open (the day's first open makes the daily backup) -> the big shop against the demo
    (goal <= 1.5x: start-up flat in the data's size).
Nothing here is a test: figures are printed, not asserted.
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (LAST_WEEK, Window, build_app, build_headless, demo_shop, make_shop, med,  # noqa: E402
                    stderr_figure)

CARDS = "[data-testid^=kpi-card-]"
MANY = 5_000


def in_process(binary, shop, command, week, figures, runs):
    """Medians of the `--timings` figures of `runs` runs of `regulars … command --week week`."""
    values = {f: [] for f in figures}
    for _ in range(runs):
        out = subprocess.run([binary, "--data-dir", shop, command, "--week", week, "--timings"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"{command} failed on {shop}: {out.stderr}")
        for f in figures:
            values[f].append(stderr_figure(out.stderr, f))
    return [med(values[f]) for f in figures]


PAGE = 200  # the members page's rows at a time (ui/src/features/members/page.tsx)


def members_list(binary, shop, runs, first=PAGE):
    """Median `table_ms` of `regulars members list --sort last-visit [--first N] --timings`, and
    how many members it listed."""
    values, count = [], 0
    page = ["--first", str(first)] if first else []
    for _ in range(runs):
        out = subprocess.run([binary, "--data-dir", shop, "members", "list", "--sort", "last-visit", *page,
                              "--timings"], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"members list failed on {shop}: {out.stderr}")
        values.append(stderr_figure(out.stderr, "table_ms"))
        count = max(0, len(out.stdout.strip().splitlines()) - 1)
    return med(values), count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--no-window", action="store_true", help="only the in-process figures")
    args = ap.parse_args()
    binary = build_headless()
    app = None if args.no_window else build_app()
    with tempfile.TemporaryDirectory(prefix="regulars-dashboard-bench-") as tmp:
        demo, demo_week = demo_shop(binary, tmp)
        print("making the 1M-line shops …", flush=True)
        big = make_shop(binary, tmp, args.rows)[0]
        bare = make_shop(binary, tmp, args.rows, members=False)[0]
        many = make_shop(binary, tmp, args.rows, total=MANY)[0]
        shops = [("demo shop", demo, demo_week), (f"{args.rows:,}-line shop", big, LAST_WEEK),
                 ("same, no members", bare, LAST_WEEK)]

        print(f"\nin-process, medians of {args.runs} runs")
        for name, shop, week in shops:
            first, again = in_process(binary, shop, "dashboard", week, ["build_ms", "again_ms"], args.runs)
            (kpis,) = in_process(binary, shop, "kpi", week, ["compute_ms"], args.runs)
            print(f"{name:>18} {week}: dashboard {again:6.1f} ms   every KPI of the week {kpis:5.1f} ms"
                  f"   ratio {again / kpis:5.2f}x (goal <= 3x);   the process's first build {first:6.1f} ms"
                  f" = {first / kpis:5.1f}x (it loads the phone metadata)")
            table, listed = members_list(binary, shop, args.runs)
            print(f"{'':>18} {'':>8}  members list (first {listed:,} rows, by last visit) {table:6.1f} ms"
                  f"   ratio {table / kpis:5.2f}x every KPI of the week (goal <= 3x)")
        (kpis,) = in_process(binary, many, "kpi", LAST_WEEK, ["compute_ms"], args.runs)
        table, listed = members_list(binary, many, args.runs)
        whole, every = members_list(binary, many, args.runs, first=None)
        print(f"{f'{MANY:,}-member shop':>18} {LAST_WEEK}: members list ({every:,} members sorted by last visit,"
              f" the first {listed:,} rows) {table:6.1f} ms   every KPI of the week {kpis:5.1f} ms"
              f"   ratio {table / kpis:5.2f}x (goal <= 3x);   all {every:,} rows read whole {whole:6.1f} ms"
              f" = {whole / kpis:4.2f}x")
        if app is None:
            return
        window, first = {}, {}
        with Window() as w:
            for name, shop, _ in shops:
                first[name] = w.open(app, shop, CARDS)
                window[name] = [w.open(app, shop, CARDS) for _ in range(args.runs)]
        print(f"\nprocess start to the dashboard's cards in the window, medians of {args.runs} runs")
        base = med(window["demo shop"])
        for name, _, _ in shops:
            t = med(window[name])
            print(f"{name:>18}: {t:5.2f} s  (runs {', '.join('%.2f' % x for x in sorted(window[name]))})"
                  f"   {t / base:4.2f}x the demo (goal <= 1.5x);  the day's first open {first[name]:5.2f} s")


if __name__ == "__main__":
    main()

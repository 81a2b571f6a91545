#!/usr/bin/env python3
"""Import benchmark: our `regulars import` against the sqlite3 CLI's `.import`.

    python3 benches/import.py [--runs 5] [--rows 1000000]

Generates the POS export with ../shared/bench/gen_pos.py into a temp dir,
builds the release CLI, then prints from one run (medians of --runs each):
  - our import's lines/s into the real schema (parsing, dedupe keys, phones,
    member matching, one transaction) and the sqlite3 CLI's rows/s for
    `.import` into a typed WAL table, and the ratio (goal >= 1.4);
  - our peak RSS for the 100k-line and the full file (goal <= 64 MiB, flat);
  - importing an export that overlaps the first (the same lines plus one new
    week) into the shop that holds the first, as a ratio of the first
    import's time (goal <= 0.6).
Nothing here is a test: figures are printed, not asserted.
"""
import argparse
import csv
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_pos.py")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/regulars-target"))
# The CLI as automation runs it: the same code built without the window (`--no-default-features`),
# in its own target dir so that it does not rebuild the app's. The app's binary (with Tauri,
# WebKitGTK and GTK linked in) is measured for RSS too: its libraries alone take ~45 MiB.
HEADLESS_TARGET = os.path.join(TARGET, "headless")
BIN = os.path.join(HEADLESS_TARGET, "release", "regulars")
GUI_BIN = os.path.join(TARGET, "release", "regulars")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, env=None):
    """Wall seconds and peak RSS (KiB) of one command, via /usr/bin/time."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    rss = int(out.stderr.strip().splitlines()[-1])
    return elapsed, rss, out.stdout


def fresh_shop(tmp, name):
    d = os.path.join(tmp, name)
    shutil.rmtree(d, ignore_errors=True)
    # gen_pos.py's phones are Australian mobiles.
    sh([BIN, "--data-dir", d, "settings", "--shop-name", "Bench", "--phone-region", "AU", "--currency", "AUD",
        "--time-zone", "Australia/Sydney"], capture_output=True)
    return d


def ours(tmp, csv_path, runs, binary=None):
    times, rsses, lines = [], [], 0
    for i in range(runs):
        d = fresh_shop(tmp, f"ours-{i}")
        t, rss, out = timed([binary or BIN, "--data-dir", d, "import", csv_path, "--auto-map", "--json"])
        times.append(t)
        rsses.append(rss)
        lines = int(__import__("json").loads(out)["lines_new"])
    return statistics.median(times), max(rsses), lines


def sqlite_cli(tmp, csv_path, runs):
    times = []
    schema = """PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
CREATE TABLE sales(date TEXT, time TEXT, receipt_id TEXT, item_name TEXT, category TEXT, quantity INTEGER,
  unit_price REAL, gross REAL, discount REAL, net REAL, customer_phone TEXT, customer_name TEXT);"""
    for i in range(runs):
        db = os.path.join(tmp, f"peer-{i}.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        sh(["sqlite3", db, schema], capture_output=True)
        start = time.perf_counter()
        sh(["sqlite3", db, "-cmd", "PRAGMA synchronous=NORMAL;", f".import --csv --skip 1 {csv_path} sales"], capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def overlap_file(src, dst):
    """The same lines plus one new week: the last week's receipts again, seven days later."""
    with open(src, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    last = max(dt.date.fromisoformat(r[0]) for r in body)
    week = [r for r in body if dt.date.fromisoformat(r[0]) > last - dt.timedelta(days=7)]
    extra = []
    for r in week:
        r = list(r)
        r[0] = (dt.date.fromisoformat(r[0]) + dt.timedelta(days=7)).isoformat()
        r[2] = r[2] + "-next"
        extra.append(r)
    with open(dst, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(body + extra)
    return len(extra)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    if not shutil.which("sqlite3"):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        sh(sudo + ["apt-get", "install", "-y", "-qq", "sqlite3"])
    print("building the release CLI (headless) and the app …", flush=True)
    sh(["cargo", "build", "--release", "--locked", "--bin", "regulars", "--no-default-features"], cwd=ROOT,
       env=dict(os.environ, CARGO_TARGET_DIR=HEADLESS_TARGET))
    # The same features as `npx tauri build`, so the two share one release build.
    sh(["cargo", "build", "--release", "--locked", "--bin", "regulars", "--features", "tauri/custom-protocol"], cwd=ROOT,
       env=dict(os.environ, CARGO_TARGET_DIR=TARGET))
    with tempfile.TemporaryDirectory(prefix="regulars-bench-") as tmp:
        big = os.path.join(tmp, "pos_1m.csv")
        small = os.path.join(tmp, "pos_100k.csv")
        sh([sys.executable, GEN, str(args.rows), big])
        sh([sys.executable, GEN, str(args.rows // 10), small, "--scale", "0.1"])
        t_ours, rss_big, lines = ours(tmp, big, args.runs)
        t_peer = sqlite_cli(tmp, big, args.runs)
        _, rss_small, _ = ours(tmp, small, 1)
        _, gui_small, _ = ours(tmp, small, 1, GUI_BIN)
        _, gui_big, _ = ours(tmp, big, 1, GUI_BIN)
        print(f"\nrows: {args.rows:,}; medians of {args.runs} runs")
        print(f"ours (regulars import):     {t_ours:7.2f} s  {lines / t_ours:12,.0f} lines/s  peak RSS {rss_big / 1024:.1f} MiB")
        print(f"sqlite3 CLI .import (WAL):  {t_peer:7.2f} s  {args.rows / t_peer:12,.0f} rows/s")
        print(f"ratio ours/sqlite3 rows/s:  {(lines / t_ours) / (args.rows / t_peer):.2f}x   (goal >= 1.4)")
        print(f"peak RSS 100k vs full:      {rss_small / 1024:.1f} MiB vs {rss_big / 1024:.1f} MiB   (goal <= 64 MiB, flat)")
        print(f"  the app's binary:         {gui_small / 1024:.1f} MiB vs {gui_big / 1024:.1f} MiB   (GTK/WebKit libraries loaded)")
        over = os.path.join(tmp, "pos_overlap.csv")
        extra = overlap_file(big, over)
        times = []
        for i in range(args.runs):
            d = fresh_shop(tmp, f"overlap-{i}")
            sh([BIN, "--data-dir", d, "import", big, "--auto-map"], capture_output=True)
            t, _, out = timed([BIN, "--data-dir", d, "import", over, "--auto-map", "--json"])
            times.append(t)
        t_over = statistics.median(times)
        print(f"overlapping export (+{extra:,} new lines): {t_over:.2f} s = {t_over / t_ours:.2f}x the first import   (goal <= 0.6)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Import benchmark: our `regulars import` against the sqlite3 CLI's `.import`.

    python3 benches/import.py [--runs 5] [--rows 1000000]

Generates the POS export with ../shared/bench/gen_pos.py into a temp dir,
builds the release CLI and the app (its UI first), then prints from one run (medians of --runs each):
  - our import's lines/s into the real schema (parsing, dedupe keys, phones,
    member matching, one transaction) and the sqlite3 CLI's rows/s for
    `.import` into a typed WAL table, and the ratio (goal >= 1.4);
  - our peak RSS for the 100k-line and the full file (goal <= 64 MiB, flat);
  - importing an export that overlaps the first (the same lines plus one new
    week) into the shop that holds the first, as a ratio of the first
    import's time (goal <= 0.6);
  - the same first import into a shop with 100 tombstones (100 of the file's own customers added
    as members and forgotten, so the import meets them all and pays the slow hash for each), next
    to the sqlite3 figure (goal >= 1.4 either way).
Nothing here is a test: figures are printed, not asserted.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (build_app, build_headless, ensure_apt, fresh_shop, generate, med, next_week, sh,  # noqa: E402
                    timed, write_csv)


def ours(binary, tmp, csv_path, runs):
    """(median seconds, peak RSS, lines) of our import into fresh shops."""
    times, rsses, lines = [], [], 0
    for i in range(runs):
        t, rss, lines = our_run(binary, tmp, csv_path, i)
        times.append(t)
        rsses.append(rss)
    return med(times), max(rsses), lines


def our_run(binary, tmp, csv_path, i):
    d = fresh_shop(binary, tmp, f"ours-{i}")
    t, rss, out, _ = timed([binary, "--data-dir", d, "import", csv_path, "--auto-map", "--json"])
    return t, rss, int(json.loads(out)["lines_new"])


def side_by_side(binary, tmp, csv_path, runs):
    """Our import and the sqlite3 CLI's in turn, run by run, so that what else the machine does
    (a build's files still being written out, another process) weighs on both alike: (our median,
    our peak RSS, lines, the peer's median)."""
    ours_t, peer_t, rsses, lines = [], [], [], 0
    for i in range(runs):
        t, rss, lines = our_run(binary, tmp, csv_path, i)
        ours_t.append(t)
        rsses.append(rss)
        peer_t.append(sqlite_run(tmp, csv_path, i))
    return med(ours_t), max(rsses), lines, med(peer_t)


def forgotten_shop(binary, tmp, name, phones, wanted=100):
    """A fresh shop where `wanted` people of `phones` were members and were forgotten (the
    export's numbers that are not valid phones are skipped: a member's phone must be)."""
    d = fresh_shop(binary, tmp, name)
    added = 0
    for i, phone in enumerate(phones):
        done = subprocess.run([binary, "--data-dir", d, "members", "add", "--name", f"Gone {i}", "--phone", phone],
                              capture_output=True)
        added += done.returncode == 0
        if added == wanted:
            break
    listed = json.loads(sh([binary, "--data-dir", d, "members", "list", "--json", "--all"], capture_output=True).stdout)
    for m in listed:
        sh([binary, "--data-dir", d, "members", "forget", str(m["id"])], capture_output=True)
    return d, added


def first_phones(csv_path, n):
    """The first `n` distinct customer phones of the export."""
    import csv
    seen = []
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            phone = row.get("customer_phone")
            if phone and phone not in seen:
                seen.append(phone)
                if len(seen) == n:
                    break
    return seen


def sqlite_run(tmp, csv_path, i):
    """Seconds of the sqlite3 CLI's `.import` of the file into a typed WAL table."""
    schema = """PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
CREATE TABLE sales(date TEXT, time TEXT, receipt_id TEXT, item_name TEXT, category TEXT, quantity INTEGER,
  unit_price REAL, gross REAL, discount REAL, net REAL, customer_phone TEXT, customer_name TEXT);"""
    db = os.path.join(tmp, f"peer-{i}.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    sh(["sqlite3", db, schema], capture_output=True)
    os.sync()
    start = time.perf_counter()
    sh(["sqlite3", db, "-cmd", "PRAGMA synchronous=NORMAL;", f".import --csv --skip 1 {csv_path} sales"], capture_output=True)
    return time.perf_counter() - start


def overlap_file(src, dst):
    """The same lines plus one new week: the last week's receipts again, seven days later."""
    header, body, extra, _ = next_week(src)
    write_csv(dst, header, body + extra)
    return len(extra)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    ensure_apt("sqlite3")
    binary = build_headless()
    # The app's binary (with Tauri, WebKitGTK and GTK linked in) is measured for RSS too: its
    # libraries alone take ~45 MiB.
    gui = build_app()
    with tempfile.TemporaryDirectory(prefix="regulars-bench-") as tmp:
        big = os.path.join(tmp, "pos_1m.csv")
        small = os.path.join(tmp, "pos_100k.csv")
        generate(args.rows, big)
        generate(args.rows // 10, small, scale=0.1)
        t_ours, rss_big, lines, t_peer = side_by_side(binary, tmp, big, args.runs)
        _, rss_small, _ = ours(binary, tmp, small, 1)
        _, gui_small, _ = ours(gui, tmp, small, 1)
        _, gui_big, _ = ours(gui, tmp, big, 1)
        print(f"\nrows: {args.rows:,}; medians of {args.runs} runs, ours and sqlite3's in turn")
        print(f"ours (regulars import):     {t_ours:7.2f} s  {lines / t_ours:12,.0f} lines/s  peak RSS {rss_big / 1024:.1f} MiB")
        print(f"sqlite3 CLI .import (WAL):  {t_peer:7.2f} s  {args.rows / t_peer:12,.0f} rows/s")
        print(f"ratio ours/sqlite3 rows/s:  {(lines / t_ours) / (args.rows / t_peer):.2f}x   (goal >= 1.4)")
        print(f"peak RSS 100k vs full:      {rss_small / 1024:.1f} MiB vs {rss_big / 1024:.1f} MiB   (goal <= 64 MiB, flat)")
        print(f"  the app's binary:         {gui_small / 1024:.1f} MiB vs {gui_big / 1024:.1f} MiB   (GTK/WebKit libraries loaded)")
        over = os.path.join(tmp, "pos_overlap.csv")
        extra = overlap_file(big, over)
        times = []
        for i in range(args.runs):
            d = fresh_shop(binary, tmp, f"overlap-{i}")
            sh([binary, "--data-dir", d, "import", big, "--auto-map"], capture_output=True)
            t, _, _, _ = timed([binary, "--data-dir", d, "import", over, "--auto-map", "--json"])
            times.append(t)
        t_over = med(times)
        print(f"overlapping export (+{extra:,} new lines): {t_over:.2f} s = {t_over / t_ours:.2f}x the first import   (goal <= 0.6)")
        phones = first_phones(big, 400)
        times, kept, forgotten = [], 0, 0
        for i in range(args.runs):
            d, forgotten = forgotten_shop(binary, tmp, f"tombs-{i}", phones)
            t, _, out, _ = timed([binary, "--data-dir", d, "import", big, "--auto-map", "--json"])
            times.append(t)
            kept = int(json.loads(out)["lines_new"])
        t_tombs = med(times)
        print(f"with {forgotten} people forgotten (in the file; tombstones of each form): {t_tombs:7.2f} s  {kept / t_tombs:12,.0f} lines/s"
              f"   ratio {(kept / t_tombs) / (args.rows / t_peer):.2f}x sqlite3 (goal >= 1.4);"
              f"  none: {(lines / t_ours) / (args.rows / t_peer):.2f}x")


if __name__ == "__main__":
    main()

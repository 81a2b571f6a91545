#!/usr/bin/env python3
"""KPI benchmark: our metrics (from the rollups the imports keep) against DuckDB's native queries.

    python3 benches/kpi.py [--runs 5] [--rows 1000000] [--bin PATH]

Builds the headless release CLI (as benches/import.py does), generates the 1,000,000-line export
with ../shared/bench/gen_pos.py into a temp dir, makes a member list of two thirds of its
identified customers (join dates spread over the three years), imports both into a fresh shop,
loads the same CSV and member list into DuckDB (pip, in a venv this script makes; loading is not
timed), then prints from one run (medians of --runs each):
  - every KPI of every week: ours (time inside the process: load from the store and compute, and
    the whole process) vs DuckDB (queries only) -> ratio (goal <= 0.5);
  - one week: ours vs DuckDB -> ratio (goal <= 0.7);
  - one more week of sales imported: the import's time and the new week's KPIs' time (the import
    adds its days' deltas to the rollups; no other week is recomputed);
  - whether our numbers equal DuckDB's, key by key, for every week.
Nothing here is a test: figures are printed, not asserted.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (MID_WEEK, ROOT, build_headless, make_shop, med, reexec_in_venv, sh, stderr_figure,  # noqa: E402
                    next_week, write_csv)

SQL = os.path.join(ROOT, "benches", "kpi_duckdb.sql")


def ours(binary, data_dir, args):
    """(in-process ms, wall s, parsed stdout) of one `regulars … kpi` run."""
    start = time.perf_counter()
    out = subprocess.run([binary, "--data-dir", data_dir, "kpi", "--json", "--timings"] + args,
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"kpi failed: {out.stderr}")
    return stderr_figure(out.stderr, "compute_ms"), wall, json.loads(out.stdout)


def duckdb_kpis(con, weeks_filter):
    """Every KPI of the weeks `weeks_filter` selects ('' = all), from the loaded tables."""
    sql = open(SQL).read().replace("/*WEEKS*/", weeks_filter)
    start = time.perf_counter()
    rows = con.execute(sql).fetchall()
    elapsed = time.perf_counter() - start
    cols = [d[0] for d in con.description]
    return elapsed, {r[cols.index("week")]: dict(zip(cols, r)) for r in rows}


def compare(our_weeks, duck):
    mismatches, compared = [], 0
    for w in our_weeks:
        d = duck.get(w["week"])
        if d is None:
            mismatches.append((w["week"], "(week)", "present", "missing"))
            continue
        for key, v in w.items():
            if key in ("week", "start", "end"):
                continue
            dv = d.get(key, "absent")
            compared += 1
            if dv is None or v is None:
                same = dv is None and v is None
            elif isinstance(v, float) or isinstance(dv, float):
                same = abs(float(v) - float(dv)) <= 1e-9
            else:
                same = int(v) == int(dv)
            if not same:
                mismatches.append((w["week"], key, v, dv))
    return compared, mismatches


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--bin", help="a built regulars binary (default: build the headless release CLI)")
    args = ap.parse_args()
    reexec_in_venv("duckdb")
    import duckdb

    binary = args.bin or build_headless()
    with tempfile.TemporaryDirectory(prefix="regulars-kpi-bench-") as tmp:
        print("importing the export and the member list into our shop …", flush=True)
        shop, pos, members, n_members = make_shop(binary, tmp, args.rows)

        con = duckdb.connect()
        con.execute(f"""CREATE TABLE lines AS SELECT * FROM read_csv('{pos}', header = true,
            columns = {{'date': 'DATE', 'time': 'TIME', 'receipt_id': 'VARCHAR', 'item_name': 'VARCHAR',
                        'category': 'VARCHAR', 'quantity': 'INTEGER', 'unit_price': 'DECIMAL(12,2)',
                        'gross': 'DECIMAL(12,2)', 'discount': 'DECIMAL(12,2)', 'net': 'DECIMAL(12,2)',
                        'customer_phone': 'VARCHAR', 'customer_name': 'VARCHAR'}})""")
        con.execute(f"""CREATE TABLE members AS SELECT * FROM read_csv('{members}', header = true,
            columns = {{'name': 'VARCHAR', 'phone': 'VARCHAR', 'joined': 'DATE'}})""")

        all_ours, all_wall, all_duck = [], [], []
        week_ours, week_wall, week_duck = [], [], []
        our_weeks, duck_weeks = None, None
        for _ in range(args.runs):
            ms, wall, our_weeks = ours(binary, shop, ["--all-weeks"])
            all_ours.append(ms)
            all_wall.append(wall)
            elapsed, duck_weeks = duckdb_kpis(con, "")
            all_duck.append(elapsed * 1000)
            ms, wall, _ = ours(binary, shop, ["--week", MID_WEEK])
            week_ours.append(ms)
            week_wall.append(wall)
            elapsed, _ = duckdb_kpis(con, f"WHERE week = '{MID_WEEK}'")
            week_duck.append(elapsed * 1000)

        # One more week of sales, imported into a copy of the shop.
        extra = os.path.join(tmp, "next_week.csv")
        header, _, rows, new_week = next_week(pos)
        write_csv(extra, header, rows)
        extra_lines = len(rows)
        imports, after = [], []
        for i in range(args.runs):
            copy = os.path.join(tmp, f"shop-{i}")
            shutil.copytree(shop, copy)
            start = time.perf_counter()
            sh([binary, "--data-dir", copy, "import", extra, "--auto-map"], capture_output=True)
            imports.append(time.perf_counter() - start)
            ms, _, _ = ours(binary, copy, ["--week", new_week])
            after.append(ms)

        compared, mismatches = compare(our_weeks, duck_weeks)
        print(f"\n{args.rows:,} lines, {n_members:,} members, {len(our_weeks)} weeks; medians of {args.runs} runs")
        print(f"every KPI, every week   ours {med(all_ours):8.1f} ms in-process ({med(all_wall) * 1000:6.1f} ms process)"
              f"   DuckDB {med(all_duck):8.1f} ms   ratio {med(all_ours) / med(all_duck):.2f}x (goal <= 0.5)")
        print(f"every KPI, one week     ours {med(week_ours):8.1f} ms in-process ({med(week_wall) * 1000:6.1f} ms process)"
              f"   DuckDB {med(week_duck):8.1f} ms   ratio {med(week_ours) / med(week_duck):.2f}x (goal <= 0.7)")
        print(f"one more week ({extra_lines:,} lines) imported in {med(imports):.2f} s (rollup deltas of its 7 days only);"
              f" its KPIs then in {med(after):.1f} ms")
        print(f"ours = DuckDB, key by key: {compared - len(mismatches):,} of {compared:,} values equal"
              f" ({len(mismatches)} differ)")
        for m in mismatches[:20]:
            print(f"  MISMATCH {m[0]} {m[1]}: ours {m[2]!r} vs DuckDB {m[3]!r}")


if __name__ == "__main__":
    main()

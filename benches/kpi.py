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
import csv
import datetime as dt
import json
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
HEADLESS_TARGET = os.path.join(TARGET, "headless")
VENV = os.path.expanduser("~/.cache/regulars-bench-venv")
SQL = os.path.join(ROOT, "benches", "kpi_duckdb.sql")
ONE_WEEK = "2024-W20"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ensure_duckdb():
    """Re-runs this script in a venv that has duckdb, creating it the first time."""
    try:
        import duckdb  # noqa: F401
        return
    except ImportError:
        pass
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        sh([sys.executable, "-m", "venv", VENV])
    sh([py, "-m", "pip", "install", "-q", "duckdb"])
    os.execv(py, [py] + sys.argv)


def ours(binary, data_dir, args):
    """(in-process ms, wall s, parsed stdout) of one `regulars … kpi` run."""
    start = time.perf_counter()
    out = subprocess.run([binary, "--data-dir", data_dir, "kpi", "--json", "--timings"] + args,
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"kpi failed: {out.stderr}")
    ms = next(float(l.split("=", 1)[1]) for l in out.stderr.splitlines() if l.startswith("compute_ms="))
    return ms, wall, json.loads(out.stdout)


def member_list(csv_path, shop_db, out_path):
    """Two thirds of the identified customers, joined evenly over 2022-01-01 … 2024-12-31.

    Identified means what the app identified: phones it could normalise (gen_pos.py writes some
    numbers in ranges that are not allocated; the app keeps those as raw identities, and no
    member can have one), read back from the shop's identities as national numbers."""
    import sqlite3
    with sqlite3.connect(shop_db) as db:
        valid = {"0" + v[3:] for (v,) in db.execute("SELECT value FROM identities WHERE kind = 'phone'")
                 if v.startswith("+61")}
    first_name = {}
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            phone = row["customer_phone"]
            if phone in valid and phone not in first_name:
                first_name[phone] = row["customer_name"]
    phones = sorted(first_name)
    kept = [p for i, p in enumerate(phones) if i % 3 != 2]
    start = dt.date(2022, 1, 1)
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "phone", "joined"])
        for i, p in enumerate(kept):
            joined = start + dt.timedelta(days=i * 1096 // len(kept))
            w.writerow([first_name[p] or f"Member {i + 1}", p, joined.isoformat()])
    return len(kept)


def make_shop(binary, tmp, rows):
    """The benchmark shop: gen_pos.py's export of `rows` lines and a member list of two thirds of
    its identified customers, imported into a fresh shop. Returns (shop, export, member list,
    member count)."""
    pos = os.path.join(tmp, "pos.csv")
    members = os.path.join(tmp, "members.csv")
    sh([sys.executable, GEN, str(rows), pos], capture_output=True)
    shop = os.path.join(tmp, "shop")
    sh([binary, "--data-dir", shop, "settings", "--shop-name", "Bench", "--phone-region", "AU", "--currency",
        "AUD", "--time-zone", "Australia/Sydney"], capture_output=True)
    sh([binary, "--data-dir", shop, "import", pos, "--auto-map"], capture_output=True)
    n_members = member_list(pos, os.path.join(shop, "regulars.sqlite"), members)
    sh([binary, "--data-dir", shop, "members", "import", members], capture_output=True)
    return shop, pos, members, n_members


def next_week_file(src, dst):
    """The file's last week again, seven days later, with new receipt ids."""
    with open(src, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    last = max(dt.date.fromisoformat(r[0]) for r in body)
    week = [r for r in body if dt.date.fromisoformat(r[0]) > last - dt.timedelta(days=7)]
    with open(dst, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in week:
            r = list(r)
            r[0] = (dt.date.fromisoformat(r[0]) + dt.timedelta(days=7)).isoformat()
            r[2] = r[2] + "-next"
            w.writerow(r)
    new_last = last + dt.timedelta(days=7)
    iso = new_last.isocalendar()
    return len(week), f"{iso[0]}-W{iso[1]:02d}"


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
    ensure_duckdb()
    import duckdb

    binary = args.bin
    if not binary:
        print("building the release CLI (headless) …", flush=True)
        sh(["cargo", "build", "--release", "--locked", "--bin", "regulars", "--no-default-features"], cwd=ROOT,
           env=dict(os.environ, CARGO_TARGET_DIR=HEADLESS_TARGET))
        binary = os.path.join(HEADLESS_TARGET, "release", "regulars")
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
            ms, wall, _ = ours(binary, shop, ["--week", ONE_WEEK])
            week_ours.append(ms)
            week_wall.append(wall)
            elapsed, _ = duckdb_kpis(con, f"WHERE week = '{ONE_WEEK}'")
            week_duck.append(elapsed * 1000)

        # One more week of sales, imported into a copy of the shop.
        extra = os.path.join(tmp, "next_week.csv")
        extra_lines, new_week = next_week_file(pos, extra)
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
        med = statistics.median
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

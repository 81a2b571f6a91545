#!/usr/bin/env python3
"""Chat import benchmark: `regulars chats import` of a generated WeChat CSV export against the
sqlite3 CLI's `.import` of the same file into a typed table, and against a pandas script that
computes the same daily statistics and per-sender counts from the CSV.

    python3 benches/chats.py [--runs 5] [--messages 1000000]

Generates the export with benches/gen_chat.py (deterministic), builds the release CLI without
the window, then prints from one run (medians of --runs each, the three in turn):
  - our import's rows/s (parse, classify, match senders, aggregate, one transaction) and the
    sqlite3 CLI's rows/s, and the ratio (goal >= 1.5);
  - ours against pandas end to end (goal: >= 5x faster), with the totals of both compared;
  - our peak RSS for the 100k and the full file (goal <= 64 MiB, flat).
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
from common import build_headless, ensure_apt, med, sh, timed, venv_python  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

PANDAS = r'''
import sys, json, re
import pandas as pd
df = pd.read_csv(sys.argv[1], dtype={"StrContent": str, "Sender": str, "NickName": str})
t = pd.to_datetime(df["CreateTime"], unit="s", utc=True).dt.tz_convert("Asia/Shanghai")
df["day"] = t.dt.date
system = df["Type"] == 10000
msgs = df[~system]
per_sender = msgs.groupby(["day", "Sender"]).size()
daily = msgs.groupby("day").agg(messages=("Sender", "size"), speakers=("Sender", "nunique"))
sys_text = df.loc[system, "StrContent"].fillna("")
joins = sys_text.str.contains("加入").sum()
leaves = sys_text.str.contains("移出").sum()
checkins = msgs["StrContent"].fillna("").str.contains("打卡|签到").sum()
print(json.dumps({"messages": int(len(msgs)), "senders": int(msgs["Sender"].nunique()),
                  "days": int(len(daily)), "pairs": int(len(per_sender)),
                  "joins": int(joins), "leaves": int(leaves), "checkins": int(checkins)}))
'''


def fresh(binary, tmp, name):
    d = os.path.join(tmp, name)
    sh(["rm", "-rf", d])
    sh([binary, "--data-dir", d, "settings", "--time-zone", "Asia/Shanghai", "--phone-region", "CN"],
       capture_output=True)
    sh([binary, "--data-dir", d, "groups", "add", "--name", "Bench", "--created", "2024-01-01"],
       capture_output=True)
    return d


def ours(binary, tmp, path, i):
    d = fresh(binary, tmp, f"ours-{i}")
    t, rss, out, _ = timed([binary, "--data-dir", d, "chats", "import", path, "--group", "Bench", "--json"])
    return t, rss, json.loads(out)["report"]


def sqlite_run(tmp, path, i):
    db = os.path.join(tmp, f"peer-{i}.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    sh(["sqlite3", db, """PRAGMA journal_mode=WAL;
CREATE TABLE messages(localId INTEGER, TalkerId TEXT, Type INTEGER, SubType INTEGER, IsSender INTEGER,
  CreateTime INTEGER, Status INTEGER, StrContent TEXT, StrTime TEXT, Remark TEXT, NickName TEXT, Sender TEXT);"""],
       capture_output=True)
    os.sync()
    start = time.perf_counter()
    sh(["sqlite3", db, "-cmd", "PRAGMA synchronous=NORMAL;", f".import --csv --skip 1 {path} messages"],
       capture_output=True)
    return time.perf_counter() - start


def pandas_run(py, script, path):
    os.sync()
    start = time.perf_counter()
    out = subprocess.run([py, script, path], check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, json.loads(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--messages", type=int, default=1_000_000)
    args = ap.parse_args()
    ensure_apt("sqlite3")
    py = venv_python("pandas")
    binary = build_headless()
    with tempfile.TemporaryDirectory(prefix="regulars-bench-") as tmp:
        big = os.path.join(tmp, "chat_1m.csv")
        small = os.path.join(tmp, "chat_100k.csv")
        gen = os.path.join(HERE, "gen_chat.py")
        sh([sys.executable, gen, str(args.messages), big])
        sh([sys.executable, gen, str(args.messages // 10), small])
        script = os.path.join(tmp, "chat_pandas.py")
        with open(script, "w") as f:
            f.write(PANDAS)
        t_ours, t_sql, t_pd, rsses = [], [], [], []
        report, peer = None, None
        for i in range(args.runs):
            t, rss, report = ours(binary, tmp, big, i)
            t_ours.append(t)
            rsses.append(rss)
            t_sql.append(sqlite_run(tmp, big, i))
            t, peer = pandas_run(py, script, big)
            t_pd.append(t)
        _, rss_small, _ = ours(binary, tmp, small, "small")
        rows = args.messages
        o, s, p = med(t_ours), med(t_sql), med(t_pd)
        print(f"\nrows: {rows:,}; medians of {args.runs} runs, ours, sqlite3's and pandas' in turn")
        print(f"ours (regulars chats import): {o:7.2f} s  {rows / o:12,.0f} rows/s  peak RSS {max(rsses) / 1024:.1f} MiB")
        print(f"sqlite3 CLI .import (WAL):    {s:7.2f} s  {rows / s:12,.0f} rows/s")
        print(f"pandas daily stats:           {p:7.2f} s")
        print(f"ratio ours/sqlite3 rows/s:    {s / o:.2f}x   (goal >= 1.5)")
        print(f"pandas time / ours:           {p / o:.2f}x   (goal >= 5)")
        print(f"peak RSS 100k vs full:        {rss_small / 1024:.1f} MiB vs {max(rsses) / 1024:.1f} MiB   (goal <= 64 MiB, flat)")
        same = {k: (report[k], peer[k]) for k in ("messages", "senders", "joins", "leaves", "checkins")}
        equal = all(a == b for a, b in same.values())
        print(f"totals ours vs pandas:        {same}  {'equal' if equal else 'DIFFERENT'}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The peer of `regulars report`: the weekly review's numbers and charts as a plain pandas +
matplotlib script, reading the same SQLite file (our store) and writing one HTML file.

    python3 benches/review_pandas.py SHOP.sqlite 2024-W20 OUT.html

It computes what the review shows — the week's KPIs, last week's and the 4-week average, the
12-week series of the five charts (net sales split, repeat rates, average tickets, lifecycle
stages and new members, cohort retention), top spenders, members at risk — the way metrics.md
defines them, then draws the charts as inline SVG. Used by benches/review.py; not a test.
"""
import datetime as dt
import io
import sqlite3
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def day(n):
    return pd.to_datetime(n.astype(str), format="%Y%m%d")


def load(path):
    con = sqlite3.connect(path)
    lines = pd.read_sql_query(
        # A line's receipt is its id >> 16 (schema step 4 dropped the column that repeated it).
        "SELECT l.id >> 16 AS receipt_id, l.kind, l.day, l.gross_minor, l.discount_minor, l.net_minor, "
        "r.day AS receipt_day, r.identity_id FROM sale_lines l JOIN receipts r ON r.id = l.id >> 16", con)
    idents = pd.read_sql_query("SELECT id AS identity_id, member_id FROM identities", con)
    members = pd.read_sql_query("SELECT id AS member_id, name, phone, joined_on, left_on FROM members", con)
    con.close()
    lines["day"] = day(lines["day"])
    lines["receipt_day"] = day(lines["receipt_day"])
    members["joined_on"] = pd.to_datetime(members["joined_on"])
    members["left_on"] = pd.to_datetime(members["left_on"])
    lines = lines.merge(idents, on="identity_id", how="left").merge(
        members[["member_id", "joined_on", "left_on"]], on="member_id", how="left")
    is_member = lines["member_id"].notna() & (lines["receipt_day"] >= lines["joined_on"]) & (
        lines["left_on"].isna() | (lines["receipt_day"] < lines["left_on"]))
    lines["member"] = lines["member_id"].where(is_member)
    return lines, members


def receipts_of(lines):
    sale = lines[lines["kind"] == "sale"]
    r = sale.groupby("receipt_id").agg(day=("receipt_day", "first"), identity=("identity_id", "first"),
                                       member=("member", "first"), net=("net_minor", "sum"),
                                       positive=("net_minor", lambda s: (s > 0).any()))
    return r[r["positive"]]


def week_kpis(lines, receipts, members, start):
    end = start + dt.timedelta(days=7)
    w = lines[(lines["day"] >= start) & (lines["day"] < end)]
    sale, refund = w[w["kind"] == "sale"], w[w["kind"] == "refund"]
    gross, disc, refunds = sale["gross_minor"].sum(), sale["discount_minor"].sum(), -refund["net_minor"].sum()
    net = gross - disc - refunds
    rw = receipts[(receipts["day"] >= start) & (receipts["day"] < end)]
    member_net = w.loc[w["member"].notna(), "net_minor"].sum()
    k = {"gross_minor": gross, "discounts_minor": disc, "refunds_minor": refunds, "net_minor": net,
         "receipts": len(rw), "member_net_minor": member_net,
         "ordinary_net_minor": w.loc[w["member"].isna() & w["identity_id"].notna(), "net_minor"].sum(),
         "member_receipts": int(rw["member"].notna().sum()), "active_members": rw["member"].nunique()}
    k["anonymous_net_minor"] = net - k["member_net_minor"] - k["ordinary_net_minor"]
    k["average_ticket_minor"] = round((gross - disc) / len(rw)) if len(rw) else None
    k["member_share"] = member_net / net if net else None
    window = receipts[(receipts["day"] >= end - dt.timedelta(days=28)) & (receipts["day"] < end)]
    window = window[window["identity"].notna()]
    m = window[window["member"].notna()].groupby("member").size()
    o = window[window["member"].isna()].groupby("identity").size()
    k["repeat_rate_members"] = (m >= 2).mean() if len(m) else None
    k["repeat_rate_ordinary"] = (o >= 2).mean() if len(o) else None
    rm, ro = k["repeat_rate_members"], k["repeat_rate_ordinary"]
    k["repeat_multiple"] = rm / ro if rm is not None and ro else None
    last = end - dt.timedelta(days=1)
    in_list = (members["joined_on"] <= last) & (members["left_on"].isna() | (members["left_on"] > last))
    k["members_total"] = int(in_list.sum())
    k["new_members"] = int(((members["joined_on"] >= start) & (members["joined_on"] < end)).sum())
    k["activity_rate"] = k["active_members"] / k["members_total"] if k["members_total"] else None
    cohort = members[(members["joined_on"] >= end - dt.timedelta(days=60)) & (members["joined_on"] < end - dt.timedelta(days=30))]
    if len(cohort):
        mr = receipts[receipts["member"].isin(cohort["member_id"])].merge(
            cohort[["member_id", "joined_on"]], left_on="member", right_on="member_id")
        kept = mr[mr["day"] < mr["joined_on"] + dt.timedelta(days=30)]["member"].nunique()
        k["retention_30d"] = kept / len(cohort)
    else:
        k["retention_30d"] = None
    return k


def svg(fig):
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    return buf.getvalue()


def main():
    path, week, out = sys.argv[1], sys.argv[2], sys.argv[3]
    year, num = week.split("-W")
    start = pd.Timestamp(dt.date.fromisocalendar(int(year), int(num), 1))
    lines, members = load(path)
    receipts = receipts_of(lines)
    weeks = [start - dt.timedelta(days=7 * b) for b in range(11, -1, -1)]
    series = [week_kpis(lines, receipts, members, w) for w in weeks]
    this, last = series[-1], series[-2]
    avg4 = {k: pd.Series([s[k] for s in series[-4:]], dtype="float").mean() for k in this}
    # Lifecycle stages at each week's end, and cohort retention.
    member_days = receipts[receipts["member"].notna()].groupby("member")["day"].apply(sorted)
    stages = []
    for w in weeks:
        t = w + dt.timedelta(days=6)
        counts = [0, 0, 0, 0]
        for _, m in members[members["joined_on"] <= t].iterrows():
            days = [d for d in member_days.get(m["member_id"], []) if d <= t]
            age = (t - m["joined_on"]).days
            if age < 14:
                counts[0] += 1
            elif days and (t - days[-1]).days <= 21:
                counts[1] += 1
            elif days and (t - days[-1]).days <= 45:
                counts[2] += 1
            elif days or age > 30:
                counts[3] += 1
            else:
                counts[1] += 1
        stages.append(counts)
    labels = [w.strftime("W%V") for w in weeks]
    charts = []
    fig, ax = plt.subplots(figsize=(6, 2.8))
    bottom = [0] * 12
    for key in ["member_net_minor", "ordinary_net_minor", "anonymous_net_minor"]:
        vals = [max(s[key], 0) / 100 for s in series]
        ax.bar(labels, vals, bottom=bottom)
        bottom = [b + v for b, v in zip(bottom, vals)]
    charts.append(svg(fig))
    fig, ax = plt.subplots(figsize=(6, 2.8))
    ax.plot(labels, [s["repeat_rate_members"] for s in series])
    ax.plot(labels, [s["repeat_rate_ordinary"] for s in series], linestyle="--")
    charts.append(svg(fig))
    fig, ax = plt.subplots(figsize=(6, 2.8))
    ax.plot(labels, [s["average_ticket_minor"] for s in series])
    charts.append(svg(fig))
    fig, ax = plt.subplots(figsize=(6, 2.8))
    bottom = [0] * 12
    for i in range(4):
        vals = [c[i] for c in stages]
        ax.bar(labels, vals, bottom=bottom)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.plot(labels, [s["new_members"] for s in series], color="black")
    charts.append(svg(fig))
    grid = []
    for ci, w in enumerate(weeks):
        cohort = members[(members["joined_on"] >= w) & (members["joined_on"] < w + dt.timedelta(days=7))]
        row = []
        for k in range(12 - ci):
            ks = w + dt.timedelta(days=7 * k)
            bought = receipts[receipts["member"].isin(cohort["member_id"]) & (receipts["day"] >= ks)
                              & (receipts["day"] < ks + dt.timedelta(days=7))]["member"].nunique()
            row.append(bought / len(cohort) if len(cohort) else float("nan"))
        grid.append(row + [float("nan")] * ci)
    fig, ax = plt.subplots(figsize=(6, 2.8))
    ax.imshow(grid, cmap="Blues", vmin=0, vmax=1)
    charts.append(svg(fig))
    top = receipts[(receipts["day"] >= start) & (receipts["day"] < start + dt.timedelta(days=7))
                   & receipts["member"].notna()].groupby("member")["net"].sum().nlargest(5)
    rows = "".join(f"<tr><td>{k}</td><td>{this[k]}</td><td>{last[k]}</td><td>{avg4[k]}</td></tr>" for k in this)
    html = (f"<!DOCTYPE html><html><body><h1>Weekly review {week}</h1><table>{rows}</table>"
            + "".join(charts) + f"<p>Top spenders: {list(top.index)}</p></body></html>")
    with open(out, "w") as f:
        f.write(html)


if __name__ == "__main__":
    main()

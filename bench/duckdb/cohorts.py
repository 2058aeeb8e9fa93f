#!/usr/bin/env python3
"""Cohort tables as vitals computes them (`vitals cohorts`), written independently as DuckDB
SQL and Python over the same files, by month.

`cargo xtask bench --cohorts` runs this beside `vitals cohorts --format json` and compares
every cell before it compares times.

usage: cohorts.py --config DIR/vitals.toml --from 2025-11-01 --to 2026-11-01 --kind logo
prints {"kind", "cohorts": [{"cohort", "size", "values": [decimal string or null]}],
        "seconds": {"load", "compute"}}
"""

import argparse
import datetime as dt
import decimal
import json
import pathlib
import time
import tomllib

import duckdb

from run import load, month_periods

decimal.getcontext().prec = 60

DATASET = {
    "logo": "subscriptions", "revenue": "subscriptions", "gross_revenue": "subscriptions",
    "users": "events", "buyers": "orders", "buyer_revenue": "orders",
}


def members_by_month(con, kind):
    """(member, cohort month, month, amount) rows: for subscription kinds the MRR at the end of
    each month from the cohort's on (only months with MRR > 0), for the others the months with
    activity and their net amount."""
    if kind in ("logo", "revenue", "gross_revenue"):
        return con.execute("""
            WITH paid AS (SELECT * FROM subscriptions WHERE NOT trial AND mrr > 0),
                 cohort AS (SELECT customer_id, date_trunc('month', MIN(started_at)) AS c
                            FROM paid GROUP BY customer_id),
                 ends AS (SELECT s AS m, e AS t FROM periods)
            SELECT p.customer_id, c.c, ends.m, SUM(p.mrr)
            FROM paid p JOIN cohort c USING (customer_id)
            JOIN ends ON ends.m >= c.c AND p.started_at <= ends.t
                     AND (p.ended_at IS NULL OR p.ended_at > ends.t)
            GROUP BY ALL""").fetchall()
    if kind == "users":
        table, member, ts, amount = "events", "user_id", "occurred_at", "0"
    else:
        table, member, ts, amount = "orders", "customer_id", "ordered_at", "gross_amount - discount - refunded"
    return con.execute(f"""
        WITH m AS (SELECT {member} AS who, date_trunc('month', {ts}) AS month, SUM({amount}) AS amount
                   FROM {table} GROUP BY ALL)
        SELECT who, MIN(month) OVER (PARTITION BY who), month, amount FROM m""").fetchall()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--from", dest="start", required=True)
    ap.add_argument("--to", dest="end", required=True)
    ap.add_argument("--kind", required=True, choices=sorted(DATASET))
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    config_path = pathlib.Path(args.config)
    config = tomllib.loads(config_path.read_text())
    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    con.execute("SET TimeZone = 'UTC'")
    t0 = time.perf_counter()
    name = DATASET[args.kind]
    load(con, name, (config_path.parent / config["datasets"][name]["path"]).resolve())
    periods = month_periods(dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end))
    con.execute("CREATE TABLE periods (idx INT, label VARCHAR, s TIMESTAMP, e TIMESTAMP, prev TIMESTAMP)")
    con.executemany("INSERT INTO periods VALUES (?, ?, ?, ?, ?)", periods)
    t1 = time.perf_counter()

    rows = members_by_month(con, args.kind)
    month_index = {dt.datetime.combine(p[2], dt.time()): p[0] for p in periods}
    n = len(periods)
    # Per member: their cohort's index and, per month index, the amount.
    members = {}
    for who, cohort, month, amount in rows:
        c = month_index.get(cohort)
        m = month_index.get(month)
        if c is None or m is None or m < c:
            continue
        members.setdefault(who, (c, {}))[1][m] = decimal.Decimal(amount or 0)
    if args.kind in ("logo", "revenue", "gross_revenue"):
        # A paid customer whose MRR is 0 at every month end is still in their cohort.
        for (who, c) in con.execute("""
                SELECT customer_id, date_trunc('month', MIN(started_at)) FROM subscriptions
                WHERE NOT trial AND mrr > 0 GROUP BY customer_id""").fetchall():
            if month_index.get(c) is not None:
                members.setdefault(who, (month_index[c], {}))
    cohorts = []
    for i, p in enumerate(periods):
        group = [amounts for (c, amounts) in members.values() if c == i]
        size = len(group)
        values = []
        for age in range(n - i):
            m = i + age
            if args.kind in ("logo", "users", "buyers"):
                kept = sum(1 for a in group if m in a)
                values.append(None if size == 0 else decimal.Decimal(kept) / size)
            else:
                base = sum((a.get(i, decimal.Decimal(0)) for a in group), decimal.Decimal(0))
                if args.kind == "gross_revenue":
                    top = sum((min(a.get(m, 0), a.get(i, 0)) for a in group), decimal.Decimal(0))
                else:
                    top = sum((a.get(m, decimal.Decimal(0)) for a in group), decimal.Decimal(0))
                values.append(None if base == 0 else top / base)
        cohorts.append({"cohort": p[1], "size": size,
                        "values": [None if v is None else str(v) for v in values]})
    t2 = time.perf_counter()
    print(json.dumps({"kind": args.kind, "cohorts": cohorts,
                      "seconds": {"load": t1 - t0, "compute": t2 - t1}}))


if __name__ == "__main__":
    main()

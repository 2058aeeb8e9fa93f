#!/usr/bin/env python3
"""The same metrics as vitals, written as DuckDB SQL over the same files.

`cargo xtask bench` runs this beside `vitals run` and compares the numbers before it compares
the times. Each file in metrics/ computes one metric as rows (idx, value) over the periods
table; shared.sql builds the intermediate tables several metrics read, once, as vitals'
shared views do. Tables are loaded into memory first, as vitals loads them.

usage: run.py --config DIR/vitals.toml --from 2025-11-01 --to 2026-11-01 [--metrics a,b]
prints {"periods": [...], "metrics": {id: [value or null per period]}, "seconds": {...}}
"""

import argparse
import datetime as dt
import json
import pathlib
import re
import sys
import time
import tomllib

import duckdb

HERE = pathlib.Path(__file__).resolve().parent

# The data contract's columns for the datasets the SQL reads, as DuckDB types.
TYPES = {
    "customers": {"customer_id": "VARCHAR", "created_at": "TIMESTAMP", "channel": "VARCHAR", "segment": "VARCHAR"},
    "subscriptions": {"subscription_id": "VARCHAR", "customer_id": "VARCHAR", "started_at": "TIMESTAMP",
                      "ended_at": "TIMESTAMP", "mrr": "DECIMAL(38,10)", "plan": "VARCHAR", "trial": "BOOLEAN"},
    "orders": {"order_id": "VARCHAR", "customer_id": "VARCHAR", "ordered_at": "TIMESTAMP",
               "gross_amount": "DECIMAL(38,10)", "discount": "DECIMAL(38,10)", "refunded": "DECIMAL(38,10)",
               "quantity": "BIGINT", "returned_quantity": "BIGINT", "cost": "DECIMAL(38,10)",
               "product_id": "VARCHAR", "campaign": "VARCHAR"},
    "expenses": {"incurred_at": "TIMESTAMP", "category": "VARCHAR", "amount": "DECIMAL(38,10)",
                 "channel": "VARCHAR", "campaign": "VARCHAR"},
    "deals": {"deal_id": "VARCHAR", "created_at": "TIMESTAMP", "amount": "DECIMAL(38,10)",
              "probability": "DECIMAL(38,10)", "status": "VARCHAR", "closed_at": "TIMESTAMP"},
    "events": {"user_id": "VARCHAR", "occurred_at": "TIMESTAMP", "event": "VARCHAR", "session_id": "VARCHAR",
               "page": "VARCHAR", "feature": "VARCHAR"},
    "leads": {"lead_id": "VARCHAR", "created_at": "TIMESTAMP", "channel": "VARCHAR", "campaign": "VARCHAR",
              "converted_at": "TIMESTAMP"},
    "email_campaigns": {"campaign_id": "VARCHAR", "sent_at": "TIMESTAMP", "sent": "BIGINT", "delivered": "BIGINT",
                        "unique_opens": "BIGINT", "unique_clicks": "BIGINT"},
    "social_posts": {"post_id": "VARCHAR", "posted_at": "TIMESTAMP", "impressions": "BIGINT", "likes": "BIGINT",
                     "shares": "BIGINT", "comments": "BIGINT", "platform": "VARCHAR"},
    "test_runs": {"executed_at": "TIMESTAMP", "test_id": "VARCHAR", "automated": "BOOLEAN", "outcome": "VARCHAR",
                  "suite": "VARCHAR", "duration_ms": "BIGINT"},
    "defects": {"defect_id": "VARCHAR", "found_at": "TIMESTAMP", "found_by": "VARCHAR", "severity": "VARCHAR",
                "status": "VARCHAR", "resolved_at": "TIMESTAMP", "release": "VARCHAR"},
    "tickets": {"ticket_id": "VARCHAR", "opened_at": "TIMESTAMP", "escalated": "BOOLEAN",
                "first_response_at": "TIMESTAMP", "resolved_at": "TIMESTAMP", "severity": "VARCHAR"},
    "work_items": {"item_id": "VARCHAR", "created_at": "TIMESTAMP", "type": "VARCHAR", "points": "DECIMAL(38,10)",
                   "sprint_id": "VARCHAR", "committed": "BOOLEAN", "started_at": "TIMESTAMP",
                   "completed_at": "TIMESTAMP"},
    "capacity": {"person": "VARCHAR", "date": "DATE", "scheduled_hours": "DECIMAL(38,10)",
                 "available_hours": "DECIMAL(38,10)", "allocated_hours": "DECIMAL(38,10)"},
    "deployments": {"deployment_id": "VARCHAR", "deployed_at": "TIMESTAMP", "succeeded": "BOOLEAN",
                    "first_commit_at": "TIMESTAMP", "environment": "VARCHAR"},
    "incidents": {"incident_id": "VARCHAR", "started_at": "TIMESTAMP", "resolved_at": "TIMESTAMP",
                  "deployment_id": "VARCHAR", "outage": "BOOLEAN"},
    "products": {"product_id": "VARCHAR", "launched_at": "TIMESTAMP", "name": "VARCHAR"},
    "market_sizes": {"month": "DATE", "total_sales": "DECIMAL(38,10)", "company_sales": "DECIMAL(38,10)",
                     "market": "VARCHAR"},
    "releases": {"release_id": "VARCHAR", "planned_at": "TIMESTAMP", "released_at": "TIMESTAMP"},
    "sprints": {"sprint_id": "VARCHAR", "starts_at": "TIMESTAMP", "ends_at": "TIMESTAMP"},
    "survey_responses": {"respondent_id": "VARCHAR", "responded_at": "TIMESTAMP", "survey": "VARCHAR",
                         "score": "BIGINT"},
}


def month_periods(start: dt.date, end: dt.date):
    def add(d, n):
        m = d.month - 1 + n
        return dt.date(d.year + m // 12, m % 12 + 1, 1)

    rows, idx, s = [], 0, start
    while s < end:
        e = add(s, 1)
        rows.append((idx, s.strftime("%Y-%m"), s, e, add(s, -1)))
        idx, s = idx + 1, e
    return rows


def load(con, name, path):
    cols = TYPES[name]
    if path.suffix == ".parquet":
        present = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
        select = ", ".join(f"CAST({c} AS {t}) AS {c}" if c in present else f"CAST(NULL AS {t}) AS {c}"
                           for c, t in cols.items())
        con.execute(f"CREATE TABLE {name} AS SELECT {select} FROM read_parquet('{path}')")
    else:
        header = path.open(encoding="utf-8").readline().strip().split(",")
        types = {c: cols.get(c, "VARCHAR") for c in header}
        select = ", ".join(c if c in header else f"CAST(NULL AS {t}) AS {c}" for c, t in cols.items())
        con.execute(f"CREATE TABLE {name} AS SELECT {select} FROM read_csv('{path}', header = true, "
                    f"columns = {types!r}, timestampformat = '%Y-%m-%d %H:%M:%S')")
    # Optional columns default as in the contract.
    defaults = {"discount": "0", "refunded": "0", "cost": "0", "quantity": "1", "returned_quantity": "0",
                "likes": "0", "shares": "0", "comments": "0", "trial": "FALSE", "committed": "FALSE",
                "delivered": "sent", "environment": "'production'", "outage": "FALSE"}
    for c, default in defaults.items():
        if c in cols:
            con.execute(f"UPDATE {name} SET {c} = {default} WHERE {c} IS NULL")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--from", dest="start", required=True)
    ap.add_argument("--to", dest="end", required=True)
    ap.add_argument("--metrics", help="comma-separated ids (default: every file in metrics/)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    config_path = pathlib.Path(args.config)
    config = tomllib.loads(config_path.read_text())
    files = {p.stem: p for p in sorted((HERE / "metrics").glob("*.sql"))}
    ids = args.metrics.split(",") if args.metrics else list(files)
    unknown = [i for i in ids if i not in files]
    if unknown:
        sys.exit(f"no DuckDB SQL for {', '.join(unknown)}")
    # A metric file may start with `-- depends: a, b`: those run first, and their results
    # are tables metric_a(idx, value) it can read.
    def depends(i):
        first = files[i].read_text().splitlines()[0]
        return [d.strip() for d in first.split(":", 1)[1].split(",")] if first.startswith("-- depends:") else []
    ordered, seen = [], set()
    def visit(i):
        if i not in seen:
            seen.add(i)
            for d in depends(i):
                visit(d)
            ordered.append(i)
    for i in ids:
        visit(i)

    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    con.execute("SET TimeZone = 'UTC'")
    t0 = time.perf_counter()
    # shared.sql: statements ending at a line that ends with `;`, each creating one table or
    # macro; only those the selected metrics need (directly or through another) are run.
    statements = []
    for text in re.split(r";[ \t]*\n", (HERE / "shared.sql").read_text()):
        created = re.search(r"CREATE (?:TEMP TABLE|MACRO) (\w+)", text)
        if created:
            statements.append((created.group(1), text))
    metric_sql = "".join(files[i].read_text() for i in ordered)
    refers = lambda sql, name: re.search(rf"\b{name}\b", sql) is not None
    needed = {n for n, _ in statements if refers(metric_sql, n)}
    changed = True
    while changed:
        changed = False
        for n, text in statements:
            if n in needed:
                for m, _ in statements:
                    if m not in needed and m != n and refers(text.split(" AS", 1)[1], m):
                        needed.add(m)
                        changed = True
    run_sql = metric_sql + "".join(t for n, t in statements if n in needed)
    for name in [d for d in TYPES if refers(run_sql, d)]:
        load(con, name, (config_path.parent / config["datasets"][name]["path"]).resolve())
    t1 = time.perf_counter()

    periods = month_periods(dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end))
    con.execute('CREATE TEMP TABLE periods (idx INTEGER, label VARCHAR, start TIMESTAMP, "end" TIMESTAMP, prev_start TIMESTAMP)')
    con.executemany("INSERT INTO periods VALUES (?, ?, ?, ?, ?)", periods)
    for name, text in statements:
        if name in needed:
            con.execute(text)
    metrics = {}
    for i in ordered:
        rows = con.execute(files[i].read_text()).fetchall()
        if any(i in depends(j) for j in ordered):
            con.execute(f"CREATE TEMP TABLE metric_{i} (idx INTEGER, value DOUBLE)")
            con.executemany(f"INSERT INTO metric_{i} VALUES (?, ?)", rows)
        if i in ids:
            values = [None] * len(periods)
            for idx, value in rows:
                values[idx] = None if value is None else str(value)
            metrics[i] = values
    t2 = time.perf_counter()
    json.dump({"periods": [p[1] for p in periods], "metrics": metrics,
               "seconds": {"load": round(t1 - t0, 3), "compute": round(t2 - t1, 3)}}, sys.stdout)


if __name__ == "__main__":
    main()

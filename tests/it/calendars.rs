//! Calendars and comparisons: Sunday weeks, fiscal years, and changes against the same
//! period a year earlier, on hand-computed orders.

use serde_json::Value;
use vitals_tests::{folder, vitals};

fn json(dir: &tempfile::TempDir, args: &[&str]) -> Value {
    let mut all = vec![
        "run",
        "--data",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    let out = vitals(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// `(label, value)` of every period of the first metric.
fn series(report: &Value) -> Vec<(String, String)> {
    report["metrics"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["value"].as_str().unwrap_or("null").to_string(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn sunday_weeks_start_on_sunday() {
    // Saturday 7 March, Sunday 8 March, Monday 9 March 2026.
    let dir = folder(&[(
        "orders.csv",
        "order_id,customer_id,ordered_at,gross_amount\n\
         o1,c1,2026-03-07 23:59:59,100\no2,c1,2026-03-08,50\no3,c2,2026-03-09 08:00:00,25\n",
    )]);
    let range = [
        "--metric",
        "gross_revenue",
        "--grain",
        "week",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-15",
    ];
    let mut sunday = range.to_vec();
    sunday.extend(["--week-start", "sunday"]);
    let r = json(&dir, &sunday);
    // Sunday 1 – Saturday 7 March holds the first order; 8 – 14 March the other two.
    assert_eq!(
        series(&r),
        pairs(&[("2026-W10", "100"), ("2026-W11", "75")])
    );
    assert_eq!(r["periods"][0]["start"], "2026-03-01T00:00:00Z");
    assert_eq!(r["periods"][1]["end"], "2026-03-15T00:00:00Z");
    // ISO weeks: Monday 2 – Sunday 8 March holds the first two; the range starts on the
    // Monday of the week holding 1 March, a week that ends before the first order: outside
    // the data, so null with a note rather than 0.
    let r = json(&dir, &range);
    assert_eq!(
        series(&r),
        pairs(&[
            ("2026-W09", "null"),
            ("2026-W10", "150"),
            ("2026-W11", "25")
        ])
    );
    let w09 = &r["metrics"][0]["values"][0];
    assert_eq!(w09["flags"], serde_json::json!(["outside_data"]));
    assert_eq!(
        w09["note"],
        "outside the data: `orders` covers from 2026-03-07 on"
    );
}

#[test]
fn fiscal_quarters_and_years_start_at_the_fiscal_month() {
    let dir = folder(&[(
        "orders.csv",
        "order_id,customer_id,ordered_at,gross_amount\n\
         o1,c1,2025-03-31 23:00:00,1\no2,c1,2025-04-15,10\no3,c1,2025-07-01,20\n\
         o4,c1,2026-01-31,30\no5,c1,2026-03-31 23:00:00,5\no6,c1,2026-04-01,7\n",
    )]);
    let r = json(
        &dir,
        &[
            "--metric",
            "gross_revenue",
            "--grain",
            "quarter",
            "--fiscal-year-start",
            "april",
            "--from",
            "2025-04",
            "--to",
            "2026-04",
        ],
    );
    assert_eq!(
        series(&r),
        pairs(&[
            ("FY2026 Q1", "10"),
            ("FY2026 Q2", "20"),
            ("FY2026 Q3", "0"),
            ("FY2026 Q4", "35")
        ])
    );
    assert_eq!(r["periods"][3]["start"], "2026-01-01T00:00:00Z");
    // The same from vitals.toml, by year: April 2025 to March 2026 is FY2026.
    let config = "[datasets.orders]\npath = \"orders.csv\"\n\n[run]\nfiscal_year_start = \"4\"\ngrain = \"year\"\n";
    std::fs::write(dir.path().join("vitals.toml"), config).unwrap();
    let out = vitals(&[
        "run",
        "--config",
        dir.path().join("vitals.toml").to_str().unwrap(),
        "--metric",
        "gross_revenue",
        "--from",
        "2024-04",
        "--to",
        "2026-04",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(series(&r), pairs(&[("FY2025", "1"), ("FY2026", "65")]));
}

/// From 1 March 2025 to 31 March 2026, so that both Marches are covered whole (and judged).
const SEASONAL: &str = "order_id,customer_id,ordered_at,gross_amount,campaign\n\
    o1,c1,2025-03-01,200,spring\n\
    o2,c2,2026-02-10,150,spring\n\
    o3,c3,2026-03-10,240,spring\n\
    o4,c4,2026-03-31,60,winter\n";

#[test]
fn year_over_year_compares_with_the_same_month_a_year_earlier() {
    let dir = folder(&[("orders.csv", SEASONAL)]);
    let range = [
        "--metric",
        "gross_revenue",
        "--from",
        "2026-01",
        "--to",
        "2026-04",
    ];
    let mut year = range.to_vec();
    year.extend(["--compare", "year"]);
    let r = json(&dir, &year);
    assert_eq!(r["compare"], "year");
    // Only the range is reported; March 2025 is evaluated for the comparison only.
    assert_eq!(
        series(&r),
        pairs(&[("2026-01", "0"), ("2026-02", "150"), ("2026-03", "300")])
    );
    let m = &r["metrics"][0];
    assert_eq!(m["last"], "300");
    assert_eq!(m["previous"], "200", "March 2025, before --from");
    assert_eq!(m["change"]["absolute"], "100");
    assert_eq!(m["change"]["relative"], "0.5");
    assert_eq!(m["change"]["verdict"], "good");
    // Against the previous period (the default): February 2026.
    let r = json(&dir, &range);
    assert_eq!(r["compare"], "previous");
    assert_eq!(r["metrics"][0]["previous"], "150");
    assert_eq!(r["metrics"][0]["change"]["relative"], "1");
    // Broken down, each group is compared with its own value a year earlier.
    let mut by = year.clone();
    by.extend(["--by", "campaign"]);
    let r = json(&dir, &by);
    let groups = r["metrics"][0]["groups"].as_array().unwrap();
    let spring = groups.iter().find(|g| g["group"] == "spring").unwrap();
    assert_eq!(spring["last"], "240");
    assert_eq!(spring["previous"], "200");
    assert_eq!(spring["change"]["relative"], "0.2");
    let winter = groups.iter().find(|g| g["group"] == "winter").unwrap();
    assert_eq!(winter["previous"], "0");
    assert_eq!(
        winter["change"]["relative"],
        Value::Null,
        "no relative change from 0"
    );
}

#[test]
fn reports_say_what_the_change_is_against() {
    let dir = folder(&[("orders.csv", SEASONAL)]);
    let data = dir.path().to_str().unwrap();
    let run = |format: &str| {
        let out = vitals(&[
            "run",
            "--data",
            data,
            "--metric",
            "gross_revenue",
            "--from",
            "2026-01",
            "--to",
            "2026-04",
            "--compare",
            "year",
            "--format",
            format,
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    for format in ["table", "markdown", "html"] {
        let text = run(format);
        assert!(
            text.contains("change vs same month last year"),
            "{format}: {text}"
        );
        assert!(
            text.contains("2025-03"),
            "{format}: the compared period is named: {text}"
        );
    }
}

#[test]
fn a_range_widened_to_whole_periods_is_said_in_every_report() {
    let dir = folder(&[("orders.csv", SEASONAL)]);
    let data = dir.path().to_str().unwrap();
    let run = |format: &str, from: &str, to: &str| {
        let out = vitals(&[
            "run",
            "--data",
            data,
            "--metric",
            "gross_revenue",
            "--grain",
            "week",
            "--from",
            from,
            "--to",
            to,
            "--format",
            format,
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out
    };
    // 2026-01-01 is a Thursday: ISO week 2026-W01 runs from Monday 2025-12-29; 2026-02-01
    // is a Sunday, inside 2026-W05 (up to Monday 2026-02-02).
    let table = run("table", "2026-01-01", "2026-02-01");
    assert_eq!(
        table.stderr,
        "note: --from 2026-01-01 --to 2026-02-01 fall inside weeks: the report covers whole weeks, 2026-W01 … 2026-W05 (2025-12-29 up to 2026-02-02)\n"
    );
    assert!(
        table.stdout.starts_with(
            "5 periods by week: 2026-W01 … 2026-W05 (widened to whole weeks from --from 2026-01-01 --to 2026-02-01)\n"
        ),
        "{}",
        table.stdout
    );
    let report: Value =
        serde_json::from_str(&run("json", "2026-01-01", "2026-02-01").stdout).unwrap();
    assert_eq!(report["widened"]["from"], "2026-01-01");
    assert_eq!(report["widened"]["to"], "2026-02-01");
    assert_eq!(report["periods"][0]["start"], "2025-12-29T00:00:00Z");
    for format in ["markdown", "html"] {
        assert!(
            run(format, "2026-01-01", "2026-02-01")
                .stdout
                .contains("(widened to whole weeks from --from 2026-01-01 --to 2026-02-01)"),
            "{format}"
        );
    }
    // On Mondays, the range is as asked: no note, and `widened` is null. One side off
    // names that side only.
    let aligned = run("json", "2025-12-29", "2026-02-02");
    assert_eq!(aligned.stderr, "");
    let report: Value = serde_json::from_str(&aligned.stdout).unwrap();
    assert_eq!(report["widened"], Value::Null);
    let one = run("table", "2025-12-29", "2026-02-01");
    assert!(
        one.stdout
            .contains("(widened to whole weeks from --to 2026-02-01)"),
        "{}",
        one.stdout
    );
}

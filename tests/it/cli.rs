use vitals_tests::{folder, redact, vitals};

const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount,discount\n\
o1,c1,2026-01-05,100,10\n\
o2,c2,2026-02-10,250,0\n\
o3,c1,2026-03-31 23:59:59,50,\n";

#[test]
fn list_describe_and_datasets() {
    let list = vitals(&["list", "--family", "product-marketing"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    insta::assert_snapshot!("list_product_marketing", list.stdout);
    let describe = vitals(&["describe", "mrr"]);
    assert_eq!(describe.code, 0);
    insta::assert_snapshot!("describe_mrr", describe.stdout.replace('\\', "/"));
    let datasets = vitals(&["datasets"]);
    assert_eq!(datasets.code, 0);
    assert_eq!(
        datasets.stdout.matches("\n\n").count(),
        21,
        "one block per dataset"
    );
    insta::assert_snapshot!("datasets", datasets.stdout);
    let dimensions = vitals(&["dimensions"]);
    assert_eq!(dimensions.code, 0, "{}", dimensions.stderr);
    insta::assert_snapshot!("dimensions", dimensions.stdout);
}

#[test]
fn list_as_json_carries_full_specs() {
    let out = vitals(&["list", "--set", "engineering-quality", "--format", "json"]);
    assert_eq!(out.code, 0);
    let specs: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let first = &specs[0];
    for key in [
        "id",
        "name",
        "family",
        "description",
        "formula",
        "unit",
        "direction",
        "requires",
        "depends_on",
        "params",
        "source",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn run_from_a_data_folder_skips_what_is_not_configured() {
    let dir = folder(&[("orders.csv", ORDERS)]);
    let data = dir.path().to_str().unwrap();
    let out = vitals(&[
        "run",
        "--data",
        data,
        "--metric",
        "gross_revenue",
        "--metric",
        "mrr",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Default range: the last complete months the data covers (January to March).
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn timings_name_every_loaded_dataset_and_every_metric_evaluated() {
    let dir = folder(&[("orders.csv", ORDERS)]);
    let data = dir.path().to_str().unwrap();
    let args = [
        "run",
        "--data",
        data,
        "--metric",
        "average_order_value",
        "--metric",
        "gross_revenue",
        "--format",
        "json",
    ];
    let plain = vitals(&args);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(!plain.stderr.contains("timings"), "{}", plain.stderr);
    let out = vitals(&[&args[..], &["--timings"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The report is the same; where its time went is on standard error.
    assert_eq!(out.stdout, plain.stdout);
    let seconds = |line: &str| -> Option<(f64, String)> {
        let (secs, what) = line.trim_start().split_once(" s  ")?;
        Some((secs.trim().parse().ok()?, what.to_string()))
    };
    let setup_at = out.stderr.find("timings, set-up").expect("set-up heading");
    let metrics_at = out
        .stderr
        .find("timings, metrics")
        .expect("metrics heading");
    assert!(setup_at < metrics_at, "{}", out.stderr);
    let setup: Vec<String> = out.stderr[setup_at..metrics_at]
        .lines()
        .filter_map(seconds)
        .map(|(_, what)| what)
        .collect();
    assert_eq!(
        setup,
        ["loading orders (3 rows)", "coverage and range"],
        "{}",
        out.stderr
    );
    // Each metric once, slowest first.
    let metrics: Vec<(f64, String)> = out.stderr[metrics_at..]
        .lines()
        .filter_map(seconds)
        .collect();
    let mut ids: Vec<&str> = metrics.iter().map(|(_, id)| id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["average_order_value", "gross_revenue"],
        "{}",
        out.stderr
    );
    assert!(
        metrics.windows(2).all(|w| w[0].0 >= w[1].0),
        "{}",
        out.stderr
    );
}

#[test]
fn run_over_an_explicit_range_and_grain() {
    let dir = folder(&[("orders.csv", ORDERS)]);
    let data = dir.path().to_str().unwrap();
    let out = vitals(&[
        "run",
        "--data",
        data,
        "--metric",
        "net_revenue",
        "--grain",
        "quarter",
        "--from",
        "2025-10-01",
        "--to",
        "2026-04-01",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["grain"], "quarter");
    let values: Vec<&str> = json["metrics"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap_or("null"))
        .collect();
    // Q4 2025: before the first order (January 2026), outside the data: null, not 0.
    // Q1 2026: (100 − 10) + 250 + 50.
    assert_eq!(values, ["null", "390"]);
    let q4 = &json["metrics"][0]["values"][0];
    assert_eq!(q4["flags"], serde_json::json!(["outside_data"]));
    assert!(
        q4["note"]
            .as_str()
            .unwrap()
            .starts_with("outside the data: `orders` covers from 2026-01-")
    );
}

#[test]
fn targets_gate_with_fail_on_missed() {
    let config = "[datasets.orders]\npath = \"orders.csv\"\n\n[targets]\ngross_revenue = { min = \"100\" }\nnet_revenue = { max = \"10\" }\n";
    let dir = folder(&[("orders.csv", ORDERS), ("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let cfg = cfg.to_str().unwrap();
    let out = vitals(&[
        "run",
        "--config",
        cfg,
        "--metric",
        "gross_revenue",
        "--metric",
        "net_revenue",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // March: gross 50 < 100 (missed); net 50 > 10 (missed).
    assert_eq!(json["metrics"][0]["status"], "missed");
    assert_eq!(json["metrics"][0]["target"]["min"], "100");
    let out = vitals(&[
        "run",
        "--config",
        cfg,
        "--metric",
        "gross_revenue",
        "--fail-on-missed",
    ]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    let out = vitals(&[
        "run",
        "--config",
        cfg,
        "--metric",
        "gross_revenue",
        "--from",
        "2026-02",
        "--to",
        "2026-03",
        "--fail-on-missed",
    ]);
    assert_eq!(
        out.code, 0,
        "February's 250 meets the target: {}",
        out.stdout
    );
}

#[test]
fn config_maps_columns_and_sets() {
    let orders = "id,customer,when,total\no1,c1,2026-01-05,100\n";
    let config = "[datasets.orders]\npath = \"export.csv\"\n[datasets.orders.columns]\norder_id = \"id\"\ncustomer_id = \"customer\"\nordered_at = \"when\"\ngross_amount = \"total\"\n\n[sets.money]\nmetrics = [\"gross_revenue\"]\n";
    let dir = folder(&[("export.csv", orders), ("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let out = vitals(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--set",
        "money",
        "--from",
        "2026-01",
        "--to",
        "2026-02",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("\"value\": \"100\""),
        "{}",
        redact(&out.stdout, dir.path())
    );
}

#[test]
fn report_formats_escape_user_text() {
    // A config set and a target; the CSV, Markdown and HTML reports of the same run.
    let config = "[datasets.orders]\npath = \"orders.csv\"\n\n[targets]\ngross_revenue = { min = \"100\" }\n";
    let dir = folder(&[("orders.csv", ORDERS), ("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let cfg = cfg.to_str().unwrap();
    let run = |format: &str| {
        let out = vitals(&[
            "run",
            "--config",
            cfg,
            "--metric",
            "gross_revenue",
            "--metric",
            "mrr",
            "--format",
            format,
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    insta::assert_snapshot!("report_table", run("table"));
    insta::assert_snapshot!("report_csv", run("csv"));
    insta::assert_snapshot!("report_markdown", run("markdown"));
    let html = run("html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("data-metric=\"gross_revenue\""));
    assert!(
        html.contains("<svg") && html.contains("stroke-dasharray"),
        "a chart with the target line"
    );
    assert!(
        html.contains("dataset `orders`") || html.contains("<code>mrr</code>"),
        "skipped metrics listed"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
        "self-contained, no network"
    );
}

#[test]
fn json_carries_period_over_period_change() {
    let dir = folder(&[("orders.csv", ORDERS)]);
    let out = vitals(&[
        "run",
        "--data",
        dir.path().to_str().unwrap(),
        "--metric",
        "gross_revenue",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let m = &json["metrics"][0];
    // February 250 → March 50.
    assert_eq!(
        (m["previous"].as_str(), m["last"].as_str()),
        (Some("250"), Some("50"))
    );
    assert_eq!(m["change"]["absolute"], "-200");
    assert_eq!(m["change"]["relative"], "-0.8");
    assert_eq!(m["change"]["verdict"], "bad");
}

/// Headless Chromium, when installed (CI installs Debian's `chromium`, and a CI run without
/// it fails rather than skip the browser tests).
fn chromium() -> Option<&'static str> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium for this test"
        );
        eprintln!("skipped: chromium is not installed");
    }
    found
}

/// Runs `vitals run --format html` over `files` with `args` and returns the page as headless
/// Chromium renders it, or `None` when Chromium is not installed (never on CI).
fn rendered_html(files: &[(&str, &str)], args: &[&str]) -> Option<String> {
    chromium()?;
    let dir = folder(files);
    let html = dir.path().join("report.html");
    let mut all = vec![
        "run",
        "--data",
        dir.path().to_str().unwrap(),
        "--format",
        "html",
        "--output",
        html.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let out = vitals(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    render(&html)
}

/// The page `html` as headless Chromium renders it (its DOM), or `None` when Chromium is not
/// installed (never on CI). Chromium's profile goes beside the page.
pub(crate) fn render(html: &std::path::Path) -> Option<String> {
    let browser = chromium()?;
    let profile = html.with_file_name("chromium-profile");
    let rendered = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
        ])
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        rendered.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    Some(String::from_utf8_lossy(&rendered.stdout).into_owned())
}

#[test]
#[cfg_attr(
    no_chromium,
    ignore = "headless Chromium is not installed (CI installs it)"
)]
fn html_report_renders_in_a_browser() {
    let Some(dom) = rendered_html(
        &[("orders.csv", ORDERS)],
        &["--metric", "gross_revenue", "--metric", "net_revenue"],
    ) else {
        return;
    };
    for id in ["gross_revenue", "net_revenue"] {
        assert!(
            dom.contains(&format!("data-metric=\"{id}\"")),
            "{id} missing from the rendered page"
        );
    }
    assert_eq!(dom.matches("<svg").count(), 2, "one chart per metric");
}

#[test]
#[cfg_attr(
    no_chromium,
    ignore = "headless Chromium is not installed (CI installs it)"
)]
fn html_breakdown_renders_a_line_per_group_with_a_legend() {
    let orders = "order_id,customer_id,ordered_at,gross_amount,campaign\n\
        o1,c1,2026-01-05,100,spring\n\
        o2,c2,2026-02-05,250,<i>summer</i>\n\
        o3,c3,2026-03-05,50,\n";
    let Some(dom) = rendered_html(
        &[("orders.csv", orders)],
        &[
            "--metric",
            "gross_revenue",
            "--metric",
            "dau",
            "--by",
            "campaign",
            "--from",
            "2026-01",
            "--to",
            "2026-04",
        ],
    ) else {
        return;
    };
    assert_eq!(
        dom.matches("<svg").count(),
        1,
        "one chart per evaluated metric"
    );
    // The total and three groups, each a line and a legend entry; the group name is text.
    for line in ["total", "spring", "&lt;i&gt;summer&lt;/i&gt;", "(none)"] {
        assert!(
            dom.contains(&format!("data-line=\"{line}\"")),
            "no line for {line}: {dom}"
        );
    }
    assert!(!dom.contains("<i>summer"), "a group name became markup");
    assert_eq!(dom.matches("class=\"swatch\"").count(), 4, "legend: {dom}");
    assert!(dom.contains("class=\"total\""), "the total is emphasised");
}

#[test]
fn a_bare_target_follows_the_metric_direction() {
    // gross_revenue is higher-is-better: "100" is a minimum (March's 50 misses it);
    // product_return_rate is lower-is-better: "1%" is a maximum (nothing returned: met).
    let config = "[datasets.orders]\npath = \"orders.csv\"\n\n[targets]\ngross_revenue = \"100\"\nproduct_return_rate = \"1%\"\n";
    let dir = folder(&[("orders.csv", ORDERS), ("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let out = vitals(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--metric",
        "gross_revenue",
        "--metric",
        "product_return_rate",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["metrics"][0]["target"]["min"], "100");
    assert_eq!(json["metrics"][0]["status"], "missed");
    assert_eq!(json["metrics"][1]["target"]["max"], "0.01");
    assert_eq!(json["metrics"][1]["status"], "met");
    let config =
        "[datasets.orders]\npath = \"orders.csv\"\n\n[targets]\ngross_revenue = { mni = \"1\" }\n";
    let dir = folder(&[("orders.csv", ORDERS), ("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let out = vitals(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--metric",
        "gross_revenue",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "[targets] gross_revenue: unknown key `mni`: expected min or max; did you mean `min`?"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn output_is_written_whole_or_not_at_all() {
    let dir = folder(&[("orders.csv", ORDERS)]);
    let data = dir.path().to_str().unwrap();
    let report = dir.path().join("report.json");
    std::fs::write(&report, "an older report").unwrap();
    let out = vitals(&[
        "run",
        "--data",
        data,
        "--metric",
        "gross_revenue",
        "--format",
        "json",
        "--output",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.starts_with('{') && text.ends_with("}\n"), "{text}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let nowhere = dir.path().join("missing/report.json");
    let out = vitals(&[
        "run",
        "--data",
        data,
        "--metric",
        "gross_revenue",
        "--output",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .starts_with(&format!("error: cannot write {}: ", nowhere.display())),
        "{}",
        out.stderr
    );
}

#[test]
fn hostile_text_is_escaped_in_every_format() {
    // A declared metric whose name and family are markup, and campaigns (data values) with
    // markup, a formula, quotes, a newline, a pipe and a terminal escape, as groups and as a
    // filter.
    let config = "[datasets.orders]\npath = \"orders.csv\"\n\n\
        [metrics.double_revenue]\nkind = \"formula\"\nformula = \"gross_revenue * 2\"\n\
        name = \"<script>alert('x')</script> & \\\"q\\\" | *b*\"\nfamily = \"fam<i>|\"\nunit = \"currency\"\n";
    let orders = "order_id,customer_id,ordered_at,gross_amount,campaign\n\
        o1,c1,2026-01-05,100,<img src=x onerror=alert(1)>\n\
        o2,c2,2026-02-05,250,\"=HYPERLINK(\"\"http://x\"\")\"\n\
        o3,c3,2026-02-06,50,\"two\nlines | pipe\"\n\
        o4,c4,2026-02-07,10,\"\u{1b}[31mred\"\n";
    let dir = folder(&[("orders.csv", orders), ("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let run = |format: &str| {
        let out = vitals(&[
            "run",
            "--config",
            cfg.to_str().unwrap(),
            "--metric",
            "double_revenue",
            "--by",
            "campaign",
            "--from",
            "2026-01",
            "--to",
            "2026-03",
            "--format",
            format,
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let html = run("html");
    for raw in ["<script>", "<img", "<i>"] {
        assert!(!html.contains(raw), "{raw} unescaped in HTML");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let markdown = run("markdown");
    assert!(
        !markdown.contains("<script>") && !markdown.contains("<img"),
        "{markdown}"
    );
    assert!(
        markdown.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"q\" \\| \\*b\\*"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| ↳ two lines \\| pipe |"),
        "one table row: {markdown}"
    );
    let csv = run("csv");
    assert!(
        csv.contains("\ndouble_revenue,\"'=HYPERLINK(\"\"http://x\"\")\",2026-02,500,currency,"),
        "{csv}"
    );
    assert!(
        csv.contains("\ndouble_revenue,\"two\nlines | pipe\",2026-02,100,currency,"),
        "{csv}"
    );
    let table = run("table");
    assert!(
        !table.contains('\u{1b}'),
        "a terminal escape from the data reached the table"
    );
    assert!(table.contains("· ?[31mred"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("valid JSON");
    let m = &json["metrics"][0];
    assert_eq!(m["name"], "<script>alert('x')</script> & \"q\" | *b*");
    assert_eq!(m["family"], "fam<i>|");
    let groups: Vec<&str> = m["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["group"].as_str())
        .collect();
    assert!(groups.contains(&"two\nlines | pipe"), "{groups:?}");
}

#[test]
fn sets_and_families_are_listed_and_names_are_suggested_whatever_their_case() {
    let config = "[datasets.orders]\npath = \"orders.csv\"\n\n[sets.board]\nmetrics = [\"gross_revenue\", \"mrr\"]\ndescription = \"What the board reads\"\n";
    let dir = folder(&[("orders.csv", ORDERS), ("vitals.toml", config)]);
    let cfg = dir.path().join("vitals.toml");
    let out = vitals(&["list", "--sets", "--config", cfg.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("board"), "{}", out.stdout);
    assert!(
        out.stdout.contains("  2 metrics  What the board reads\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("saas-core"), "{}", out.stdout);
    let out = vitals(&["list", "--families"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("engineering-quality     33 metrics\n"),
        "{}",
        out.stdout
    );
    for (args, message) in [
        (
            ["--metric", "MRR"],
            "error: unknown metric `MRR`; did you mean `mrr`?\n",
        ),
        (
            ["--family", "marketing"],
            "error: unknown family `marketing`; did you mean `product-marketing`?\n",
        ),
        (
            ["--set", "SaaS-Core"],
            "error: unknown set `SaaS-Core`; did you mean `saas-core`?\n",
        ),
    ] {
        let mut all = vec!["run", "--config", cfg.to_str().unwrap()];
        all.extend(args);
        let out = vitals(&all);
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(out.stderr, message);
    }
}

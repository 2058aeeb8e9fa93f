use vitals_tests::vitals;

#[test]
fn demo_is_deterministic_and_runs_every_configured_metric() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for out in [&a, &b] {
        let r = vitals(&[
            "demo",
            "--out",
            out.to_str().unwrap(),
            "--scale",
            "0.05",
            "--seed",
            "7",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    for name in ["events.csv", "subscriptions.csv", "incidents.csv"] {
        assert!(
            std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap(),
            "{name} differs"
        );
    }
    let files = std::fs::read_dir(&a)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "csv")
        })
        .count();
    assert_eq!(files, 21, "every dataset of the contract");

    let config = a.join("vitals.toml");
    let out = vitals(&[
        "run",
        "--config",
        config.to_str().unwrap(),
        "--set",
        "all",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["skipped"].as_array().unwrap().len(), 0);
    for m in json["metrics"].as_array().unwrap() {
        let defined = m["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| !v["value"].is_null())
            .count();
        assert!(defined > 0, "{} has no value on the demo data", m["id"]);
    }
    insta::assert_snapshot!("demo_all_json", out.stdout);
}

#[test]
fn saas_identities_hold_on_the_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let r = vitals(&[
        "demo",
        "--out",
        dir.path().to_str().unwrap(),
        "--scale",
        "0.1",
        "--seed",
        "3",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let config = dir.path().join("vitals.toml");
    let metrics = [
        "mrr",
        "arr",
        "net_new_mrr",
        "customer_churn_rate",
        "customer_retention_rate",
    ];
    let mut args = vec![
        "run",
        "--config",
        config.to_str().unwrap(),
        "--format",
        "json",
        "--from",
        "2025-09",
        "--to",
        "2026-10",
    ];
    for m in metrics {
        args.extend(["--metric", m]);
    }
    let out = vitals(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let series = |id: &str| -> Vec<Option<vitals_core::Decimal>> {
        let m = json["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap();
        m["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["value"].as_str().map(|s| s.parse().unwrap()))
            .collect()
    };
    let (mrr, arr, net_new) = (series("mrr"), series("arr"), series("net_new_mrr"));
    let (churn, retention) = (
        series("customer_churn_rate"),
        series("customer_retention_rate"),
    );
    let twelve = vitals_core::Decimal::from(12);
    for i in 0..mrr.len() {
        assert_eq!(
            arr[i],
            mrr[i].map(|m| m * twelve),
            "arr = 12 × mrr in period {i}"
        );
        if i > 0 {
            assert_eq!(
                net_new[i],
                Some(mrr[i].unwrap() - mrr[i - 1].unwrap()),
                "MRR bridge in period {i}"
            );
        }
        // Each is written to 15 significant digits.
        let sum = retention[i].unwrap() + churn[i].unwrap();
        assert!(
            (sum - vitals_core::Decimal::ONE).abs() <= vitals_core::Decimal::new(1, 14),
            "retention + churn = {sum} in period {i}"
        );
    }
}

#[test]
fn the_demo_fills_every_kind_of_dimension() {
    let (_dir, config) = small_demo("0.1");
    // (dimension, a metric it applies to, whether the long tail must reach (other))
    let cases = [
        ("plan", "mrr", true),
        ("campaign", "gross_revenue", true),
        ("country", "mrr", true),
        ("segment", "mrr", false),
        ("team", "deployment_frequency", false),
    ];
    for (dimension, metric, tail) in cases {
        let out = vitals(&[
            "run",
            "--config",
            config.to_str().unwrap(),
            "--metric",
            metric,
            "--by",
            dimension,
            "--format",
            "json",
        ]);
        assert_eq!(out.code, 0, "{dimension}: {}", out.stderr);
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let kinds: Vec<&str> = doc["metrics"][0]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["kind"].as_str().unwrap())
            .collect();
        let named = kinds.iter().filter(|k| **k == "value").count();
        assert!(named >= 3, "{dimension}: {kinds:?}");
        assert!(
            kinds.contains(&"none"),
            "{dimension} has a few blanks: {kinds:?}"
        );
        assert_eq!(kinds.contains(&"other"), tail, "{dimension}: {kinds:?}");
    }
}

#[test]
fn demo_refuses_to_overwrite_a_vitals_toml_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("vitals.toml");
    std::fs::write(&config, "# edited by hand\n").unwrap();
    let out_dir = dir.path().to_str().unwrap();
    let r = vitals(&["demo", "--out", out_dir, "--scale", "0.01"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: {} already exists: pass --force to overwrite it and the data files beside it, or choose another --out\n",
            config.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "# edited by hand\n"
    );
    let r = vitals(&["demo", "--out", out_dir, "--scale", "0.01", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&config)
            .unwrap()
            .contains("[datasets.orders]")
    );
}

/// Every value of the catalogue is a number with no note (or one whose note says why it is
/// partial or provisional, with that flag) or null with a note that says why, both where the
/// data is and in periods before it begins, where every value is null and outside the data
/// (never a 0).
#[test]
fn no_metric_is_null_without_a_note() {
    let (_dir, config) = small_demo("0.05");
    for range in [None, Some(("2024-01", "2024-04"))] {
        let mut args = vec!["run", "--config", config.to_str().unwrap(), "--set", "all"];
        args.extend(["--format", "json"]);
        if let Some((from, to)) = range {
            args.extend(["--from", from, "--to", to]);
        }
        let out = vitals(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let mut bare = Vec::new();
        let (mut outside, mut values) = (0, 0);
        for m in doc["metrics"].as_array().unwrap() {
            for v in m["values"].as_array().unwrap() {
                let flags: Vec<&str> = v["flags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap())
                    .collect();
                values += 1;
                if flags.contains(&"outside_data") {
                    outside += 1;
                }
                match (v["value"].as_str(), v["note"].as_str()) {
                    (None, None | Some("")) => bare.push(format!("{} {}", m["id"], v["period"])),
                    (Some(_), Some(note))
                        if flags.is_empty() || flags.contains(&"outside_data") =>
                    {
                        bare.push(format!(
                            "{} {} has a value and a note but no flag: {note}",
                            m["id"], v["period"]
                        ))
                    }
                    (Some(_), _) if flags.contains(&"outside_data") => bare.push(format!(
                        "{} {} has a value outside the data",
                        m["id"], v["period"]
                    )),
                    _ => {}
                }
            }
        }
        assert!(bare.is_empty(), "{range:?}: null without a note: {bare:?}");
        if range.is_some() {
            // Only the metrics of the product catalogue, which bounds no span, are not.
            assert!(
                outside * 10 >= values * 9,
                "before the data, values are outside it: {outside} of {values}"
            );
        } else {
            assert_eq!(outside, 0, "the default range lies in the data");
        }
    }
}

/// `vitals demo --scale SCALE` into a scratch folder; the folder (kept while it lives) and its
/// vitals.toml.
pub(crate) fn small_demo(scale: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let r = vitals(&[
        "demo",
        "--out",
        dir.path().to_str().unwrap(),
        "--scale",
        scale,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let config = dir.path().join("vitals.toml");
    (dir, config)
}

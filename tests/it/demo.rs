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

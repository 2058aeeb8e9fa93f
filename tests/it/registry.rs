use std::collections::BTreeSet;
use vitals_core::registry;

#[test]
fn registry_builds_without_duplicate_ids() {
    // Building the registry refuses duplicate ids, so success is the assertion; and the
    // ids are unique and sorted.
    let r = registry().expect("registry builds");
    let ids: Vec<&str> = r.metric_ids().collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted);
    r.check_sets().expect("every set names known metrics");
}

#[test]
fn every_family_has_a_plugin_and_a_set() {
    let r = registry().unwrap();
    let families: BTreeSet<&str> = r.families();
    assert_eq!(
        families.into_iter().collect::<Vec<_>>(),
        [
            "engineering-quality",
            "product-management",
            "product-marketing"
        ]
    );
    for f in r.families() {
        let set = r.set(f).unwrap();
        assert!(!set.metrics.is_empty(), "{f}");
    }
    assert_eq!(r.set("all").unwrap().metrics.len(), r.metric_ids().count());
}

#[test]
fn catalogue() {
    let r = registry().unwrap();
    let mut text = String::new();
    for m in r.metrics() {
        let s = m.spec();
        text.push_str(&format!(
            "{:<24} {:<20} {:<16} {:<16} requires [{}] depends [{}]\n",
            s.id,
            s.family,
            s.unit.as_str(),
            s.direction.as_str(),
            s.requires.join(", "),
            s.depends_on.join(", ")
        ));
    }
    insta::assert_snapshot!(text);
}

#[test]
fn every_spec_is_complete() {
    for m in registry().unwrap().metrics() {
        let s = m.spec();
        for (field, value) in [
            ("name", s.name),
            ("description", s.description),
            ("formula", s.formula),
            ("source", s.source),
        ] {
            assert!(!value.trim().is_empty(), "{}: empty {field}", s.id);
        }
        assert!(
            s.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{}",
            s.id
        );
        assert!(
            !s.requires.is_empty() || !s.depends_on.is_empty(),
            "{} reads nothing",
            s.id
        );
    }
}

#[test]
fn a_dimension_applies_when_every_dataset_a_metric_reads_carries_it() {
    let r = registry().unwrap();
    let ids = |metric: &str| -> Vec<&str> {
        r.dimensions_of(metric)
            .unwrap()
            .iter()
            .map(|d| d.id)
            .collect()
    };
    // subscriptions carry the plan, and the customer's attributes through customer_id
    assert_eq!(ids("mrr"), ["segment", "country", "channel", "plan"]);
    assert_eq!(ids("customer_churn_rate"), ids("mrr"));
    assert_eq!(ids("dau"), ["feature", "page"]);
    assert_eq!(ids("deployment_frequency"), ["team"]);
    // cac reads expenses and subscriptions: only channel is carried by both
    assert_eq!(ids("cac"), ["channel"]);
    let plan = vitals_core::dimension("plan").unwrap();
    assert_eq!(
        r.dimension_applies("cac", plan).unwrap(),
        Err("plan does not apply: requires expenses".to_string())
    );
    assert_eq!(
        r.dimension_applies("dau", plan).unwrap(),
        Err("plan does not apply: requires events".to_string())
    );
}

#[test]
fn the_datasets_a_metric_reads_include_those_of_its_dependencies() {
    let r = registry().unwrap();
    let ltv_to_cac = r.metric("ltv_to_cac").unwrap().spec();
    assert!(ltv_to_cac.depends_on.contains(&"cac"));
    let read = r.datasets_read("ltv_to_cac").unwrap();
    let cac = r.datasets_read("cac").unwrap();
    let clv = r.datasets_read("clv").unwrap();
    assert!(cac.is_subset(&read) && clv.is_subset(&read), "{read:?}");
    assert!(read.contains("expenses"), "{read:?}");
    // and so do the dimensions: one the dependency lacks does not apply
    let segment = vitals_core::dimension("segment").unwrap();
    assert_eq!(
        r.dimension_applies("ltv_to_cac", segment).unwrap(),
        Err("segment does not apply: requires expenses".to_string())
    );
}

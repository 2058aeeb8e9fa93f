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

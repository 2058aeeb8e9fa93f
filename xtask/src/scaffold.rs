//! `cargo xtask new-plugin NAME`: a working plugin crate with a sample metric and its test.

use crate::{Mode, codegen};
use anyhow::{Context, Result, bail};
use std::path::Path;

/// Creates `plugins/NAME` (package `vitals-NAME`, family `NAME`) with one sample metric and
/// its golden test, then regenerates the link list and docs so `vitals list` shows it.
pub fn new_plugin(root: &Path, name: &str) -> Result<()> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-');
    if !valid {
        bail!("plugin name `{name}`: expected kebab-case such as acme-metrics");
    }
    let family = name.strip_prefix("vitals-").unwrap_or(name);
    let package = format!("vitals-{family}");
    let dir = root.join("plugins").join(family);
    if dir.exists() {
        bail!("{} already exists", dir.display());
    }
    let snake = family.replace('-', "_");
    let fill = |template: &str| {
        template
            .replace("{{family}}", family)
            .replace("{{package}}", &package)
            .replace("{{crate}}", &package.replace('-', "_"))
            .replace("{{snake}}", &snake)
    };
    std::fs::create_dir_all(dir.join("src")).context("cannot create the plugin folder")?;
    std::fs::create_dir_all(dir.join("tests/it"))?;
    std::fs::write(dir.join("Cargo.toml"), fill(MANIFEST))?;
    std::fs::write(dir.join("src/lib.rs"), fill(LIB))?;
    std::fs::write(dir.join("src/order_count.rs"), fill(METRIC))?;
    std::fs::write(dir.join("tests/it/main.rs"), fill(TEST))?;
    codegen(root, Mode::Write)?;
    println!("created plugins/{family} (package {package}, metric {snake}_order_count)");
    println!(
        "next: edit plugins/{family}/src/order_count.rs, then `cargo run -p vitals-runner -- list --family {family}`"
    );
    Ok(())
}

const MANIFEST: &str = r#"[package]
name = "{{package}}"
description = "The {{family}} metric family of vitals"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true
publish.workspace = true

[dependencies]
vitals-core.workspace = true

[dev-dependencies]
vitals-engine.workspace = true

[lints]
workspace = true
"#;

const LIB: &str = r#"//! The {{family}} metric family.
//!
//! Each metric is a type implementing `vitals_core::Metric`, registered with
//! `vitals_core::register_metric!`; the runner discovers it once this crate is linked
//! (`cargo xtask codegen` adds it to the runner's link list).

pub mod order_count;

/// The family name of every metric in this crate.
pub const FAMILY: &str = "{{family}}";

vitals_core::register_set!(
    "{{family}}",
    "Every {{family}} metric",
    vitals_core::SetMembers::Family(FAMILY)
);
"#;

const METRIC: &str = r#"//! `{{snake}}_order_count`: orders placed in the period (a sample to start from).

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Orders placed in each period.
pub struct OrderCount;

const SPEC: MetricSpec = MetricSpec {
    id: "{{snake}}_order_count",
    name: "Orders placed",
    family: FAMILY,
    description: "How many orders were placed in the period.",
    formula: "count of orders with ordered_at in P",
    unit: Unit::Count,
    direction: Direction::HigherIsBetter,
    requires: &["orders"],
    depends_on: &[],
    params: &[],
    source: "sample metric of `cargo xtask new-plugin`",
    maturity: None,
};

impl Metric for OrderCount {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(&cx.flow("orders", "ordered_at", "COUNT(*)", "TRUE"))
    }
}

vitals_core::register_metric!(OrderCount);
"#;

const TEST: &str = r#"//! Golden tests for the {{family}} family.

use {{crate}} as _;
use vitals_engine::testing::{Fixture, show};

#[test]
fn order_count_counts_orders_per_period() {
    // Two orders in January (one at its last second), one on the first instant of February.
    let orders = "order_id,customer_id,ordered_at,gross_amount\n\
o1,c1,2026-01-05,10\n\
o2,c2,2026-01-31 23:59:59,20\n\
o3,c1,2026-02-01 00:00:00,30\n";
    let s = Fixture::months("2026-01", "2026-04")
        .csv("orders", orders)
        .eval("{{snake}}_order_count")
        .unwrap();
    assert_eq!(show(&s), "[2, 1, 0]");
}
"#;

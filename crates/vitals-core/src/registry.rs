//! The registry: every metric, set, view and dataset linked into the binary, collected with
//! `inventory`, frozen once into sorted maps. A duplicate id is a hard error naming both
//! registrations.

use crate::contract::{CONTRACT, DatasetRegistration, DatasetSpec};
use crate::eval::ViewContext;
use crate::{Error, Metric, ParamSpec, Result, did_you_mean};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Registers one metric; build it with [`crate::register_metric!`].
pub struct MetricRegistration {
    /// The metric, a `'static` value.
    pub metric: &'static dyn Metric,
    /// Where it was registered (module path and file), for duplicate errors.
    pub origin: &'static str,
}

inventory::collect!(MetricRegistration);

/// Who belongs to a set.
#[derive(Debug, Clone, Copy)]
pub enum SetMembers {
    /// These metric ids, in this order.
    Metrics(&'static [&'static str]),
    /// Every metric of one family.
    Family(&'static str),
    /// Every registered metric.
    All,
}

/// Registers a named set of metrics; build it with [`crate::register_set!`].
pub struct SetRegistration {
    /// The set id (`saas-core`).
    pub id: &'static str,
    /// What the set is for.
    pub description: &'static str,
    /// Its members.
    pub members: SetMembers,
    /// Where it was registered.
    pub origin: &'static str,
}

inventory::collect!(SetRegistration);

/// Registers a view: a named intermediate result declared once as SQL, materialised by the
/// engine on first use in a run and readable as a table by every metric's SQL.
pub struct ViewRegistration {
    /// The table name metrics use (`sessions`).
    pub id: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// Datasets the view reads.
    pub requires: &'static [&'static str],
    /// Params the view's SQL reads.
    pub params: &'static [ParamSpec],
    /// Builds the SQL from the run's params and event roles.
    pub sql: fn(&ViewContext<'_>) -> String,
    /// Where it was registered.
    pub origin: &'static str,
}

inventory::collect!(ViewRegistration);

/// Registers a metric value with the registry.
///
/// ```ignore
/// pub struct Mrr;
/// impl vitals_core::Metric for Mrr { /* … */ }
/// vitals_core::register_metric!(Mrr);
/// ```
#[macro_export]
macro_rules! register_metric {
    ($metric:expr) => {
        $crate::inventory::submit! {
            $crate::MetricRegistration {
                metric: &$metric,
                origin: concat!(module_path!(), " (", file!(), ")"),
            }
        }
    };
}

/// Registers a metric set: `register_set!("saas-core", "description", &["mrr", "arpa"])`, or
/// with [`SetMembers`] directly: `register_set!("pm", "…", SetMembers::Family("product-management"))`.
#[macro_export]
macro_rules! register_set {
    ($id:expr, $description:expr, & [$($metric:expr),* $(,)?]) => {
        $crate::register_set!($id, $description, $crate::SetMembers::Metrics(&[$($metric),*]));
    };
    ($id:expr, $description:expr, $members:expr) => {
        $crate::inventory::submit! {
            $crate::SetRegistration {
                id: $id,
                description: $description,
                members: $members,
                origin: concat!(module_path!(), " (", file!(), ")"),
            }
        }
    };
}

/// Registers a view (see [`ViewRegistration`]).
#[macro_export]
macro_rules! register_view {
    ($id:expr, $description:expr, requires = $requires:expr, params = $params:expr, sql = $sql:expr $(,)?) => {
        $crate::inventory::submit! {
            $crate::ViewRegistration {
                id: $id,
                description: $description,
                requires: $requires,
                params: $params,
                sql: $sql,
                origin: concat!(module_path!(), " (", file!(), ")"),
            }
        }
    };
}

/// Registers a dataset of a plugin's own, beside the built-in contract.
#[macro_export]
macro_rules! register_dataset {
    ($spec:expr) => {
        $crate::inventory::submit! {
            $crate::DatasetRegistration {
                spec: &$spec,
                origin: concat!(module_path!(), " (", file!(), ")"),
            }
        }
    };
}

/// A set with its members resolved to metric ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetDef {
    /// The set id.
    pub id: String,
    /// What it is for.
    pub description: String,
    /// Member metric ids in order.
    pub metrics: Vec<String>,
    /// Where it was defined (a module, or `vitals.toml`).
    pub origin: String,
}

/// Every metric, set, view and dataset known to this binary, sorted by id.
#[derive(Clone)]
pub struct Registry {
    metrics: BTreeMap<&'static str, &'static MetricRegistration>,
    sets: BTreeMap<String, SetDef>,
    views: BTreeMap<&'static str, &'static ViewRegistration>,
    datasets: Vec<&'static DatasetSpec>,
}

fn insert_unique<K: Ord + Clone + std::fmt::Display, V>(
    map: &mut BTreeMap<K, V>,
    kind: &'static str,
    key: K,
    value: V,
    origin: impl Fn(&V) -> String,
) -> Result<()> {
    if let Some(existing) = map.get(&key) {
        return Err(Error::Duplicate {
            kind,
            id: key.to_string(),
            first: origin(existing),
            second: origin(&value),
        });
    }
    map.insert(key, value);
    Ok(())
}

impl Registry {
    /// Builds a registry from registrations; duplicate ids are an error.
    pub fn build<'a>(
        metrics: impl IntoIterator<Item = &'static MetricRegistration>,
        sets: impl IntoIterator<Item = &'a SetRegistration>,
        views: impl IntoIterator<Item = &'static ViewRegistration>,
        datasets: impl IntoIterator<Item = &'static DatasetRegistration>,
    ) -> Result<Registry> {
        let mut by_id = BTreeMap::new();
        for m in metrics {
            insert_unique(&mut by_id, "metric", m.metric.spec().id, m, |m| {
                m.origin.to_string()
            })?;
        }
        let mut view_map = BTreeMap::new();
        for v in views {
            insert_unique(&mut view_map, "view", v.id, v, |v| v.origin.to_string())?;
        }
        let mut dataset_map: BTreeMap<&str, (&'static DatasetSpec, String)> = BTreeMap::new();
        let mut ordered = Vec::new();
        let builtin = CONTRACT
            .iter()
            .map(|d| (d, "vitals_core::contract".to_string()));
        let extra = datasets.into_iter().map(|d| (d.spec, d.origin.to_string()));
        for (spec, origin) in builtin.chain(extra) {
            insert_unique(&mut dataset_map, "dataset", spec.id, (spec, origin), |v| {
                v.1.clone()
            })?;
            ordered.push(spec);
        }
        let mut registry = Registry {
            metrics: by_id,
            sets: BTreeMap::new(),
            views: view_map,
            datasets: ordered,
        };
        let mut set_map = BTreeMap::new();
        for s in sets {
            let def = registry.resolve_members(s)?;
            insert_unique(&mut set_map, "set", def.id.clone(), def, |d| {
                d.origin.clone()
            })?;
        }
        registry.sets = set_map;
        Ok(registry)
    }

    fn resolve_members(&self, s: &SetRegistration) -> Result<SetDef> {
        let metrics = match s.members {
            SetMembers::Metrics(ids) => ids.iter().map(|m| m.to_string()).collect(),
            SetMembers::Family(f) => self
                .metrics()
                .filter(|m| m.spec().family == f)
                .map(|m| m.spec().id.to_string())
                .collect(),
            SetMembers::All => self.metrics.keys().map(|k| k.to_string()).collect(),
        };
        Ok(SetDef {
            id: s.id.to_string(),
            description: s.description.to_string(),
            metrics,
            origin: s.origin.to_string(),
        })
    }

    /// Adds a set defined at run time (from `vitals.toml`); a clash with an existing set id
    /// and an unknown member are errors.
    pub fn add_set(&mut self, def: SetDef) -> Result<()> {
        for m in &def.metrics {
            if !self.metrics.contains_key(m.as_str()) {
                return Err(Error::UnknownSetMember {
                    set: def.id.clone(),
                    metric: m.clone(),
                    suggestion: did_you_mean(m, self.metric_ids()),
                });
            }
        }
        insert_unique(&mut self.sets, "set", def.id.clone(), def, |d| {
            d.origin.clone()
        })
    }

    /// Adds a metric defined at run time (a declared metric from `vitals.toml`); a clash with
    /// a registered id is an error. The metric joins the `all` set and the set named after its
    /// family, if there is one.
    pub fn add_metric(&mut self, metric: &'static dyn Metric, origin: &str) -> Result<()> {
        let origin: &'static str = Box::leak(origin.to_string().into_boxed_str());
        let registration: &'static MetricRegistration =
            Box::leak(Box::new(MetricRegistration { metric, origin }));
        let spec = metric.spec();
        insert_unique(&mut self.metrics, "metric", spec.id, registration, |m| {
            m.origin.to_string()
        })?;
        for set in ["all", spec.family] {
            if let Some(def) = self.sets.get_mut(set) {
                def.metrics.push(spec.id.to_string());
            }
        }
        Ok(())
    }

    /// Every metric, sorted by id.
    pub fn metrics(&self) -> impl Iterator<Item = &'static dyn Metric> + '_ {
        self.metrics.values().map(|r| r.metric)
    }

    /// Every metric id, sorted.
    pub fn metric_ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.metrics.keys().copied()
    }

    /// The metric `id`, or an error with a suggestion.
    pub fn metric(&self, id: &str) -> Result<&'static dyn Metric> {
        self.metrics
            .get(id)
            .map(|r| r.metric)
            .ok_or_else(|| Error::Unknown {
                kind: "metric",
                name: id.to_string(),
                suggestion: did_you_mean(id, self.metric_ids()),
            })
    }

    /// Where metric `id` was registered.
    pub fn origin(&self, id: &str) -> Option<&'static str> {
        self.metrics.get(id).map(|r| r.origin)
    }

    /// The families of the registered metrics, sorted.
    pub fn families(&self) -> BTreeSet<&'static str> {
        self.metrics().map(|m| m.spec().family).collect()
    }

    /// Checks that `family` exists, with a suggestion when not.
    pub fn family(&self, family: &str) -> Result<&'static str> {
        let families = self.families();
        families
            .iter()
            .find(|f| **f == family)
            .copied()
            .ok_or_else(|| Error::Unknown {
                kind: "family",
                name: family.to_string(),
                suggestion: did_you_mean(family, families.iter().copied()),
            })
    }

    /// Every set, sorted by id.
    pub fn sets(&self) -> impl Iterator<Item = &SetDef> {
        self.sets.values()
    }

    /// The set `id`, or an error with a suggestion.
    pub fn set(&self, id: &str) -> Result<&SetDef> {
        self.sets.get(id).ok_or_else(|| Error::Unknown {
            kind: "set",
            name: id.to_string(),
            suggestion: did_you_mean(id, self.sets.keys().map(String::as_str)),
        })
    }

    /// Checks that every member of every set is a registered metric.
    pub fn check_sets(&self) -> Result<()> {
        for set in self.sets.values() {
            for m in &set.metrics {
                if !self.metrics.contains_key(m.as_str()) {
                    return Err(Error::UnknownSetMember {
                        set: set.id.clone(),
                        metric: m.clone(),
                        suggestion: did_you_mean(m, self.metric_ids()),
                    });
                }
            }
        }
        Ok(())
    }

    /// Every view, sorted by id.
    pub fn views(&self) -> impl Iterator<Item = &'static ViewRegistration> + '_ {
        self.views.values().copied()
    }

    /// Every dataset: the built-in contract first, then plugin datasets.
    pub fn datasets(&self) -> &[&'static DatasetSpec] {
        &self.datasets
    }

    /// The dataset `id`, or an error with a suggestion.
    pub fn dataset(&self, id: &str) -> Result<&'static DatasetSpec> {
        self.datasets
            .iter()
            .find(|d| d.id == id)
            .copied()
            .ok_or_else(|| Error::Unknown {
                kind: "dataset",
                name: id.to_string(),
                suggestion: did_you_mean(id, self.datasets.iter().map(|d| d.id)),
            })
    }

    /// Every param declared by a metric or view, with its first declaration.
    pub fn params(&self) -> BTreeMap<&'static str, &'static ParamSpec> {
        let from_metrics = self.metrics().flat_map(|m| m.spec().params.iter());
        let from_views = self.views().flat_map(|v| v.params.iter());
        let mut out = BTreeMap::new();
        for p in from_metrics.chain(from_views) {
            out.entry(p.name).or_insert(p);
        }
        out
    }
}

crate::register_set!("all", "Every linked metric", SetMembers::All);

/// The registry of everything linked into this binary, built once on first use.
pub fn registry() -> Result<&'static Registry> {
    static REGISTRY: OnceLock<std::result::Result<Registry, String>> = OnceLock::new();
    REGISTRY
        .get_or_init(|| {
            Registry::build(
                inventory::iter::<MetricRegistration>,
                inventory::iter::<SetRegistration>,
                inventory::iter::<ViewRegistration>,
                inventory::iter::<DatasetRegistration>,
            )
            .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Registry(e.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Direction, EvalContext, MetricSpec, Plan, Series, Unit};

    struct Fake(MetricSpec);

    impl Metric for Fake {
        fn spec(&self) -> &MetricSpec {
            &self.0
        }
        fn evaluate(&self, _: &EvalContext<'_>) -> Result<Series> {
            Ok(Series { points: Vec::new() })
        }
    }

    const fn fake(id: &'static str, depends_on: &'static [&'static str]) -> Fake {
        Fake(MetricSpec {
            id,
            name: id,
            family: "test",
            description: "",
            formula: "",
            unit: Unit::Count,
            direction: Direction::Neutral,
            requires: &[],
            depends_on,
            params: &[],
            source: "",
            maturity: None,
        })
    }

    static A: Fake = fake("a", &["b"]);
    static B: Fake = fake("b", &["c"]);
    static C: Fake = fake("c", &["a"]);
    static D: Fake = fake("d", &["ee"]);
    static E: Fake = fake("e", &[]);
    static F: Fake = fake("f", &["e"]);
    static A_AGAIN: Fake = fake("a", &[]);
    static G: Fake = Fake(MetricSpec {
        params: &[crate::ParamSpec {
            name: "window_days",
            default: "30",
            kind: crate::ParamKind::PositiveInt,
            doc: "days in the window",
        }],
        ..fake("g", &[]).0
    });
    static REG_G: MetricRegistration = MetricRegistration {
        metric: &G,
        origin: "plugin_one::g",
    };

    static REG_A: MetricRegistration = MetricRegistration {
        metric: &A,
        origin: "plugin_one::a",
    };
    static REG_B: MetricRegistration = MetricRegistration {
        metric: &B,
        origin: "plugin_one::b",
    };
    static REG_C: MetricRegistration = MetricRegistration {
        metric: &C,
        origin: "plugin_one::c",
    };
    static REG_D: MetricRegistration = MetricRegistration {
        metric: &D,
        origin: "plugin_one::d",
    };
    static REG_E: MetricRegistration = MetricRegistration {
        metric: &E,
        origin: "plugin_one::e",
    };
    static REG_F: MetricRegistration = MetricRegistration {
        metric: &F,
        origin: "plugin_one::f",
    };
    static REG_A_AGAIN: MetricRegistration = MetricRegistration {
        metric: &A_AGAIN,
        origin: "plugin_two::a",
    };

    fn build(metrics: &[&'static MetricRegistration]) -> Result<Registry> {
        Registry::build(metrics.iter().copied(), [], [], [])
    }

    #[test]
    fn duplicate_ids_name_both_registrations() {
        let err = build(&[&REG_A, &REG_A_AGAIN]).err().unwrap();
        assert_eq!(
            err.to_string(),
            "duplicate metric id `a`: registered by plugin_one::a and by plugin_two::a"
        );
    }

    #[test]
    fn cycles_name_the_chain() {
        let r = build(&[&REG_A, &REG_B, &REG_C]).unwrap();
        let err = Plan::new(&r, vec!["a"]).err().unwrap();
        assert_eq!(err.to_string(), "dependency cycle: a -> b -> c -> a");
    }

    #[test]
    fn unknown_dependencies_are_named_with_a_suggestion() {
        let r = build(&[&REG_D, &REG_E]).unwrap();
        let err = Plan::new(&r, vec!["d"]).err().unwrap();
        assert_eq!(
            err.to_string(),
            "metric `d` depends on unknown metric `ee`; did you mean `e`?"
        );
    }

    #[test]
    fn plans_put_dependencies_first_and_once() {
        let r = build(&[&REG_F, &REG_E]).unwrap();
        let plan = Plan::new(&r, vec!["f", "e"]).unwrap();
        let order: Vec<_> = plan.order.iter().map(|m| m.spec().id).collect();
        assert_eq!(order, ["e", "f"]);
        assert_eq!(plan.selected, ["f", "e"]);
    }

    #[test]
    fn registry_is_sorted_and_unknown_names_suggest() {
        let r = build(&[&REG_F, &REG_E]).unwrap();
        assert_eq!(r.metric_ids().collect::<Vec<_>>(), ["e", "f"]);
        assert_eq!(
            r.metric("ff").err().unwrap().to_string(),
            "unknown metric `ff`; did you mean `f`?"
        );
        assert_eq!(
            r.dataset("order").err().unwrap().to_string(),
            "unknown dataset `order`; did you mean `orders`?"
        );
    }

    #[test]
    fn params_have_defaults_overrides_and_typed_reads() {
        use crate::Params;
        let r = build(&[&REG_G]).unwrap();
        let defaults = Params::resolve(&r, []).unwrap();
        assert_eq!(defaults.int("window_days").unwrap(), 30);
        let set = Params::resolve(&r, [("window_days", "7")]).unwrap();
        assert_eq!(set.decimal("window_days").unwrap(), crate::Decimal::from(7));
        for bad in ["week", "45.5", "-5", "0", ""] {
            assert_eq!(
                Params::resolve(&r, [("window_days", bad)])
                    .err()
                    .unwrap()
                    .to_string(),
                format!("param `window_days`: expected a positive whole number, found `{bad}`")
            );
        }
        assert_eq!(
            Params::resolve(&r, [("window_days", " 14 ")])
                .unwrap()
                .int("window_days")
                .unwrap(),
            14
        );
        assert_eq!(
            Params::resolve(&r, [("window_day", "7")])
                .err()
                .unwrap()
                .to_string(),
            "unknown param `window_day`; did you mean `window_days`?"
        );
    }

    #[test]
    fn config_sets_must_name_known_metrics() {
        let mut r = build(&[&REG_E]).unwrap();
        let err = r
            .add_set(SetDef {
                id: "mine".into(),
                description: String::new(),
                metrics: vec!["ee".into()],
                origin: "vitals.toml".into(),
            })
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "set `mine` names unknown metric `ee`; did you mean `e`?"
        );
    }
}

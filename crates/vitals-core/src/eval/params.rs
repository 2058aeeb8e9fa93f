//! Params and event roles, resolved once per run, and what a view's SQL builder sees.

use crate::{Decimal, Error, Grain, ParamKind, Registry, Result, did_you_mean};
use std::collections::BTreeMap;

/// Resolved parameters: every declared param with its default or override.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Defaults of every param declared in `registry`, then `overrides` (from vitals.toml
    /// and `--param`); an override of an undeclared param is an error, and so is a value that
    /// is not of the param's [`ParamKind`].
    pub fn resolve<'a>(
        registry: &Registry,
        overrides: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Params> {
        let declared = registry.params();
        let mut values: BTreeMap<String, String> = declared
            .values()
            .map(|p| (p.name.to_string(), p.default.to_string()))
            .collect();
        for (name, value) in overrides {
            if !declared.contains_key(name) {
                return Err(Error::Unknown {
                    kind: "param",
                    name: name.to_string(),
                    suggestion: did_you_mean(name, declared.keys().copied()),
                });
            }
            check(name, declared[name].kind, value)?;
            values.insert(name.to_string(), value.trim().to_string());
        }
        Ok(Params { values })
    }

    /// The value of `name`, if declared.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The value of `name` as a decimal.
    pub fn decimal(&self, name: &str) -> Result<Decimal> {
        let raw = self.require(name)?;
        raw.trim().parse().map_err(|_| Error::Param {
            name: name.to_string(),
            value: raw.to_string(),
            expected: "a decimal number",
        })
    }

    /// The value of `name` as a non-negative whole number.
    pub fn int(&self, name: &str) -> Result<u64> {
        let raw = self.require(name)?;
        raw.trim().parse().map_err(|_| Error::Param {
            name: name.to_string(),
            value: raw.to_string(),
            expected: "a non-negative whole number",
        })
    }

    fn require(&self, name: &str) -> Result<&str> {
        self.get(name).ok_or_else(|| Error::Unknown {
            kind: "param",
            name: name.to_string(),
            suggestion: did_you_mean(name, self.values.keys().map(String::as_str)),
        })
    }

    /// Every param and its value, sorted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Checks an override `value` of param `name` against its `kind`.
fn check(name: &str, kind: ParamKind, value: &str) -> Result<()> {
    let v = value.trim();
    let ok = match kind {
        ParamKind::PositiveInt => v.parse::<u64>().is_ok_and(|n| n > 0),
        ParamKind::PositiveDecimal => v.parse::<Decimal>().is_ok_and(|d| d > Decimal::ZERO),
        ParamKind::Text => true,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::Param {
            name: name.to_string(),
            value: value.to_string(),
            expected: kind.expected(),
        })
    }
}

/// Event names for the roles metrics look for, mapped in `[events]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRoles {
    names: BTreeMap<&'static str, String>,
}

impl EventRoles {
    /// The roles, each defaulting to an event of the same name.
    pub const ROLES: [&'static str; 8] = [
        "page_view",
        "signup",
        "activation",
        "feature_used",
        "onboarding_view",
        "content_view",
        "add_to_cart",
        "purchase",
    ];

    /// The defaults with `overrides` applied; an unknown role is an error.
    pub fn new<'a>(overrides: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut names: BTreeMap<&'static str, String> =
            Self::ROLES.iter().map(|r| (*r, r.to_string())).collect();
        for (role, name) in overrides {
            let Some(key) = Self::ROLES.iter().find(|r| **r == role) else {
                return Err(Error::Unknown {
                    kind: "event role",
                    name: role.to_string(),
                    suggestion: did_you_mean(role, Self::ROLES),
                });
            };
            names.insert(key, name.to_string());
        }
        Ok(EventRoles { names })
    }

    /// The event name of `role` as a quoted SQL literal (`'purchase'`).
    pub fn literal(&self, role: &str) -> String {
        let name = self.names.get(role).map(String::as_str).unwrap_or(role);
        sql_literal(name)
    }
}

impl Default for EventRoles {
    fn default() -> Self {
        EventRoles::new([]).expect("defaults are valid")
    }
}

/// Quotes `s` as a SQL string literal.
fn sql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// What a view's SQL builder sees: the run's params, event roles and grain.
pub struct ViewContext<'a> {
    /// Resolved params.
    pub params: &'a Params,
    /// Event role names.
    pub events: &'a EventRoles,
    /// The grain of the run's periods.
    pub grain: Grain,
    /// The run's periods (with their calendar: week start, fiscal year, time zone).
    pub periods: &'a crate::Periods,
}

impl ViewContext<'_> {
    /// The event name of a role as a SQL literal, see [`EventRoles`].
    pub fn event(&self, role: &str) -> String {
        self.events.literal(role)
    }

    /// SQL for the start of the period holding the timestamp expression `expr`.
    pub fn bucket(&self, expr: &str) -> String {
        self.periods.bucket_sql(expr)
    }

    /// SQL for the start (a UTC instant) of the local day holding the UTC timestamp
    /// expression `expr`.
    pub fn day(&self, expr: &str) -> String {
        self.periods.bucket_sql_of(Grain::Day, expr)
    }

    /// SQL for the local wall-clock time of the UTC timestamp expression `expr`.
    pub fn local(&self, expr: &str) -> String {
        self.periods.local_sql(expr)
    }

    /// SQL for the UTC instant of the local wall-clock time expression `local`.
    pub fn utc(&self, local: &str) -> String {
        self.periods.utc_sql(local)
    }

    /// Whether the run's periods are in UTC (no time zone).
    pub fn is_utc(&self) -> bool {
        self.periods.calendar().zone.is_utc()
    }
}

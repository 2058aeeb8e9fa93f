//! Test support for plugins: datasets from inline CSV text, set up as a real run [`Session`]
//! (the real loader, the real engine), and one metric (with its dependencies) evaluated over
//! chosen periods.
//!
//! ```no_run
//! use vitals_engine::testing::Fixture;
//! let series = Fixture::months("2026-01", "2026-03")
//!     .csv("orders", "order_id,customer_id,ordered_at,gross_amount\no1,c1,2026-01-05,50\n")
//!     .eval("gross_revenue")
//!     .unwrap();
//! ```

use crate::{DatasetSource, Session, TextStorage};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use vitals_core::{
    Decimal, EventRoles, Grain, Outcome, Params, Periods, Plan, Series, parse_date_arg, registry,
};

/// A small dataset fixture and a range of periods.
///
/// Each dataset is taken to cover the fixture's whole range, so that a period without rows
/// is a period in which nothing happened (counts 0, ratios undefined), not one outside the
/// data; [`Fixture::covered_by_rows`] lets the rows set each dataset's span instead, as a
/// run without `covers_from`/`covers_to` does.
pub struct Fixture {
    periods: Periods,
    files: Vec<(String, String)>,
    params: Vec<(String, String)>,
    events: Vec<(String, String)>,
    by_rows: bool,
}

impl Fixture {
    /// Periods of `grain` over `[from, to)` (dates as `YYYY-MM-DD` or `YYYY-MM`).
    pub fn new(grain: Grain, from: &str, to: &str) -> Self {
        let from = parse_date_arg(from).expect("valid from");
        let to = parse_date_arg(to).expect("valid to");
        Fixture {
            periods: Periods::new(grain, from, to).expect("valid range"),
            files: Vec::new(),
            params: Vec::new(),
            events: Vec::new(),
            by_rows: false,
        }
    }

    /// Lets each dataset's rows set the span it covers (the day of its first row to the day
    /// of its last), instead of the fixture's whole range.
    pub fn covered_by_rows(mut self) -> Self {
        self.by_rows = true;
        self
    }

    /// Monthly periods over `[from, to)`.
    pub fn months(from: &str, to: &str) -> Self {
        Fixture::new(Grain::Month, from, to)
    }

    /// Adds dataset `id` from CSV text (header row first).
    pub fn csv(mut self, id: &str, text: &str) -> Self {
        self.files.push((id.to_string(), text.to_string()));
        self
    }

    /// Overrides a param.
    pub fn param(mut self, name: &str, value: &str) -> Self {
        self.params.push((name.to_string(), value.to_string()));
        self
    }

    /// Maps an event role to another event name.
    pub fn event(mut self, role: &str, name: &str) -> Self {
        self.events.push((role.to_string(), name.to_string()));
        self
    }

    /// Evaluates metric `id` (and its dependencies) and returns its series, or the reason it
    /// was skipped as an error. It is evaluated twice, with text columns stored as
    /// dictionaries and plain, and the two results must agree (the storage is the loader's
    /// choice and must never change a number).
    pub fn eval(&self, id: &str) -> Result<Series, String> {
        let (dictionary, dictionary_dir) = self.eval_with(id, TextStorage::Dictionary);
        let (plain, plain_dir) = self.eval_with(id, TextStorage::Plain);
        // Each run writes its files to a folder of its own, which error messages name.
        let same = match (&dictionary, &plain) {
            (Err(d), Err(p)) => {
                d.replace(&dictionary_dir, "FIXTURE") == p.replace(&plain_dir, "FIXTURE")
            }
            _ => dictionary == plain,
        };
        if !same {
            return Err(format!(
                "`{id}` differs with text stored as dictionaries ({dictionary:?}) and plain ({plain:?})"
            ));
        }
        plain
    }

    /// Evaluates in a fresh folder; returns the result and the folder's path.
    fn eval_with(&self, id: &str, text: TextStorage) -> (Result<Series, String>, String) {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir: PathBuf = std::env::temp_dir().join(format!(
            "vitals-fixture-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let result = std::fs::create_dir_all(&dir)
            .map_err(|e| vitals_core::error_chain(&e))
            .and_then(|()| self.eval_in(&dir, id, text));
        let _ = std::fs::remove_dir_all(&dir);
        (result, dir.display().to_string())
    }

    fn eval_in(
        &self,
        dir: &std::path::Path,
        id: &str,
        text: TextStorage,
    ) -> Result<Series, String> {
        let registry = registry().map_err(|e| vitals_core::error_chain(&e))?;
        let mut builder = Session::builder(registry)
            .text_storage(text)
            .grain(self.periods.grain())
            .from(Some(self.periods.start()))
            .to(Some(self.periods.end()));
        for (name, text) in &self.files {
            let path = dir.join(format!("{name}.csv"));
            std::fs::write(&path, text).map_err(|e| vitals_core::error_chain(&e))?;
            builder = builder.dataset(name.as_str(), DatasetSource::new(path));
            if !self.by_rows {
                builder = builder.covers(
                    name.as_str(),
                    Some(self.periods.start()),
                    Some(self.periods.end()),
                );
            }
        }
        let params = Params::resolve(
            registry,
            self.params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
        .map_err(|e| vitals_core::error_chain(&e))?;
        let events = EventRoles::new(self.events.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map_err(|e| vitals_core::error_chain(&e))?;
        let plan = Plan::new(
            registry,
            vec![
                registry
                    .metric(id)
                    .map_err(|e| vitals_core::error_chain(&e))?
                    .spec()
                    .id,
            ],
        )
        .map_err(|e| vitals_core::error_chain(&e))?;
        let session = builder
            .params(params)
            .events(events)
            .build(&plan)
            .map_err(|e| vitals_core::error_chain(&e))?;
        let mut outcomes = session
            .evaluate(&plan, &mut |_| {})
            .map_err(|e| vitals_core::error_chain(&e))?;
        match outcomes.remove(plan.selected[0]) {
            Some(Outcome::Evaluated(s)) => Ok(s),
            Some(Outcome::Skipped(reason)) => Err(format!("skipped: {reason}")),
            None => Err("not evaluated".into()),
        }
    }
}

/// The values of a series, for compact assertions.
pub fn values(series: &Series) -> Vec<Option<Decimal>> {
    series.values()
}

/// A decimal from text, for compact assertions: `dec("12.5")`.
pub fn dec(s: &str) -> Decimal {
    s.parse().expect("valid decimal")
}

/// Formats values as `[12.5, null, …]` for compact assertions.
pub fn show(series: &Series) -> String {
    let parts: Vec<String> = series
        .points
        .iter()
        .map(|p| match (&p.value, &p.note) {
            (Some(v), _) => v.normalize().to_string(),
            (None, Some(note)) => format!("null ({note})"),
            (None, None) => "null".to_string(),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// `a ÷ b` as a normalised decimal, for expected values: `frac(2, 3)`.
pub fn frac(a: i64, b: i64) -> Option<Decimal> {
    Some((Decimal::from(a) / Decimal::from(b)).normalize())
}

/// A decimal from text as a normalised expected value: `num("0.25")`.
pub fn num(s: &str) -> Option<Decimal> {
    Some(dec(s).normalize())
}

/// The note of period `i` (empty when there is none).
pub fn note(series: &Series, i: usize) -> &str {
    series.points[i].note.as_deref().unwrap_or("")
}

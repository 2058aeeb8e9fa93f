//! Cohort tables over the run's (restricted) datasets: each kind is one query counting, per
//! cohort and period, the members still there and their amounts; [`CohortTable::new`] turns
//! the counts into shares.
//!
//! A member's cohort is the period that holds their first paid subscription start (not a
//! trial, `mrr > 0`), first event or first order, over all their rows, not only those in the
//! range: a customer who first paid before the range belongs to no cohort shown.

use super::Session;
use std::collections::BTreeMap;
use vitals_core::{CohortCounts, CohortKind, CohortTable, Decimal, Error, Result, Value};

impl Session<'_> {
    /// The cohort table of `kind` over the run's periods. The dataset the kind reads must be
    /// configured; a filter of the run restricts it as it restricts a metric's rows.
    pub fn cohorts(&self, kind: CohortKind) -> Result<CohortTable> {
        let dataset = kind.dataset();
        if !self.configured.contains(dataset) {
            return Err(Error::Range(format!(
                "cohorts of kind {kind} are computed from the {dataset} dataset, which is not configured"
            )));
        }
        let grain = self.evaluated.grain();
        let bucket = |column: &str| self.evaluated.bucket_sql(column);
        let (cohorts, per_age) = match kind {
            CohortKind::Logo | CohortKind::Revenue | CohortKind::GrossRevenue => {
                subscription_sql(&bucket("first_at"))
            }
            CohortKind::Users => activity_sql(
                "events",
                "arrow_cast(user_id, 'Utf8')",
                &bucket("occurred_at"),
                "0",
            ),
            CohortKind::Buyers | CohortKind::BuyerRevenue => activity_sql(
                "orders",
                "customer_id",
                &bucket("ordered_at"),
                "gross_amount - discount - refunded",
            ),
        };
        // An activity cohort is everyone active in its first period, so its size is its
        // age-0 count, and one query gives both.
        let cohorts_are_active_at_start = cohorts.is_none();
        let n = self.evaluated.len();
        let mut counts = vec![CohortCounts::default(); n];
        if let Some(sizes) = cohorts {
            for row in self.engine.query(&sizes)?.rows {
                if let (Some(i), Some(size)) = (index(&row[0], n)?, row[1].as_decimal()?) {
                    counts[i].size = count(size)?;
                }
            }
        }
        let mut cells: BTreeMap<(usize, usize), [Decimal; 3]> = BTreeMap::new();
        for row in self.engine.query(&per_age)?.rows {
            let (Some(i), Some(at)) = (index(&row[0], n)?, index(&row[1], n)?) else {
                continue;
            };
            let mut cell = [Decimal::ZERO; 3];
            for (slot, value) in cell.iter_mut().zip(&row[2..5]) {
                *slot = value.as_decimal()?.unwrap_or_default();
            }
            if at >= i {
                cells.insert((i, at), cell);
            }
        }
        for (i, c) in counts.iter_mut().enumerate() {
            let ages = n - i;
            c.kept = vec![0; ages];
            c.amount = vec![Decimal::ZERO; ages];
            c.capped = vec![Decimal::ZERO; ages];
            for age in 0..ages {
                if let Some([kept, amount, capped]) = cells.get(&(i, i + age)) {
                    c.kept[age] = count(*kept)?;
                    c.amount[age] = *amount;
                    c.capped[age] = *capped;
                }
            }
            if cohorts_are_active_at_start {
                c.size = c.kept[0];
            }
        }
        Ok(CohortTable::new(
            kind,
            grain,
            self.evaluated.as_slice(),
            &counts,
        ))
    }
}

/// The queries of the subscription kinds: `(cidx, size)` per cohort (a customer whose MRR is
/// 0 at the end of their first period is in the cohort without a row at age 0), and `(cidx, at, kept,
/// amount, capped)` per cohort and period end: the customers paying at the end of period
/// `at`, their MRR, and their MRR each capped at their MRR at the end of the cohort's period.
fn subscription_sql(first_bucket: &str) -> (Option<String>, String) {
    let with = format!(
        "WITH paid AS (SELECT customer_id, started_at, ended_at, mrr FROM subscriptions \
                       WHERE NOT trial AND mrr > 0), \
              firsts AS (SELECT customer_id, MIN(started_at) AS first_at FROM paid GROUP BY customer_id), \
              cohort AS (SELECT f.customer_id, p.idx AS cidx FROM firsts f \
                         JOIN periods p ON {first_bucket} = p.start)"
    );
    let sizes = format!("{with} SELECT cidx, COUNT(*) FROM cohort GROUP BY cidx");
    let per_age = format!(
        "{with}, \
         snap AS (SELECT c.customer_id, c.cidx, p.idx AS at, SUM(s.mrr) AS mrr \
                  FROM cohort c JOIN paid s ON s.customer_id = c.customer_id \
                  JOIN periods p ON p.idx >= c.cidx AND s.started_at <= p.\"end\" \
                                AND (s.ended_at IS NULL OR s.ended_at > p.\"end\") \
                  GROUP BY c.customer_id, c.cidx, p.idx), \
         base AS (SELECT customer_id, mrr FROM snap WHERE at = cidx) \
         SELECT s.cidx, s.at, COUNT(*), SUM(s.mrr), \
                SUM(CASE WHEN b.mrr IS NULL THEN 0 WHEN s.mrr < b.mrr THEN s.mrr ELSE b.mrr END) \
         FROM snap s LEFT JOIN base b ON b.customer_id = s.customer_id \
         GROUP BY s.cidx, s.at"
    );
    (Some(sizes), per_age)
}

/// The query of the activity kinds over `table`: members by `member`, placed in periods by
/// `bucket`, with `amount` summed per period: `(cidx, at, kept, amount, 0)` per cohort and
/// period, the members with a row in period `at` and the sum of their amounts there.
fn activity_sql(table: &str, member: &str, bucket: &str, amount: &str) -> (Option<String>, String) {
    let with = format!(
        "WITH active AS (SELECT {member} AS member, {bucket} AS bucket, SUM({amount}) AS amount \
                         FROM {table} GROUP BY 1, 2), \
              firsts AS (SELECT member, MIN(bucket) AS first_bucket FROM active GROUP BY member), \
              cohort AS (SELECT f.member, p.idx AS cidx FROM firsts f \
                         JOIN periods p ON f.first_bucket = p.start)"
    );
    let per_age = format!(
        "{with} \
         SELECT c.cidx, p.idx AS at, COUNT(*), SUM(a.amount), 0 \
         FROM cohort c JOIN active a ON a.member = c.member \
         JOIN periods p ON a.bucket = p.start \
         GROUP BY c.cidx, p.idx"
    );
    (None, per_age)
}

/// A period index below `n`.
fn index(value: &Value, n: usize) -> Result<Option<usize>> {
    Ok(value.as_index()?.filter(|i| *i < n))
}

/// A count as a whole number.
fn count(value: Decimal) -> Result<u64> {
    u64::try_from(value).map_err(|_| Error::Query {
        message: format!("expected a count, found {value}"),
    })
}

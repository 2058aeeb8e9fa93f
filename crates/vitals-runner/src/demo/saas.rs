//! Customers and subscriptions: trials, conversions, plan changes at midnight, churn and
//! reactivation.

use super::{CsvFile, Customer, END, Rng, START, label, scaled, ts};
use anyhow::Result;
use std::path::Path;

const PLANS: [(&str, i64, f64); 3] = [("basic", 29, 0.6), ("pro", 99, 0.3), ("business", 299, 0.1)];

/// The plans customers hold within each price tier: a long tail of annual, legacy and special
/// plans. A customer keeps one plan per tier.
const PLAN_VARIANTS: [&[(&str, f64)]; 3] = [
    &[
        ("basic", 0.6),
        ("basic_annual", 0.2),
        ("starter", 0.12),
        ("starter_legacy", 0.05),
        ("nonprofit", 0.03),
    ],
    &[
        ("pro", 0.55),
        ("pro_annual", 0.25),
        ("growth", 0.1),
        ("pro_2019", 0.05),
        ("pro_edu", 0.03),
        ("pro_partner", 0.02),
    ],
    &[
        ("business", 0.6),
        ("business_annual", 0.25),
        ("enterprise_custom", 0.1),
        ("business_eu", 0.05),
    ],
];

/// Where customers are, and a few with no country on record.
const COUNTRIES: [(&str, f64); 14] = [
    ("US", 0.35),
    ("DE", 0.14),
    ("GB", 0.12),
    ("FR", 0.08),
    ("CA", 0.06),
    ("NL", 0.05),
    ("AU", 0.04),
    ("SE", 0.03),
    ("ES", 0.03),
    ("IT", 0.03),
    ("BR", 0.02),
    ("JP", 0.02),
    ("IN", 0.01),
    ("", 0.02),
];

/// The plan customer `id` holds in the tier of `base` (a few subscriptions have none).
fn plan_of(id: &str, base: &str) -> &'static str {
    let tier = PLANS.iter().position(|p| p.0 == base).unwrap_or(0);
    if label(id, 11, &[("", 0.02), ("plan", 0.98)]).is_empty() {
        return "";
    }
    label(&format!("{id}/{base}"), 13, PLAN_VARIANTS[tier])
}

fn plan_index(rng: &mut Rng) -> usize {
    let weights: Vec<(usize, f64)> = PLANS.iter().enumerate().map(|(i, p)| (i, p.2)).collect();
    *rng.weighted(&weights)
}

/// Midnight of the day holding `secs`.
fn midnight(secs: i64) -> i64 {
    secs - secs.rem_euclid(86_400)
}

pub(super) fn customers_and_subscriptions(
    dir: &Path,
    rng: &mut Rng,
    scale: f64,
    rows: &mut usize,
) -> Result<Vec<Customer>> {
    let n = scaled(1500.0, scale, 20);
    let mut customers_csv = CsvFile::create(
        dir,
        "customers",
        "customer_id,created_at,channel,segment,country",
    )?;
    let mut subs = CsvFile::create(
        dir,
        "subscriptions",
        "subscription_id,customer_id,started_at,ended_at,mrr,plan,trial",
    )?;
    let mut sub_id = 0usize;
    let mut customers = Vec::with_capacity(n);
    let channels = [
        ("organic", 0.35),
        ("paid_search", 0.25),
        ("social", 0.15),
        ("referral", 0.15),
        ("email", 0.10),
    ];
    let segments = [("smb", 0.7), ("mid", 0.25), ("enterprise", 0.05)];
    for i in 0..n {
        let id = format!("c{:06}", i + 1);
        let created = START + rng.growing_day() * 86_400 + rng.int(0, 86_399);
        let channel = rng.weighted(&channels);
        let segment = rng.weighted(&segments);
        // A few customers have no segment on record.
        let segment = if label(&id, 17, &[("", 0.02), ("kept", 0.98)]).is_empty() {
            ""
        } else {
            segment
        };
        let country = label(&id, 19, &COUNTRIES);
        customers_csv.row(format_args!(
            "{id},{},{channel},{segment},{country}",
            ts(created)
        ))?;
        let mut write_sub = |rng: &mut Rng,
                             start: i64,
                             end: Option<i64>,
                             mrr: i64,
                             plan: &str,
                             trial: bool|
         -> Result<()> {
            sub_id += 1;
            let end_text = end.filter(|e| *e < END).map(ts).unwrap_or_default();
            let trial_text = if trial {
                "true"
            } else if rng.chance(0.5) {
                "false"
            } else {
                ""
            };
            subs.row(format_args!(
                "s{sub_id:07},{id},{},{end_text},{mrr},{},{trial_text}",
                ts(start),
                plan_of(&id, plan)
            ))
        };
        // Trial first for most; some convert, the rest never pay.
        let mut pays_from = None;
        if rng.chance(0.7) {
            let trial_start = created + rng.int(0, 3600);
            let trial_end = trial_start + 14 * 86_400;
            let p = plan_index(rng);
            write_sub(
                rng,
                trial_start,
                Some(trial_end),
                PLANS[p].1,
                PLANS[p].0,
                true,
            )?;
            if rng.chance(0.55) {
                pays_from = Some(trial_end);
            }
        } else if rng.chance(0.8) {
            pays_from = Some(created + rng.int(0, 7200));
        }
        let mut gone = END;
        if let Some(mut start) = pays_from {
            let mut p = plan_index(rng);
            let mut seats = if p == 2 { rng.int(1, 5) } else { 1 };
            let mut stints = 0;
            'life: while start < END {
                stints += 1;
                // Month by month from the start: churn, upgrade or downgrade at midnight.
                let mut month_start = start;
                loop {
                    let next = midnight(month_start + 30 * 86_400);
                    if next >= END {
                        write_sub(rng, start, None, PLANS[p].1 * seats, PLANS[p].0, false)?;
                        break 'life;
                    }
                    let churn = [0.045, 0.03, 0.02][p];
                    if rng.chance(churn) {
                        write_sub(
                            rng,
                            start,
                            Some(next),
                            PLANS[p].1 * seats,
                            PLANS[p].0,
                            false,
                        )?;
                        // Some come back months later (reactivation), some are gone for good.
                        if stints < 3 && rng.chance(0.25) {
                            start = next + rng.int(60, 240) * 86_400 + rng.int(0, 86_399);
                            p = plan_index(rng);
                            seats = if p == 2 { rng.int(1, 5) } else { 1 };
                            continue 'life;
                        }
                        gone = next;
                        break 'life;
                    }
                    let change = rng.unit();
                    if change < 0.025 && (p < 2 || seats < 8) {
                        // Upgrade: a new plan (or more seats) from midnight, the old one ends then.
                        write_sub(
                            rng,
                            start,
                            Some(next),
                            PLANS[p].1 * seats,
                            PLANS[p].0,
                            false,
                        )?;
                        if p < 2 {
                            p += 1
                        } else {
                            seats += 1
                        }
                        start = next;
                    } else if change < 0.035 && (p > 0 || seats > 1) {
                        write_sub(
                            rng,
                            start,
                            Some(next),
                            PLANS[p].1 * seats,
                            PLANS[p].0,
                            false,
                        )?;
                        if seats > 1 {
                            seats -= 1
                        } else {
                            p -= 1
                        }
                        start = next;
                    }
                    month_start = next;
                }
            }
        } else {
            gone = (created + rng.int(1, 60) * 86_400).min(END);
        }
        customers.push(Customer {
            id,
            created,
            gone,
            pays: pays_from.is_some(),
        });
    }
    *rows += customers_csv.finish()? + subs.finish()?;
    Ok(customers)
}

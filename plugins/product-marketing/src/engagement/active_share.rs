//! Shares of active users: `content_reach` and `feature_adoption_rate`, the users with an
//! event of one role among the users active in the period.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, EvalContext, MetricSpec, Result, Series, Unit};

/// `(idx, active users that `role_users` lists, active users)` per period; `role_users` is a
/// query of `(bucket, user_id)` rows, one per period and user.
fn share_of_active(cx: &EvalContext<'_>, role_users: &str, note: &str) -> Result<Series> {
    let sql = format!(
        "WITH role_users AS ({role_users}) \
         SELECT p.idx, COUNT(r.user_id), COUNT(*) \
         FROM periods p JOIN period_active_users a ON a.bucket = p.start \
         LEFT JOIN role_users r ON r.bucket = a.bucket AND r.user_id = a.user_id \
         GROUP BY p.idx",
    );
    let cols = cx.columns_per_period(&sql, 3)?;
    Ok(Series::ratio(cx.periods(), &cols[0], &cols[1], note))
}

/// Users who viewed content ÷ active users.
pub static CONTENT_REACH: Simple = Simple {
    spec: MetricSpec::simple(
        "content_reach",
        "Content reach",
        FAMILY,
        "The share of the period's active users who viewed content.",
        "distinct users with a content_view event ÷ active users, in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (content usage)",
    ),
    evaluate: |cx| {
        // The active users carry whether they viewed content in the period.
        let cols = cx.columns_per_period(
            "SELECT p.idx, SUM(a.viewed_content), COUNT(*) \
             FROM periods p JOIN period_active_users a ON a.bucket = p.start GROUP BY p.idx",
            3,
        )?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no active users in the period",
        ))
    },
};

vitals_core::register_metric!(CONTENT_REACH);

/// Users who used a feature ÷ active users.
pub static FEATURE_ADOPTION_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "feature_adoption_rate",
        "Feature adoption rate",
        FAMILY,
        "The share of the period's active users who used a feature.",
        "distinct users with a feature_used event ÷ active users, in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (feature adoption rate)",
    ),
    evaluate: |cx| {
        // The users with a feature_used event, from the shared view of the range's feature
        // use (one row per period, user and feature).
        share_of_active(
            cx,
            "SELECT DISTINCT bucket, user_id FROM period_feature_users",
            "no active users in the period",
        )
    },
};

vitals_core::register_metric!(FEATURE_ADOPTION_RATE);

//! Engagement and value: content reach, feature adoption, the engagement score and time to
//! value.

use crate::{Simple, spec};
use vitals_core::{Decimal, Direction, EvalContext, Result, Series, Unit, median};

/// `(idx, users with an event of `role`, active users)` per period.
fn share_of_active(cx: &EvalContext<'_>, role: &str, note: &str) -> Result<Series> {
    let sql = format!(
        "WITH role_users AS ( \
           SELECT DISTINCT {bucket} AS bucket, user_id FROM events WHERE event = {event}) \
         SELECT p.idx, COUNT(r.user_id), COUNT(*) \
         FROM periods p JOIN period_active_users a ON a.bucket = p.start \
         LEFT JOIN role_users r ON r.bucket = a.bucket AND r.user_id = a.user_id \
         GROUP BY p.idx",
        bucket = cx.bucket("occurred_at"),
        event = cx.event(role),
    );
    let cols = cx.columns_per_period(&sql, 3)?;
    Ok(Series::ratio(cx.periods(), &cols[0], &cols[1], note))
}

/// Users who viewed content ÷ active users.
pub static CONTENT_REACH: Simple = Simple {
    spec: spec(
        "content_reach",
        "Content reach",
        "The share of the period's active users who viewed content.",
        "distinct users with a content_view event ÷ active users, in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (content usage)",
    ),
    evaluate: |cx| share_of_active(cx, "content_view", "no active users in the period"),
};

/// Users who used a feature ÷ active users.
pub static FEATURE_ADOPTION_RATE: Simple = Simple {
    spec: spec(
        "feature_adoption_rate",
        "Feature adoption rate",
        "The share of the period's active users who used a feature.",
        "distinct users with a feature_used event ÷ active users, in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (feature adoption rate)",
    ),
    evaluate: |cx| share_of_active(cx, "feature_used", "no active users in the period"),
};

/// A 0–100 score of how often and how broadly active users use the product.
pub static CUSTOMER_ENGAGEMENT_SCORE: Simple = Simple {
    spec: spec(
        "customer_engagement_score",
        "Customer engagement score",
        "How often (active days) and how broadly (features) the period's active users use the product, 0 to 100.",
        "mean over active users of 50 × (active days ÷ days in P) + 50 × (distinct features used ÷ distinct features used by anyone in P); the feature term is 0 when nobody used a feature",
        Unit::Score,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (customer engagement score); weights 50/50 per DESIGN.md §5",
    ),
    evaluate: |cx| {
        let sql = format!(
            "WITH days_active AS ( \
               SELECT d.idx, a.user_id, COUNT(*) AS n FROM daily_active_users a \
               JOIN days d ON d.day = a.day WHERE d.idx IS NOT NULL GROUP BY d.idx, a.user_id), \
             features AS ( \
               SELECT p.idx, e.user_id, COUNT(DISTINCT e.feature) AS n FROM events e \
               JOIN periods p ON {bucket} = p.start \
               WHERE e.event = {used} AND e.feature IS NOT NULL GROUP BY p.idx, e.user_id), \
             all_features AS ( \
               SELECT p.idx, COUNT(DISTINCT e.feature) AS n FROM events e \
               JOIN periods p ON {bucket} = p.start \
               WHERE e.event = {used} AND e.feature IS NOT NULL GROUP BY p.idx) \
             SELECT d.idx, SUM(d.n), SUM(COALESCE(f.n, 0)), COUNT(*), MAX(COALESCE(af.n, 0)) \
             FROM days_active d LEFT JOIN features f ON f.idx = d.idx AND f.user_id = d.user_id \
             LEFT JOIN all_features af ON af.idx = d.idx GROUP BY d.idx",
            bucket = cx.bucket("e.occurred_at"),
            used = cx.event("feature_used"),
        );
        let cols = cx.columns_per_period(&sql, 5)?;
        let fifty = Decimal::from(50);
        let values = cx.periods().iter().enumerate().map(|(i, p)| {
            let (active_days, features, users, all) =
                (cols[0][i], cols[1][i], cols[2][i], cols[3][i]);
            if users.is_zero() {
                return None;
            }
            let days = Decimal::from(p.days());
            let frequency = fifty * active_days / (days * users);
            let breadth = if all.is_zero() {
                Decimal::ZERO
            } else {
                fifty * features / (all * users)
            };
            Some(frequency + breadth)
        });
        Ok(Series::from_values(
            cx.periods(),
            values,
            "no active users in the period",
        ))
    },
};

/// Median seconds from signup to first activation.
pub static TIME_TO_VALUE: Simple = Simple {
    spec: spec(
        "time_to_value",
        "Time to value",
        "How long new users take from signing up to their first activation.",
        "median over users whose first signup is in P and who activated of seconds from that signup to their first activation at or after it",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["events"],
        "product-marketing seed (time to value)",
    ),
    evaluate: |cx| {
        let sql = format!(
            "WITH signup AS ( \
               SELECT user_id, MIN(occurred_at) AS at FROM events WHERE event = {signup} GROUP BY user_id), \
             activated AS ( \
               SELECT s.user_id, s.at AS signed_up, MIN(e.occurred_at) AS at FROM signup s \
               JOIN events e ON e.user_id = s.user_id AND e.event = {activation} AND e.occurred_at >= s.at \
               GROUP BY s.user_id, s.at) \
             SELECT p.idx, to_unixtime(a.at) - to_unixtime(a.signed_up) \
             FROM activated a JOIN periods p ON {bucket} = p.start",
            signup = cx.event("signup"),
            activation = cx.event("activation"),
            bucket = cx.bucket("a.signed_up"),
        );
        let medians = cx.values_per_period(&sql)?.into_iter().map(median);
        Ok(Series::from_values(
            cx.periods(),
            medians,
            "no user who signed up in the period has activated",
        ))
    },
};

vitals_core::register_metric!(CONTENT_REACH);
vitals_core::register_metric!(FEATURE_ADOPTION_RATE);
vitals_core::register_metric!(CUSTOMER_ENGAGEMENT_SCORE);
vitals_core::register_metric!(TIME_TO_VALUE);

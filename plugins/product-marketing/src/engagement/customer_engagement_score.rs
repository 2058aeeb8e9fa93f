//! `customer_engagement_score`: A 0–100 score of how often and how broadly active users use the product.

use crate::{FAMILY, Simple};
use vitals_core::{Decimal, Direction, MetricSpec, Series, Unit};

/// A 0–100 score of how often and how broadly active users use the product.
pub static CUSTOMER_ENGAGEMENT_SCORE: Simple = Simple {
    spec: MetricSpec::simple(
        "customer_engagement_score",
        "Customer engagement score",
        FAMILY,
        "How often (active days) and how broadly (features) the period's active users use the product, 0 to 100.",
        "mean over active users of 50 × (active days ÷ days in P) + 50 × (distinct features used ÷ distinct features used by anyone in P); the feature term is 0 when nobody used a feature",
        Unit::Score,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (customer engagement score); weights 50/50",
    ),
    evaluate: |cx| {
        // Features per user and per period both come from the shared view of the range's
        // feature use (one row per period, user and feature), which feature adoption reads
        // too.
        let sql = "WITH days_active AS ( \
               SELECT p.idx, a.user_id, a.active_days AS n FROM period_active_users a \
               JOIN periods p ON a.bucket = p.start), \
             used AS ( \
               SELECT p.idx, u.user_id, u.feature FROM period_feature_users u \
               JOIN periods p ON u.bucket = p.start WHERE u.feature IS NOT NULL), \
             features AS ( \
               SELECT idx, user_id, COUNT(*) AS n FROM used GROUP BY idx, user_id), \
             all_features AS ( \
               SELECT idx, COUNT(DISTINCT feature) AS n FROM used GROUP BY idx) \
             SELECT d.idx, SUM(d.n), SUM(COALESCE(f.n, 0)), COUNT(*), MAX(COALESCE(af.n, 0)) \
             FROM days_active d LEFT JOIN features f ON f.idx = d.idx AND f.user_id = d.user_id \
             LEFT JOIN all_features af ON af.idx = d.idx GROUP BY d.idx";
        let cols = cx.columns_per_period(sql, 5)?;
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

vitals_core::register_metric!(CUSTOMER_ENGAGEMENT_SCORE);

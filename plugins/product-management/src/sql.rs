//! SQL building blocks shared by the metrics of this family.

/// Net revenue of one order row aliased `t`: `gross_amount − discount − refunded`.
pub const NET_AMOUNT: &str = "(t.gross_amount - t.discount - t.refunded)";

/// `(idx, Σ over days d of P of users active in the `window` days ending on d)`: each
/// active day `a` of a user covers the days `[a, a + window)` up to the user's next active
/// day, so the windows of one user never overlap and no day × user product is built.
/// Dividing by the days of P gives DAU (window 1), WAU (7) or MAU (30).
///
/// Windows up to [`crate::views::MAX_ROLLING_WINDOW`] read the `active_day_gaps` view (the
/// users per active day and gap to their next one, shared by every window); a longer one
/// sorts the daily actives itself.
pub fn rolling_active_user_days(window: u32) -> String {
    let cover = if window <= crate::views::MAX_ROLLING_WINDOW {
        format!(
            "SELECT day_num AS from_num, day_num + LEAST(gap, {window}) AS to_num, users \
             FROM active_day_gaps"
        )
    } else {
        format!(
            "SELECT day_num AS from_num, \
                    CASE WHEN next_num IS NULL OR next_num > day_num + {window} \
                         THEN day_num + {window} ELSE next_num END AS to_num, 1 AS users \
             FROM ( \
               SELECT day_num, LEAD(day_num) OVER (PARTITION BY user_id ORDER BY day_num) AS next_num \
               FROM daily_active_users)"
        )
    };
    format!(
        "WITH cover AS ({cover}), \
         bounds AS ( \
           SELECT idx, start_day AS s, end_day AS e FROM periods) \
         SELECT b.idx, SUM(c.users * (LEAST(c.to_num, b.e) - GREATEST(c.from_num, b.s))) \
         FROM cover c JOIN bounds b ON c.from_num < b.e AND c.to_num > b.s \
         GROUP BY b.idx"
    )
}

/// `(idx, value)` over `mrr_movements`: `SELECT p.idx, {expr} … WHERE {filter}`.
pub fn movements(expr: &str, filter: &str) -> String {
    format!("SELECT idx, {expr} FROM mrr_movements WHERE {filter} GROUP BY idx")
}

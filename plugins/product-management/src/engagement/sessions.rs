//! Sessions: `sessions`, `avg_session_duration`, `actions_per_session`. A session belongs to
//! the period of its first event and keeps all its events.

use crate::FAMILY;
use crate::views::SESSION_TIMEOUT;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

const NO_SESSIONS: &str = "no sessions started in the period";

/// Sessions starting in the period.
pub struct Sessions;

const SESSIONS: MetricSpec = MetricSpec {
    id: "sessions",
    name: "Sessions",
    family: FAMILY,
    description: "Visits to the product that started in the period.",
    formula: "count of sessions whose first event is in P (session_id when present, else a new session after session_timeout_minutes without events)",
    unit: Unit::Count,
    direction: Direction::HigherIsBetter,
    requires: &["events"],
    depends_on: &[],
    params: &[SESSION_TIMEOUT],
    source: "product-management seed (sessions)",
    maturity: None,
};

impl Metric for Sessions {
    fn spec(&self) -> &MetricSpec {
        &SESSIONS
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(&cx.flow("sessions", "started_at", "COUNT(*)", "TRUE"))
    }
}

vitals_core::register_metric!(Sessions);

/// Mean session length in seconds.
pub struct AvgSessionDuration;

const DURATION: MetricSpec = MetricSpec {
    id: "avg_session_duration",
    name: "Average session duration",
    family: FAMILY,
    description: "How long a visit lasts on average, from its first to its last event.",
    formula: "Σ (last event − first event) ÷ sessions, sessions starting in P",
    unit: Unit::DurationSeconds,
    direction: Direction::HigherIsBetter,
    requires: &["events"],
    depends_on: &[],
    params: &[SESSION_TIMEOUT],
    source: "product-management and product-marketing seeds; one seed divided total session time by users, which is time per user: the mean per session divides by sessions",
    maturity: None,
};

impl Metric for AvgSessionDuration {
    fn spec(&self) -> &MetricSpec {
        &DURATION
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio(
            "sessions",
            "started_at",
            "to_unixtime(t.ended_at) - to_unixtime(t.started_at)",
            "1",
            "TRUE",
            NO_SESSIONS,
        )
    }
}

vitals_core::register_metric!(AvgSessionDuration);

/// Events per session.
pub struct ActionsPerSession;

const ACTIONS: MetricSpec = MetricSpec {
    id: "actions_per_session",
    name: "Actions per session",
    family: FAMILY,
    description: "How many things a user does in an average visit.",
    formula: "events of sessions starting in P ÷ sessions starting in P",
    unit: Unit::Ratio,
    direction: Direction::HigherIsBetter,
    requires: &["events"],
    depends_on: &[],
    params: &[SESSION_TIMEOUT],
    source: "product-management seed (actions per session)",
    maturity: None,
};

impl Metric for ActionsPerSession {
    fn spec(&self) -> &MetricSpec {
        &ACTIONS
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio(
            "sessions",
            "started_at",
            "t.events",
            "1",
            "TRUE",
            NO_SESSIONS,
        )
    }
}

vitals_core::register_metric!(ActionsPerSession);

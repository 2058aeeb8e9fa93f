//! The error type of core: registry, selection, params and evaluation problems.

/// Result with the core [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the registry, in selecting metrics and in evaluating them.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Two registrations share one id.
    #[error("duplicate {kind} id `{id}`: registered by {first} and by {second}")]
    Duplicate {
        /// metric, set, view or dataset
        kind: &'static str,
        /// the shared id
        id: String,
        /// where the first registration lives
        first: String,
        /// where the second registration lives
        second: String,
    },
    /// A name (metric, set, family, param, dataset) that is not known.
    #[error("unknown {kind} `{name}`{suggestion}")]
    Unknown {
        /// what kind of name
        kind: &'static str,
        /// the name as given
        name: String,
        /// "; did you mean `x`?" or empty
        suggestion: String,
    },
    /// A metric names a dependency that is not registered.
    #[error("metric `{metric}` depends on unknown metric `{dependency}`{suggestion}")]
    UnknownDependency {
        /// the metric with the bad dependency
        metric: String,
        /// the unknown id
        dependency: String,
        /// "; did you mean `x`?" or empty
        suggestion: String,
    },
    /// A set names a metric that is not registered.
    #[error("set `{set}` names unknown metric `{metric}`{suggestion}")]
    UnknownSetMember {
        /// the set
        set: String,
        /// the unknown metric id
        metric: String,
        /// "; did you mean `x`?" or empty
        suggestion: String,
    },
    /// `depends_on` forms a cycle.
    #[error("dependency cycle: {}", chain.join(" -> "))]
    Cycle {
        /// the ids along the cycle, the first repeated at the end
        chain: Vec<String>,
    },
    /// A parameter value that does not parse.
    #[error("param `{name}`: expected {expected}, found `{value}`")]
    Param {
        /// the param
        name: String,
        /// the value given
        value: String,
        /// what was expected
        expected: &'static str,
    },
    /// The linked registrations do not form a valid registry.
    #[error("invalid registry: {0}")]
    Registry(String),
    /// A range or period argument that makes no sense.
    #[error("{0}")]
    Range(String),
    /// A query failed in the engine.
    #[error("query failed: {message}")]
    Query {
        /// the engine's message
        message: String,
    },
    /// The engine failed a query (the cause is kept).
    #[error("query failed")]
    QueryFailed(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
    /// The engine could not load a dataset or serve the run (the cause is kept).
    #[error(transparent)]
    Engine(Box<dyn std::error::Error + Send + Sync + 'static>),
    /// A metric's evaluation failed because of another error, kept as the cause.
    #[error("metric `{metric}`")]
    InMetric {
        /// the metric id
        metric: String,
        /// what went wrong
        #[source]
        source: Box<Error>,
    },
    /// A metric's evaluation failed.
    #[error("metric `{metric}`: {message}")]
    Eval {
        /// the metric id
        metric: String,
        /// what went wrong
        message: String,
    },
}

impl Error {
    /// `source` as the cause of metric `metric` failing; an error that already names a metric
    /// is kept as it is.
    pub fn in_metric(metric: &str, source: Error) -> Self {
        match source {
            Error::Eval { .. } | Error::InMetric { .. } => source,
            other => Error::InMetric {
                metric: metric.to_string(),
                source: Box::new(other),
            },
        }
    }

    /// An [`Error::Eval`] for metric `metric`.
    pub fn eval(metric: &str, message: impl Into<String>) -> Self {
        Error::Eval {
            metric: metric.to_string(),
            message: message.into(),
        }
    }
}

/// An error and its causes on one line, `outer: cause: root cause`, as `vitals` prints them.
/// A cause whose text its parent's message already ends with is not repeated (some engine
/// errors spell their cause out and also return it as the source).
///
/// ```
/// let inner = vitals_core::Error::Query { message: "no table".into() };
/// let outer = vitals_core::Error::in_metric("mrr", inner);
/// assert_eq!(vitals_core::error_chain(&outer), "metric `mrr`: query failed: no table");
/// ```
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        let next = e.to_string();
        if !next.is_empty() && !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        cause = e.source();
    }
    text
}

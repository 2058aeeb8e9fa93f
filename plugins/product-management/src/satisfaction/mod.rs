//! Satisfaction: survey-based scores (NPS, CSAT, CES).

mod nps;

pub use nps::Nps;

//! SQL filters shared by the metrics of this folder.

pub(super) const NOT_REJECTED: &str = "t.status <> 'rejected'";

//! Defects: how many are found, by whom, and how fast they are fixed. Rejected defects never
//! count.

mod defect_detection_effectiveness;
mod defect_resolution_time;
mod defects_found;
mod escaped_defects;
mod filters;
mod open_defects;

pub use defect_detection_effectiveness::DefectDetectionEffectiveness;
pub use defect_resolution_time::DEFECT_RESOLUTION_TIME;
pub use defects_found::DEFECTS_FOUND;
pub use escaped_defects::ESCAPED_DEFECTS;
pub use open_defects::{CRITICAL_OPEN_DEFECTS, OPEN_DEFECTS};

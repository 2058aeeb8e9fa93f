//! Defects: how many are found, by whom, and how fast they are fixed. Rejected defects never
//! count.

mod defect_detection_effectiveness;

pub use defect_detection_effectiveness::DefectDetectionEffectiveness;

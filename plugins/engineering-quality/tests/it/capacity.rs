use crate::{note, num, values};
use vitals_engine::testing::Fixture;

#[test]
fn availability_and_utilization() {
    // January: 12 of 16 scheduled hours available; 6 of 12 available allocated (an empty
    // allocation counts 0). February: no rows.
    let csv = "person,date,scheduled_hours,available_hours,allocated_hours\na,2026-01-05,8,8,6\nb,2026-01-05,8,4,\n";
    let f = Fixture::months("2026-01", "2026-03").csv("capacity", csv);
    let s = f.eval("resource_availability").unwrap();
    assert_eq!(values(&s), [num("0.75"), None]);
    assert_eq!(note(&s, 1), "no scheduled hours in the period");
    let s = f.eval("resource_utilization").unwrap();
    assert_eq!(values(&s), [num("0.5"), None]);
    assert_eq!(note(&s, 1), "no available hours in the period");
}

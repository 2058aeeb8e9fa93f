//! Entry points for the fuzz targets in `fuzz/` and for the tests that replay their corpus
//! and the crashes they found. Not a stable API.

use vitals_core::DatasetSpec;

/// Loads `bytes` as a CSV file of dataset `spec` through the same checks as a file on disk.
/// Returns the rows loaded, or the problems as the user would read them. Never panics.
pub fn load_csv(spec: &'static DatasetSpec, bytes: &[u8]) -> Result<usize, String> {
    crate::load::load_csv_bytes(spec, bytes, 50)
        .map(|loaded| loaded.rows)
        .map_err(|e| e.to_string())
}

/// The CSV fuzz target's input: the first line names the dataset (`orders`), the rest is the
/// file. Input naming no dataset is refused as such.
pub fn load_named_csv(data: &[u8]) -> Result<usize, String> {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let name = std::str::from_utf8(&data[..split]).map_err(|e| e.to_string())?;
    let spec = vitals_core::registry()
        .map_err(|e| e.to_string())?
        .dataset(name.trim())
        .map_err(|e| e.to_string())?;
    load_csv(spec, data.get(split + 1..).unwrap_or_default())
}

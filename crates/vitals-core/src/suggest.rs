//! "Did you mean" suggestions for unknown names.

/// Returns `"; did you mean `x`?"` for the closest candidate, or an empty string when nothing
/// is close enough.
///
/// ```
/// assert_eq!(vitals_core::did_you_mean("mmr", ["mrr", "arr"]), "; did you mean `mrr`?");
/// assert_eq!(vitals_core::did_you_mean("zzz", ["mrr"]), "");
/// ```
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

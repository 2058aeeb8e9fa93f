//! "Did you mean" suggestions for unknown names.

/// Returns `"; did you mean `x`?"` for the closest candidate, or an empty string when nothing
/// is close enough.
///
/// ```
/// assert_eq!(vitals_core::did_you_mean("mmr", ["mrr", "arr"]), "; did you mean `mrr`?");
/// assert_eq!(vitals_core::did_you_mean("zzz", ["mrr"]), "");
/// ```
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(name, c),
                strsim::jaro_winkler(name, c),
                c,
            )
        })
        .filter(|(distance, similarity, _)| *distance <= limit || *similarity >= 0.85)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

//! "Did you mean" suggestions for unknown names.

/// Returns `"; did you mean `x`?"` for the closest candidate, or an empty string when nothing
/// is close enough. Case does not count (`MRR` finds `mrr`), and a name that is part of a
/// candidate finds it (`marketing` finds `product-marketing`).
///
/// ```
/// assert_eq!(vitals_core::did_you_mean("mmr", ["mrr", "arr"]), "; did you mean `mrr`?");
/// assert_eq!(vitals_core::did_you_mean("MRR", ["mrr", "arr"]), "; did you mean `mrr`?");
/// assert_eq!(
///     vitals_core::did_you_mean("marketing", ["product-marketing", "product-management"]),
///     "; did you mean `product-marketing`?"
/// );
/// assert_eq!(vitals_core::did_you_mean("zzz", ["mrr"]), "");
/// ```
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let wanted = name.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let suggest = |c: &str| format!("; did you mean `{c}`?");
    if let Some(c) = candidates.iter().find(|c| c.to_lowercase() == wanted) {
        return suggest(c);
    }
    if wanted.chars().count() >= 4 {
        let containing = candidates
            .iter()
            .filter(|c| c.to_lowercase().contains(&wanted))
            .min_by_key(|c| c.len());
        if let Some(c) = containing {
            return suggest(c);
        }
    }
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            let lower = c.to_lowercase();
            (
                strsim::damerau_levenshtein(&wanted, &lower),
                strsim::jaro_winkler(&wanted, &lower),
                c,
            )
        })
        .filter(|(distance, similarity, _)| *distance <= limit || *similarity >= 0.85)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| suggest(c))
        .unwrap_or_default()
}

//! The demo company: a realistic, deterministic synthetic dataset covering every dataset of
//! the contract, two years of history (October 2024 to September 2026), with growth,
//! churn, reactivation, plan changes at midnight, seasonality, incidents and late releases.
//! `scale` multiplies volume (about one million events per unit); the same seed and scale
//! always give the same files.

mod commerce;
mod engineering;
mod marketing;
mod product;
mod saas;

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Options of `vitals demo`.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    /// Volume multiplier.
    pub scale: f64,
    /// Random seed.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy)]
pub struct DemoStats {
    /// Data files written.
    pub files: usize,
    /// Rows written over all files.
    pub rows: usize,
}

/// Bump when the generator's output (the data or its vitals.toml) changes, so cached demo
/// data is regenerated.
const GENERATOR_VERSION: u32 = 6;

/// Unix seconds of the first instant of the demo history (2024-10-01).
pub(crate) const START: i64 = 1_727_740_800;
/// Days of history: 2024-10-01 up to, not including, 2026-10-01.
pub(crate) const DAYS: i64 = 730;
/// Unix seconds of the end of the history (2026-10-01, exclusive).
pub(crate) const END: i64 = START + DAYS * 86_400;

/// A small deterministic random generator (SplitMix64): stable across platforms and crate
/// versions, which a demo and its snapshot tests need.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in [lo, hi].
    pub(crate) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.int(0, items.len() as i64 - 1) as usize]
    }

    /// Picks by weight.
    pub(crate) fn weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }

    /// Exponential with the given mean.
    pub(crate) fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// A day in [0, DAYS) with density rising linearly to three times its start: growth.
    pub(crate) fn growing_day(&mut self) -> i64 {
        let u = self.unit();
        let x = ((1.0 + 8.0 * u).sqrt() - 1.0) / 2.0;
        ((x * DAYS as f64) as i64).min(DAYS - 1)
    }
}

/// `count × scale`, at least `min`.
/// A label for `key` drawn from weighted `items` by a hash of the key and `salt`, not from the
/// random stream: the dimension values of the demo (countries, teams, plan variants, long-tail
/// campaigns, a few blanks) leave every other number of the demo as it was, and the same key
/// always gets the same label.
pub(crate) fn label<'a>(key: &str, salt: u64, items: &'a [(&'a str, f64)]) -> &'a str {
    // FNV-1a, then one splitmix64 round.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in key.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    let total: f64 = items.iter().map(|(_, w)| w).sum();
    let mut x = (h >> 11) as f64 / (1u64 << 53) as f64 * total;
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    items.last().map_or("", |(item, _)| item)
}

/// Small campaigns: a long tail behind the big ones, each weighted less than the one before.
pub(crate) const LONG_TAIL_CAMPAIGNS: [(&str, f64); 16] = [
    ("webinar_q1", 1.0),
    ("partner_acme", 0.5),
    ("podcast_ads", 0.33),
    ("summer_promo", 0.25),
    ("cyber_monday", 0.2),
    ("product_hunt", 0.17),
    ("conference_2025", 0.14),
    ("affiliate_blog", 0.12),
    ("webinar_q3", 0.11),
    ("influencer_tech", 0.1),
    ("winback_email", 0.09),
    ("partner_globex", 0.08),
    ("referral_bonus", 0.08),
    ("app_store_feature", 0.07),
    ("g2_reviews", 0.07),
    ("ebook_saas_metrics", 0.06),
];

/// The campaign of record `key` that came from `campaign`: a third of them are credited to a
/// small campaign of the long tail instead.
pub(crate) fn campaign_of<'a>(key: &str, campaign: &'a str) -> &'a str {
    if campaign.is_empty() || label(key, 23, &[("tail", 0.35), ("big", 0.65)]) == "big" {
        campaign
    } else {
        label(key, 29, &LONG_TAIL_CAMPAIGNS)
    }
}

/// The engineering teams, and a few records with no team.
pub(crate) const TEAMS: [(&str, f64); 6] = [
    ("platform", 0.3),
    ("web", 0.25),
    ("mobile", 0.2),
    ("data", 0.12),
    ("payments", 0.1),
    ("", 0.03),
];

/// The team of an engineering record, by its key.
pub(crate) fn team(key: &str) -> &'static str {
    label(key, 7, &TEAMS)
}

pub(crate) fn scaled(count: f64, scale: f64, min: usize) -> usize {
    ((count * scale).round() as usize).max(min)
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn ts(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// Unix seconds as `YYYY-MM-DD`.
pub(crate) fn date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.naive_utc().format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The month index (0 = October 2024) of a day offset, and the weight of that calendar
/// month in retail seasonality.
pub(crate) fn season(day: i64) -> f64 {
    let month = chrono::DateTime::from_timestamp(START + day * 86_400, 0)
        .map(|t| chrono::Datelike::month(&t.naive_utc()))
        .unwrap_or(1);
    match month {
        11 => 1.4,
        12 => 1.7,
        1 => 0.8,
        2 => 0.85,
        7 | 8 => 0.9,
        _ => 1.0,
    }
}

/// One CSV file being written.
pub(crate) struct CsvFile {
    w: BufWriter<File>,
    pub(crate) rows: usize,
}

impl CsvFile {
    pub(crate) fn create(dir: &Path, name: &str, header: &str) -> Result<Self> {
        let path = dir.join(format!("{name}.csv"));
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        writeln!(w, "{header}")?;
        Ok(CsvFile { w, rows: 0 })
    }

    pub(crate) fn row(&mut self, line: std::fmt::Arguments<'_>) -> Result<()> {
        self.w.write_fmt(line)?;
        self.w.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<usize> {
        self.w.flush()?;
        Ok(self.rows)
    }
}

/// A customer of the demo company, shared by the generators.
pub(crate) struct Customer {
    pub(crate) id: String,
    pub(crate) created: i64,
    /// When the customer stops using the product for good, if before the end of history.
    pub(crate) gone: i64,
    /// Whether the customer ever pays.
    pub(crate) pays: bool,
}

/// Writes the demo company into `dir`, with a `vitals.toml`.
pub fn write_demo(dir: &Path, options: &DemoOptions) -> Result<DemoStats> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut rng = Rng::new(options.seed);
    let scale = options.scale;
    let mut rows = 0;
    let customers = saas::customers_and_subscriptions(dir, &mut rng, scale, &mut rows)?;
    commerce::write(dir, &mut rng, scale, &customers, &mut rows)?;
    product::write(dir, &mut rng, scale, &customers, &mut rows)?;
    marketing::write(dir, &mut rng, scale, &customers, &mut rows)?;
    engineering::write(dir, &mut rng, scale, &mut rows)?;
    std::fs::write(dir.join("vitals.toml"), CONFIG)?;
    let files = vitals_core::contract().len();
    Ok(DemoStats { files, rows })
}

/// Converts the CSV files `write_demo` wrote in `dir` to Parquet with the contract's types
/// (loaded through the same checks) and points vitals.toml at them.
pub(crate) fn to_parquet(dir: &Path) -> Result<()> {
    for spec in vitals_core::contract() {
        let csv = dir.join(format!("{}.csv", spec.id));
        let parquet = dir.join(format!("{}.parquet", spec.id));
        vitals_engine::write_parquet(spec, &vitals_engine::DatasetSource::new(&csv), &parquet)?;
        std::fs::remove_file(&csv).with_context(|| format!("cannot remove {}", csv.display()))?;
    }
    let config = dir.join("vitals.toml");
    let text = std::fs::read_to_string(&config)?.replace(".csv\"", ".parquet\"");
    std::fs::write(&config, text)?;
    Ok(())
}

/// The folder for cached data: `$XDG_CACHE_HOME/vitals`, else `~/.cache/vitals`, else a
/// folder of the user's own under the system's temporary folder.
fn cache_root() -> PathBuf {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if let Some(xdg) = from_env("XDG_CACHE_HOME") {
        return xdg.join("vitals");
    }
    if let Some(home) = from_env("HOME") {
        return home.join(".cache").join("vitals");
    }
    std::env::temp_dir().join(format!("vitals-cache-{}", user_id()))
}

/// The user running vitals (0 where unknown).
fn user_id() -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").map_or(0, |m| m.uid())
    }
    #[cfg(not(unix))]
    {
        0
    }
}

/// Creates `dir` readable by its owner only, and refuses a folder another user owns (data
/// planted there would be read as the demo).
fn private_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let meta = std::fs::symlink_metadata(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?;
        if !meta.is_dir() || meta.uid() != user_id() {
            anyhow::bail!(
                "{} is not a folder of this user's: refusing to use it as the demo cache (remove it or set XDG_CACHE_HOME)",
                dir.display()
            );
        }
        if meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .with_context(|| format!("cannot make {} private", dir.display()))?;
        }
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(())
}

/// The demo data at scale 1, seed 42, generated once into the user's cache folder (private
/// to the user).
pub(crate) fn cached_demo() -> Result<PathBuf> {
    let root = cache_root();
    private_dir(&root)?;
    let dir = root.join(format!(
        "demo-{}-g{GENERATOR_VERSION}",
        env!("CARGO_PKG_VERSION")
    ));
    if dir.join("vitals.toml").exists() {
        return Ok(dir);
    }
    let scratch = dir.with_extension(format!("tmp{}", std::process::id()));
    write_demo(
        &scratch,
        &DemoOptions {
            scale: 1.0,
            seed: 42,
        },
    )?;
    match std::fs::rename(&scratch, &dir) {
        Ok(()) => {}
        Err(_) if dir.join("vitals.toml").exists() => {
            let _ = std::fs::remove_dir_all(&scratch);
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", dir.display())),
    }
    Ok(dir)
}

const CONFIG: &str = r#"# vitals.toml for the demo company, written by `vitals demo`.
# Paths are relative to this file. `vitals datasets` lists every dataset and column.
# A dataset covers the days from its first row to its last unless it declares the span its
# export covers (covers_to is exclusive, as --to). The demo's exports cover 1 October 2024 up
# to 1 October 2026, and each says so: rows that come days or weeks apart (expenses,
# campaigns, sprints, incidents; every dataset of a small --scale) would otherwise end the
# data at their last row. The products are a catalogue, which bounds nothing.

[datasets.customers]
path = "customers.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.subscriptions]
path = "subscriptions.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.orders]
path = "orders.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.products]
path = "products.csv"
[datasets.expenses]
path = "expenses.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.deals]
path = "deals.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.events]
path = "events.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.survey_responses]
path = "survey_responses.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.leads]
path = "leads.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.email_campaigns]
path = "email_campaigns.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.social_posts]
path = "social_posts.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.market_sizes]
path = "market_sizes.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.test_runs]
path = "test_runs.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.defects]
path = "defects.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.tickets]
path = "tickets.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.sprints]
path = "sprints.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.work_items]
path = "work_items.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.releases]
path = "releases.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.capacity]
path = "capacity.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.deployments]
path = "deployments.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"
[datasets.incidents]
path = "incidents.csv"
covers_from = "2024-10-01"
covers_to = "2026-10-01"

[run]
grain = "month"

[sets.weekly-review]
description = "What the Monday product review looks at"
metrics = ["mrr", "paying_customers", "nps", "dau", "test_pass_rate"]

[targets]
mrr = { min = "50000" }
nps = { min = "30" }
test_pass_rate = { min = "95%" }
email_open_rate = { min = "25%" }

[goals.mrr]
target = "180000"
by = "2026-12-31"
start = "2025-12-31"
milestones = { "2026-06-30" = "110000" }

[goals.paying_customers]
target = "800"
by = "2026-12-31"
"#;

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("vitals-private-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_cache_folder_is_private_to_its_user() {
        let dir = scratch("new");
        private_dir(&dir.join("vitals")).unwrap();
        let mode = std::fs::metadata(dir.join("vitals"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
        // An existing folder open to others is closed.
        let open = dir.join("open");
        std::fs::create_dir_all(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
        private_dir(&open).unwrap();
        assert_eq!(std::fs::metadata(&open).unwrap().mode() & 0o777, 0o700);
        // A folder another user owns is refused (only root can make one to try).
        let theirs = dir.join("theirs");
        std::fs::create_dir_all(&theirs).unwrap();
        if std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).is_ok() {
            let e = private_dir(&theirs).unwrap_err().to_string();
            assert!(e.contains("is not a folder of this user's"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

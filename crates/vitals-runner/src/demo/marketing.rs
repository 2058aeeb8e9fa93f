//! Leads, email campaigns and social posts.

use super::{CsvFile, Customer, DAYS, END, Rng, START, campaign_of, scaled, ts};
use anyhow::Result;
use std::path::Path;

pub(super) fn write(
    dir: &Path,
    rng: &mut Rng,
    scale: f64,
    _customers: &[Customer],
    rows: &mut usize,
) -> Result<()> {
    let mut leads = CsvFile::create(
        dir,
        "leads",
        "lead_id,created_at,channel,campaign,converted_at",
    )?;
    let sources = [
        ("paid_search", "spring_sale"),
        ("social", "retargeting"),
        ("email", "newsletter"),
        ("organic", ""),
        ("referral", ""),
    ];
    for i in 0..scaled(6000.0, scale, 20) {
        let created = START + rng.growing_day() * 86_400 + rng.int(0, 86_399);
        let (channel, campaign) = rng.pick(&sources);
        let converted = created + rng.int(1, 45) * 86_400;
        let converted_text = if rng.chance(0.18) && converted < END {
            ts(converted)
        } else {
            String::new()
        };
        let campaign = campaign_of(&format!("l{:07}", i + 1), campaign);
        leads.row(format_args!(
            "l{:07},{},{channel},{campaign},{converted_text}",
            i + 1,
            ts(created)
        ))?;
    }
    *rows += leads.finish()?;

    let mut emails = CsvFile::create(
        dir,
        "email_campaigns",
        "campaign_id,sent_at,sent,delivered,unique_opens,unique_clicks",
    )?;
    let per_month = 6;
    for i in 0..(24 * per_month) {
        let day = i * DAYS / (24 * per_month) + rng.int(0, 3);
        let sent = (rng.int(2_000, 20_000) as f64 * scale).round().max(10.0) as i64;
        let delivered = sent * rng.int(94, 99) / 100;
        let opens = delivered * rng.int(18, 36) / 100;
        let clicks = opens * rng.int(8, 20) / 100;
        // Some exports leave delivered empty: it defaults to sent.
        let delivered_text = if i % 7 == 3 {
            String::new()
        } else {
            delivered.to_string()
        };
        emails.row(format_args!(
            "e{:05},{},{sent},{delivered_text},{opens},{clicks}",
            i + 1,
            ts(START + day.min(DAYS - 1) * 86_400 + 10 * 3600)
        ))?;
    }
    *rows += emails.finish()?;

    let mut posts = CsvFile::create(
        dir,
        "social_posts",
        "post_id,posted_at,impressions,likes,shares,comments,platform",
    )?;
    for i in 0..scaled(600.0, scale, 24) {
        let at = START + rng.growing_day() * 86_400 + rng.int(28_800, 72_000);
        let impressions = rng.int(1_000, 50_000);
        let likes = impressions * rng.int(5, 40) / 1000;
        let shares = likes * rng.int(2, 15) / 100;
        let comments = likes * rng.int(5, 25) / 100;
        let platform = rng.pick(&["linkedin", "x", "instagram", "youtube"]);
        posts.row(format_args!(
            "sp{:06},{},{impressions},{likes},{shares},{comments},{platform}",
            i + 1,
            ts(at)
        ))?;
    }
    *rows += posts.finish()?;
    Ok(())
}

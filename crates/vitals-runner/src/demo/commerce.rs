//! Products, orders (with discounts, refunds, returns and campaigns), expenses and deals.

use super::{CsvFile, Customer, END, Rng, START, campaign_of, date, scaled, season, ts};
use anyhow::Result;
use std::path::Path;

/// (id, name, price, launch day relative to START: negative = before the history)
const PRODUCTS: [(&str, &str, i64, i64); 12] = [
    ("p01", "Starter kit", 49, -400),
    ("p02", "Analytics add-on", 99, -300),
    ("p03", "Team pack", 199, -200),
    ("p04", "Training course", 299, -120),
    ("p05", "Support plan", 149, -60),
    ("p06", "Data export", 29, -10),
    ("p07", "Mobile app pro", 59, 90),
    ("p08", "AI assistant", 199, 240),
    ("p09", "Integrations hub", 129, 365),
    ("p10", "Compliance pack", 399, 450),
    ("p11", "Workflow builder", 249, 560),
    ("p12", "Insights dashboard", 89, 650),
];

const CAMPAIGNS: [&str; 4] = ["spring_sale", "black_friday", "newsletter", "retargeting"];

pub(super) fn write(
    dir: &Path,
    rng: &mut Rng,
    scale: f64,
    customers: &[Customer],
    rows: &mut usize,
) -> Result<()> {
    let mut products = CsvFile::create(dir, "products", "product_id,launched_at,name")?;
    for (id, name, _, launch) in PRODUCTS {
        products.row(format_args!(
            "{id},{},{name}",
            ts(START + launch * 86_400 + 9 * 3600)
        ))?;
    }
    *rows += products.finish()?;

    let mut orders = CsvFile::create(
        dir,
        "orders",
        "order_id,customer_id,ordered_at,gross_amount,discount,refunded,quantity,returned_quantity,cost,product_id,campaign",
    )?;
    let n = scaled(15_000.0, scale, 50);
    let mut written = 0;
    while written < n {
        // A day with growth and seasonality, then a customer who is around that day.
        let day = rng.growing_day();
        if rng.unit() * 1.7 > season(day) {
            continue;
        }
        let at = START + day * 86_400 + rng.int(0, 86_399);
        let Some(c) = (0..50)
            .map(|_| rng.pick(customers))
            .find(|c| c.created < at && at < c.gone)
        else {
            continue;
        };
        let launched: Vec<_> = PRODUCTS
            .iter()
            .filter(|p| START + p.3 * 86_400 <= at)
            .collect();
        let (pid, _, price, _) = **rng.pick(&launched);
        let quantity = *rng.weighted(&[(1i64, 0.75), (2, 0.18), (3, 0.07)]);
        let gross = price * quantity;
        let discount = if rng.chance(0.15) {
            gross * rng.int(5, 20) / 100
        } else {
            0
        };
        let (refunded, returned) = if rng.chance(0.05) {
            let back = rng.int(1, quantity);
            (price * back - discount * back / quantity, back)
        } else {
            (0, 0)
        };
        let cost = gross * rng.int(30, 45) / 100;
        let campaign = if rng.chance(0.3) {
            rng.pick(&CAMPAIGNS).to_string()
        } else {
            String::new()
        };
        written += 1;
        // Optional columns left empty now and then: they read as their defaults.
        let discount_text = if discount == 0 && rng.chance(0.5) {
            String::new()
        } else {
            discount.to_string()
        };
        let campaign = campaign_of(&format!("o{written:07}"), &campaign);
        orders.row(format_args!(
            "o{written:07},{},{},{gross}.00,{discount_text},{refunded},{quantity},{returned},{cost},{pid},{campaign}",
            c.id,
            ts(at)
        ))?;
    }
    *rows += orders.finish()?;

    let mut expenses = CsvFile::create(
        dir,
        "expenses",
        "incurred_at,category,amount,channel,campaign",
    )?;
    let months = 24;
    for m in 0..months {
        // The 2nd of each calendar month.
        let second = chrono::NaiveDate::from_ymd_opt(2024, 10, 2).expect("valid")
            + chrono::Months::new(m as u32);
        let at = second
            .and_hms_opt(9, 0, 0)
            .expect("valid")
            .and_utc()
            .timestamp();
        let day = (at - START) / 86_400;
        let growth = 1.0 + m as f64 / 12.0;
        let amount = |base: f64, rng: &mut Rng| {
            (base * scale * growth * (0.85 + 0.3 * rng.unit())).round() as i64
        };
        for (category, base) in [
            ("cogs", 4_000.0),
            ("sales", 9_000.0),
            ("rnd", 22_000.0),
            ("general", 6_000.0),
            ("tax", 2_500.0),
            ("interest", 500.0),
            ("other", 800.0),
        ] {
            let a = amount(base, rng);
            expenses.row(format_args!("{},{category},{a},,", ts(at)))?;
        }
        for (channel, campaign) in [
            ("paid_search", "spring_sale"),
            ("social", "retargeting"),
            ("email", "newsletter"),
            ("paid_search", "black_friday"),
        ] {
            let weight = if campaign == "black_friday" && season(day) < 1.3 {
                0.2
            } else {
                1.0
            };
            let a = amount(2_500.0 * weight, rng);
            expenses.row(format_args!(
                "{},marketing,{a},{channel},{campaign}",
                ts(at + 3600)
            ))?;
        }
    }
    *rows += expenses.finish()?;

    let mut deals = CsvFile::create(
        dir,
        "deals",
        "deal_id,created_at,amount,probability,status,closed_at",
    )?;
    for i in 0..scaled(400.0, scale, 10) {
        let created = START + rng.growing_day() * 86_400 + rng.int(0, 86_399);
        let amount = rng.int(50, 800) * 100;
        let probability = *rng.pick(&["0.1", "0.25", "0.5", "0.75", "0.9"]);
        let closed = created + rng.int(10, 90) * 86_400;
        let (status, closed_text) = if closed >= END || rng.chance(0.15) {
            ("open", String::new())
        } else if rng.chance(0.38) {
            ("won", ts(closed))
        } else {
            ("lost", ts(closed))
        };
        deals.row(format_args!(
            "d{:05},{},{amount},{probability},{status},{closed_text}",
            i + 1,
            ts(created)
        ))?;
    }
    *rows += deals.finish()?;

    let mut market = CsvFile::create(
        dir,
        "market_sizes",
        "month,total_sales,company_sales,market",
    )?;
    for m in 0..24 {
        let month_start =
            chrono::NaiveDate::from_ymd_opt(2024, 10, 1).expect("valid") + chrono::Months::new(m);
        let secs = month_start
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .timestamp();
        let total = ((1_500_000.0 + 40_000.0 * f64::from(m)) * scale * (0.9 + 0.2 * rng.unit()))
            .round() as i64;
        // The first year carries reported company sales; later months leave it empty, and
        // vitals defaults it to that month's net revenue.
        let company = if m < 12 {
            (total as f64 * (0.05 + 0.002 * f64::from(m)))
                .round()
                .to_string()
        } else {
            String::new()
        };
        market.row(format_args!("{},{total},{company},global", date(secs)))?;
    }
    *rows += market.finish()?;
    Ok(())
}

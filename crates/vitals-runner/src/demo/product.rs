//! Product events (sessions with and without session ids, bounces, funnels, features) and
//! survey responses (NPS, CSAT, CES).

use super::{CsvFile, Customer, END, Rng, START, scaled, ts};
use anyhow::Result;
use std::path::Path;

const FEATURES: [&str; 6] = [
    "reports",
    "dashboards",
    "alerts",
    "export",
    "api",
    "sharing",
];
const PAGES: [&str; 8] = [
    "/",
    "/pricing",
    "/docs",
    "/blog",
    "/app",
    "/app/reports",
    "/app/settings",
    "/features",
];

struct Writer {
    file: CsvFile,
    sessions: usize,
}

impl Writer {
    /// One session of `events` events starting at `at`; returns the time after it.
    #[allow(clippy::too_many_arguments)]
    fn session(
        &mut self,
        rng: &mut Rng,
        user: &str,
        mut at: i64,
        events: usize,
        with_id: bool,
        onboarding: bool,
        visitor: bool,
    ) -> Result<i64> {
        self.sessions += 1;
        let sid = if with_id {
            format!("ss{:08}", self.sessions)
        } else {
            String::new()
        };
        let mut in_cart = false;
        for k in 0..events {
            let roll = rng.unit();
            let (event, page, feature) = if k == 0 {
                ("page_view", *rng.pick(&PAGES), "")
            } else if visitor {
                if roll < 0.7 {
                    ("page_view", *rng.pick(&PAGES), "")
                } else if roll < 0.9 {
                    ("content_view", "/blog", "")
                } else {
                    ("add_to_cart", "/pricing", "")
                }
            } else if onboarding && roll < 0.15 {
                ("onboarding_view", "/app/welcome", "")
            } else if roll < 0.5 {
                ("page_view", *rng.pick(&PAGES), "")
            } else if roll < 0.78 {
                ("feature_used", "/app", *rng.pick(&FEATURES))
            } else if roll < 0.88 {
                ("content_view", "/blog", "")
            } else if roll < 0.95 || in_cart {
                if in_cart && rng.chance(0.45) {
                    in_cart = false;
                    ("purchase", "/checkout", "")
                } else {
                    ("page_view", *rng.pick(&PAGES), "")
                }
            } else {
                in_cart = true;
                ("add_to_cart", "/store", "")
            };
            if at >= END {
                break;
            }
            self.file.row(format_args!(
                "{user},{},{event},{sid},{page},{feature}",
                ts(at)
            ))?;
            at += rng.int(20, 300);
        }
        Ok(at)
    }
}

fn session_length(rng: &mut Rng) -> usize {
    if rng.chance(0.22) {
        1
    } else {
        1 + rng.exp(6.0) as usize + 1
    }
}

pub(super) fn write(
    dir: &Path,
    rng: &mut Rng,
    scale: f64,
    customers: &[Customer],
    rows: &mut usize,
) -> Result<()> {
    let file = CsvFile::create(
        dir,
        "events",
        "user_id,occurred_at,event,session_id,page,feature",
    )?;
    let mut w = Writer { file, sessions: 0 };
    // Customers: a signup session at creation, activation for most, then sessions until they
    // are gone. Every fifth user's events carry no session id (sessionised by timeout).
    let per_week = 5.0;
    for (i, c) in customers.iter().enumerate() {
        let with_id = i % 5 != 0;
        let mut at = w.session(rng, &c.id, c.created, 1, with_id, false, false)?;
        w.file.row(format_args!(
            "{},{},signup,{},/signup,",
            c.id,
            ts(at),
            if with_id {
                format!("ss{:08}", w.sessions)
            } else {
                String::new()
            }
        ))?;
        if rng.chance(0.7) {
            let activated = at + (rng.exp(2.0 * 86_400.0) as i64).max(120);
            if activated < END {
                w.file
                    .row(format_args!("{},{},activation,,/app,", c.id, ts(activated)))?;
            }
        }
        let rate = if c.pays {
            per_week * (0.5 + rng.unit())
        } else {
            per_week * 0.3
        };
        loop {
            at += (rng.exp(7.0 * 86_400.0 / rate) as i64).max(1800);
            // Weekend dip: fewer sessions on Saturday and Sunday.
            let weekday = ((at - START) / 86_400 + 1).rem_euclid(7);
            if weekday >= 5 && rng.chance(0.5) {
                continue;
            }
            if at >= c.gone.min(END) {
                break;
            }
            let onboarding = at - c.created < 14 * 86_400;
            let len = session_length(rng);
            at = w.session(rng, &c.id, at, len, with_id, onboarding, false)?;
        }
    }
    // Visitors who never sign up: a session or two of browsing, some carts.
    let visitors = scaled(4500.0, scale, 50);
    for v in 0..visitors {
        let user = format!("v{:07}", v + 1);
        let mut at = START + rng.growing_day() * 86_400 + rng.int(0, 86_399);
        for _ in 0..rng.int(1, 3) {
            let len = session_length(rng).min(6);
            at = w.session(rng, &user, at, len, v % 5 != 0, false, true)?;
            at += rng.int(1, 20) * 86_400;
        }
    }
    *rows += w.file.finish()?;

    let mut surveys = CsvFile::create(
        dir,
        "survey_responses",
        "respondent_id,responded_at,survey,score",
    )?;
    for (survey, count) in [("nps", 2500.0), ("csat", 1500.0), ("ces", 800.0)] {
        for _ in 0..scaled(count, scale, 10) {
            let c = rng.pick(customers);
            let span = (c.gone.min(END) - c.created).max(3600);
            let at = c.created + rng.int(60, span - 1).min(span - 1);
            let progress = (at - START) as f64 / (END - START) as f64;
            let score = match survey {
                "nps" => {
                    let r = rng.unit() - 0.1 * progress;
                    if r < 0.42 {
                        rng.int(9, 10)
                    } else if r < 0.72 {
                        rng.int(7, 8)
                    } else {
                        rng.int(0, 6)
                    }
                }
                "csat" => *rng.weighted(&[(5, 0.4), (4, 0.35), (3, 0.12), (2, 0.08), (1, 0.05)]),
                _ => *rng.weighted(&[
                    (1, 0.15),
                    (2, 0.35),
                    (3, 0.25),
                    (4, 0.12),
                    (5, 0.08),
                    (6, 0.03),
                    (7, 0.02),
                ]),
            };
            surveys.row(format_args!("{},{},{survey},{score}", c.id, ts(at)))?;
        }
    }
    *rows += surveys.finish()?;
    Ok(())
}

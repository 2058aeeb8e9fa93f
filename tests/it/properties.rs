//! Property tests on random valid companies, with rows in all 21 datasets of the contract:
//! the whole catalogue runs on what the generated datasets allow, and the numbers must keep
//! the identities and bounds of their definitions, not depend on row order, and not depend
//! on the file format.
//!
//! Each case runs `vitals run --set all` twice (CSV, then shuffled CSV, JSON Lines or
//! Parquet in turn), a few seconds each in a debug build: 64 cases in CI, 4 on a laptop (each
//! other encoding once and CSV shuffled twice); set `PROPTEST_CASES` for more.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use vitals_tests::vitals;

/// How far a fraction CSV and JSON write (15 significant digits) may be from the exact one,
/// and the sum of two from theirs: 10⁻¹⁴.
const EXPORT_ERROR: Decimal = Decimal::from_parts(1, 0, 0, false, 14);

const FROM: &str = "2025-01-01";
const TO: &str = "2025-07-01";
/// Day 0 of the generated history; the run covers days 31..212 of it.
const BASE: (i32, u32, u32) = (2024, 12, 1);
const DAYS: u16 = 240;

#[derive(Debug, Clone)]
struct Subscription {
    customer: u8,
    start: u16,
    length: Option<u16>,
    mrr_cents: u32,
    trial: bool,
}

#[derive(Debug, Clone)]
struct Order {
    customer: u8,
    day: u16,
    second: u32,
    cents: u32,
    discount_percent: u8,
    quantity: u8,
    returned: u8,
}

#[derive(Debug, Clone)]
struct Survey {
    respondent: u8,
    day: u16,
    survey: usize,
    score: u8,
}

#[derive(Debug, Clone)]
struct Event {
    user: u8,
    day: u16,
    second: u32,
    event: usize,
}

#[derive(Debug, Clone)]
struct Lead {
    day: u16,
    converted_after: Option<u16>,
}

#[derive(Debug, Clone)]
struct Company {
    customer_days: Vec<u16>,
    subscriptions: Vec<Subscription>,
    orders: Vec<Order>,
    surveys: Vec<Survey>,
    events: Vec<Event>,
    leads: Vec<Lead>,
    /// The other 15 datasets (and the optional columns of the six above), as rows of text
    /// cells without their key, which [`tables`] numbers.
    more: More,
    shuffle_seed: u64,
}

#[derive(Debug, Clone)]
struct More {
    /// Per customer: channel and segment (either may be blank).
    customer_labels: Vec<(String, String)>,
    /// Per order: product and campaign (either may be blank).
    order_labels: Vec<(String, String)>,
    /// Per event: session, page and feature (any may be blank).
    event_labels: Vec<(String, String, String)>,
    /// Per lead: channel and campaign.
    lead_labels: Vec<(String, String)>,
    products: Vec<Vec<String>>,
    expenses: Vec<Vec<String>>,
    deals: Vec<Vec<String>>,
    email_campaigns: Vec<Vec<String>>,
    social_posts: Vec<Vec<String>>,
    market_sizes: Vec<Vec<String>>,
    test_runs: Vec<Vec<String>>,
    defects: Vec<Vec<String>>,
    tickets: Vec<Vec<String>>,
    sprints: Vec<Vec<String>>,
    work_items: Vec<Vec<String>>,
    releases: Vec<Vec<String>>,
    capacity: Vec<Vec<String>>,
    deployments: Vec<Vec<String>>,
    incidents: Vec<Vec<String>>,
}

/// One of `values`, or blank one time in four.
fn label(values: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just(String::new()),
        3 => proptest::sample::select(values).prop_map(str::to_string),
    ]
}

/// `day + after` days (and `second`), or blank.
fn later(day: u16, after: Option<u16>, second: u32) -> String {
    after.map(|a| at(day + a, second)).unwrap_or_default()
}

fn date(day: u16) -> String {
    at(day, 0)[..10].to_string()
}

fn more() -> impl Strategy<Value = More> {
    use proptest::collection::vec;
    use proptest::option::of;
    let channels: &'static [&'static str] = &["ads", "organic", "referral"];
    let campaigns: &'static [&'static str] = &["spring", "launch", "retarget"];
    let labels = (
        vec(
            (label(channels), label(&["smb", "enterprise"])),
            CUSTOMERS as usize,
        ),
        vec((label(&["p0", "p1", "p2", "p9"]), label(campaigns)), 40),
        vec(
            (
                label(&["s0", "s1", "s2", "s3", "s4"]),
                label(&["/", "/pricing", "/docs"]),
                label(&["search", "export", "share"]),
            ),
            150,
        ),
        vec((label(channels), label(campaigns)), 20),
    );
    let products = vec((0..DAYS).prop_map(|d| vec![at(d, 0), String::new()]), 0..5);
    let expenses = vec(
        (
            0..DAYS,
            0u32..86_400,
            proptest::sample::select(
                &[
                    "cogs",
                    "marketing",
                    "sales",
                    "rnd",
                    "general",
                    "tax",
                    "interest",
                    "other",
                ][..],
            ),
            0u32..200_000,
            label(channels),
            label(campaigns),
        )
            .prop_map(|(d, sec, cat, c, ch, ca)| vec![at(d, sec), cat.into(), cents(c), ch, ca]),
        0..25,
    );
    let deals = vec(
        (
            0..DAYS,
            0u32..500_000,
            0u32..=100,
            proptest::sample::select(&["open", "won", "lost"][..]),
            of(0u16..90),
        )
            .prop_map(|(d, c, prob, status, closed)| {
                vec![
                    at(d, 0),
                    cents(c),
                    format!("{}.{:02}", prob / 100, prob % 100),
                    status.into(),
                    later(d, closed, 60),
                ]
            }),
        0..15,
    );
    let email_campaigns = vec(
        (0..DAYS, 0u32..5_000, 0u32..=100, 0u32..=100, 0u32..=100).prop_map(
            |(d, sent, deliv, open, click)| {
                let delivered = sent * deliv / 100;
                let opens = delivered * open / 100;
                let clicks = opens * click / 100;
                vec![
                    at(d, 0),
                    sent.to_string(),
                    delivered.to_string(),
                    opens.to_string(),
                    clicks.to_string(),
                ]
            },
        ),
        0..10,
    );
    let social_posts = vec(
        (
            0..DAYS,
            0u32..10_000,
            0u32..200,
            0u32..50,
            0u32..50,
            label(&["x", "linkedin"]),
        )
            .prop_map(|(d, imp, likes, shares, comments, platform)| {
                vec![
                    at(d, 7200),
                    imp.to_string(),
                    likes.to_string(),
                    shares.to_string(),
                    comments.to_string(),
                    platform,
                ]
            }),
        0..15,
    );
    // At most one row per month, the company's sales a share of the market's.
    let market_sizes = vec(of((1u32..1_000_000, 0u32..=100)), 8).prop_map(|months| {
        months
            .into_iter()
            .enumerate()
            .filter_map(|(m, row)| {
                let (total, share) = row?;
                let month = chrono::NaiveDate::from_ymd_opt(
                    2024 + (11 + m as i32) / 12,
                    1 + (11 + m as u32) % 12,
                    1,
                )
                .expect("month");
                Some(vec![
                    month.to_string(),
                    cents(total),
                    cents(total / 100 * share),
                    String::new(),
                ])
            })
            .collect()
    });
    let test_runs = vec(
        (
            0..DAYS,
            0u32..86_400,
            0u8..8,
            any::<bool>(),
            proptest::sample::select(&["passed", "failed", "skipped", "blocked"][..]),
            of(0u32..60_000),
        )
            .prop_map(|(d, sec, test, automated, outcome, ms)| {
                vec![
                    at(d, sec),
                    format!("t{test}"),
                    automated.to_string(),
                    outcome.into(),
                    ms.map(|m| m.to_string()).unwrap_or_default(),
                ]
            }),
        0..60,
    );
    let defects = vec(
        (
            0..DAYS,
            0u32..86_400,
            proptest::sample::select(&["team", "customer"][..]),
            proptest::sample::select(&["critical", "major", "minor", "trivial"][..]),
            proptest::sample::select(&["open", "resolved", "rejected"][..]),
            of(0u16..60),
            label(&["r0", "r1"]),
        )
            .prop_map(|(d, sec, by, severity, status, resolved, release)| {
                vec![
                    at(d, sec),
                    by.into(),
                    severity.into(),
                    status.into(),
                    later(d, resolved, 86_399),
                    release,
                ]
            }),
        0..30,
    );
    let tickets = vec(
        (
            0..DAYS,
            0u32..43_200,
            any::<bool>(),
            of(0u16..3),
            of(0u16..20),
            label(&["high", "low"]),
        )
            .prop_map(|(d, sec, escalated, response, resolved, severity)| {
                vec![
                    at(d, sec),
                    escalated.to_string(),
                    later(d, response, sec + 600),
                    later(d, resolved, sec + 3_600),
                    severity,
                ]
            }),
        0..30,
    );
    // Sprints follow each other, 30 days each; a work item in a sprint is created during it.
    let sprints = (0u16..=8).prop_map(|n| {
        (0..n)
            .map(|k| vec![at(k * 30, 0), at(k * 30 + 30, 0)])
            .collect::<Vec<_>>()
    });
    let work_items = vec(
        (
            0u16..8,
            0u16..30,
            proptest::sample::select(&["story", "bug", "task"][..]),
            of(0u8..14),
            proptest::bool::weighted(0.8),
            any::<bool>(),
            of(0u16..10),
            of(0u16..20),
        )
            .prop_map(
                |(sprint, offset, kind, points, in_sprint, committed, start, done)| {
                    let d = sprint * 30 + offset;
                    let begun = start.map(|s| d + s).unwrap_or(d);
                    vec![
                        at(d, 0),
                        kind.into(),
                        points.map(|p| p.to_string()).unwrap_or_default(),
                        if in_sprint {
                            format!("sp{sprint}")
                        } else {
                            String::new()
                        },
                        committed.to_string(),
                        start.map(|s| at(d + s, 60)).unwrap_or_default(),
                        done.map(|x| at(begun + x, 120)).unwrap_or_default(),
                    ]
                },
            ),
        0..30,
    );
    let releases = vec(
        (10..DAYS, of(0u16..30)).prop_map(|(d, after)| {
            // A release may ship up to ten days early.
            vec![
                at(d, 0),
                after.map(|a| at(d + a - a.min(10), 0)).unwrap_or_default(),
            ]
        }),
        0..10,
    );
    let capacity = vec(
        (0u8..4, 0..DAYS, 0u32..=800, 0u32..=100, of(0u32..=1_000)).prop_map(
            |(person, d, scheduled, share, allocated)| {
                vec![
                    format!("pe{person}"),
                    date(d),
                    cents(scheduled),
                    cents(scheduled * share / 100),
                    allocated.map(cents).unwrap_or_default(),
                ]
            },
        ),
        0..30,
    );
    let deployments = vec(
        (
            0..DAYS,
            3_600u32..86_400,
            proptest::bool::weighted(0.85),
            of(0u32..3_600),
            prop_oneof![Just(""), Just("production"), Just("staging")],
        )
            .prop_map(|(d, sec, ok, commit_before, env)| {
                vec![
                    at(d, sec),
                    ok.to_string(),
                    commit_before.map(|b| at(d, sec - b)).unwrap_or_default(),
                    env.into(),
                ]
            }),
        0..30,
    );
    let incidents = vec(
        (
            0..DAYS,
            0u32..80_000,
            of(1u32..6_000),
            label(&["dep0", "dep1", "dep2"]),
            any::<bool>(),
        )
            .prop_map(|(d, sec, minutes, deployment, outage)| {
                vec![
                    at(d, sec),
                    minutes.map(|m| at(d, sec + m)).unwrap_or_default(),
                    deployment,
                    outage.to_string(),
                ]
            }),
        0..12,
    );
    (
        labels,
        (
            products,
            expenses,
            deals,
            email_campaigns,
            social_posts,
            market_sizes,
        ),
        (test_runs, defects, tickets, sprints, work_items),
        (releases, capacity, deployments, incidents),
    )
        .prop_map(
            |(
                (customer_labels, order_labels, event_labels, lead_labels),
                (products, expenses, deals, email_campaigns, social_posts, market_sizes),
                (test_runs, defects, tickets, sprints, work_items),
                (releases, capacity, deployments, incidents),
            )| More {
                customer_labels,
                order_labels,
                event_labels,
                lead_labels,
                products,
                expenses,
                deals,
                email_campaigns,
                social_posts,
                market_sizes,
                test_runs,
                defects,
                tickets,
                sprints,
                work_items,
                releases,
                capacity,
                deployments,
                incidents,
            },
        )
}

const SURVEYS: [(&str, u8, u8); 3] = [("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7)];
/// Every event role under its default name, and one event no metric looks for.
const EVENTS: [&str; 9] = {
    let roles = vitals_core::EventRoles::ROLES;
    let mut all = ["login"; 9];
    let mut i = 0;
    while i < roles.len() {
        all[i] = roles[i];
        i += 1;
    }
    all
};
const CUSTOMERS: u8 = 12;

fn company() -> impl Strategy<Value = Company> {
    let subscription = (
        0..CUSTOMERS,
        0..DAYS,
        proptest::option::weighted(0.75, 1u16..150),
        0u32..50_000,
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(customer, start, length, mrr_cents, trial)| Subscription {
            customer,
            start,
            length,
            mrr_cents,
            trial,
        });
    let order = (
        0..CUSTOMERS,
        0..DAYS,
        0u32..86_400,
        0u32..100_000,
        0u8..=100,
        1u8..5,
        0u8..5,
    )
        .prop_map(
            |(customer, day, second, cents, discount_percent, quantity, returned)| Order {
                customer,
                day,
                second,
                cents,
                discount_percent,
                quantity,
                returned: returned.min(quantity),
            },
        );
    let survey = (0u8..20, 0..DAYS, 0usize..3, 0u8..=10).prop_map(|(respondent, day, s, raw)| {
        let (_, lo, hi) = SURVEYS[s];
        Survey {
            respondent,
            day,
            survey: s,
            score: lo + raw % (hi - lo + 1),
        }
    });
    let event = (0u8..15, 0..DAYS, 0u32..86_400, 0usize..EVENTS.len()).prop_map(
        |(user, day, second, event)| Event {
            user,
            day,
            second,
            event,
        },
    );
    let lead = (0..DAYS, proptest::option::of(0u16..60)).prop_map(|(day, converted_after)| Lead {
        day,
        converted_after,
    });
    (
        proptest::collection::vec(0..DAYS, CUSTOMERS as usize),
        proptest::collection::vec(subscription, 0..25),
        proptest::collection::vec(order, 0..40),
        proptest::collection::vec(survey, 0..30),
        proptest::collection::vec(event, 0..150),
        proptest::collection::vec(lead, 0..20),
        more(),
        any::<u64>(),
    )
        .prop_map(
            |(customer_days, subscriptions, orders, surveys, events, leads, more, shuffle_seed)| {
                Company {
                    customer_days,
                    subscriptions,
                    orders,
                    surveys,
                    events,
                    leads,
                    more,
                    shuffle_seed,
                }
            },
        )
}

fn at(day: u16, second: u32) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(BASE.0, BASE.1, BASE.2).expect("base date");
    let t = base.and_hms_opt(0, 0, 0).expect("midnight")
        + chrono::Duration::days(i64::from(day))
        + chrono::Duration::seconds(i64::from(second));
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn cents(c: u32) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// One dataset as a header and rows of text cells ("" is an empty cell).
struct Table {
    name: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

fn tables(c: &Company) -> Vec<Table> {
    let customers = Table {
        name: "customers",
        header: vec!["customer_id", "created_at", "channel", "segment"],
        rows: c
            .customer_days
            .iter()
            .zip(&c.more.customer_labels)
            .enumerate()
            .map(|(i, (d, (channel, segment)))| {
                vec![format!("c{i}"), at(*d, 0), channel.clone(), segment.clone()]
            })
            .collect(),
    };
    let subscriptions = Table {
        name: "subscriptions",
        header: vec![
            "subscription_id",
            "customer_id",
            "started_at",
            "ended_at",
            "mrr",
            "trial",
        ],
        rows: c
            .subscriptions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                vec![
                    format!("s{i}"),
                    format!("c{}", s.customer),
                    at(s.start, 0),
                    s.length.map(|l| at(s.start + l, 0)).unwrap_or_default(),
                    cents(s.mrr_cents),
                    s.trial.to_string(),
                ]
            })
            .collect(),
    };
    let orders = Table {
        name: "orders",
        header: vec![
            "order_id",
            "customer_id",
            "ordered_at",
            "gross_amount",
            "discount",
            "quantity",
            "returned_quantity",
            "cost",
            "product_id",
            "campaign",
        ],
        rows: c
            .orders
            .iter()
            .zip(&c.more.order_labels)
            .enumerate()
            .map(|(i, (o, (product, campaign)))| {
                vec![
                    format!("o{i}"),
                    format!("c{}", o.customer),
                    at(o.day, o.second),
                    cents(o.cents),
                    cents(o.cents / 100 * u32::from(o.discount_percent) / 100 * 100),
                    o.quantity.to_string(),
                    o.returned.to_string(),
                    cents(o.cents / 3),
                    product.clone(),
                    campaign.clone(),
                ]
            })
            .collect(),
    };
    let surveys = Table {
        name: "survey_responses",
        header: vec!["respondent_id", "responded_at", "survey", "score"],
        rows: c
            .surveys
            .iter()
            .map(|s| {
                vec![
                    format!("r{}", s.respondent),
                    at(s.day, 3600),
                    SURVEYS[s.survey].0.to_string(),
                    s.score.to_string(),
                ]
            })
            .collect(),
    };
    let events = Table {
        name: "events",
        header: vec![
            "user_id",
            "occurred_at",
            "event",
            "session_id",
            "page",
            "feature",
        ],
        rows: c
            .events
            .iter()
            .zip(&c.more.event_labels)
            .map(|(e, (session, page, feature))| {
                vec![
                    format!("u{}", e.user),
                    at(e.day, e.second),
                    EVENTS[e.event].to_string(),
                    // A session id is the user's own, so sessions never span users.
                    if session.is_empty() {
                        String::new()
                    } else {
                        format!("u{}-{session}", e.user)
                    },
                    page.clone(),
                    feature.clone(),
                ]
            })
            .collect(),
    };
    let leads = Table {
        name: "leads",
        header: vec![
            "lead_id",
            "created_at",
            "converted_at",
            "channel",
            "campaign",
        ],
        rows: c
            .leads
            .iter()
            .zip(&c.more.lead_labels)
            .enumerate()
            .map(|(i, (l, (channel, campaign)))| {
                vec![
                    format!("l{i}"),
                    at(l.day, 60),
                    l.converted_after
                        .map(|a| at(l.day + a, 120))
                        .unwrap_or_default(),
                    channel.clone(),
                    campaign.clone(),
                ]
            })
            .collect(),
    };
    let m = &c.more;
    // A dataset whose rows are generated whole, with its key (when it has one) numbered.
    let keyed = |name, prefix: &str, header: Vec<&'static str>, rows: &[Vec<String>]| Table {
        name,
        header,
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = if prefix.is_empty() {
                    Vec::new()
                } else {
                    vec![format!("{prefix}{i}")]
                };
                row.extend(r.iter().cloned());
                row
            })
            .collect(),
    };
    vec![
        customers,
        subscriptions,
        orders,
        surveys,
        events,
        leads,
        keyed(
            "products",
            "p",
            vec!["product_id", "launched_at", "name"],
            &m.products,
        ),
        keyed(
            "expenses",
            "",
            vec!["incurred_at", "category", "amount", "channel", "campaign"],
            &m.expenses,
        ),
        keyed(
            "deals",
            "d",
            vec![
                "deal_id",
                "created_at",
                "amount",
                "probability",
                "status",
                "closed_at",
            ],
            &m.deals,
        ),
        keyed(
            "email_campaigns",
            "e",
            vec![
                "campaign_id",
                "sent_at",
                "sent",
                "delivered",
                "unique_opens",
                "unique_clicks",
            ],
            &m.email_campaigns,
        ),
        keyed(
            "social_posts",
            "sp",
            vec![
                "post_id",
                "posted_at",
                "impressions",
                "likes",
                "shares",
                "comments",
                "platform",
            ],
            &m.social_posts,
        ),
        keyed(
            "market_sizes",
            "",
            vec!["month", "total_sales", "company_sales", "market"],
            &m.market_sizes,
        ),
        keyed(
            "test_runs",
            "",
            vec![
                "executed_at",
                "test_id",
                "automated",
                "outcome",
                "duration_ms",
            ],
            &m.test_runs,
        ),
        keyed(
            "defects",
            "df",
            vec![
                "defect_id",
                "found_at",
                "found_by",
                "severity",
                "status",
                "resolved_at",
                "release",
            ],
            &m.defects,
        ),
        keyed(
            "tickets",
            "tk",
            vec![
                "ticket_id",
                "opened_at",
                "escalated",
                "first_response_at",
                "resolved_at",
                "severity",
            ],
            &m.tickets,
        ),
        keyed(
            "sprints",
            "sp",
            vec!["sprint_id", "starts_at", "ends_at"],
            &m.sprints,
        ),
        keyed(
            "work_items",
            "w",
            vec![
                "item_id",
                "created_at",
                "type",
                "points",
                "sprint_id",
                "committed",
                "started_at",
                "completed_at",
            ],
            &m.work_items,
        ),
        keyed(
            "releases",
            "r",
            vec!["release_id", "planned_at", "released_at"],
            &m.releases,
        ),
        keyed(
            "capacity",
            "",
            vec![
                "person",
                "date",
                "scheduled_hours",
                "available_hours",
                "allocated_hours",
            ],
            &m.capacity,
        ),
        keyed(
            "deployments",
            "dep",
            vec![
                "deployment_id",
                "deployed_at",
                "succeeded",
                "first_commit_at",
                "environment",
            ],
            &m.deployments,
        ),
        keyed(
            "incidents",
            "inc",
            vec![
                "incident_id",
                "started_at",
                "resolved_at",
                "deployment_id",
                "outage",
            ],
            &m.incidents,
        ),
    ]
}

fn write_csv(dir: &Path, tables: &[Table], shuffle: Option<u64>) {
    for t in tables {
        let mut rows: Vec<&Vec<String>> = t.rows.iter().collect();
        if let Some(seed) = shuffle {
            // Fisher–Yates with a small LCG: deterministic for the case, different per case.
            let mut state = seed | 1;
            for i in (1..rows.len()).rev() {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let j = (state >> 33) as usize % (i + 1);
                rows.swap(i, j);
            }
        }
        let mut text = t.header.join(",");
        text.push('\n');
        for r in rows {
            text.push_str(&r.join(","));
            text.push('\n');
        }
        std::fs::write(dir.join(format!("{}.csv", t.name)), text).expect("write csv");
    }
}

fn write_jsonl(dir: &Path, tables: &[Table]) {
    for t in tables {
        let mut text = String::new();
        for r in &t.rows {
            let object: serde_json::Map<String, Value> = t
                .header
                .iter()
                .zip(r)
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| ((*k).to_string(), Value::String(v.clone())))
                .collect();
            text.push_str(&Value::Object(object).to_string());
            text.push('\n');
        }
        std::fs::write(dir.join(format!("{}.jsonl", t.name)), text).expect("write jsonl");
    }
}

fn write_parquet(csv_dir: &Path, dir: &Path, tables: &[Table]) {
    let registry = vitals_core::registry().expect("registry");
    for t in tables {
        let spec = registry.dataset(t.name).expect("contract dataset");
        let source = vitals_engine::DatasetSource::new(csv_dir.join(format!("{}.csv", t.name)));
        vitals_engine::write_parquet(spec, &source, &dir.join(format!("{}.parquet", t.name)))
            .expect("write parquet");
    }
}

fn run_all(dir: &Path) -> Value {
    let out = vitals(&[
        "run",
        "--data",
        dir.to_str().expect("UTF-8 path"),
        "--set",
        "all",
        "--from",
        FROM,
        "--to",
        TO,
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON report")
}

/// `metric id → one value per period`.
fn values(report: &Value) -> BTreeMap<String, Vec<Option<Decimal>>> {
    report["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .map(|m| {
            let values = m["values"]
                .as_array()
                .expect("values")
                .iter()
                .map(|v| {
                    v["value"]
                        .as_str()
                        .map(|s| Decimal::from_str(s).expect("decimal"))
                })
                .collect();
            (m["id"].as_str().expect("id").to_string(), values)
        })
        .collect()
}

/// Percent metrics whose definition lets them leave [0, 1]: margins and ROMI go negative,
/// net revenue retention and ratios of different populations exceed 1 (conversion_rate is
/// purchasers ÷ page viewers, and a purchaser need not have viewed a page in P).
const UNBOUNDED_PERCENTS: &[&str] = &[
    "conversion_rate",
    "gross_margin",
    "net_margin",
    "net_revenue_retention",
    "romi",
    "resource_utilization",
    "content_reach",
    "revenue_realization",
    "say_do_ratio",
    "social_engagement_rate",
    "email_click_to_open_rate",
];

fn check_definitions(report: &Value) -> Result<(), TestCaseError> {
    let v = values(report);
    let get = |id: &str| {
        v.get(id)
            .cloned()
            .unwrap_or_else(|| panic!("`{id}` was not evaluated"))
    };
    // The MRR bridge: the movements add up to the change in MRR, period by period.
    let (mrr, net_new) = (get("mrr"), get("net_new_mrr"));
    let movements = [
        ("new_mrr", 1),
        ("expansion_mrr", 1),
        ("reactivation_mrr", 1),
        ("contraction_mrr", -1),
        ("churned_mrr", -1),
    ];
    for i in 0..mrr.len() {
        let parts: Option<Vec<Decimal>> = movements
            .iter()
            .map(|(id, sign)| get(id)[i].map(|x| x * Decimal::from(*sign)))
            .collect();
        let Some(parts) = parts else {
            // A subscriptions file with no rows leaves the bridge undefined, all of it, and so
            // does a period outside the subscriptions' span.
            prop_assert!(mrr[i].is_none() && net_new[i].is_none(), "period {}", i);
            continue;
        };
        let sum: Decimal = parts.into_iter().sum();
        prop_assert_eq!(
            Some(sum),
            net_new[i],
            "movements vs net_new_mrr, period {}",
            i
        );
        // The MRR before the subscriptions' span is unknown (null, outside the data), not 0:
        // the change is checked where both ends are known.
        if i > 0
            && let (Some(now), Some(before)) = (mrr[i], mrr[i - 1])
        {
            prop_assert_eq!(
                Some(now - before),
                net_new[i],
                "Δmrr vs net_new_mrr, period {}",
                i
            );
        }
    }
    // Rates are fractions, scores stay on their scales.
    for m in report["metrics"].as_array().expect("metrics") {
        let id = m["id"].as_str().expect("id");
        let bounds = match (m["unit"].as_str(), id) {
            (_, "nps") => Some((-100, 100)),
            (_, "csat_score") => Some((1, 5)),
            (_, "ces") => Some((1, 7)),
            (Some("percent"), id) if !UNBOUNDED_PERCENTS.contains(&id) => Some((0, 1)),
            _ => None,
        };
        if let Some((lo, hi)) = bounds {
            for x in v[id].iter().flatten() {
                prop_assert!(
                    *x >= Decimal::from(lo) && *x <= Decimal::from(hi),
                    "{} = {} is outside [{}, {}]",
                    id,
                    x,
                    lo,
                    hi
                );
            }
        }
    }
    // Retention and churn of customers are complements where both are defined.
    for (r, c) in get("customer_retention_rate")
        .iter()
        .zip(get("customer_churn_rate"))
    {
        if let (Some(r), Some(c)) = (r, c) {
            // Each is written to 15 significant digits.
            prop_assert!(
                (*r + c - Decimal::ONE).abs() <= EXPORT_ERROR,
                "{} + {}",
                r,
                c
            );
        }
    }
    // Passed and failed runs split the decided ones.
    for (p, f) in get("test_pass_rate").iter().zip(get("test_failure_rate")) {
        if let (Some(p), Some(f)) = (p, f) {
            prop_assert!(
                (*p + f - Decimal::ONE).abs() <= EXPORT_ERROR,
                "test pass + failure rate {} + {}",
                p,
                f
            );
        }
    }
    // Part of a whole, period by period.
    for (part, whole) in [
        ("escaped_defects", "defects_found"),
        ("critical_open_defects", "open_defects"),
    ] {
        for (i, (x, y)) in get(part).iter().zip(get(whole)).enumerate() {
            if let (Some(x), Some(y)) = (x, y) {
                prop_assert!(
                    *x <= y,
                    "{} = {} > {} = {} in period {}",
                    part,
                    x,
                    whole,
                    y,
                    i
                );
            }
        }
    }
    // Detection effectiveness is the share of found defects that did not escape.
    for (i, ((dde, found), escaped)) in get("defect_detection_effectiveness")
        .iter()
        .zip(get("defects_found"))
        .zip(get("escaped_defects"))
        .enumerate()
    {
        if let (Some(dde), Some(found), Some(escaped)) = (dde, found, escaped) {
            let expected = (found - escaped) / found;
            prop_assert!(
                (*dde - expected).abs() <= EXPORT_ERROR,
                "defect_detection_effectiveness {} vs {} in period {}",
                dde,
                expected,
                i
            );
        }
    }
    // Counts (some are daily means, as dau) are never negative; levels are one of four.
    for m in report["metrics"].as_array().expect("metrics") {
        let id = m["id"].as_str().expect("id");
        for x in v[id].iter().flatten() {
            if m["unit"].as_str() == Some("count") {
                prop_assert!(*x >= Decimal::ZERO, "{} = {}", id, x);
            }
            if id == "dora_level" {
                prop_assert!(
                    (1..=4).contains(&x.mantissa()) && x.scale() == 0,
                    "dora_level = {}",
                    x
                );
            }
        }
    }
    Ok(())
}

/// The number of random companies: `PROPTEST_CASES`, else 64 in CI (`CI` set) and 4 on a
/// laptop.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if std::env::var_os("CI").is_some() {
            64
        } else {
            4
        })
}

/// From this many cases on, every metric of the catalogue must have had a value in at least
/// one of them (so that no dataset or metric goes unexercised); the rarest, `ltv_to_cac`,
/// has one in about one case in five.
const COVERAGE_FROM: u32 = 48;

/// One case: the baseline run on CSV keeps the definitions, and one of the other encodings
/// of the same rows (shuffled CSV, JSON Lines, Parquet, in turn by case) gives the same
/// report. Returns the ids of the metrics that had a value.
fn one_company(c: &Company, variant: u64) -> Result<Vec<String>, TestCaseError> {
    let tables = tables(c);
    let csv = tempfile::tempdir().expect("temp dir");
    write_csv(csv.path(), &tables, None);
    let baseline = run_all(csv.path());
    check_definitions(&baseline)?;
    let other = tempfile::tempdir().expect("temp dir");
    let what = match variant % 3 {
        0 => {
            write_csv(other.path(), &tables, Some(c.shuffle_seed));
            "shuffled rows"
        }
        1 => {
            write_jsonl(other.path(), &tables);
            "JSON Lines"
        }
        _ => {
            write_parquet(csv.path(), other.path(), &tables);
            "Parquet"
        }
    };
    prop_assert_eq!(&run_all(other.path()), &baseline, "{}", what);
    Ok(values(&baseline)
        .into_iter()
        .filter(|(_, xs)| xs.iter().any(Option::is_some))
        .map(|(id, _)| id)
        .collect())
}

#[test]
fn random_companies_keep_definitions_order_and_format() {
    use proptest::test_runner::{Config, TestRunner};
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU64, Ordering};
    let cases = cases();
    let mut runner = TestRunner::new(Config {
        cases,
        max_shrink_iters: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let next = AtomicU64::new(0);
    let defined = Mutex::new(std::collections::BTreeSet::new());
    let result = runner.run(&company(), |c| {
        let ids = one_company(&c, next.fetch_add(1, Ordering::Relaxed))?;
        defined.lock().expect("not poisoned").extend(ids);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let defined = defined.into_inner().expect("not poisoned");
    let never: Vec<&str> = vitals_core::registry()
        .expect("registry")
        .metrics()
        .map(|m| m.spec().id)
        .filter(|id| !defined.contains(*id))
        .collect();
    eprintln!(
        "{cases} random companies; {} metrics never had a value: {never:?}",
        never.len()
    );
    if cases >= COVERAGE_FROM {
        assert!(
            never.is_empty(),
            "over {cases} random companies these metrics never had a value: {never:?}"
        );
    }
}

//! `email_click_rate`, `email_click_to_open_rate` and `social_engagement_rate`.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Clicks per delivered email.
pub static EMAIL_CLICK_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "email_click_rate",
        "Email click rate",
        FAMILY,
        "The share of delivered emails whose recipient clicked, campaigns sent in the period.",
        "Σ unique_clicks ÷ Σ delivered, email_campaigns with sent_at in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["email_campaigns"],
        "product-marketing seed (email click-through rate)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "email_campaigns",
            "sent_at",
            "t.unique_clicks",
            "t.delivered",
            "TRUE",
            "no emails delivered in the period",
        )
    },
};

/// Clicks per opened email.
pub static EMAIL_CLICK_TO_OPEN_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "email_click_to_open_rate",
        "Email click-to-open rate",
        FAMILY,
        "Of the emails opened, the share whose reader clicked, campaigns sent in the period.",
        "Σ unique_clicks ÷ Σ unique_opens, email_campaigns with sent_at in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["email_campaigns"],
        "vitals catalogue (standard email metric)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "email_campaigns",
            "sent_at",
            "t.unique_clicks",
            "t.unique_opens",
            "TRUE",
            "no emails opened in the period",
        )
    },
};

/// Interactions per impression of social posts.
pub static SOCIAL_ENGAGEMENT_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "social_engagement_rate",
        "Social engagement rate",
        FAMILY,
        "Likes, shares and comments per impression of the posts published in the period.",
        "Σ (likes + shares + comments) ÷ Σ impressions, social_posts with posted_at in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["social_posts"],
        "product-marketing seed (social media engagement rate)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "social_posts",
            "posted_at",
            "t.likes + t.shares + t.comments",
            "t.impressions",
            "TRUE",
            "no impressions of posts published in the period",
        )
    },
};

vitals_core::register_metric!(EMAIL_CLICK_RATE);
vitals_core::register_metric!(EMAIL_CLICK_TO_OPEN_RATE);
vitals_core::register_metric!(SOCIAL_ENGAGEMENT_RATE);

//! Market: the company's share of its market.

mod market_share;

pub use market_share::MarketShare;

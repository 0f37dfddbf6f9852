//! `/account-reviews`: アカウント点検 — the recorded reviews, a new review from uploaded files,
//! one review with a decision form per finding, and the review as Excel or CSV.

pub mod create;
pub mod decide;
pub mod decide_all;
pub mod export;
pub mod list;
pub mod new;
pub mod show;

/// Account lists and the roster together; an AD export of a large hospital is a few MB.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

//! The store conformance suite: every test runs on SQLite, and on PostgreSQL when
//! `TEST_PG_URL` is set (CI sets it and `REQUIRE_PG=1`, so there a missing server fails).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::too_many_lines
)]

mod harness;

mod account_reviews;
mod assessments;
mod asset_imports;
mod assets;
mod audit;
mod audit_tamper;
mod audit_upgrade;
mod backup;
mod bcp;
mod catalog_drafts;
mod discovery;
mod faults;
mod incidents;
mod institutions;
mod isolation;
mod logins;
mod registers;
mod roles;
mod sessions;
mod surveys;
mod users;

//! The `iryosec` binary as a person or a script uses it: real processes, real files, a real
//! browser. PostgreSQL runs when `TEST_PG_URL` is set; the browser test when chromedriver is
//! installed (CI sets `REQUIRE_BROWSER=1`, so there a missing browser fails).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::too_many_lines
)]

mod harness;
mod http;

mod accounts;
mod admin;
mod aggregate;
mod assessment;
mod audit;
mod backup;
mod browser;
mod browser_answer;
mod browser_editor;
mod browser_ledger;
mod browser_nav;
mod browser_print;
mod browser_roles;
mod definitions;
mod discovery;
mod evidence;
mod faults;
mod hostile;
mod ledger;
mod pdf_text;
mod registers;
mod roles;
mod serve;
mod storage;
mod survey;

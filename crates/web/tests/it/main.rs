//! The web UI through its router, without a socket: every route with every role, CSRF,
//! cookies, error pages, languages, request bodies and uploads, and the pages' main flows;
//! and the server's transport (timeouts, connection cap, abandoned requests) over a socket.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::too_many_lines
)]

mod harness;

mod access;
mod account_reviews;
mod aggregate;
mod answer_sheet;
mod assessments;
mod auth;
mod bcp;
mod dates;
mod definition_import;
mod demo;
mod editions;
mod editor;
mod history;
mod incidents;
mod inspection_copy;
mod kept;
mod ledger;
mod pages;
mod registers;
mod roles;
mod shell;
mod surveys;
mod transport;
mod uploads;

//! The domain of iryosec, free of IO: no database, no HTTP, no clock reads.
//!
//! Everything here is plain data and rules, so the store, the web UI and the CLI
//! all apply the same rules and the rules can be tested without setting anything up.

pub mod account_review;
pub mod accounts;
pub mod aggregate;
pub mod assessment;
pub mod audit;
pub mod bcp;
pub mod cancel;
pub mod catalog;
pub mod clock;
pub mod data_backup;
pub mod date;
pub mod director;
pub mod discovery;
pub mod evidence;
pub mod guideline;
pub mod ids;
pub mod incident;
pub mod institution;
pub mod ledger;
pub mod lifecycle;
pub mod lockout;
pub mod message;
pub mod password;
pub mod prefecture;
pub mod register;
pub mod role;
pub mod roles;
pub mod start;
pub mod suggest;
pub mod survey;
pub mod text;
pub mod user;

pub use cancel::{CancelToken, Cancelled};
pub use clock::{Clock, Timestamp};
pub use ids::{InstitutionId, UserId};
pub use message::{FieldError, Message};

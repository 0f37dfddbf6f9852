//! The use cases: what a person can do, written once for the web UI and the CLI alike.
//! Nothing here knows HTTP; time comes from the [`Clock`] and data from the [`Store`].

pub mod account_review_export;
pub mod account_reviews;
pub mod accounts;
pub mod aggregate;
pub mod answer_sheet;
pub mod assessment_export;
pub mod assessment_pages;
pub mod assessment_print;
pub mod assessments;
pub mod audit_details;
pub mod audit_log;
pub mod audit_view;
pub mod auth;
pub mod bcp;
pub mod catalog;
pub mod dashboard;
pub mod definition_files;
pub mod demo;
mod demo_activity;
mod demo_bcp;
mod demo_registers;
pub mod director;
pub mod discovery;
pub mod edition_drafts;
mod error;
pub mod evidence;
pub mod exchange;
mod import_memory;
pub mod incident_pages;
pub mod incidents;
pub mod institution;
pub mod kept_forms;
pub mod ledger;
pub mod ledger_import;
pub mod ledger_preview;
pub mod lifecycle;
pub mod password;
pub mod printouts;
pub mod register_facts;
pub mod register_page;
pub mod registers;
pub mod role_checks;
pub mod role_lists;
pub mod setup;
pub mod staff_check;
pub mod start;
pub mod suggestions;
pub mod survey_form;
pub mod survey_pages;
pub mod surveys;
pub mod throttle;
pub mod token;
mod upkeep;
pub mod vendor_sheets;

pub use error::{AppError, AppResult, BoxError, Fault, cause_chain};

use iryosec_core::Clock;
use iryosec_store::Store;
use std::sync::Arc;

/// Session lifetimes. Idle: a workstation left logged in at a nurses' station locks itself
/// soon. Absolute: nobody stays logged in across shifts.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle_minutes: i64,
    pub max_hours: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle_minutes: 30, max_hours: 12 }
    }
}

impl SessionPolicy {
    /// How often a session's last-seen time is written. Every request would make every page
    /// view a write; a tenth of the idle timeout (at most a minute) means a person who keeps
    /// working is never logged out, however short the timeout.
    pub fn touch_interval_millis(&self) -> i64 {
        (self.idle_minutes.saturating_mul(60_000) / 10).clamp(1_000, 60_000)
    }
}

/// Wrong staff codes an address may try in 15 minutes: enough for a mistyped code on a shared
/// terminal, nothing for guessing 60 random bits.
pub const STAFF_CODE_FAILURES: usize = 10;

/// Everything a use case needs: the store, the clock, the session policy.
#[derive(Clone)]
pub struct App {
    pub(crate) store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub sessions: SessionPolicy,
    unknown_logins: Arc<throttle::UnknownLogins>,
    facts: Arc<register_facts::FactsCache>,
    chain_checks: audit_view::ChainChecks,
    /// Wrong, revoked or expired staff codes per client address.
    staff_code_attempts: Arc<throttle::LoginThrottle>,
    /// Forms whose session ran out before they were saved.
    kept_forms: Arc<kept_forms::KeptForms>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, sessions: SessionPolicy) -> App {
        App {
            store,
            clock,
            sessions,
            unknown_logins: Arc::default(),
            chain_checks: Arc::default(),
            staff_code_attempts: Arc::new(throttle::LoginThrottle::new(STAFF_CODE_FAILURES, 15 * 60_000)),
            kept_forms: Arc::default(),
            facts: Arc::default(),
        }
    }
}

/// The real clock. The only place that reads the system time.
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> iryosec_core::Timestamp {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        iryosec_core::Timestamp(millis)
    }
}

//! What the suggestion rules read — the ledger, the year's account reviews, the other registers,
//! the year's BCP check and the network evidence — read once and kept while nothing changes.
//!
//! Reading them costs far more than judging every item by them (a large hospital's ledger and
//! account review are tens of thousands of rows), and a checklist page asks for all of them.
//! Every change writes its audit entry in the same transaction, so the audit chains' positions
//! (the institution's and the server's, which holds the lifecycle data) move with every write
//! through every path: a kept view is used only while they have not moved and the day it was
//! judged at is still the day.

use crate::{App, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::account_review::ReviewedAccounts;
use iryosec_core::bcp::BcpCheck;
use iryosec_core::catalog::Scope;
use iryosec_core::date::FiscalYear;
use iryosec_core::ledger::Asset;
use iryosec_core::register::Registers;
use iryosec_core::suggest::{Evidence, NetworkEvidence, Suggested, suggest};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::Date;

/// The registers as the suggestion rules see them for one fiscal year.
#[derive(Debug)]
pub struct RegisterFacts {
    pub fiscal_year: i32,
    /// The day they are judged at: the year's last day, or today while it runs.
    pub as_of: Date,
    pub assets: Vec<Asset>,
    pub account_reviews: Vec<ReviewedAccounts>,
    pub registers: Registers,
    pub bcp_check: Option<BcpCheck>,
    pub network: NetworkEvidence,
    /// Suggestions already judged from these facts, by item key and scope: some rules match
    /// every device against the lifecycle data, and the facts do not change while kept.
    judged: Mutex<HashMap<(String, Scope), Suggested>>,
}

impl RegisterFacts {
    pub fn evidence(&self) -> Evidence<'_> {
        Evidence {
            today: self.as_of,
            fiscal_year: FiscalYear(self.fiscal_year),
            assets: &self.assets,
            registers: &self.registers,
            account_reviews: &self.account_reviews,
            bcp_check: self.bcp_check.as_ref(),
            network: &self.network,
        }
    }

    /// What the registers suggest for an item's scope, judged once per kept view.
    pub fn suggest(&self, key: &str, scope: Scope) -> Suggested {
        let known =
            self.judged.lock().unwrap_or_else(|p| p.into_inner()).get(&(key.to_owned(), scope)).cloned();
        if let Some(s) = known {
            return s;
        }
        let judged = suggest(key, scope, &self.evidence());
        self.judged.lock().unwrap_or_else(|p| p.into_inner()).insert((key.to_owned(), scope), judged.clone());
        judged
    }
}

/// At most this many institution-years are kept; past it the cache starts over (a server of
/// many institutions reads each again when next asked).
const KEPT: usize = 64;

struct Kept {
    position: i64,
    facts: Arc<RegisterFacts>,
}

/// The kept views, per institution and fiscal year.
#[derive(Default)]
pub(crate) struct FactsCache {
    kept: Mutex<HashMap<(i64, i32), Kept>>,
}

impl FactsCache {
    fn get(&self, key: (i64, i32), position: i64, as_of: Date) -> Option<Arc<RegisterFacts>> {
        let kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.get(&key).filter(|k| k.position == position && k.facts.as_of == as_of).map(|k| k.facts.clone())
    }

    fn put(&self, key: (i64, i32), position: i64, facts: Arc<RegisterFacts>) {
        let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.len() >= KEPT && !kept.contains_key(&key) {
            kept.clear();
        }
        kept.insert(key, Kept { position, facts });
    }
}

impl App {
    /// The registers as of the fiscal year, read again only after a change.
    pub async fn register_facts(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<Arc<RegisterFacts>> {
        // Read before the registers: a change in between moves it past what is kept, so the
        // next request reads again.
        let position = self.store.audit_position(institution).await?;
        let key = (institution.get(), fiscal_year);
        let as_of = self.as_of(fiscal_year);
        if let Some(facts) = self.facts.get(key, position, as_of) {
            return Ok(facts);
        }
        let assets = self.ledger(institution).await?;
        let network = self.network_evidence(institution, &assets, as_of).await?;
        let facts = Arc::new(RegisterFacts {
            fiscal_year,
            as_of,
            account_reviews: self.reviewed_accounts(institution, fiscal_year).await?,
            registers: self.registers(institution).await?,
            bcp_check: self.bcp_check(institution, fiscal_year).await?.map(|c| c.check),
            network,
            assets,
            judged: Mutex::default(),
        });
        self.facts.put(key, position, facts.clone());
        Ok(facts)
    }

    /// The day a year's registers are judged at: its last day, or today while it runs.
    pub(crate) fn as_of(&self, fiscal_year: i32) -> Date {
        let today = self.today();
        FiscalYear(fiscal_year).end().map_or(today, |end| end.min(today))
    }
}

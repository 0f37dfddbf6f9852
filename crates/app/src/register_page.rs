//! The contact chart, and the page of one register entry, in one call each: the entry, its links both ways, its files and
//! history, and what only some registers show (a system's or a backup's checks against the
//! backup guideline, a vendor's systems and 事業者確認用 sheets).

use crate::App;
use crate::audit_details::DescribedEntry;
use crate::error::AppResult;
use crate::registers::Link;
use crate::vendor_sheets::answered_yes;
use iryosec_core::InstitutionId;
use iryosec_core::data_backup::{Verdict, evaluate};
use iryosec_core::register::{Record, Register, backups, systems, vendors};
use iryosec_store::{RecordFile, RegisterEntry};
use std::collections::HashMap;
use time::Date;

/// How many history entries the page shows.
const HISTORY_ENTRIES: i64 = 50;

/// Everything the page of one entry shows.
pub struct EntryPage {
    pub entry: RegisterEntry,
    /// Each reference field's names, linked to the entries they name.
    pub links: HashMap<&'static str, Vec<Link>>,
    /// For a vendor: the systems that name it.
    pub referring: Vec<Link>,
    /// For a system or a backup: the system's backups judged against the guideline.
    pub checks: Vec<Verdict>,
    /// For a vendor: every vendor edition's sheet, sent and returned or not.
    pub sheets: Option<Vec<SheetState>>,
    pub files: Vec<RecordFile>,
    pub history: Vec<DescribedEntry>,
    pub today: Date,
}

/// What the contact chart (連絡体制図) draws.
pub struct ContactChart {
    pub institution: String,
    /// The contacts in calling order.
    pub contacts: Vec<RegisterEntry>,
    /// The vendors with an emergency number.
    pub vendors: Vec<RegisterEntry>,
    pub today: Date,
}

/// One vendor edition's 事業者確認用 sheet for a vendor.
pub struct SheetState {
    pub edition_id: String,
    pub title: String,
    pub sent_on: Option<Date>,
    pub returned_on: Option<Date>,
    /// The returned items answered はい, and いいえ.
    pub yes: usize,
    pub no: usize,
}

impl App {
    pub async fn register_entry_page(
        &self,
        institution: InstitutionId,
        register: Register,
        id: i64,
    ) -> AppResult<EntryPage> {
        let entry = self.entry(institution, register, id).await?;
        let vendor = register == Register::Vendors;
        Ok(EntryPage {
            links: self.links(institution, register, &entry.record).await?,
            referring: if vendor { self.systems_of(institution, &entry.record).await? } else { Vec::new() },
            checks: self.backup_checks(institution, register, &entry.record).await?,
            sheets: if vendor { Some(self.sheet_states(institution, id).await?) } else { None },
            files: self.record_files(institution, id).await?,
            history: self.described_history(institution, register.code(), id, HISTORY_ENTRIES).await?,
            today: self.today(),
            entry,
        })
    }

    pub async fn contact_chart(&self, institution: InstitutionId) -> AppResult<ContactChart> {
        let mut vendors = self.entries(institution, Register::Vendors, None).await?;
        vendors.retain(|v| !v.record.text(vendors::EMERGENCY_PHONE).is_empty());
        Ok(ContactChart {
            institution: self.institution(institution).await?.profile.name,
            contacts: self.entries(institution, Register::Contacts, None).await?,
            vendors,
            today: self.today(),
        })
    }

    /// The systems that name a vendor, linked.
    async fn systems_of(&self, institution: InstitutionId, vendor: &Record) -> AppResult<Vec<Link>> {
        let systems = self
            .referring(institution, Register::Systems, systems::VENDORS, vendor.text(vendors::NAME))
            .await?;
        Ok(systems
            .into_iter()
            .map(|e| Link {
                name: e.record.text(systems::NAME).to_owned(),
                href: Some(format!("/registers/systems/{}", e.id)),
            })
            .collect())
    }

    /// For a system or a backup: the system's backups judged against the guideline.
    async fn backup_checks(
        &self,
        institution: InstitutionId,
        register: Register,
        record: &Record,
    ) -> AppResult<Vec<Verdict>> {
        let system = match register {
            Register::Systems => record.text(systems::NAME),
            Register::Backups => record.text(backups::SYSTEM),
            _ => return Ok(Vec::new()),
        };
        let plan = self.backup_plan(institution, system).await?;
        Ok(plan.map(|plan| evaluate(&plan, self.today())).unwrap_or_default())
    }

    /// Every vendor edition with what was sent to and returned by one vendor.
    async fn sheet_states(&self, institution: InstitutionId, vendor: i64) -> AppResult<Vec<SheetState>> {
        let sheets = self.sheets_of(institution, vendor).await?;
        Ok(self
            .vendor_editions()
            .await?
            .into_iter()
            .map(|e| {
                let sheet = sheets.iter().find(|s| s.edition_id == e.id);
                let answers = sheet.and_then(|s| s.answers.as_deref()).map(answered_yes).unwrap_or_default();
                SheetState {
                    sent_on: sheet.and_then(|s| s.sent_on),
                    returned_on: sheet.and_then(|s| s.returned_on),
                    yes: answers.values().filter(|v| **v).count(),
                    no: answers.values().filter(|v| !**v).count(),
                    edition_id: e.id,
                    title: e.title,
                }
            })
            .collect())
    }
}

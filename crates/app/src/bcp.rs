//! サイバー攻撃を想定したBCP: the year's 確認表 with the registers that ground it, the
//! 初動対応カード with the record of its prints, and training coverage.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::bcp::card::{Card, CardFreshness, fingerprint, freshness};
use iryosec_core::bcp::training::{Coverage, coverage};
use iryosec_core::bcp::{BcpCheck, DrillCount, DrillRun, bcp_status, drills_in_year, unrecorded_runs};
use iryosec_core::date::FiscalYear;
use iryosec_core::register::{Register, Registers};
use iryosec_core::suggest::Suggested;
use iryosec_core::{FieldError, InstitutionId, Message};
use iryosec_store::{BcpCheckRecord, CardPrint, RegisterEntry};

/// The registers whose entries can be linked as evidence of an item.
pub const EVIDENCE_REGISTERS: [Register; 7] = [
    Register::Documents,
    Register::Drills,
    Register::RestoreTests,
    Register::Backups,
    Register::PaperOperations,
    Register::Contacts,
    Register::Systems,
];

/// Everything the BCP page shows for a year.
#[derive(Debug, Clone)]
pub struct BcpOverview {
    pub fiscal_year: i32,
    pub stored: Option<BcpCheckRecord>,
    /// Entries of the documents register of kind `bcp`.
    pub documents: Vec<RegisterEntry>,
    /// Entries that may be linked as evidence, by register.
    pub evidence: Vec<RegisterEntry>,
    /// Systems in their recovery order (those without one last).
    pub systems: Vec<RegisterEntry>,
    pub paper_operations: Vec<RegisterEntry>,
    /// Drills held in the year, newest first.
    pub drills: Vec<RegisterEntry>,
    /// Each drill's improvement actions (訓練の改善策 naming the drill), in the order of `drills`.
    pub drill_actions: Vec<Vec<RegisterEntry>>,
    /// Drills run in the incident module in the year that no drills entry names, newest first;
    /// they count as 実動訓練 in `drill_count`.
    pub unrecorded_runs: Vec<DrillRun>,
    pub drill_count: DrillCount,
    pub suggestion: Suggested,
}

/// The card with its fingerprint and whether the paper is current.
#[derive(Debug, Clone)]
pub struct CardView {
    pub card: Card,
    pub fingerprint: String,
    pub last_print: Option<CardPrint>,
    pub freshness: CardFreshness,
}

impl App {
    pub async fn bcp_check(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<Option<BcpCheckRecord>> {
        Ok(self.store.bcp_check(institution, fiscal_year).await?)
    }

    /// Every drill run in the incident module (incidents marked 訓練), newest first.
    pub(crate) async fn drill_runs(&self, institution: InstitutionId) -> AppResult<Vec<DrillRun>> {
        Ok(self
            .store
            .incidents(institution, true)
            .await?
            .iter()
            .filter_map(|i| Some(DrillRun { number: i.id, held_on: i.facts.detected_at.to_jst()?.date() }))
            .collect())
    }

    /// The improvement actions that name each drill by its title.
    async fn drill_actions(
        &self,
        institution: InstitutionId,
        drills: &[RegisterEntry],
    ) -> AppResult<Vec<Vec<RegisterEntry>>> {
        if drills.is_empty() {
            return Ok(Vec::new());
        }
        let actions = self.store.entries(institution, Register::DrillActions, None).await?;
        Ok(drills
            .iter()
            .map(|d| {
                actions.iter().filter(|a| a.record.text("drill") == d.record.text("title")).cloned().collect()
            })
            .collect())
    }

    pub async fn bcp_overview(&self, institution: InstitutionId, fiscal_year: i32) -> AppResult<BcpOverview> {
        let stored = self.store.bcp_check(institution, fiscal_year).await?;
        let documents: Vec<RegisterEntry> = self
            .store
            .entries(institution, Register::Documents, None)
            .await?
            .into_iter()
            .filter(|e| e.record.text("kind") == "bcp")
            .collect();
        let mut evidence = Vec::new();
        for register in EVIDENCE_REGISTERS {
            evidence.extend(self.store.entries(institution, register, None).await?);
        }
        let mut systems = self.store.entries(institution, Register::Systems, None).await?;
        systems.sort_by_key(|e| e.record.number("recovery_priority").unwrap_or(i64::MAX));
        let paper_operations = self.store.entries(institution, Register::PaperOperations, None).await?;
        let year = FiscalYear(fiscal_year);
        let mut drills: Vec<RegisterEntry> = self
            .store
            .entries(institution, Register::Drills, None)
            .await?
            .into_iter()
            .filter(|e| e.record.date("held_on").is_some_and(|d| year.contains(d)))
            .collect();
        drills.sort_by_key(|e| std::cmp::Reverse(e.record.date("held_on")));
        let records: Vec<_> = drills.iter().map(|e| e.record.clone()).collect();
        let runs = self.drill_runs(institution).await?;
        let drill_count = drills_in_year(&records, &runs, year);
        let all_drills: Vec<_> = self
            .store
            .entries(institution, Register::Drills, None)
            .await?
            .into_iter()
            .map(|e| e.record)
            .collect();
        let unrecorded_runs =
            unrecorded_runs(&all_drills, &runs).filter(|r| year.contains(r.held_on)).copied().collect();
        let bcp_records: Vec<_> = documents.iter().map(|e| e.record.clone()).collect();
        let suggestion = bcp_status(&bcp_records, stored.as_ref().map(|s| &s.check), drill_count, year);
        let drill_actions = self.drill_actions(institution, &drills).await?;
        Ok(BcpOverview {
            fiscal_year,
            stored,
            documents,
            evidence,
            systems,
            paper_operations,
            drills,
            drill_actions,
            unrecorded_runs,
            drill_count,
            suggestion,
        })
    }

    /// Saves the year's check from the form; every linked entry must be one of the
    /// institution's (the document one of kind `bcp`).
    pub async fn save_bcp_check(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        get: &(dyn Fn(&str) -> String + Sync),
        actor: &Actor,
    ) -> AppResult<BcpCheck> {
        if FiscalYear(fiscal_year).start().is_none() || !(2000..=2100).contains(&fiscal_year) {
            return Err(AppError::NotFound);
        }
        let check = BcpCheck::from_form(get).map_err(AppError::Invalid)?;
        let overview = self.bcp_overview(institution, fiscal_year).await?;
        let mut errors = Vec::new();
        if let Some(doc) = check.document
            && !overview.documents.iter().any(|e| e.id == doc)
        {
            errors.push(FieldError::new("document", Message::new("bcp.error.unknown_entry")));
        }
        for item in iryosec_core::bcp::ITEMS {
            let linked = check.answer(item.key).and_then(|a| a.evidence);
            if linked.is_some_and(|id| !overview.evidence.iter().any(|e| e.id == id)) {
                errors.push(FieldError::new(item.key, Message::new("bcp.error.unknown_entry")));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        self.store.save_bcp_check(institution, fiscal_year, &check, actor, self.clock.now()).await?;
        Ok(check)
    }

    /// The card as the registers give it today, and how it compares with the last print.
    pub async fn bcp_card(&self, institution: InstitutionId) -> AppResult<CardView> {
        let registers = self.card_registers(institution).await?;
        let fingerprint = fingerprint(&registers);
        let last_print = self.store.latest_card_print(institution).await?;
        let freshness = freshness(last_print.as_ref().map(|p| p.fingerprint.as_str()), &fingerprint);
        Ok(CardView { card: Card::from_registers(&registers), fingerprint, last_print, freshness })
    }

    /// Records a print of the card as the registers stand; `seen` is the fingerprint of the
    /// card the person printed, refused when the data changed in between.
    pub async fn record_card_print(
        &self,
        institution: InstitutionId,
        seen: &str,
        actor: &Actor,
    ) -> AppResult<()> {
        let current = fingerprint(&self.card_registers(institution).await?);
        if seen.trim() != current {
            return Err(AppError::Refused(Message::new("bcp.error.card_changed")));
        }
        self.store.record_card_print(institution, &current, actor, self.clock.now()).await?;
        Ok(())
    }

    /// Training coverage per audience in the year.
    pub async fn training_coverage(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<Vec<Coverage>> {
        let staff = self.store.entries(institution, Register::Staff, None).await?;
        let trainings = self.store.entries(institution, Register::Trainings, None).await?;
        let staff: Vec<_> = staff.into_iter().map(|e| e.record).collect();
        let trainings: Vec<_> = trainings.into_iter().map(|e| e.record).collect();
        Ok(coverage(&staff, &trainings, FiscalYear(fiscal_year)))
    }

    /// The registers the card reads.
    async fn card_registers(&self, institution: InstitutionId) -> AppResult<Registers> {
        // One read for all five: the home page asks on every visit whether the card is current.
        let mut r = Registers::default();
        for e in self.store.all_entries(institution).await? {
            let into = match e.register {
                Register::Contacts => &mut r.contacts,
                Register::Vendors => &mut r.vendors,
                Register::Backups => &mut r.backups,
                Register::Systems => &mut r.systems,
                Register::PaperOperations => &mut r.paper_operations,
                _ => continue,
            };
            into.push(e.record);
        }
        Ok(r)
    }
}

//! アカウント点検 kept on record: account lists of each system and the staff roster are read,
//! matched (`core::accounts::review`), and the findings stored with the review's date; then a
//! decision — 削除, 無効化, 維持 with a reason — is recorded per finding.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::CancelToken;
use iryosec_core::account_review::{DecidedFinding, ReviewedAccounts, parse_decision, parse_settings};
use iryosec_core::accounts::{Account, ReviewPolicy, Staff, review};
use iryosec_core::audit::Actor;
use iryosec_core::{FieldError, InstitutionId, Message};
use iryosec_io::account_sheet::{
    ACCOUNTS_IMPORT, ROSTER_IMPORT, account_words, read_account_table, read_accounts, read_roster,
    read_roster_table, roster_words,
};
use iryosec_io::layout::Layout;
use iryosec_io::plan::{ImportChoice, RowError};
use iryosec_io::table::Source;
use iryosec_store::{AccountReviewRecord, NewAccountReview, ReviewFindingRecord, ReviewSource};

/// One uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A new review as the form sends it: account lists with their system names, the roster,
/// the review date and the unused-days limit, as typed.
#[derive(Debug, Clone, Default)]
pub struct ReviewRequest {
    pub accounts: Vec<(String, Upload)>,
    pub roster: Option<Upload>,
    pub reviewed_on: String,
    pub unused_days: String,
}

/// A problem in an uploaded file, by place: row 0 is the file as a whole; an empty column is
/// the row as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: String,
    pub row: u32,
    pub column: String,
    pub header: String,
    pub message: Message,
}

/// Why a review was not recorded. Nothing is stored in any of these cases.
#[derive(Debug)]
pub enum ReviewError {
    /// The form's fields (date, days, missing files).
    Invalid(Vec<FieldError>),
    /// The files' contents, every problem of every file.
    Files(Vec<FileProblem>),
    Other(AppError),
}

impl From<AppError> for ReviewError {
    fn from(e: AppError) -> Self {
        ReviewError::Other(e)
    }
}

/// A system name is a label on a page, not a description.
pub const SYSTEM_MAX_CHARS: usize = 60;

/// `電子カルテ` as typed, or the file's name without its extension.
fn system_name(typed: &str, file_name: &str) -> String {
    match typed.trim() {
        "" => {
            let stem = std::path::Path::new(file_name).file_stem().map(|s| s.to_string_lossy().into_owned());
            stem.unwrap_or_default()
        }
        name => name.to_owned(),
    }
}

fn check_form(req: &ReviewRequest, errors: &mut Vec<FieldError>) {
    if req.accounts.is_empty() {
        errors.push(FieldError::new("accounts", Message::new("account_review.error.no_accounts")));
    }
    if req.accounts.iter().any(|(system, _)| system.trim().chars().count() > SYSTEM_MAX_CHARS) {
        let too_long = Message::new("error.too_long").arg("max", SYSTEM_MAX_CHARS);
        errors.push(FieldError::new("accounts", too_long));
    }
    if req.roster.is_none() {
        errors.push(FieldError::new("roster", Message::new("account_review.error.no_roster")));
    }
}

fn problems(file: &str, errors: Vec<RowError>) -> Vec<FileProblem> {
    errors
        .into_iter()
        .map(|e| FileProblem {
            file: file.to_owned(),
            row: e.row,
            column: e.column,
            header: e.header,
            message: e.message,
        })
        .collect()
}

fn whole_file(file: &str, message: Message) -> Vec<FileProblem> {
    vec![FileProblem { file: file.to_owned(), row: 0, column: String::new(), header: String::new(), message }]
}

/// Everything the files say, or every problem in them.
struct Read {
    accounts: Vec<Account>,
    sources: Vec<ReviewSource>,
    roster: Vec<Staff>,
    roster_file: String,
    /// How each file was read, to remember once the review is kept.
    layouts: Vec<Layout>,
}

/// The institution's remembered layouts of account lists and rosters.
struct Remembered {
    accounts: Vec<Layout>,
    roster: Vec<Layout>,
}

fn read_files(
    accounts: Vec<(String, Upload)>,
    roster: Upload,
    remembered: Remembered,
    cancel: &CancelToken,
) -> Result<Read, Vec<FileProblem>> {
    let mut found = Vec::new();
    let mut read = Read {
        accounts: Vec::new(),
        sources: Vec::new(),
        roster: Vec::new(),
        roster_file: roster.file_name,
        layouts: Vec::new(),
    };
    let choice = ImportChoice { remembered: remembered.accounts, ..ImportChoice::default() };
    for (typed, file) in accounts {
        let system = system_name(&typed, &file.file_name);
        let list = read_account_table(Source::new(&file.file_name, &file.bytes, cancel), &choice)
            .map_err(|m| whole_file(&file.file_name, m))
            .and_then(|(t, plan)| {
                read.layouts.push(Layout::of(ACCOUNTS_IMPORT, &plan.found, &plan.mapping, &account_words()));
                read_accounts(&t, &plan, &system).map_err(|e| problems(&file.file_name, e))
            });
        match list {
            Ok(list) => {
                read.sources.push(ReviewSource { system, file_name: file.file_name, accounts: list.len() });
                read.accounts.extend(list);
            }
            Err(p) => found.extend(p),
        }
    }
    let choice = ImportChoice { remembered: remembered.roster, ..ImportChoice::default() };
    let staff = read_roster_table(Source::new(&read.roster_file, &roster.bytes, cancel), &choice)
        .map_err(|m| whole_file(&read.roster_file, m))
        .and_then(|(t, plan)| {
            read.layouts.push(Layout::of(ROSTER_IMPORT, &plan.found, &plan.mapping, &roster_words()));
            read_roster(&t, &plan).map_err(|e| problems(&read.roster_file, e))
        });
    match staff {
        Ok(staff) => read.roster = staff,
        Err(p) => found.extend(p),
    }
    if found.is_empty() { Ok(read) } else { Err(found) }
}

impl App {
    /// Reads the files, matches them and records the review with its findings. Any problem with
    /// the form or a file stores nothing.
    pub async fn run_account_review(
        &self,
        institution: InstitutionId,
        req: ReviewRequest,
        actor: &Actor,
        cancel: &CancelToken,
    ) -> Result<i64, ReviewError> {
        let mut errors = Vec::new();
        let settings = parse_settings(&req.reviewed_on, &req.unused_days, self.today())
            .map_err(|e| errors.extend(e))
            .ok();
        check_form(&req, &mut errors);
        let (Some(settings), Some(roster), true) = (settings, req.roster, errors.is_empty()) else {
            return Err(ReviewError::Invalid(errors));
        };
        // Large exports take a moment to read: off the async workers, like the ledger's import.
        let (accounts, token) = (req.accounts, cancel.clone());
        let remembered = Remembered {
            accounts: self.remembered_layouts(institution, ACCOUNTS_IMPORT).await?,
            roster: self.remembered_layouts(institution, ROSTER_IMPORT).await?,
        };
        let read = tokio::task::spawn_blocking(move || read_files(accounts, roster, remembered, &token))
            .await
            .map_err(AppError::internal("account review reader"))?;
        cancel.check().map_err(AppError::from)?;
        let read = read.map_err(ReviewError::Files)?;
        let mut policy = ReviewPolicy::new(settings.reviewed_on);
        policy.unused_days = settings.unused_days;
        let new = NewAccountReview {
            reviewed_on: settings.reviewed_on,
            fiscal_year: settings.fiscal_year.0,
            unused_days: settings.unused_days,
            findings: review(&read.accounts, &read.roster, policy),
            sources: read.sources,
            roster_file: read.roster_file,
            staff_count: read.roster.len(),
        };
        let id = self.store.create_account_review(institution, &new, actor, self.clock.now()).await;
        let id = id.map_err(AppError::from)?;
        for layout in &read.layouts {
            self.remember_layout(institution, layout, actor).await;
        }
        Ok(id)
    }

    /// Newest first, with their open and decided counts.
    pub async fn account_reviews(&self, institution: InstitutionId) -> AppResult<Vec<AccountReviewRecord>> {
        Ok(self.store.account_reviews(institution).await?)
    }

    /// The review's page: the review, its findings and its last 100 changes.
    pub async fn account_review_page(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> AppResult<crate::audit_view::WithHistory<(AccountReviewRecord, Vec<ReviewFindingRecord>)>> {
        let record = self.account_review(institution, id).await?;
        let history = self.described_history(institution, "account_review", id, 100).await?;
        Ok(crate::audit_view::WithHistory { record, history })
    }

    pub async fn account_review(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> AppResult<(AccountReviewRecord, Vec<ReviewFindingRecord>)> {
        let review = self.store.account_review(institution, id).await?.ok_or(AppError::NotFound)?;
        let findings = self.store.account_review_findings(institution, id).await?;
        Ok((review, findings))
    }

    /// Records 削除, 無効化 or 維持 (which needs a reason) on one finding of a review.
    pub async fn decide_account_finding(
        &self,
        institution: InstitutionId,
        review: i64,
        finding: i64,
        decision: &str,
        reason: &str,
        actor: &Actor,
    ) -> AppResult<()> {
        let (decision, reason) = parse_decision(decision, reason).map_err(AppError::Invalid)?;
        let now = self.clock.now();
        self.store
            .decide_account_finding(institution, review, finding, decision, &reason, actor, now)
            .await?;
        Ok(())
    }

    /// Records one decision on every open finding of a kind (all leavers' accounts disabled, say);
    /// returns how many were decided.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_open_findings(
        &self,
        institution: InstitutionId,
        review: i64,
        kind: &str,
        decision: &str,
        reason: &str,
        actor: &Actor,
    ) -> AppResult<u64> {
        let kind = iryosec_core::accounts::FindingKind::parse(kind).ok_or(AppError::NotFound)?;
        let (decision, reason) = parse_decision(decision, reason).map_err(AppError::Invalid)?;
        let now = self.clock.now();
        Ok(self.store.decide_open_findings(institution, review, kind, decision, &reason, actor, now).await?)
    }

    /// The reviews dated in a fiscal year with their findings, as the suggestion rule reads them.
    pub async fn reviewed_accounts(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<Vec<ReviewedAccounts>> {
        let mut out = Vec::new();
        for r in self.account_reviews(institution).await?.into_iter().filter(|r| r.fiscal_year == fiscal_year)
        {
            let findings = self.store.account_review_findings(institution, r.id).await?;
            let findings = findings
                .into_iter()
                .map(|f| DecidedFinding {
                    kind: f.finding.kind,
                    system: f.finding.system,
                    login: f.finding.login,
                    decision: f.decision,
                    reason: f.reason,
                })
                .collect();
            out.push(ReviewedAccounts { id: r.id, reviewed_on: r.reviewed_on, findings });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_without_a_name_is_named_after_its_file() {
        assert_eq!(system_name(" 電子カルテ ", "users.csv"), "電子カルテ");
        assert_eq!(system_name("", "AD利用者.csv"), "AD利用者");
    }

    #[test]
    fn every_problem_of_every_file_is_named() {
        let ad = Upload {
            file_name: "ad.csv".into(),
            bytes: "SamAccountName,Enabled\r\nyamada,たぶん\r\n".into(),
        };
        let roster = Upload { file_name: "名簿.csv".into(), bytes: "部署\r\n医事課\r\n".into() };
        let none = Remembered { accounts: Vec::new(), roster: Vec::new() };
        let Err(found) = read_files(vec![("AD".into(), ad)], roster, none, &CancelToken::never()) else {
            panic!("the files are bad")
        };
        let places: Vec<_> = found.iter().map(|p| (p.file.as_str(), p.row, p.column.as_str())).collect();
        assert_eq!(places, vec![("ad.csv", 2, "B"), ("名簿.csv", 1, "")]);
        assert_eq!(found[1].message.key, "io.error.missing_column_at");
    }
}

//! A recorded account review as Excel or CSV: every finding with its decision, reason, and who
//! decided when — the record an inspector asks for. Texts come in the reader's language.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::date::{FiscalYear, format_iso};
use iryosec_core::{InstitutionId, Message};
use iryosec_io::review_sheet::{ReviewSheet, write_review_csv, write_review_xlsx};
use iryosec_store::{AccountReviewRecord, ReviewFindingRecord};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Csv,
}

/// Renders a message in the reader's language.
pub type Tr<'a> = &'a (dyn Fn(&Message) -> String + Sync);

const HEADERS: [&str; 12] = [
    "account_review.column_kind",
    "account_review.system",
    "account_review.account",
    "account_review.account_name",
    "account_review.column_employee_no",
    "account_review.staff",
    "account_review.column_idle_days",
    "account_review.finding",
    "account_review.response",
    "account_review.reason",
    "account_review.column_decided_on",
    "account_review.column_decided_by",
];

fn row(f: &ReviewFindingRecord, tr: Tr) -> Vec<String> {
    let x = &f.finding;
    let days = x.idle_days.map(|d| d.to_string()).unwrap_or_default();
    vec![
        tr(&Message::new(x.kind.heading_key())),
        x.system.clone(),
        x.login.clone(),
        x.name.clone(),
        x.employee_no.clone().unwrap_or_default(),
        x.staff_name.clone().unwrap_or_default(),
        days.clone(),
        tr(&Message::new(x.message_key()).arg("days", days)),
        f.decision.map(|d| tr(&Message::new(d.message_key()))).unwrap_or_default(),
        f.reason.clone(),
        f.decided_at.and_then(|t| t.to_jst()).map(|t| format_iso(t.date())).unwrap_or_default(),
        f.decided_by.clone(),
    ]
}

/// Which review this is: date, year, limit, files, who recorded it, how far it has got.
fn about(r: &AccountReviewRecord, tr: Tr) -> Vec<(String, String)> {
    let label = |key: &'static str| tr(&Message::new(key));
    let year = FiscalYear(r.fiscal_year);
    let sources = r.sources.iter().map(|s| {
        tr(&Message::new("account_review.source_value")
            .arg("system", &s.system)
            .arg("file", &s.file_name)
            .arg("count", s.accounts))
    });
    let created = r.created_at.to_jst().map(|t| format_iso(t.date())).unwrap_or_default();
    vec![
        (label("account_review.reviewed_on"), format_iso(r.reviewed_on)),
        (
            label("account_review.fiscal_year"),
            tr(&Message::new("account_review.fiscal_year_value")
                .arg("year", year.0)
                .arg("wareki", year.label_ja())),
        ),
        (label("account_review.unused_days"), r.unused_days.to_string()),
        (label("account_review.systems"), sources.collect::<Vec<_>>().join("\n")),
        (
            label("account_review.roster"),
            tr(&Message::new("account_review.roster_value")
                .arg("file", &r.roster_file)
                .arg("count", r.staff_count)),
        ),
        (
            label("account_review.findings"),
            tr(&Message::new("account_review.counts")
                .arg("total", r.open + r.decided)
                .arg("open", r.open)
                .arg("decided", r.decided)),
        ),
        (
            String::new(),
            tr(&Message::new("account_review.created_by").arg("date", created).arg("by", &r.created_by)),
        ),
    ]
}

impl App {
    /// The review's findings with their decisions as a file, with texts rendered by `tr`.
    pub async fn export_account_review(
        &self,
        institution: InstitutionId,
        id: i64,
        format: SheetFormat,
        tr: Tr<'_>,
    ) -> AppResult<(AccountReviewRecord, Vec<u8>)> {
        let (review, findings) = self.account_review(institution, id).await?;
        let sheet = ReviewSheet {
            headers: HEADERS.iter().map(|k| tr(&Message::new(k))).collect(),
            rows: findings.iter().map(|f| row(f, tr)).collect(),
            about: about(&review, tr),
        };
        let bytes = match format {
            SheetFormat::Csv => write_review_csv(&sheet),
            SheetFormat::Xlsx => {
                write_review_xlsx(&sheet).map_err(AppError::internal("account review workbook"))?
            }
        };
        Ok((review, bytes))
    }
}

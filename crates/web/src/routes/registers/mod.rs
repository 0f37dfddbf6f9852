//! `/registers`: 医療情報システム, 事業者, バックアップ, 復元テスト, 連絡体制図, 規程・文書 and the
//! BCP's registers (代替運用, 訓練 and their 改善策, 職員, 研修の受講記録). One set of handlers serves
//! every register; the domain's field tables say what each one holds.

pub mod chart;
pub mod files;
pub mod form;
pub mod index;
pub mod list;
pub mod sheets;
pub mod show;

use crate::ctx::Authed;
use crate::error::WebError;
use crate::page::PageCtx;
use crate::state::AppState;
use iryosec_core::register::{FieldSpec, Input, Record, Register};

/// The register named in the path; anything else is a 404.
pub fn register_of(code: &str) -> Result<Register, WebError> {
    Register::parse(code).ok_or(WebError::NotFound)
}

pub fn title(page: &PageCtx, register: Register) -> String {
    page.t(&format!("register.{}.title", register.code())).to_owned()
}

/// A page of the registers section titled with the register's name (and a suffix).
pub fn page_of(state: &AppState, authed: &Authed, register: Register, suffix: &str) -> PageCtx {
    let key = format!("register.{}.title", register.code());
    let name = authed.ctx.lang.tr(&key);
    let title = if suffix.is_empty() { name.to_owned() } else { format!("{name} — {suffix}") };
    PageCtx::new(state, &authed.ctx, title, "registers")
}

/// A field as the page shows it: dates in the person's 和暦/西暦 style, the rest as typed.
pub fn shown(page: &PageCtx, record: &Record, spec: &FieldSpec) -> String {
    match (spec.input, record.date(spec.code)) {
        (Input::Date, Some(day)) => page.day(day),
        _ => record.display(spec),
    }
}

/// An entry's key fields as the page shows them (a restore test's day in the person's style),
/// joined as [`Record::key`] joins them.
pub fn shown_key(page: &PageCtx, record: &Record, register: Register) -> String {
    register
        .key_fields()
        .iter()
        .filter_map(|code| register.field(code))
        .map(|spec| shown(page, record, spec))
        .collect::<Vec<_>>()
        .join("／")
}

pub fn label(page: &PageCtx, register: Register, spec: &FieldSpec) -> String {
    page.t(&format!("register.{}.field.{}", register.code(), spec.code)).to_owned()
}

/// The page of a register's list.
pub fn list_path(register: Register) -> String {
    format!("/registers/{}", register.code())
}

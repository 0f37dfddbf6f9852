//! `/ledger`: 情報機器台帳 — the list, one asset with its history, the form, files in and out.

pub mod files;
pub mod form;
pub mod import;
pub mod list;
pub mod show;

use crate::page::PageCtx;
use iryosec_core::ledger::{AddressKind, AssetKind, Field, PatchStatus, PatchedBy, Zone};

/// How a field is entered on the form.
pub enum Input {
    Text,
    Long,
    Date,
    Choice(Vec<String>),
    YesNo,
}

pub fn input_of(f: Field) -> Input {
    let names = |all: &[&'static str]| all.iter().map(|s| (*s).to_owned()).collect();
    match f {
        Field::Kind => Input::Choice(names(&AssetKind::ALL.iter().map(|k| k.name_ja()).collect::<Vec<_>>())),
        Field::Zone => Input::Choice(names(&Zone::ALL.iter().map(|k| k.name_ja()).collect::<Vec<_>>())),
        Field::AddressKind => {
            Input::Choice(names(&AddressKind::ALL.iter().map(|k| k.name_ja()).collect::<Vec<_>>()))
        }
        Field::PatchStatus => {
            Input::Choice(names(&PatchStatus::ALL.iter().map(|k| k.name_ja()).collect::<Vec<_>>()))
        }
        Field::PatchedBy => {
            Input::Choice(names(&PatchedBy::ALL.iter().map(|k| k.name_ja()).collect::<Vec<_>>()))
        }
        Field::IntroducedOn
        | Field::SupportEndsOn
        | Field::LastPatchedOn
        | Field::ConfirmedOn
        | Field::RetiredOn => Input::Date,
        Field::RemoteMaintenance
        | Field::PatientInfo
        | Field::SourceRestricted
        | Field::ServicesStopped
        | Field::AccessLogs
        | Field::UsbRestricted
        | Field::DefaultPasswordsChanged => Input::YesNo,
        Field::Software | Field::Notes | Field::CompensatingControl => Input::Long,
        _ => Input::Text,
    }
}

/// The field's label in the page's language.
pub fn label(page: &PageCtx, f: Field) -> String {
    page.t(&format!("ledger.field.{}", f.code())).to_owned()
}

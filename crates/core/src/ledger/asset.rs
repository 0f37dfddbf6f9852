//! An asset as stored, and its fields as text (the form's, the export's).

use super::field::Field;
use super::vocab::{AddressKind, AssetKind, PatchStatus, PatchedBy, Zone};
use crate::date::format_iso;
use serde::{Deserialize, Serialize};
use time::Date;

/// How an end of support without its day is written back (and read again).
pub const SUPPORT_ENDED_WORD: &str = "サポート終了";

/// One device of the ledger. Stored as JSON without its empty fields (most are empty, and a
/// large ledger is written and read whole); a field left out reads back as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Asset {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub asset_no: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<AssetKind>,
    /// The maker and the model as the maker names it (FortiGate 60F): what the G-MIS survey
    /// asks of VPN devices, and what vulnerability notices name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub maker: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub model: String,
    /// シリアル番号 (製造番号).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub serial: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub department: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Normalised, comma-separated (`192.168.10.5, 10.0.0.0/24`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ip: String,
    /// Fixed, or given by DHCP (then `ip` may well be empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_kind: Option<AddressKind>,
    /// Normalised `AA:BB:CC:DD:EE:FF`, comma-separated.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mac: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub os: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub os_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub software: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub introduced_on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_ends_on: Option<Date>,
    /// Support is known to have ended on a day nobody wrote down (「サポート終了」 in the date's
    /// place); only meaningful without `support_ends_on`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub support_ended: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub vendor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_maintenance: Option<bool>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub remote_path: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub remote_via: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_info: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_status: Option<PatchStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_patched_on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patched_by: Option<PatchedBy>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub compensating_control: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_restricted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services_stopped: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_logs: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usb_restricted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_passwords_changed: Option<bool>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed_on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retired_on: Option<Date>,
}

impl Asset {
    /// The day a date field holds (`None` for other fields and empty dates), for pages that
    /// show it in the person's date style.
    pub fn day(&self, field: Field) -> Option<Date> {
        match field {
            Field::IntroducedOn => self.introduced_on,
            Field::SupportEndsOn => self.support_ends_on,
            Field::LastPatchedOn => self.last_patched_on,
            Field::ConfirmedOn => self.confirmed_on,
            Field::RetiredOn => self.retired_on,
            _ => None,
        }
    }

    /// A field as text, the way the form and the export show it.
    pub fn text(&self, f: Field) -> String {
        let date = |d: Option<Date>| d.map(format_iso).unwrap_or_default();
        let flag = |b: Option<bool>| match b {
            Some(true) => "はい".to_owned(),
            Some(false) => "いいえ".to_owned(),
            None => String::new(),
        };
        match f {
            Field::AssetNo => self.asset_no.clone(),
            Field::Name => self.name.clone(),
            Field::Kind => self.kind.map(|k| k.name_ja().to_owned()).unwrap_or_default(),
            Field::Maker => self.maker.clone(),
            Field::Model => self.model.clone(),
            Field::Serial => self.serial.clone(),
            Field::Location => self.location.clone(),
            Field::Department => self.department.clone(),
            Field::Owner => self.owner.clone(),
            Field::Ip => self.ip.clone(),
            Field::AddressKind => self.address_kind.map(|k| k.name_ja().to_owned()).unwrap_or_default(),
            Field::Mac => self.mac.clone(),
            Field::Os => self.os.clone(),
            Field::OsVersion => self.os_version.clone(),
            Field::Software => self.software.clone(),
            Field::IntroducedOn => date(self.introduced_on),
            Field::SupportEndsOn if self.support_ends_on.is_none() && self.support_ended => {
                SUPPORT_ENDED_WORD.to_owned()
            }
            Field::SupportEndsOn => date(self.support_ends_on),
            Field::Vendor => self.vendor.clone(),
            Field::RemoteMaintenance => flag(self.remote_maintenance),
            Field::RemotePath => self.remote_path.clone(),
            Field::RemoteVia => self.remote_via.clone(),
            Field::PatientInfo => flag(self.patient_info),
            Field::Zone => self.zone.map(|z| z.name_ja().to_owned()).unwrap_or_default(),
            Field::PatchStatus => self.patch_status.map(|p| p.name_ja().to_owned()).unwrap_or_default(),
            Field::LastPatchedOn => date(self.last_patched_on),
            Field::PatchedBy => self.patched_by.map(|p| p.name_ja().to_owned()).unwrap_or_default(),
            Field::CompensatingControl => self.compensating_control.clone(),
            Field::SourceRestricted => flag(self.source_restricted),
            Field::ServicesStopped => flag(self.services_stopped),
            Field::AccessLogs => flag(self.access_logs),
            Field::UsbRestricted => flag(self.usb_restricted),
            Field::DefaultPasswordsChanged => flag(self.default_passwords_changed),
            Field::Notes => self.notes.clone(),
            Field::ConfirmedOn => date(self.confirmed_on),
            Field::RetiredOn => date(self.retired_on),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::parse_asset;
    use std::collections::HashMap;

    fn parse(pairs: &[(Field, &str)]) -> Asset {
        let map: HashMap<Field, String> = pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect();
        parse_asset(&|f| map.get(&f).map_or("", String::as_str)).unwrap()
    }

    #[test]
    fn empty_fields_are_left_out_of_the_json_and_read_back_empty() {
        let a = parse(&[(Field::AssetNo, "A-1"), (Field::Name, "受付PC"), (Field::Kind, "端末PC")]);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"asset_no":"A-1","name":"受付PC","kind":"terminal"}"#);
        assert_eq!(serde_json::from_str::<Asset>(&json).unwrap(), a);
        let full = r#"{"asset_no":"A-1","name":"受付PC","kind":"terminal","notes":"","zone":null}"#;
        assert_eq!(serde_json::from_str::<Asset>(full).unwrap(), a, "records stored in full still read");
    }

    #[test]
    fn the_text_of_every_field_reads_back_as_the_same_field() {
        let a = parse(&[
            (Field::AssetNo, "A-1"),
            (Field::Name, "受付PC"),
            (Field::Kind, "端末PC"),
            (Field::Serial, "SN-0042"),
            (Field::AddressKind, "DHCP"),
            (Field::Zone, "院内"),
            (Field::SupportEndsOn, "サポート終了"),
            (Field::UsbRestricted, "いいえ"),
        ]);
        assert!(a.support_ended && a.support_ends_on.is_none());
        let texts = Field::ALL.map(|f| a.text(f));
        assert_eq!(texts[Field::SupportEndsOn as usize], "サポート終了");
        let again = parse_asset(&|f| texts[f as usize].as_str()).unwrap();
        assert_eq!(again, a);
    }
}

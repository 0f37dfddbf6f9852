//! An asset as stored, and reading one from text (a form, a spreadsheet row).

use super::field::{AssetKind, Field, PatchStatus, PatchedBy, Zone};
use crate::date::{format_iso, parse_record_date};
use crate::message::Message;
use crate::text::{half_width, to_half_width};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use time::Date;

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
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub department: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Normalised, comma-separated (`192.168.10.5, 10.0.0.0/24`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ip: String,
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
            Field::Location => self.location.clone(),
            Field::Department => self.department.clone(),
            Field::Owner => self.owner.clone(),
            Field::Ip => self.ip.clone(),
            Field::Mac => self.mac.clone(),
            Field::Os => self.os.clone(),
            Field::OsVersion => self.os_version.clone(),
            Field::Software => self.software.clone(),
            Field::IntroducedOn => date(self.introduced_on),
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

/// The asset with one field set from text, checked as a form would check it.
#[allow(clippy::indexing_slicing, reason = "the arrays are sized by `Field::ALL` and indexed by a field")]
pub fn with_field(asset: &Asset, field: Field, value: &str) -> Result<Asset, Vec<FieldProblem>> {
    let texts = Field::ALL.map(|f| if f == field { value.to_owned() } else { asset.text(f) });
    parse_asset(&|f| texts[f as usize].as_str())
}

/// A problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: Field,
    pub message: Message,
}

/// Text that is neither yes nor no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotYesNo;

/// はい/いいえ as people write them: はい, 有, あり, ○, 済, yes, true, 1 …; empty is unknown.
pub fn parse_bool(input: &str) -> Result<Option<bool>, NotYesNo> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let s: String = input.trim().chars().map(half_width).flat_map(char::to_lowercase).collect();
    match s.as_str() {
        "" | "-" | "不明" | "?" => Ok(None),
        "はい" | "有" | "あり" | "有り" | "○" | "〇" | "済" | "済み" | "実施" | "yes" | "y" | "true"
        | "1" => Ok(Some(true)),
        "いいえ" | "無" | "なし" | "無し" | "×" | "未" | "未実施" | "no" | "n" | "false" | "0" => {
            Ok(Some(false))
        }
        _ => Err(NotYesNo),
    }
}

const SHORT_MAX: usize = 100;
const LONG_MAX: usize = 2000;

/// Reads an asset from text fields; every problem is reported.
pub fn parse_asset<'a>(get: &dyn Fn(Field) -> &'a str) -> Result<Asset, Vec<FieldProblem>> {
    let mut p = Parser { values: Field::ALL.map(get), problems: Vec::new() };
    let a = Asset {
        asset_no: p.required(Field::AssetNo, 40),
        name: p.required(Field::Name, SHORT_MAX),
        kind: p.required_choice(Field::Kind, AssetKind::parse, AssetKind::ALL.iter().map(|k| k.name_ja())),
        maker: p.text(Field::Maker, SHORT_MAX),
        model: p.text(Field::Model, SHORT_MAX),
        location: p.text(Field::Location, SHORT_MAX),
        department: p.text(Field::Department, SHORT_MAX),
        owner: p.text(Field::Owner, SHORT_MAX),
        ip: p.ips(),
        mac: p.macs(),
        os: p.text(Field::Os, SHORT_MAX),
        os_version: p.text(Field::OsVersion, SHORT_MAX),
        software: p.text(Field::Software, LONG_MAX),
        introduced_on: p.date(Field::IntroducedOn),
        support_ends_on: p.date(Field::SupportEndsOn),
        vendor: p.text(Field::Vendor, SHORT_MAX),
        remote_maintenance: p.flag(Field::RemoteMaintenance),
        remote_path: p.text(Field::RemotePath, SHORT_MAX),
        remote_via: p.text(Field::RemoteVia, SHORT_MAX),
        patient_info: p.flag(Field::PatientInfo),
        zone: p.choice(Field::Zone, Zone::parse, Zone::ALL.iter().map(|z| z.name_ja())),
        patch_status: p.choice(
            Field::PatchStatus,
            PatchStatus::parse,
            PatchStatus::ALL.iter().map(|s| s.name_ja()),
        ),
        last_patched_on: p.date(Field::LastPatchedOn),
        patched_by: p.choice(Field::PatchedBy, PatchedBy::parse, PatchedBy::ALL.iter().map(|s| s.name_ja())),
        compensating_control: p.text(Field::CompensatingControl, LONG_MAX),
        source_restricted: p.flag(Field::SourceRestricted),
        services_stopped: p.flag(Field::ServicesStopped),
        access_logs: p.flag(Field::AccessLogs),
        usb_restricted: p.flag(Field::UsbRestricted),
        default_passwords_changed: p.flag(Field::DefaultPasswordsChanged),
        notes: p.text(Field::Notes, LONG_MAX),
        confirmed_on: p.date(Field::ConfirmedOn),
        retired_on: p.date(Field::RetiredOn),
    };
    if let (Some(from), Some(to)) = (a.introduced_on, a.support_ends_on)
        && to < from
    {
        p.fail(Field::SupportEndsOn, Message::new("ledger.error.support_before_introduced"));
    }
    if p.problems.is_empty() { Ok(a) } else { Err(p.problems) }
}

struct Parser<'a> {
    /// Every field's text, in the order of `Field::ALL`.
    values: [&'a str; Field::ALL.len()],
    problems: Vec<FieldProblem>,
}

impl<'a> Parser<'a> {
    #[allow(clippy::indexing_slicing, reason = "the arrays are sized by `Field::ALL` and indexed by a field")]
    fn get(&self, f: Field) -> &'a str {
        self.values[f as usize]
    }

    fn fail(&mut self, field: Field, message: Message) {
        self.problems.push(FieldProblem { field, message });
    }

    fn text(&mut self, f: Field, max: usize) -> String {
        let v = self.get(f).trim().to_owned();
        if v.chars().count() > max {
            self.fail(f, Message::new("error.too_long").arg("max", max));
        }
        v
    }

    fn required(&mut self, f: Field, max: usize) -> String {
        let v = to_half_width_keep(self.text(f, max), f);
        if v.is_empty() {
            self.fail(f, Message::new("error.required"));
        }
        v
    }

    fn date(&mut self, f: Field) -> Option<Date> {
        let v = self.get(f);
        if v.trim().is_empty() {
            return None;
        }
        parse_record_date(v).map_err(|m| self.fail(f, m)).ok()
    }

    fn flag(&mut self, f: Field) -> Option<bool> {
        let v = self.get(f);
        parse_bool(v).unwrap_or_else(|NotYesNo| {
            self.fail(f, Message::new("ledger.error.yes_no").arg("value", v.trim()));
            None
        })
    }

    fn choice<T>(
        &mut self,
        f: Field,
        parse: fn(&str) -> Option<T>,
        names: impl Iterator<Item = &'static str>,
    ) -> Option<T> {
        let v = self.get(f);
        if v.trim().is_empty() {
            return None;
        }
        let parsed = parse(v);
        if parsed.is_none() {
            let allowed: Vec<&str> = names.collect();
            self.fail(
                f,
                Message::new("ledger.error.choice").arg("value", v.trim()).arg("allowed", allowed.join("、")),
            );
        }
        parsed
    }

    fn required_choice<T>(
        &mut self,
        f: Field,
        parse: fn(&str) -> Option<T>,
        names: impl Iterator<Item = &'static str>,
    ) -> Option<T> {
        if self.get(f).trim().is_empty() {
            self.fail(f, Message::new("error.required"));
            return None;
        }
        self.choice(f, parse, names)
    }

    fn ips(&mut self) -> String {
        let raw = to_half_width(self.get(Field::Ip));
        let mut out = String::new();
        for part in raw.split([',', '、', ' ', '\n', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            let (addr, prefix) = part.split_once('/').map_or((part, None), |(a, p)| (a, Some(p)));
            let ok = addr.parse::<IpAddr>().is_ok()
                && prefix.is_none_or(|p| p.parse::<u8>().is_ok_and(|n| n <= 128));
            if ok {
                separate(&mut out);
                out.push_str(part);
            } else {
                self.fail(Field::Ip, Message::new("ledger.error.ip").arg("value", part));
            }
        }
        out
    }

    fn macs(&mut self) -> String {
        let raw = to_half_width(self.get(Field::Mac));
        let mut out = String::new();
        for part in raw.split([',', '、', ' ', '\n', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            let hex: Vec<char> = part.chars().filter(|c| !matches!(c, ':' | '-' | '.')).collect();
            if hex.len() == 12 && hex.iter().all(char::is_ascii_hexdigit) {
                separate(&mut out);
                for (i, c) in hex.iter().enumerate() {
                    if i > 0 && i % 2 == 0 {
                        out.push(':');
                    }
                    out.push(c.to_ascii_uppercase());
                }
            } else {
                self.fail(Field::Mac, Message::new("ledger.error.mac").arg("value", part));
            }
        }
        out
    }
}

/// Starts the next item of a ", "-separated list.
fn separate(list: &mut String) {
    if !list.is_empty() {
        list.push_str(", ");
    }
}

/// Management numbers are compared as typed on a Japanese keyboard: full-width folded.
fn to_half_width_keep(v: String, f: Field) -> String {
    if f == Field::AssetNo { to_half_width(&v) } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use time::macros::date;

    fn parse(pairs: &[(Field, &str)]) -> Result<Asset, Vec<FieldProblem>> {
        let map: HashMap<Field, String> = pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect();
        parse_asset(&|f| map.get(&f).map_or("", String::as_str))
    }

    #[test]
    fn a_messy_row_is_normalised() {
        let a = parse(&[
            (Field::AssetNo, "ＳＶ－００１"),
            (Field::Name, "電子カルテサーバ"),
            (Field::Kind, "サーバー"),
            (Field::Ip, "１９２．１６８．１０．５, 10.0.0.0/24"),
            (Field::Mac, "00-1a-2B-3c-4D-5e"),
            (Field::IntroducedOn, "H31.4.1"),
            (Field::SupportEndsOn, "令和10年3月31日"),
            (Field::RemoteMaintenance, "有"),
            (Field::PatchStatus, "適用済み"),
            (Field::ConfirmedOn, "2025/6/1"),
        ])
        .unwrap();
        assert_eq!(a.asset_no, "SV-001");
        assert_eq!(a.kind, Some(AssetKind::Server));
        assert_eq!(a.ip, "192.168.10.5, 10.0.0.0/24");
        assert_eq!(a.mac, "00:1A:2B:3C:4D:5E");
        assert_eq!(
            (a.introduced_on, a.support_ends_on),
            (Some(date!(2019 - 04 - 01)), Some(date!(2028 - 03 - 31)))
        );
        assert_eq!((a.remote_maintenance, a.patch_status), (Some(true), Some(PatchStatus::Current)));
        assert_eq!(a.confirmed_on, Some(date!(2025 - 06 - 01)));
    }

    #[test]
    fn far_future_or_past_dates_are_refused_as_typing_mistakes() {
        for (field, text) in [
            (Field::IntroducedOn, "令和99年4月1日"),
            (Field::SupportEndsOn, "9999-12-31"),
            (Field::IntroducedOn, "1868-01-01"),
        ] {
            let problems =
                parse(&[(Field::AssetNo, "A-1"), (Field::Name, "PC"), (Field::Kind, "端末"), (field, text)])
                    .unwrap_err();
            assert_eq!((problems[0].field, problems[0].message.key), (field, "error.date_horizon"), "{text}");
        }
        let fine = parse(&[
            (Field::AssetNo, "A-1"),
            (Field::Name, "PC"),
            (Field::Kind, "端末"),
            (Field::SupportEndsOn, "2099-12-31"),
        ]);
        assert!(fine.is_ok());
    }

    #[test]
    fn every_bad_field_is_named() {
        let problems = parse(&[
            (Field::Name, "x"),
            (Field::Kind, "宇宙船"),
            (Field::Ip, "192.168.1.300"),
            (Field::Mac, "zz:zz"),
            (Field::IntroducedOn, "いつか"),
            (Field::RemoteMaintenance, "たぶん"),
        ])
        .unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| (p.field, p.message.key)).collect();
        assert_eq!(
            fields,
            vec![
                (Field::AssetNo, "error.required"),
                (Field::Kind, "ledger.error.choice"),
                (Field::Ip, "ledger.error.ip"),
                (Field::Mac, "ledger.error.mac"),
                (Field::IntroducedOn, "error.date"),
                (Field::RemoteMaintenance, "ledger.error.yes_no"),
            ]
        );
    }

    #[test]
    fn empty_fields_are_left_out_of_the_json_and_read_back_empty() {
        let a = parse(&[(Field::AssetNo, "A-1"), (Field::Name, "受付PC"), (Field::Kind, "端末PC")]).unwrap();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"asset_no":"A-1","name":"受付PC","kind":"terminal"}"#);
        assert_eq!(serde_json::from_str::<Asset>(&json).unwrap(), a);
        let full = r#"{"asset_no":"A-1","name":"受付PC","kind":"terminal","notes":"","zone":null}"#;
        assert_eq!(serde_json::from_str::<Asset>(full).unwrap(), a, "records stored in full still read");
    }

    #[test]
    fn the_text_of_a_field_reads_back_as_the_same_field() {
        let a = parse(&[
            (Field::AssetNo, "A-1"),
            (Field::Name, "受付PC"),
            (Field::Kind, "端末PC"),
            (Field::Zone, "院内"),
            (Field::UsbRestricted, "いいえ"),
        ])
        .unwrap();
        let texts = Field::ALL.map(|f| a.text(f));
        let again = parse_asset(&|f| texts[f as usize].as_str()).unwrap();
        assert_eq!(again, a);
    }
}

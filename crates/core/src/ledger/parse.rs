//! Reading an asset from text (a form, a spreadsheet row), with the ways people write
//! things in their own ledgers: a month without its day, 「サポート終了」 for a date, 「DHCP」 for
//! an address, an inspection device for a kind.

use super::asset::{Asset, SUPPORT_ENDED_WORD};
use super::field::Field;
use super::vocab::{AddressKind, AssetKind, PatchStatus, PatchedBy, Zone, folded};
use crate::date::{DayOfMonth, format_iso, parse_record_date, parse_record_month};
use crate::message::Message;
use crate::text::{half_width, to_half_width};
use std::net::IpAddr;
use time::Date;

/// The asset with one field set from text, checked as a form would check it.
#[allow(clippy::indexing_slicing, reason = "the arrays are sized by `Field::ALL` and indexed by a field")]
pub fn with_field(asset: &Asset, field: Field, value: &str) -> Result<Asset, Vec<FieldProblem>> {
    let texts = Field::ALL.map(|f| if f == field { value.to_owned() } else { asset.text(f) });
    parse_asset(&|f| texts[f as usize].as_str())
}

/// A problem with one field, or a note on how it was read.
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

/// An asset read from a file, with notes on every value read in a way the person should know of
/// (a month read as its last day, a kind proposed from the name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadAsset {
    pub asset: Asset,
    pub notes: Vec<FieldProblem>,
}

/// Reads an asset from a form; every problem is reported.
pub fn parse_asset<'a>(get: &dyn Fn(Field) -> &'a str) -> Result<Asset, Vec<FieldProblem>> {
    read(get, false).map(|r| r.asset)
}

/// Reads an asset from a row of a file: as [`parse_asset`], and a missing or unknown kind is
/// proposed from the device's name and model, with a note, where they point to one.
pub fn read_asset<'a>(get: &dyn Fn(Field) -> &'a str) -> Result<ReadAsset, Vec<FieldProblem>> {
    read(get, true)
}

fn read<'a>(get: &dyn Fn(Field) -> &'a str, propose_kind: bool) -> Result<ReadAsset, Vec<FieldProblem>> {
    let mut p = Parser { values: Field::ALL.map(get), problems: Vec::new(), notes: Vec::new() };
    let (support_ends_on, support_ended) = p.support_end();
    let (ip, dhcp_in_ip) = p.ips();
    let a = Asset {
        asset_no: p.required(Field::AssetNo, 40),
        name: p.required(Field::Name, SHORT_MAX),
        kind: p.kind(propose_kind),
        maker: p.text(Field::Maker, SHORT_MAX),
        model: p.text(Field::Model, SHORT_MAX),
        serial: p.text(Field::Serial, SHORT_MAX),
        location: p.text(Field::Location, SHORT_MAX),
        department: p.text(Field::Department, SHORT_MAX),
        owner: p.text(Field::Owner, SHORT_MAX),
        ip,
        address_kind: p.address_kind(dhcp_in_ip),
        mac: p.macs(),
        os: p.text(Field::Os, SHORT_MAX),
        os_version: p.text(Field::OsVersion, SHORT_MAX),
        software: p.text(Field::Software, LONG_MAX),
        introduced_on: p.date(Field::IntroducedOn),
        support_ends_on,
        support_ended,
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
    if p.problems.is_empty() {
        p.notes.sort_by_key(|n| n.field);
        Ok(ReadAsset { asset: a, notes: p.notes })
    } else {
        p.problems.sort_by_key(|n| n.field);
        Err(p.problems)
    }
}

/// What people write in a date's place when support has ended and nobody knows the day.
const SUPPORT_ENDED_WORDS: &[&str] = &[
    SUPPORT_ENDED_WORD,
    "サポート終了済み",
    "サポート終了済",
    "終了済み",
    "終了済",
    "終了",
    "サポート切れ",
    "eol",
];

/// Words in the address's place that mean it is not written down, not that it is missing.
const NO_ADDRESS: &[&str] = &["-", "ー", "なし", "無し"];

/// A month without its day is read as the last day when it is a deadline (the end of support:
/// support runs through that month), and as the first day otherwise (a purchase, a check).
fn day_of_month(f: Field) -> DayOfMonth {
    if f == Field::SupportEndsOn { DayOfMonth::Last } else { DayOfMonth::First }
}

struct Parser<'a> {
    /// Every field's text, in the order of `Field::ALL`.
    values: [&'a str; Field::ALL.len()],
    problems: Vec<FieldProblem>,
    notes: Vec<FieldProblem>,
}

impl<'a> Parser<'a> {
    #[allow(clippy::indexing_slicing, reason = "the arrays are sized by `Field::ALL` and indexed by a field")]
    fn get(&self, f: Field) -> &'a str {
        self.values[f as usize]
    }

    fn fail(&mut self, field: Field, message: Message) {
        self.problems.push(FieldProblem { field, message });
    }

    fn note(&mut self, field: Field, message: Message) {
        self.notes.push(FieldProblem { field, message });
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
        let whole = match parse_record_date(v) {
            Ok(d) => return Some(d),
            Err(m) => m,
        };
        match parse_record_month(v, day_of_month(f)) {
            Ok(d) => {
                let key = match day_of_month(f) {
                    DayOfMonth::Last => "ledger.note.month_end",
                    DayOfMonth::First => "ledger.note.month_start",
                };
                self.note(f, Message::new(key).arg("value", v.trim()).arg("date", format_iso(d)));
                Some(d)
            }
            Err(m) if m.key == "error.date_horizon" => {
                self.fail(f, m);
                None
            }
            Err(_) => {
                self.fail(f, whole);
                None
            }
        }
    }

    /// The end of support: a date, a month, or a word saying it has ended on an unknown day.
    fn support_end(&mut self) -> (Option<Date>, bool) {
        let v = self.get(Field::SupportEndsOn);
        let word = folded(v);
        if SUPPORT_ENDED_WORDS.iter().any(|w| folded(w) == word) {
            if word != folded(SUPPORT_ENDED_WORD) {
                self.note(
                    Field::SupportEndsOn,
                    Message::new("ledger.note.support_ended").arg("value", v.trim()),
                );
            }
            return (None, true);
        }
        (self.date(Field::SupportEndsOn), false)
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

    /// The kind as written; when `propose` (a file's row), an empty or unknown kind is proposed
    /// from the words of the kind itself (「超音波診断装置」), else of the name and model, with a
    /// note; failing that, the problem names the kind the name suggests, if any.
    fn kind(&mut self, propose: bool) -> Option<AssetKind> {
        let v = self.get(Field::Kind).trim();
        if let Some(k) = AssetKind::parse(v).filter(|_| !v.is_empty()) {
            return Some(k);
        }
        let allowed = AssetKind::ALL.iter().map(|k| k.name_ja()).collect::<Vec<_>>().join("、");
        let from_name = AssetKind::propose(&[self.get(Field::Name), self.get(Field::Model)]);
        if propose {
            let (from_kind, from_either) = (AssetKind::propose(&[v]), from_name);
            let note = match (v.is_empty(), from_kind, from_either) {
                (false, Some(k), _) => Some((k, Message::new("ledger.note.kind_read_as").arg("value", v))),
                (true, _, Some(k)) => Some((k, Message::new("ledger.note.kind_proposed"))),
                _ => None,
            };
            if let Some((k, message)) = note {
                self.note(Field::Kind, message.arg("kind", k.name_ja()));
                return Some(k);
            }
        }
        let message = match (v.is_empty(), from_name) {
            (true, Some(k)) => Message::new("ledger.error.kind_missing_proposed").arg("kind", k.name_ja()),
            (true, None) => Message::new("error.required"),
            (false, Some(k)) => {
                Message::new("ledger.error.kind_unknown_proposed").arg("value", v).arg("kind", k.name_ja())
            }
            (false, None) => Message::new("ledger.error.choice").arg("value", v),
        };
        self.fail(Field::Kind, message.arg("allowed", allowed));
        None
    }

    /// The address kind as written, or DHCP when the address column says so.
    fn address_kind(&mut self, dhcp_in_ip: Option<&'a str>) -> Option<AddressKind> {
        let written =
            self.choice(Field::AddressKind, AddressKind::parse, AddressKind::ALL.iter().map(|k| k.name_ja()));
        let Some(word) = dhcp_in_ip else { return written };
        match written {
            None => {
                self.note(Field::Ip, Message::new("ledger.note.dhcp").arg("value", word));
                Some(AddressKind::Dhcp)
            }
            Some(AddressKind::Dhcp) => written,
            Some(AddressKind::Fixed) => {
                self.fail(Field::Ip, Message::new("ledger.error.dhcp_but_fixed").arg("value", word));
                written
            }
        }
    }

    /// The addresses, normalised; and the word, if one of the parts says the address is given
    /// by DHCP rather than written.
    fn ips(&mut self) -> (String, Option<&'a str>) {
        let cell = self.get(Field::Ip);
        let raw = to_half_width(cell);
        let mut out = String::new();
        let mut dhcp = None;
        for part in raw.split([',', '、', ' ', '\n', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            if AddressKind::parse(part) == Some(AddressKind::Dhcp) {
                dhcp = Some(cell.trim());
                continue;
            }
            if NO_ADDRESS.contains(&part) {
                continue;
            }
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
        (out, dhcp)
    }

    fn macs(&mut self) -> String {
        let raw = to_half_width(self.get(Field::Mac));
        let mut out = String::new();
        for part in raw.split([',', '、', ' ', '\n', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            if NO_ADDRESS.contains(&part) {
                continue;
            }
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

    fn read(pairs: &[(Field, &str)]) -> Result<ReadAsset, Vec<FieldProblem>> {
        let map: HashMap<Field, String> = pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect();
        read_asset(&|f| map.get(&f).map_or("", String::as_str))
    }

    fn keys(notes: &[FieldProblem]) -> Vec<(Field, &'static str)> {
        notes.iter().map(|n| (n.field, n.message.key)).collect()
    }

    #[test]
    fn what_people_write_in_their_own_ledgers_is_read_with_a_note() {
        let r = read(&[
            (Field::AssetNo, "CT-01"),
            (Field::Name, "CT装置"),
            (Field::Kind, "検査機器"),
            (Field::Ip, "ＤＨＣＰ"),
            (Field::IntroducedOn, "2019年4月"),
            (Field::SupportEndsOn, "2029年3月"),
        ])
        .unwrap();
        let a = &r.asset;
        assert_eq!(a.kind, Some(AssetKind::MedicalDevice));
        assert_eq!((a.ip.as_str(), a.address_kind), ("", Some(AddressKind::Dhcp)));
        assert_eq!(a.introduced_on, Some(date!(2019 - 04 - 01)));
        assert_eq!(a.support_ends_on, Some(date!(2029 - 03 - 31)), "the end of that month");
        assert_eq!(
            keys(&r.notes),
            vec![
                (Field::Ip, "ledger.note.dhcp"),
                (Field::IntroducedOn, "ledger.note.month_start"),
                (Field::SupportEndsOn, "ledger.note.month_end")
            ]
        );
        assert_eq!(r.notes[2].message.args[1], ("date", "2029-03-31".to_owned()));
    }

    #[test]
    fn an_end_of_support_without_its_day_is_ended_and_unknown() {
        for word in ["サポート終了", "終了済み", "ＥＯＬ"] {
            let r = read(&[
                (Field::AssetNo, "PC-1"),
                (Field::Name, "受付PC"),
                (Field::Kind, "端末"),
                (Field::SupportEndsOn, word),
            ])
            .unwrap();
            assert!(r.asset.support_ended && r.asset.support_ends_on.is_none(), "{word}");
        }
    }

    #[test]
    fn a_missing_kind_is_proposed_from_the_name_and_an_unreadable_one_gets_a_suggestion() {
        let r = read(&[(Field::AssetNo, "SV-1"), (Field::Name, "PACSサーバ")]).unwrap();
        assert_eq!(
            (r.asset.kind, keys(&r.notes)),
            (Some(AssetKind::Server), vec![(Field::Kind, "ledger.note.kind_proposed")])
        );
        let r = read(&[(Field::AssetNo, "US-1"), (Field::Name, "エコー1"), (Field::Kind, "超音波診断装置")])
            .unwrap();
        assert_eq!(
            (r.asset.kind, keys(&r.notes)),
            (Some(AssetKind::MedicalDevice), vec![(Field::Kind, "ledger.note.kind_read_as")])
        );
        let e =
            read(&[(Field::AssetNo, "X-1"), (Field::Name, "受付PC"), (Field::Kind, "電子機器")]).unwrap_err();
        assert_eq!(keys(&e), vec![(Field::Kind, "ledger.error.kind_unknown_proposed")]);
        assert!(e[0].message.args.contains(&("kind", "端末PC".to_owned())));
        let e = read(&[(Field::AssetNo, "X-2"), (Field::Name, "謎の箱")]).unwrap_err();
        assert_eq!(keys(&e), vec![(Field::Kind, "error.required")]);
        let e = parse(&[(Field::AssetNo, "X-3"), (Field::Name, "PACSサーバ")]).unwrap_err();
        assert_eq!(
            keys(&e),
            vec![(Field::Kind, "ledger.error.kind_missing_proposed")],
            "a form proposes, never decides"
        );
    }

    #[test]
    fn dhcp_in_the_address_contradicting_a_fixed_address_kind_is_a_problem() {
        let e = read(&[
            (Field::AssetNo, "PC-1"),
            (Field::Name, "受付PC"),
            (Field::Kind, "端末"),
            (Field::Ip, "動的"),
            (Field::AddressKind, "固定"),
        ])
        .unwrap_err();
        assert_eq!(keys(&e), vec![(Field::Ip, "ledger.error.dhcp_but_fixed")]);
    }
}

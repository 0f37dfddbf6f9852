//! The institution: who the checklist is answered for.

use crate::message::{FieldError, Message};
use crate::prefecture::Prefecture;
use crate::text::to_half_width;
use serde::{Deserialize, Serialize};

/// The kinds of institution the ministry's duties apply to. A hospital has 20 beds or more
/// (医療法 第1条の5); a clinic has none or up to 19.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    Hospital,
    Clinic,
    DentalClinic,
    Pharmacy,
}

impl InstitutionKind {
    pub const ALL: [InstitutionKind; 4] = [
        InstitutionKind::Hospital,
        InstitutionKind::Clinic,
        InstitutionKind::DentalClinic,
        InstitutionKind::Pharmacy,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InstitutionKind::Hospital => "hospital",
            InstitutionKind::Clinic => "clinic",
            InstitutionKind::DentalClinic => "dental_clinic",
            InstitutionKind::Pharmacy => "pharmacy",
        }
    }

    pub fn parse(code: &str) -> Option<InstitutionKind> {
        let s = to_half_width(code);
        InstitutionKind::ALL.into_iter().find(|k| k.code() == s || k.name_ja() == s)
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            InstitutionKind::Hospital => "病院",
            InstitutionKind::Clinic => "診療所",
            InstitutionKind::DentalClinic => "歯科診療所",
            InstitutionKind::Pharmacy => "薬局",
        }
    }

    /// The catalog key of the kind's display name.
    pub fn message_key(self) -> &'static str {
        match self {
            InstitutionKind::Hospital => "institution.kind.hospital",
            InstitutionKind::Clinic => "institution.kind.clinic",
            InstitutionKind::DentalClinic => "institution.kind.dental_clinic",
            InstitutionKind::Pharmacy => "institution.kind.pharmacy",
        }
    }
}

/// What the institution says about itself: validated, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionProfile {
    pub name: String,
    pub kind: InstitutionKind,
    pub prefecture: Prefecture,
    pub beds: Option<u32>,
    pub medical_code: Option<String>,
}

/// The profile as typed into a form or given on the command line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InstitutionInput {
    pub name: String,
    pub kind: String,
    pub prefecture: String,
    pub beds: String,
    pub medical_code: String,
}

pub const NAME_MAX_CHARS: usize = 100;
pub const HOSPITAL_MIN_BEDS: u32 = 20;
const BEDS_MAX: u32 = 10_000;

impl InstitutionInput {
    /// Validates every field and reports every problem at once.
    pub fn parse(&self) -> Result<InstitutionProfile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.push(FieldError::new("name", Message::new("error.required")));
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.push(FieldError::new("name", Message::new("error.too_long").arg("max", NAME_MAX_CHARS)));
        }
        let kind = InstitutionKind::parse(&self.kind);
        if kind.is_none() {
            errors.push(FieldError::new("kind", Message::new("error.choose_one")));
        }
        let prefecture = Prefecture::parse(&self.prefecture);
        if prefecture.is_none() {
            errors.push(FieldError::new("prefecture", Message::new("error.choose_one")));
        }
        let beds = kind.and_then(|k| parse_beds(k, &self.beds, &mut errors));
        let medical_code = parse_medical_code(&self.medical_code, prefecture, &mut errors);
        match (kind, prefecture) {
            (Some(kind), Some(prefecture)) if errors.is_empty() => {
                Ok(InstitutionProfile { name, kind, prefecture, beds, medical_code })
            }
            _ => Err(errors),
        }
    }
}

fn parse_beds(kind: InstitutionKind, raw: &str, errors: &mut Vec<FieldError>) -> Option<u32> {
    let raw = to_half_width(raw).replace(',', "");
    if raw.is_empty() {
        if kind == InstitutionKind::Hospital {
            errors.push(FieldError::new("beds", Message::new("institution.error.beds_required")));
        }
        return None;
    }
    let Ok(beds) = raw.parse::<u32>() else {
        errors.push(FieldError::new("beds", Message::new("error.whole_number")));
        return None;
    };
    let problem = match kind {
        InstitutionKind::Hospital if beds < HOSPITAL_MIN_BEDS => Some("institution.error.hospital_beds"),
        InstitutionKind::Clinic | InstitutionKind::DentalClinic if beds >= HOSPITAL_MIN_BEDS => {
            Some("institution.error.clinic_beds")
        }
        InstitutionKind::Pharmacy => Some("institution.error.pharmacy_beds"),
        _ if beds > BEDS_MAX => Some("institution.error.beds_range"),
        _ => None,
    };
    if let Some(key) = problem {
        errors.push(FieldError::new("beds", Message::new(key).arg("min", HOSPITAL_MIN_BEDS)));
        return None;
    }
    Some(beds)
}

/// 医療機関コード / 薬局コード: 7 digits (郡市区番号 + 機関番号 + 検証番号), or 10 digits with the
/// prefecture code and the 点数表番号 in front. Hyphens and spaces are ignored.
fn parse_medical_code(
    raw: &str,
    prefecture: Option<Prefecture>,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let code: String = to_half_width(raw).chars().filter(|c| !matches!(c, '-' | ' ' | '.')).collect();
    if code.is_empty() {
        return None;
    }
    if !code.bytes().all(|b| b.is_ascii_digit()) || !matches!(code.len(), 7 | 10) {
        errors.push(FieldError::new("medical_code", Message::new("institution.error.medical_code_format")));
        return None;
    }
    if code.len() == 10
        && let Some(p) = prefecture
        && code.get(..2) != Some(format!("{:02}", p.code()).as_str())
    {
        let message = Message::new("institution.error.medical_code_prefecture")
            .arg("code", code.get(..2).unwrap_or(""))
            .arg("prefecture", format!("{:02}", p.code()));
        errors.push(FieldError::new("medical_code", message));
        return None;
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, beds: &str, code: &str) -> InstitutionInput {
        InstitutionInput {
            name: "さくら記念病院".into(),
            kind: kind.into(),
            prefecture: "13".into(),
            beds: beds.into(),
            medical_code: code.into(),
        }
    }

    fn error_keys(i: &InstitutionInput) -> Vec<(&'static str, &'static str)> {
        i.parse().err().unwrap_or_default().iter().map(|e| (e.field, e.message.key)).collect()
    }

    #[test]
    fn a_hospital_with_beds_and_a_ten_digit_code_is_valid() {
        let p = input("hospital", "１２０", "13-1-1234567").parse().unwrap();
        assert_eq!(p.kind, InstitutionKind::Hospital);
        assert_eq!(p.beds, Some(120));
        assert_eq!(p.medical_code.as_deref(), Some("1311234567"));
    }

    #[test]
    fn a_hospital_needs_twenty_beds() {
        assert_eq!(error_keys(&input("hospital", "", "")), vec![("beds", "institution.error.beds_required")]);
        assert_eq!(
            error_keys(&input("hospital", "19", "")),
            vec![("beds", "institution.error.hospital_beds")]
        );
        assert_eq!(error_keys(&input("clinic", "20", "")), vec![("beds", "institution.error.clinic_beds")]);
        assert!(input("clinic", "", "").parse().is_ok());
        assert_eq!(
            error_keys(&input("pharmacy", "3", "")),
            vec![("beds", "institution.error.pharmacy_beds")]
        );
    }

    #[test]
    fn the_code_must_match_the_prefecture() {
        assert_eq!(
            error_keys(&input("clinic", "", "2711234567")),
            vec![("medical_code", "institution.error.medical_code_prefecture")]
        );
        assert_eq!(
            error_keys(&input("clinic", "", "12345")),
            vec![("medical_code", "institution.error.medical_code_format")]
        );
        assert_eq!(input("clinic", "", "1234567").parse().unwrap().medical_code.as_deref(), Some("1234567"));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = InstitutionInput {
            name: " ".into(),
            kind: "castle".into(),
            prefecture: "99".into(),
            ..Default::default()
        };
        assert_eq!(
            error_keys(&bad),
            vec![
                ("name", "error.required"),
                ("kind", "error.choose_one"),
                ("prefecture", "error.choose_one")
            ]
        );
    }

    #[test]
    fn kinds_parse_from_code_or_japanese_name() {
        assert_eq!(InstitutionKind::parse("歯科診療所"), Some(InstitutionKind::DentalClinic));
        assert_eq!(InstitutionKind::parse("pharmacy"), Some(InstitutionKind::Pharmacy));
        assert_eq!(InstitutionKind::parse("病院じゃない"), None);
    }
}

/// A registered institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Institution {
    pub id: crate::InstitutionId,
    pub profile: InstitutionProfile,
    /// Sample data loaded by `iryosec serve --demo`; every page says so.
    pub is_demo: bool,
    pub created_at: crate::Timestamp,
    pub updated_at: crate::Timestamp,
}

//! The JSON bundle of a survey answer: one institution's answers to one G-MIS survey edition,
//! archived per fiscal year and the exchange format for aggregating many institutions.
//! Documented in `docs/survey-bundle.md`. Answers follow the answer-file convention of
//! `iryosec survey check` (yes/no → true/false, single choice → the option's number, …).

use crate::assessment_bundle::InstitutionRef;
use iryosec_core::Message;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT: &str = "iryosec-survey";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyBundle {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub institution: InstitutionRef,
    pub fiscal_year: i32,
    pub edition: SurveyEditionRef,
    /// Question id → answer, in the answer-file convention.
    pub answers: serde_json::Map<String, serde_json::Value>,
    /// The ids whose answer a person confirmed (a prefilled answer counts once confirmed).
    #[serde(default)]
    pub confirmed: Vec<String>,
    /// Question id → where a prefilled answer came from, for people reading the file.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// Whether every applicable question was answered validly when the bundle was written.
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyEditionRef {
    pub id: String,
    pub title: String,
    pub fiscal_year: i32,
}

/// The bundle as pretty JSON.
pub fn write_survey_bundle(bundle: &SurveyBundle) -> Vec<u8> {
    serde_json::to_vec_pretty(bundle).unwrap_or_default()
}

/// Reads a bundle; refuses other formats and versions and says why.
pub fn read_survey_bundle(bytes: &[u8]) -> Result<SurveyBundle, Message> {
    survey_bundle_from_value(crate::json::parse(bytes)?)
}

/// [`read_survey_bundle`] for JSON already parsed.
pub fn survey_bundle_from_value(value: serde_json::Value) -> Result<SurveyBundle, Message> {
    crate::json::check_envelope(&value, FORMAT, VERSION, "survey.import.not_bundle")?;
    crate::json::shaped(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> SurveyBundle {
        let answers = serde_json::json!({ "Q1": true, "Q6": [1, 3], "Q8": 2,
            "Q15": [{ "model": "FortiGate 60F", "count": 2, "version": "7.0.12" }] });
        SurveyBundle {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: "2024-02-20T10:00:00+09:00".into(),
            institution: InstitutionRef {
                name: "さくら記念病院".into(),
                kind: "hospital".into(),
                prefecture: 13,
                medical_code: Some("1311234567".into()),
                beds: Some(320),
            },
            fiscal_year: 2023,
            edition: SurveyEditionRef {
                id: "mhlw-survey-fy2023-hospital".into(),
                title: "令和5年度 病院における医療情報システムのサイバーセキュリティ対策に係る調査".into(),
                fiscal_year: 2023,
            },
            answers: answers.as_object().cloned().unwrap_or_default(),
            confirmed: vec!["Q1".into()],
            sources: BTreeMap::from([("Q8".into(), "バックアップ台帳".into())]),
            complete: false,
        }
    }

    #[test]
    fn a_bundle_reads_back_unchanged_with_or_without_a_bom() {
        let written = write_survey_bundle(&bundle());
        assert_eq!(read_survey_bundle(&written).unwrap(), bundle());
        let with_bom = [b"\xef\xbb\xbf".as_slice(), &written].concat();
        assert_eq!(read_survey_bundle(&with_bom).unwrap(), bundle());
    }

    #[test]
    fn other_formats_versions_and_shapes_are_refused_with_the_reason() {
        let other = br#"{"format":"iryosec-assessment","version":1}"#;
        assert_eq!(read_survey_bundle(other).unwrap_err().key, "survey.import.not_bundle");
        let newer = br#"{"format":"iryosec-survey","version":2}"#;
        assert_eq!(read_survey_bundle(newer).unwrap_err().key, "io.error.bundle_version");
        let mut v = serde_json::to_value(bundle()).unwrap();
        v["surprise"] = serde_json::json!(1);
        let shape = read_survey_bundle(v.to_string().as_bytes()).unwrap_err();
        assert_eq!((shape.key, shape.args[0].1.as_str()), ("io.error.bundle_unknown_field", "surprise"));
        assert_eq!(read_survey_bundle(b"{ not json").unwrap_err().key, "io.error.json");
    }
}

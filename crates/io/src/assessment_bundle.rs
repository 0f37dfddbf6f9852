//! The JSON bundle of an assessment: a complete, versioned, machine-readable export that
//! `iryosec assessment import` reads back without loss, and the exchange format for
//! aggregating many institutions' answers. Documented in `docs/assessment-bundle.md`.

use iryosec_core::Message;
use iryosec_core::assessment::{Answer, AnswerInput, Slot, YesNo};
use iryosec_core::catalog::{Edition, Scope};
use iryosec_core::date::format_iso;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub const FORMAT: &str = "iryosec-assessment";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub institution: InstitutionRef,
    pub fiscal_year: i32,
    pub edition: EditionRef,
    pub vendor_contract: bool,
    pub answers: Vec<BundleAnswer>,
    /// Files attached as evidence: references and hashes (the files themselves stay behind).
    #[serde(default)]
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRef {
    pub key: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionRef {
    pub name: String,
    pub kind: String,
    pub prefecture: u8,
    pub medical_code: Option<String>,
    /// 病床数, for size bands when many institutions' bundles are aggregated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionRef {
    pub id: String,
    pub title: String,
    pub sheet: String,
    pub fiscal_year: i32,
}

/// One answer; `number` and `title` are for people reading the file, `key` and `scope` are
/// what import goes by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleAnswer {
    pub key: String,
    pub number: String,
    pub title: String,
    /// `server`, `terminal`, `network`, `general`, or null for the whole item.
    pub scope: Option<String>,
    /// `yes`, `no` or null.
    pub answer: Option<String>,
    pub confirmed_1: Option<String>,
    pub confirmed_2: Option<String>,
    pub target: Option<String>,
    pub note: String,
    pub confirmed_by: String,
    pub draft: bool,
}

/// Everything the bundle says about the assessment besides its answers.
pub struct BundleHead {
    pub exported_at: String,
    pub institution: InstitutionRef,
    pub fiscal_year: i32,
    pub vendor_contract: bool,
    pub evidence: Vec<EvidenceRef>,
}

pub fn to_bundle(head: BundleHead, edition: &Edition, answers: &BTreeMap<Slot, Answer>) -> Bundle {
    let mut out = Vec::new();
    for item in &edition.items {
        for scope in item.slots() {
            let Some(a) = answers.get(&Slot::new(&item.key, scope)) else { continue };
            out.push(BundleAnswer {
                key: item.key.clone(),
                number: item.number.clone(),
                title: item.title.clone(),
                scope: scope.map(|s| s.code().to_owned()),
                answer: a.value.map(|v| v.code().to_owned()),
                confirmed_1: a.confirmed[0].map(format_iso),
                confirmed_2: a.confirmed[1].map(format_iso),
                target: a.target.map(format_iso),
                note: a.note.clone(),
                confirmed_by: a.confirmed_by.clone(),
                draft: a.draft,
            });
        }
    }
    Bundle {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: head.exported_at,
        institution: head.institution,
        fiscal_year: head.fiscal_year,
        edition: EditionRef {
            id: edition.id.clone(),
            title: edition.title.clone(),
            sheet: edition.sheet.code().to_owned(),
            fiscal_year: edition.fiscal_year,
        },
        vendor_contract: head.vendor_contract,
        answers: out,
        evidence: head.evidence,
    }
}

/// A bundle read from a file, with its answers as inputs to be checked like typed ones.
#[derive(Debug)]
pub struct ReadBundle {
    pub bundle: Bundle,
    pub inputs: Vec<(Slot, AnswerInput, bool)>,
}

/// Reads a bundle; refuses other formats and versions, naming the JSON path of a problem.
pub fn read_bundle(bytes: &[u8]) -> Result<ReadBundle, Message> {
    bundle_from_value(crate::json::parse(bytes)?)
}

/// [`read_bundle`] for JSON already parsed. An item answered twice is refused: which of the two
/// would count is not for the reader to guess.
pub fn bundle_from_value(value: serde_json::Value) -> Result<ReadBundle, Message> {
    crate::json::check_envelope(&value, FORMAT, VERSION, "io.error.bundle_format")?;
    let bundle: Bundle = crate::json::shaped(value)?;
    let mut inputs = Vec::new();
    let mut first_at: HashMap<(String, Option<Scope>), usize> = HashMap::new();
    for (i, a) in bundle.answers.iter().enumerate() {
        let scope = match &a.scope {
            None => None,
            Some(code) => Some(Scope::parse(code).ok_or_else(|| {
                Message::new("io.error.bundle_field")
                    .arg("path", format!("answers[{i}].scope"))
                    .arg("value", code)
            })?),
        };
        if let Some(v) = &a.answer
            && YesNo::parse(v).is_none()
        {
            return Err(Message::new("io.error.bundle_field")
                .arg("path", format!("answers[{i}].answer"))
                .arg("value", v));
        }
        let input = AnswerInput {
            value: a.answer.clone().unwrap_or_default(),
            confirmed_1: a.confirmed_1.clone().unwrap_or_default(),
            confirmed_2: a.confirmed_2.clone().unwrap_or_default(),
            target: a.target.clone().unwrap_or_default(),
            note: a.note.clone(),
            confirmed_by: a.confirmed_by.clone(),
        };
        if let Some(first) = first_at.insert((a.key.clone(), scope), i) {
            return Err(Message::new("io.error.bundle_duplicate")
                .arg("path", format!("answers[{i}]"))
                .arg("first", format!("answers[{first}]"))
                .arg("key", &a.key));
        }
        inputs.push((Slot::new(&a.key, scope), input, a.draft));
    }
    Ok(ReadBundle { bundle, inputs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use iryosec_core::catalog::builtin::edition;
    use time::macros::date;

    fn sample() -> Bundle {
        let e = edition("mhlw-checklist-r7-hospital").unwrap();
        let mut answers = BTreeMap::new();
        answers.insert(
            Slot::new("access.logs", Some(Scope::Server)),
            Answer {
                value: Some(YesNo::No),
                confirmed: [Some(date!(2025 - 06 - 02)), None],
                target: Some(date!(2026 - 03 - 31)),
                note: "導入予定".into(),
                confirmed_by: "情報 太郎".into(),
                draft: false,
            },
        );
        let head = BundleHead {
            exported_at: "2025-07-01T09:00:00+09:00".into(),
            institution: InstitutionRef {
                name: "さくら記念病院".into(),
                kind: "hospital".into(),
                prefecture: 13,
                medical_code: None,
                beds: Some(120),
            },
            fiscal_year: 2025,
            vendor_contract: true,
            evidence: vec![EvidenceRef {
                key: "access.logs".into(),
                file_name: "ログ.pdf".into(),
                size: 10,
                sha256: "ab".repeat(32),
                uploaded_at: "2025-06-01".into(),
            }],
        };
        to_bundle(head, e, &answers)
    }

    #[test]
    fn a_bundle_reads_back_as_what_was_written() {
        let b = sample();
        let text = serde_json::to_string_pretty(&b).unwrap();
        assert!(text.contains("\"target\": \"2026-03-31\""));
        let read = read_bundle(text.as_bytes()).unwrap();
        assert_eq!(read.bundle, b);
        assert_eq!(read.inputs[0].0, Slot::new("access.logs", Some(Scope::Server)));
        assert_eq!(read.inputs[0].1.target, "2026-03-31");
    }

    #[test]
    fn other_formats_versions_and_fields_are_refused() {
        let mut v = serde_json::to_value(sample()).unwrap();
        v["version"] = 2.into();
        assert_eq!(
            read_bundle(v.to_string().as_bytes()).err().map(|m| m.key),
            Some("io.error.bundle_version")
        );
        v["version"] = 1.into();
        v["format"] = "something-else".into();
        assert_eq!(
            read_bundle(v.to_string().as_bytes()).err().map(|m| m.key),
            Some("io.error.bundle_format")
        );
        v["format"] = FORMAT.into();
        v["answers"][0]["scope"] = "printer".into();
        let err = read_bundle(v.to_string().as_bytes()).unwrap_err();
        assert_eq!((err.key, err.args[0].1.as_str()), ("io.error.bundle_field", "answers[0].scope"));
        v["answers"][0]["scope"] = "server".into();
        v["surprise"] = true.into();
        assert_eq!(
            read_bundle(v.to_string().as_bytes()).err().map(|m| m.key),
            Some("io.error.bundle_unknown_field")
        );
        assert_eq!(read_bundle(b"{not json").err().map(|m| m.key), Some("io.error.json"));
        v.as_object_mut().unwrap().remove("surprise");
        assert!(read_bundle(format!("\u{feff}{v}").as_bytes()).is_ok(), "a byte order mark is fine");
        let answer = v["answers"][0].clone();
        v["answers"] = serde_json::Value::Array(vec![answer; 200]);
        let twice = read_bundle(v.to_string().as_bytes()).unwrap_err();
        assert_eq!(
            (twice.key, twice.args[0].1.as_str(), twice.args[1].1.as_str()),
            ("io.error.bundle_duplicate", "answers[1]", "answers[0]")
        );
    }
}

//! Answers to a role list: ○, × or わからない per item with an optional note, and who answered a
//! staff check — a department and a job role, never a name.

use super::model::RoleList;
use crate::message::{FieldError, Message};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One item's mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// ○
    Yes,
    /// ×
    No,
    /// わからない: counted on its own, never as ○ or ×.
    Unknown,
}

impl Mark {
    pub const ALL: [Mark; 3] = [Mark::Yes, Mark::No, Mark::Unknown];

    pub fn code(self) -> &'static str {
        match self {
            Mark::Yes => "yes",
            Mark::No => "no",
            Mark::Unknown => "unknown",
        }
    }

    /// A code, or the mark as people write it on paper or in Excel.
    pub fn parse(input: &str) -> Option<Mark> {
        match crate::text::to_half_width(input).trim() {
            "yes" | "○" | "〇" | "o" | "O" | "はい" => Some(Mark::Yes),
            "no" | "×" | "x" | "X" | "いいえ" => Some(Mark::No),
            "unknown" | "わからない" | "分からない" | "?" => Some(Mark::Unknown),
            _ => None,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Yes => "○",
            Mark::No => "×",
            Mark::Unknown => "わからない",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Mark::Yes => "roles.mark.yes",
            Mark::No => "roles.mark.no",
            Mark::Unknown => "roles.mark.unknown",
        }
    }
}

/// One item's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAnswer {
    pub mark: Mark,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Answers by item key.
pub type Answers = BTreeMap<String, ItemAnswer>;

/// The longest note, in characters.
pub const NOTE_MAX: usize = 500;

/// One item as a form or a sheet gives it: the mark as typed (empty: not answered) and a note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkInput {
    pub key: String,
    pub mark: String,
    pub note: String,
}

/// Checks answers against the list: every key one of its items, every mark readable, notes
/// within bounds; with `complete`, every item answered. Every problem names the item's number.
pub fn check_answers(
    list: &RoleList,
    inputs: &[MarkInput],
    complete: bool,
) -> Result<Answers, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut answers = Answers::new();
    for input in inputs {
        let Some(item) = list.item(input.key.trim()) else {
            errors.push(FieldError::new(
                "answers",
                Message::new("roles.error.unknown_item").arg("key", input.key.trim()),
            ));
            continue;
        };
        let at = |key: &'static str| Message::new(key).arg("number", &item.number);
        let note = input.note.trim();
        if note.chars().count() > NOTE_MAX {
            errors.push(FieldError::new("note", at("roles.error.note_too_long").arg("max", NOTE_MAX)));
        }
        match input.mark.trim() {
            "" if note.is_empty() => {}
            "" => errors.push(FieldError::new("mark", at("roles.error.note_without_mark"))),
            raw => match Mark::parse(raw) {
                Some(mark) => {
                    answers.insert(item.key.clone(), ItemAnswer { mark, note: note.to_owned() });
                }
                None => errors.push(FieldError::new("mark", at("roles.error.mark").arg("value", raw))),
            },
        }
    }
    if complete {
        let missing: Vec<&str> =
            list.items.iter().filter(|i| !answers.contains_key(&i.key)).map(|i| i.number.as_str()).collect();
        if !missing.is_empty() {
            errors.push(FieldError::new(
                "answers",
                Message::new("roles.error.unanswered").arg("numbers", missing.join("、")),
            ));
        }
    }
    if errors.is_empty() { Ok(answers) } else { Err(errors) }
}

/// The job role a staff answer is counted under. Broad on purpose: small groups would point
/// at people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobRole {
    /// 医師・歯科医師
    Doctor,
    /// 看護職員
    Nurse,
    /// 薬剤師
    Pharmacist,
    /// 医療技術職（検査・放射線・リハビリテーションなど）
    MedicalTechnical,
    /// 事務職員
    Clerical,
    /// その他
    Other,
}

impl JobRole {
    pub const ALL: [JobRole; 6] = [
        JobRole::Doctor,
        JobRole::Nurse,
        JobRole::Pharmacist,
        JobRole::MedicalTechnical,
        JobRole::Clerical,
        JobRole::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            JobRole::Doctor => "doctor",
            JobRole::Nurse => "nurse",
            JobRole::Pharmacist => "pharmacist",
            JobRole::MedicalTechnical => "medical_technical",
            JobRole::Clerical => "clerical",
            JobRole::Other => "other",
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            JobRole::Doctor => "医師・歯科医師",
            JobRole::Nurse => "看護職員",
            JobRole::Pharmacist => "薬剤師",
            JobRole::MedicalTechnical => "医療技術職",
            JobRole::Clerical => "事務職員",
            JobRole::Other => "その他",
        }
    }

    /// A code or the Japanese name.
    pub fn parse(input: &str) -> Option<JobRole> {
        let s = input.trim();
        JobRole::ALL.into_iter().find(|r| r.code() == s || r.name_ja() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            JobRole::Doctor => "roles.job.doctor",
            JobRole::Nurse => "roles.job.nurse",
            JobRole::Pharmacist => "roles.job.pharmacist",
            JobRole::MedicalTechnical => "roles.job.medical_technical",
            JobRole::Clerical => "roles.job.clerical",
            JobRole::Other => "roles.job.other",
        }
    }
}

/// The longest department name, in characters.
pub const DEPARTMENT_MAX: usize = 40;
/// The most departments a code may offer.
pub const DEPARTMENTS_MAX: usize = 50;

/// Departments as an administrator types them (one per line or separated by 、), trimmed, each
/// once, in the order given.
pub fn parse_departments(input: &str) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for name in input.split(['\n', '、', ',']).map(str::trim).filter(|n| !n.is_empty()) {
        if name.chars().count() > DEPARTMENT_MAX {
            return Err(FieldError::new(
                "departments",
                Message::new("roles.error.department_too_long").arg("name", name).arg("max", DEPARTMENT_MAX),
            ));
        }
        if !out.iter().any(|d| d == name) {
            out.push(name.to_owned());
        }
    }
    if out.len() > DEPARTMENTS_MAX {
        return Err(FieldError::new(
            "departments",
            Message::new("roles.error.too_many_departments").arg("max", DEPARTMENTS_MAX),
        ));
    }
    Ok(out)
}

/// Who answered a staff check, as far as it is ever recorded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Respondent {
    /// One of the departments the code offers; empty when it offers none.
    pub department: String,
    pub job_role: JobRole,
}

/// Checks the department and job role given with a staff answer against what the code offers.
pub fn check_respondent(
    departments: &[String],
    department: &str,
    job_role: &str,
) -> Result<Respondent, Vec<FieldError>> {
    let mut errors = Vec::new();
    let department = department.trim();
    if departments.is_empty() && !department.is_empty()
        || !departments.is_empty() && !departments.iter().any(|d| d == department)
    {
        errors.push(FieldError::new("department", Message::new("error.choose_one")));
    }
    let role = JobRole::parse(job_role);
    if role.is_none() {
        errors.push(FieldError::new("job_role", Message::new("error.choose_one")));
    }
    match role {
        Some(job_role) if errors.is_empty() => Ok(Respondent { department: department.to_owned(), job_role }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::builtin;

    fn input(key: &str, mark: &str, note: &str) -> MarkInput {
        MarkInput { key: key.into(), mark: mark.into(), note: note.into() }
    }

    #[test]
    fn marks_read_as_people_write_them() {
        assert_eq!(Mark::parse("○"), Some(Mark::Yes));
        assert_eq!(Mark::parse("×"), Some(Mark::No));
        assert_eq!(Mark::parse("Ｘ"), Some(Mark::No));
        assert_eq!(Mark::parse("わからない"), Some(Mark::Unknown));
        assert_eq!(Mark::parse("たぶん"), None);
    }

    #[test]
    fn answers_are_checked_against_the_list_naming_the_item() {
        let list = builtin::list("mhlw-r3-executive").unwrap();
        let ok = check_answers(list, &[input("policy", "○", ""), input("audit", "", "")], false).unwrap();
        assert_eq!(ok.len(), 1, "an item left blank is not answered");

        let errors = check_answers(
            list,
            &[input("policy", "たぶん", ""), input("audit", "", "メモ"), input("nothing", "○", "")],
            false,
        )
        .unwrap_err();
        let found: Vec<_> =
            errors.iter().map(|e| (e.field, e.message.key, e.message.args[0].1.as_str())).collect();
        assert_eq!(
            found,
            [
                ("mark", "roles.error.mark", "1"),
                ("mark", "roles.error.note_without_mark", "5"),
                ("answers", "roles.error.unknown_item", "nothing"),
            ]
        );
    }

    #[test]
    fn a_staff_answer_must_be_complete() {
        let list = builtin::list("iryosec-clinical").unwrap();
        let some: Vec<MarkInput> = list.items.iter().skip(2).map(|i| input(&i.key, "○", "")).collect();
        let errors = check_answers(list, &some, true).unwrap_err();
        assert_eq!(errors[0].message.key, "roles.error.unanswered");
        assert_eq!(errors[0].message.args[0].1, "1、2");
    }

    #[test]
    fn a_respondent_is_a_department_the_code_offers_and_a_job_role() {
        let departments = parse_departments("看護部\n医局、看護部\n").unwrap();
        assert_eq!(departments, ["看護部", "医局"]);
        let r = check_respondent(&departments, "医局", "医師・歯科医師").unwrap();
        assert_eq!((r.department.as_str(), r.job_role), ("医局", JobRole::Doctor));
        let errors = check_respondent(&departments, "山田", "院長").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["department", "job_role"]);
        assert!(check_respondent(&[], "", "nurse").is_ok(), "a code without departments asks for none");
        assert!(check_respondent(&[], "看護部", "nurse").is_err());
        let long = "部".repeat(DEPARTMENT_MAX + 1);
        assert_eq!(parse_departments(&long).unwrap_err().message.key, "roles.error.department_too_long");
    }
}

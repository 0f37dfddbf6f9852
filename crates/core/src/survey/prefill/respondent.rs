//! Q1, who answers the survey, proposed from the institution and the contact chart.

use super::Proposal;
use crate::register::Registers;
use crate::survey::answer::{Answer, Row};
use crate::survey::model::{AnswerType, Edition};

/// The respondent table (Q1 of both hospital surveys: 氏名, 法人名, 病院名, 連絡先, one row, every
/// column required), filled in as far as iryosec knows it: the hospital's name from the
/// institution, the name and number of the contact chart's システム担当 (or else the security
/// officer), who usually answers the survey. 法人名 is not on record; the source says what is
/// left for the person, so the page shows it beside the row.
pub fn respondent(edition: &Edition, institution_name: &str, registers: &Registers) -> Option<Proposal> {
    let q = edition.question("Q1")?;
    let AnswerType::Table { columns, .. } = &q.answer else { return None };
    let has = |id: &str| columns.iter().any(|c| c.id == id);
    if !(has("name") && has("hospital") && has("contact")) || institution_name.trim().is_empty() {
        return None;
    }
    let mut row = Row::new();
    row.insert("hospital".into(), Answer::Text(institution_name.trim().to_owned()));
    let mut from = vec!["病院名は医療機関情報".to_owned()];
    let person = ["system_admin", "security_officer"].iter().find_map(|role| {
        registers.contacts.iter().find(|c| c.text("role") == *role && !c.text("name").is_empty())
    });
    let mut missing: Vec<&str> =
        columns.iter().filter(|c| c.id == "corporation").map(|c| c.label.as_str()).collect();
    match person {
        Some(p) => {
            row.insert("name".into(), Answer::Text(p.text("name").to_owned()));
            from.push(format!("氏名は連絡体制図（{}）", p.text("name")));
            match p.text("phone") {
                "" => missing.push("連絡先"),
                phone => {
                    row.insert("contact".into(), Answer::Text(phone.to_owned()));
                }
            }
        }
        None => missing.extend(["氏名", "連絡先"]),
    }
    let mut source = format!("{}から", from.join("、"));
    if !missing.is_empty() {
        source.push_str(&format!("。{}は記録がないため、記入してください", missing.join("・")));
    }
    Some(Proposal { id: q.id.clone(), answer: Answer::Table(vec![row]), source })
}

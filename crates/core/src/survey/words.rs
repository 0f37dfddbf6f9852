//! An answer as a person copies it into the portal: はい／いいえ, the option's number and label
//! as printed, a number with its unit, a table one row a line — after its answer in words
//! where the question also asks whether there is anything to list (「使用している」), and only
//! those words for a table without rows (「使用していない」).

use super::answer::Answer;
use super::model::{AnswerType, Question};

/// The answer in words, for the transcription sheet and the year-over-year view.
pub fn answer_words(q: &Question, a: &Answer) -> String {
    words(&q.answer, a)
}

fn words(ty: &AnswerType, a: &Answer) -> String {
    let option = |n: &u32| match ty.option(*n) {
        Some(c) => format!("{}. {}", c.number, c.label),
        None => n.to_string(),
    };
    match a {
        Answer::YesNo(true) => "はい".to_owned(),
        Answer::YesNo(false) => "いいえ".to_owned(),
        Answer::Choice(n) => option(n),
        Answer::Choices(ns) => ns.iter().map(option).collect::<Vec<_>>().join("、"),
        Answer::Text(s) => s.clone(),
        Answer::Number(n) => match ty {
            AnswerType::Number { unit, .. } if !unit.is_empty() => format!("{n} {unit}"),
            _ => n.to_string(),
        },
        Answer::Table(rows) => table_words(ty, rows),
    }
}

fn table_words(ty: &AnswerType, rows: &[super::answer::Row]) -> String {
    let (when_empty, when_rows) = match ty {
        AnswerType::Table { when_empty, when_rows, .. } => (when_empty.as_str(), when_rows.as_str()),
        _ => ("", ""),
    };
    if rows.is_empty() {
        return when_empty.to_owned();
    }
    let lines = rows.iter().map(|row| {
        ty.columns()
            .iter()
            .filter_map(|c| row.get(&c.id).map(|cell| format!("{}: {}", c.label, words(&c.answer, cell))))
            .collect::<Vec<_>>()
            .join(" / ")
    });
    std::iter::once(when_rows.to_owned())
        .filter(|w| !w.is_empty())
        .chain(lines)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::builtin::edition;

    #[test]
    fn answers_read_as_printed() {
        let e = edition("mhlw-survey-fy2023-hospital").unwrap();
        let q = |id: &str| e.question(id).unwrap();
        assert_eq!(answer_words(q("Q2"), &Answer::YesNo(false)), "いいえ");
        assert_eq!(answer_words(q("Q12-2"), &Answer::Choice(2)), "2. 2つ");
        assert_eq!(answer_words(q("Q6"), &Answer::Choices(vec![1, 2])), "1. 自医療機関、2. 事業者");
        let row = [("name", "山田"), ("hospital", "さくら病院")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Answer::Text(v.to_owned())))
            .collect();
        assert_eq!(answer_words(q("Q1"), &Answer::Table(vec![row])), "氏名: 山田 / 病院名: さくら病院");
    }
}

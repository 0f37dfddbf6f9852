//! The shape of a survey edition: its questions in the printed order, what kind of answer
//! each takes, and when each is shown.

use super::condition::Condition;
use serde::{Deserialize, Serialize};

pub const FORMAT_VERSION: u32 = 1;
pub const KIND_SURVEY: &str = "survey";

/// One option of a single or multiple choice, numbered as printed (① → 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub number: u32,
    pub label: String,
    /// Chosen alone or not at all ("相談先がない"); only in multiple choice.
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive: bool,
}

/// One column of a repeating table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// The key of the cell in each row of an answer file (`maker`).
    pub id: String,
    pub label: String,
    /// Any answer type except a table.
    pub answer: AnswerType,
    /// A row without this cell is an error.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerType {
    /// はい／いいえ: `true` / `false` in an answer file.
    YesNo,
    /// One option: its number.
    Single { options: Vec<Choice> },
    /// One or more options: an array of their numbers.
    Multiple { options: Vec<Choice> },
    /// Free text.
    Text {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_chars: Option<usize>,
    },
    /// A whole number, optionally bounded.
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        unit: String,
    },
    /// Rows of cells: an array of objects keyed by column id.
    Table {
        columns: Vec<Column>,
        #[serde(default)]
        min_rows: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_rows: Option<usize>,
        /// What a table without rows answers, in words (「使用していない」), where the question
        /// also asks whether there is anything to list. Needs `min_rows = 0`.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        when_empty: String,
        /// What a table with rows answers before them, in words (「使用している」).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        when_rows: String,
    },
}

impl AnswerType {
    pub fn code(&self) -> &'static str {
        match self {
            AnswerType::YesNo => "yes_no",
            AnswerType::Single { .. } => "single",
            AnswerType::Multiple { .. } => "multiple",
            AnswerType::Text { .. } => "text",
            AnswerType::Number { .. } => "number",
            AnswerType::Table { .. } => "table",
        }
    }

    /// The options of a single or multiple choice; empty for the other kinds.
    pub fn options(&self) -> &[Choice] {
        match self {
            AnswerType::Single { options } | AnswerType::Multiple { options } => options,
            _ => &[],
        }
    }

    pub fn option(&self, number: u32) -> Option<&Choice> {
        self.options().iter().find(|c| c.number == number)
    }

    /// The columns of a table; empty for the other kinds.
    pub fn columns(&self) -> &[Column] {
        match self {
            AnswerType::Table { columns, .. } => columns,
            _ => &[],
        }
    }

    pub fn column(&self, id: &str) -> Option<&Column> {
        self.columns().iter().find(|c| c.id == id)
    }
}

/// One question, in the order the survey prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// As printed (`Q6-1`, `Q13-1`); a question the survey does not number has an id of
    /// its own (`pre-Q14`) and `printed = false`.
    pub id: String,
    /// The survey's question, worded as printed so answers match the portal.
    pub text: String,
    /// What the question asks for and how to answer it, in our own words.
    #[serde(default)]
    pub help: String,
    /// The guideline chapters or notices it rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guideline: Vec<String>,
    pub answer: AnswerType,
    /// Asked only when this holds for the earlier answers; always asked without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// False for a question the survey does not print, asked to follow its branching.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub printed: bool,
    /// How the answer guide is read where it is unclear or its passages differ.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reading: String,
}

/// A whole survey edition (one fiscal year's survey of one kind of institution).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Version of this file format.
    pub format: u32,
    pub id: String,
    pub kind: String,
    pub title: String,
    /// The fiscal year the survey belongs to (2022 = 令和4年度).
    pub fiscal_year: i32,
    /// The day the ministry issued it (YYYY-MM-DD).
    pub issued: String,
    /// The answering period, if known (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub period_start: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub period_end: String,
    /// Where the questions and the branching come from.
    #[serde(default)]
    pub source: String,
    /// Remarks on the edition as a whole (shown to people).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of questions a corrected edition no longer asks. Answers saved for them earlier are
    /// ignored rather than reported as answers to unknown questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<String>,
    pub questions: Vec<Question>,
}

impl Edition {
    /// The questions in the printed order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter()
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The position of a question in the printed order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    /// Questions the survey prints (not iryosec's own gate questions).
    pub fn printed_count(&self) -> usize {
        self.questions.iter().filter(|q| q.printed).count()
    }

    pub fn is_retired(&self, id: &str) -> bool {
        self.retired.iter().any(|r| r == id)
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

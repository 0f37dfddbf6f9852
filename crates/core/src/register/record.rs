//! One entry of a register, as stored: a map from field code to a typed JSON value (dates as
//! `YYYY-MM-DD`, yes/no as booleans, choices as their codes, lists as arrays). Empty fields are
//! absent. Reading from text (a form, a spreadsheet row) checks every field and reports every
//! problem at once.

use super::Register;
use super::spec::{Choice, Field, FieldSpec, Input};
use crate::date::{format_iso, parse_date, parse_record_date};
use crate::ledger::parse_bool;
use crate::message::{FieldError, Message};
use crate::text::to_half_width;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::Date;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Record(Map<String, Value>);

const LONG_MAX: usize = 2000;
const LIST_MAX: usize = 200;

impl Record {
    pub fn text(&self, field: Field) -> &str {
        self.0.get(field.code()).and_then(Value::as_str).unwrap_or("")
    }

    pub fn date(&self, field: Field) -> Option<Date> {
        parse_date(self.0.get(field.code())?.as_str()?).ok()
    }

    pub fn flag(&self, field: Field) -> Option<bool> {
        self.0.get(field.code())?.as_bool()
    }

    pub fn number(&self, field: Field) -> Option<i64> {
        self.0.get(field.code())?.as_i64()
    }

    pub fn list(&self, field: Field) -> Vec<&str> {
        match self.0.get(field.code()) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// A field as a person reads and types it: dates `YYYY-MM-DD`, はい/いいえ, the choice's
    /// Japanese name, list items joined with 、.
    pub fn display(&self, spec: &FieldSpec) -> String {
        let Some(v) = self.0.get(spec.code) else { return String::new() };
        match (spec.input, v) {
            (Input::YesNo, Value::Bool(b)) => if *b { "はい" } else { "いいえ" }.to_owned(),
            (Input::Choice(all), Value::String(code)) => {
                Choice::by_code(all, code).map_or(code.clone(), |c| c.ja.to_owned())
            }
            (Input::List, Value::Array(_)) => self.list(spec.field()).join("、"),
            (_, Value::String(s)) => s.clone(),
            (_, Value::Number(n)) => n.to_string(),
            (_, other) => other.to_string(),
        }
    }

    /// The record's identity within its register: its key fields joined with ／.
    pub fn key(&self, register: Register) -> String {
        let specs = register.fields();
        register
            .key_fields()
            .iter()
            .filter_map(|code| specs.iter().find(|s| s.code == *code))
            .map(|s| self.display(s))
            .collect::<Vec<_>>()
            .join("／")
    }

    /// Lower-cased text of every field, for the list's search box.
    pub fn search_text(&self, register: Register) -> String {
        register
            .fields()
            .iter()
            .filter(|s| !matches!(s.input, Input::Long))
            .map(|s| self.display(s).to_lowercase())
            .collect::<Vec<_>>()
            .join("\u{1f}")
    }
}

/// Reads a record of `register` from text fields, by field code; every problem is reported.
pub fn parse_record(register: Register, get: &dyn Fn(&str) -> String) -> Result<Record, Vec<FieldError>> {
    let mut record = Map::new();
    let mut problems = Vec::new();
    for spec in register.fields() {
        let raw = get(spec.code);
        let raw = raw.trim();
        if raw.is_empty() {
            if spec.required {
                problems.push(FieldError::new(spec.code, Message::new("error.required")));
            }
            continue;
        }
        match parse_value(spec, raw) {
            Ok(Some(value)) => {
                record.insert(spec.code.to_owned(), value);
            }
            Ok(None) if spec.required => {
                problems.push(FieldError::new(spec.code, Message::new("error.required")));
            }
            Ok(None) => {}
            Err(message) => problems.push(FieldError::new(spec.code, message)),
        }
    }
    if problems.is_empty() { Ok(Record(record)) } else { Err(problems) }
}

fn parse_value(spec: &FieldSpec, raw: &str) -> Result<Option<Value>, Message> {
    let too_long = |max: usize| Message::new("error.too_long").arg("max", max);
    match spec.input {
        Input::Text(max) => {
            if raw.chars().count() > max {
                return Err(too_long(max));
            }
            Ok(Some(Value::String(raw.to_owned())))
        }
        Input::Long => {
            if raw.chars().count() > LONG_MAX {
                return Err(too_long(LONG_MAX));
            }
            Ok(Some(Value::String(raw.to_owned())))
        }
        Input::Date => parse_record_date(raw).map(|d| Some(Value::String(format_iso(d)))),
        Input::YesNo => parse_bool(raw)
            .map(|b| b.map(Value::Bool))
            .map_err(|_| Message::new("ledger.error.yes_no").arg("value", raw)),
        Input::Number(min, max) => {
            let digits = to_half_width(raw).replace([',', ' '], "");
            match digits.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(Value::from(n))),
                _ => Err(Message::new("register.error.number").arg("min", min).arg("max", max)),
            }
        }
        Input::Choice(all) => match Choice::find(all, raw) {
            Some(c) => Ok(Some(Value::String(c.code.to_owned()))),
            None => {
                let allowed: Vec<&str> = all.iter().map(|c| c.ja).collect();
                Err(Message::new("ledger.error.choice").arg("value", raw).arg("allowed", allowed.join("、")))
            }
        },
        Input::List => {
            let items = split_list(raw);
            if items.len() > LIST_MAX {
                return Err(Message::new("register.error.list_too_long").arg("max", LIST_MAX));
            }
            Ok((!items.is_empty()).then(|| Value::from(items)))
        }
    }
}

/// `SV-01、SV-02, PC-1` → the names, trimmed, without empties or repeats.
pub fn split_list(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in raw.split(['、', ',', '，', '\n', ';', '；']) {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    out
}

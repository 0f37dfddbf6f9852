//! The audit log in a person's words: what each entry's stored before/after means, as lines of
//! (label, before, after) made of catalog keys and typed values. The audit page and every
//! history (registers, ledger, account reviews, the home page) show entries through this one
//! place, so a field name, an enum code or a JSON document never reaches the screen: roles,
//! institution kinds, incident steps and decisions by their labels, prefectures by name, dates
//! in the person's 和暦/西暦 style (the web layer formats a [`Shown::Day`]), and a checklist
//! save as one line per item, scope and field (「2-⑨ サーバ 回答: いいえ → はい」).

use crate::App;
use crate::error::AppResult;
use iryosec_core::InstitutionId;
use iryosec_core::audit::{AuditAction, AuditEntry};
use iryosec_core::prefecture::Prefecture;
use serde_json::{Map, Value};
use std::collections::HashMap;
use time::Date;

/// One piece of what a line shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// A catalog key, shown in the person's language.
    Key(String),
    /// Text as it was typed (a name, a note, a number).
    Text(String),
    /// A day, in the person's date style.
    Day(Date),
    Prefecture(Prefecture),
    /// A number of minutes (incident targets).
    Minutes(i64),
    /// A fiscal year, in the person's style (令和8年度 or 2026年度).
    Year(i32),
    /// A list or document summarised by its size ("3件").
    Count(usize),
    /// Nothing (a field left empty): "—".
    Empty,
}

/// One line of an entry's details: label parts shown side by side, and the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailLine {
    pub label: Vec<Shown>,
    /// `None` for a new record (only the value is shown).
    pub before: Option<Shown>,
    pub after: Shown,
}

/// An entry ready to show: what it was about and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDetails {
    /// Who did it: a login id as typed, or the command line or first-run setup in words.
    pub actor: Vec<Shown>,
    pub target: Vec<Shown>,
    pub lines: Vec<DetailLine>,
}

/// An entry with its details in words: what the audit page and every history show.
#[derive(Debug, Clone)]
pub struct DescribedEntry {
    pub entry: AuditEntry,
    pub details: EntryDetails,
}

/// The printed numbers of checklist items by key (`access.remove_unneeded_accounts` → `2-⑤`),
/// per assessment; an item not found shows no number rather than its key.
pub type ItemNumbers = HashMap<i64, HashMap<String, String>>;

/// Fields kept for verification, not for reading.
const HIDDEN_FIELDS: [&str; 2] = ["hash", "sha256"];

impl App {
    /// A page of audit entries of one institution, each with its details.
    pub async fn described(
        &self,
        institution: InstitutionId,
        entries: Vec<AuditEntry>,
    ) -> AppResult<Vec<DescribedEntry>> {
        let numbers = self.item_numbers(institution, &entries).await?;
        Ok(entries
            .into_iter()
            .map(|entry| DescribedEntry { details: describe(&entry, &numbers), entry })
            .collect())
    }

    /// The item numbers of the assessments the entries speak of (each edition read once).
    async fn item_numbers(
        &self,
        institution: InstitutionId,
        entries: &[AuditEntry],
    ) -> AppResult<ItemNumbers> {
        let mut numbers = ItemNumbers::new();
        let mut by_edition: HashMap<String, HashMap<String, String>> = HashMap::new();
        for id in entries.iter().filter_map(assessment_of) {
            if numbers.contains_key(&id) {
                continue;
            }
            let Some(assessment) = self.store.assessment(institution, id).await? else { continue };
            if !by_edition.contains_key(&assessment.edition_id) {
                let items = match self.edition(&assessment.edition_id).await {
                    Ok(info) => {
                        info.edition.items.iter().map(|i| (i.key.clone(), i.number.clone())).collect()
                    }
                    Err(_) => HashMap::new(),
                };
                by_edition.insert(assessment.edition_id.clone(), items);
            }
            numbers.insert(id, by_edition.get(&assessment.edition_id).cloned().unwrap_or_default());
        }
        Ok(numbers)
    }
}

/// The assessment whose checklist items an entry names: the entry's target for answers and
/// suggestion reviews, the `assessment` field for evidence.
fn assessment_of(e: &AuditEntry) -> Option<i64> {
    match AuditAction::parse(&e.action)? {
        AuditAction::AnswersSaved | AuditAction::SuggestionReviewed if e.target_kind == "assessment" => {
            e.target_id.as_deref()?.parse().ok()
        }
        AuditAction::EvidenceAdded | AuditAction::EvidenceDeleted => {
            let json = e.after_json.as_deref().or(e.before_json.as_deref())?;
            serde_json::from_str::<Value>(json).ok()?.get("assessment")?.as_i64()
        }
        _ => None,
    }
}

/// One entry in words.
pub fn describe(e: &AuditEntry, numbers: &ItemNumbers) -> EntryDetails {
    let parse = |s: Option<&str>| s.and_then(|s| serde_json::from_str::<Value>(s).ok());
    let (before, after) = (parse(e.before_json.as_deref()), parse(e.after_json.as_deref()));
    let items = assessment_of(e).and_then(|id| numbers.get(&id));
    let no_items = HashMap::new();
    let items = items.unwrap_or(&no_items);
    let lines = match (AuditAction::parse(&e.action), &before, &after) {
        (Some(AuditAction::AnswersSaved), _, Some(Value::Array(after))) => {
            answer_lines(before.as_ref().and_then(Value::as_array), after, items)
        }
        (Some(AuditAction::IncidentTargetsSaved), _, Some(Value::Object(after))) => {
            target_lines(before.as_ref().and_then(Value::as_object), after)
        }
        (_, _, Some(Value::Object(after))) => {
            field_lines(&e.target_kind, before.as_ref().and_then(Value::as_object), after, items)
        }
        (_, Some(Value::Object(gone)), None) => removed_lines(&e.target_kind, gone, items),
        _ => Vec::new(),
    };
    EntryDetails { actor: actor(e), target: target(e), lines }
}

/// Who did it, in words where the log keeps a code (`cli:demo`, `setup`).
fn actor(e: &AuditEntry) -> Vec<Shown> {
    match e.actor_login.strip_prefix("cli:") {
        Some(command) => vec![Shown::Key("audit.by.cli".to_owned()), Shown::Text(command.to_owned())],
        None if e.actor_login == "setup" && e.actor_user_id.is_none() => {
            vec![Shown::Key("audit.by.setup".to_owned())]
        }
        None => vec![Shown::Text(e.actor_login.clone())],
    }
}

/// What the entry is about: the kind of record by name, and its number.
fn target(e: &AuditEntry) -> Vec<Shown> {
    let kind = match iryosec_core::register::Register::parse(&e.target_kind) {
        Some(_) => format!("register.{}.title", e.target_kind),
        None => format!("audit.record.{}", e.target_kind),
    };
    let mut shown = vec![Shown::Key(kind)];
    // A failed login's target is the login id that was tried, shown as typed.
    shown.extend(e.target_id.as_deref().map(|id| target_named(&e.target_kind, id)).unwrap_or_default());
    shown
}

/// A target named by what people call it: a survey, edition or role list by its title, a
/// role check by its 年度 and audience; any other target by its number or id as stored.
fn target_named(kind: &str, id: &str) -> Vec<Shown> {
    use iryosec_core::roles::{Audience, builtin as roles};
    let titled = |title: Option<&String>| vec![Shown::Text(title.cloned().unwrap_or_else(|| id.to_owned()))];
    match kind {
        "survey" => {
            let (year, edition) = id.split_once('/').unwrap_or(("", id));
            let title = iryosec_core::survey::builtin::edition(edition).map(|e| &e.title);
            let mut shown: Vec<Shown> = year.parse::<i32>().ok().map(Shown::Year).into_iter().collect();
            shown.extend(titled(title));
            shown
        }
        "catalog_edition" => titled(iryosec_core::catalog::builtin::edition(id).map(|e| &e.title)),
        "role_list" => titled(roles::list(id).map(|l| &l.title)),
        "role_answers" => match id.split_once(':') {
            Some((year, audience)) => {
                let year = year.parse::<i32>().map_or(Shown::Text(year.to_owned()), Shown::Year);
                let audience = Audience::parse(audience).map_or_else(
                    || Shown::Text(audience.to_owned()),
                    |a| Shown::Key(a.label_key().to_owned()),
                );
                vec![year, audience]
            }
            None => vec![Shown::Text(id.to_owned())],
        },
        _ => vec![Shown::Text(id.to_owned())],
    }
}

/// A field's label key: the ledger's and registers' form labels, otherwise the audit log's own.
pub fn field_key(target_kind: &str, field: &str) -> String {
    use iryosec_core::register::Register;
    if target_kind == "asset" && iryosec_core::ledger::Field::parse(field).is_some() {
        return format!("ledger.field.{field}");
    }
    match Register::parse(target_kind) {
        Some(register) if register.field(field).is_some() => format!("register.{target_kind}.field.{field}"),
        _ => format!("audit.field.{field}"),
    }
}

fn is_blank(v: Option<&Value>) -> bool {
    v.is_none_or(|v| v.is_null() || v.as_str() == Some(""))
}

/// "label: A → B" for each field that differs; "label: value" for a new record. Records may be
/// stored without their empty fields, so a field left out counts as empty.
fn field_lines(
    kind: &str,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
    items: &HashMap<String, String>,
) -> Vec<DetailLine> {
    let gone = before.into_iter().flatten().filter(|(k, _)| !after.contains_key(*k)).map(|(k, _)| k);
    after
        .keys()
        .chain(gone)
        .filter(|k| !HIDDEN_FIELDS.contains(&k.as_str()))
        .filter_map(|k| {
            let (old, new) = (before.and_then(|b| b.get(k)), after.get(k));
            if old == new
                || (before.is_some() && is_blank(old) && is_blank(new))
                || (before.is_none() && is_blank(new))
            {
                return None;
            }
            let shown = |v: Option<&Value>| v.map_or(Shown::Empty, |v| value(kind, k, v, items));
            Some(DetailLine {
                label: vec![Shown::Key(field_key(kind, k))],
                before: before.map(|_| shown(old)),
                after: shown(new),
            })
        })
        .collect()
}

/// A record removed: what it held, each field going to nothing.
fn removed_lines(kind: &str, gone: &Map<String, Value>, items: &HashMap<String, String>) -> Vec<DetailLine> {
    gone.iter()
        .filter(|(k, v)| !HIDDEN_FIELDS.contains(&k.as_str()) && !is_blank(Some(v)))
        .map(|(k, v)| DetailLine {
            label: vec![Shown::Key(field_key(kind, k))],
            before: Some(value(kind, k, v, items)),
            after: Shown::Empty,
        })
        .collect()
}

/// A value in words, by what its field holds.
fn value(kind: &str, field: &str, v: &Value, items: &HashMap<String, String>) -> Shown {
    match v {
        Value::Null => Shown::Empty,
        Value::Bool(b) => Shown::Key(if *b { "common.yes" } else { "common.no" }.to_owned()),
        Value::Number(n) if field == "prefecture" => {
            let code = n.as_u64().and_then(|c| u8::try_from(c).ok());
            code.and_then(Prefecture::from_code).map_or_else(|| Shown::Text(n.to_string()), Shown::Prefecture)
        }
        Value::Number(n) if field == "locked_until" => match n.as_i64() {
            Some(ms) => iryosec_core::Timestamp(ms).to_jst().map_or(Shown::Empty, |d| Shown::Day(d.date())),
            None => Shown::Text(n.to_string()),
        },
        Value::Number(n) => Shown::Text(n.to_string()),
        Value::String(s) if s.is_empty() => Shown::Empty,
        Value::String(s) => text_value(kind, field, s, items),
        Value::Array(list) if list.iter().all(Value::is_string) => {
            let words: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
            if words.is_empty() { Shown::Empty } else { Shown::Text(words.join("、")) }
        }
        Value::Array(list) => Shown::Count(list.len()),
        Value::Object(map) => Shown::Count(map.len()),
    }
}

/// A stored text: an enum code becomes its label, an ISO day a day, a checklist item its
/// number; anything else is shown as typed.
fn text_value(kind: &str, field: &str, s: &str, items: &HashMap<String, String>) -> Shown {
    if let Some(key) = enum_key(kind, field, s) {
        return Shown::Key(key);
    }
    if let Some(name) = vocabulary_name(kind, field, s) {
        return Shown::Text(name.to_owned());
    }
    if field == "prefecture"
        && let Some(p) = Prefecture::parse(s)
    {
        return Shown::Prefecture(p);
    }
    if field == "item"
        && let Some(number) = items.get(s)
    {
        return Shown::Text(number.clone());
    }
    if let Some(title) = shipped_title(field, s) {
        return Shown::Text(title.to_owned());
    }
    match iryosec_core::date::parse_date(s) {
        Ok(day) if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') => Shown::Day(day),
        _ => Shown::Text(s.to_owned()),
    }
}

/// A ledger or register vocabulary code by its name, as the forms and lists show it.
fn vocabulary_name(kind: &str, field: &str, code: &str) -> Option<&'static str> {
    use iryosec_core::ledger::{AssetKind, Field, PatchStatus, PatchedBy, Zone};
    use iryosec_core::register::{Input, Register};
    if kind == "asset" {
        return match Field::parse(field)? {
            Field::Kind => AssetKind::parse(code).map(AssetKind::name_ja),
            Field::Zone => Zone::parse(code).map(Zone::name_ja),
            Field::PatchStatus => PatchStatus::parse(code).map(PatchStatus::name_ja),
            Field::PatchedBy => PatchedBy::parse(code).map(PatchedBy::name_ja),
            _ => None,
        };
    }
    match Register::parse(kind)?.field(field)?.input {
        Input::Choice(all) => iryosec_core::register::Choice::by_code(all, code).map(|c| c.ja),
        _ => None,
    }
}

/// A shipped checklist or survey edition, or role checklist, by its title rather than its id.
fn shipped_title(field: &str, id: &str) -> Option<&'static str> {
    use iryosec_core::{catalog, roles, survey};
    match field {
        "edition" => catalog::builtin::edition(id)
            .map(|e| e.title.as_str())
            .or_else(|| survey::builtin::editions().iter().find(|e| e.id == id).map(|e| e.title.as_str())),
        "list" => roles::builtin::lists().iter().find(|l| l.id == id).map(|l| l.title.as_str()),
        _ => None,
    }
}

/// The label key of an enum code stored in a field, read by the kind of record it belongs to.
fn enum_key(kind: &str, field: &str, code: &str) -> Option<String> {
    use iryosec_core::{account_review, accounts, incident, institution, role};
    let key: String = match (kind, field) {
        (_, "role") => role::Role::parse(code)?.message_key().into(),
        ("institution", "kind") => institution::InstitutionKind::parse(code)?.message_key().into(),
        ("incident", "kind") if incident::timeline::KINDS.contains(&code) => {
            format!("audit.value.entry.{code}")
        }
        ("incident", "step") => incident::step_def(code)?.message_key(),
        ("incident", "status") => incident::StepStatus::parse(code)?.message_key().into(),
        ("account_review", "kind") => {
            format!("account_review.kind.{}", accounts::FindingKind::parse(code)?.code())
        }
        ("account_review", "decision") => account_review::Decision::parse(code)?.message_key().into(),
        ("assessment", "decision") if ["accepted", "overridden"].contains(&code) => {
            format!("audit.value.suggestion.{code}")
        }
        (_, "signed_as") if ["director", "on_behalf"].contains(&code) => {
            format!("audit.value.signed_as.{code}")
        }
        ("import_layout", "import") => match iryosec_core::register::Register::parse(code) {
            Some(_) => format!("register.{code}.title"),
            None if ["ledger", "accounts", "roster"].contains(&code) => format!("audit.value.import.{code}"),
            None => return None,
        },
        (_, "date_style") => format!("date.{}", iryosec_core::date::DateStyle::parse(code)?.code()),
        (_, "lang") if ["ja", "en"].contains(&code) => format!("lang.{code}"),
        (_, "answer") if ["yes", "no", "na"].contains(&code) => format!("assessment.answer.{code}"),
        (_, "scope") => format!("assessment.scope.{}", iryosec_core::catalog::Scope::parse(code)?.code()),
        _ => return None,
    };
    Some(key)
}

/// A checklist save: per item and scope, each field that changed.
fn answer_lines(
    before: Option<&Vec<Value>>,
    after: &[Value],
    items: &HashMap<String, String>,
) -> Vec<DetailLine> {
    const FIELDS: [&str; 5] = ["answer", "confirmed_1", "confirmed_2", "target", "note"];
    let slot = |v: &Value| (v.get("item").cloned(), v.get("scope").cloned());
    after
        .iter()
        .flat_map(|new| {
            let old = before.and_then(|b| b.iter().find(|o| slot(o) == slot(new)));
            let item = new.get("item").and_then(Value::as_str).unwrap_or_default();
            let mut label = vec![
                items
                    .get(item)
                    .map_or(Shown::Key("audit.value.unknown_item".into()), |n| Shown::Text(n.clone())),
            ];
            let scope =
                new.get("scope").and_then(Value::as_str).and_then(iryosec_core::catalog::Scope::parse);
            label.extend(scope.map(|s| Shown::Key(format!("assessment.scope.{}", s.code()))));
            FIELDS
                .iter()
                .filter_map(|f| {
                    let (o, n) = (old.and_then(|o| o.get(*f)), new.get(*f));
                    if o == n || (is_blank(o) && is_blank(n)) {
                        return None;
                    }
                    let shown =
                        |v: Option<&Value>| v.map_or(Shown::Empty, |v| value("assessment", f, v, items));
                    let mut label = label.clone();
                    label.push(Shown::Key(format!("audit.field.{f}")));
                    Some(DetailLine { label, before: Some(shown(o)), after: shown(n) })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The incident targets: per step, its minutes.
fn target_lines(before: Option<&Map<String, Value>>, after: &Map<String, Value>) -> Vec<DetailLine> {
    let minutes = |v: Option<&Value>| v.and_then(Value::as_i64).map_or(Shown::Empty, Shown::Minutes);
    let gone = before.into_iter().flatten().filter(|(k, _)| !after.contains_key(*k)).map(|(k, _)| k);
    after
        .keys()
        .chain(gone)
        .filter(|step| before.and_then(|b| b.get(*step)) != after.get(*step))
        .map(|step| DetailLine {
            label: vec![
                iryosec_core::incident::step_def(step)
                    .map_or(Shown::Key("audit.value.unknown_step".into()), |d| Shown::Key(d.message_key())),
            ],
            before: Some(minutes(before.and_then(|b| b.get(step)))),
            after: minutes(after.get(step)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: AuditAction, kind: &str, before: Option<&str>, after: Option<&str>) -> AuditEntry {
        AuditEntry {
            id: 1,
            chain: "i1".to_owned(),
            seq: 1,
            institution_id: Some(1),
            occurred_at: 0,
            actor_user_id: None,
            actor_login: "admin".to_owned(),
            actor_ip: None,
            request_id: None,
            action: action.code().to_owned(),
            target_kind: kind.to_owned(),
            target_id: Some("1".to_owned()),
            before_json: before.map(str::to_owned),
            after_json: after.map(str::to_owned),
            key_id: None,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn lines(e: &AuditEntry) -> Vec<DetailLine> {
        describe(e, &ItemNumbers::new()).lines
    }

    fn key(k: &str) -> Shown {
        Shown::Key(k.to_owned())
    }

    #[test]
    fn surveys_role_checks_and_the_command_line_are_named_in_words_not_codes() {
        let survey = iryosec_core::survey::builtin::editions().first().unwrap();
        let mut e = entry(AuditAction::InstitutionUpdated, "survey", None, None);
        e.target_id = Some(format!("2023/{}", survey.id));
        e.actor_login = "cli:demo".to_owned();
        let shown = describe(&e, &ItemNumbers::new());
        assert_eq!(shown.target[1..], [Shown::Year(2023), Shown::Text(survey.title.clone())]);
        assert_eq!(shown.actor, [key("audit.by.cli"), Shown::Text("demo".to_owned())]);
        let mut e = entry(AuditAction::InstitutionUpdated, "role_answers", None, None);
        e.target_id = Some("2026:system_admin".to_owned());
        e.actor_login = "setup".to_owned();
        let shown = describe(&e, &ItemNumbers::new());
        assert_eq!(shown.target[1..], [Shown::Year(2026), key("roles.audience.system_admin")]);
        assert_eq!(shown.actor, [key("audit.by.setup")]);
        assert_eq!(
            describe(&entry(AuditAction::InstitutionUpdated, "user", None, None), &ItemNumbers::new()).actor,
            [Shown::Text("admin".to_owned())]
        );
    }

    #[test]
    fn only_what_differs_is_listed_and_left_out_counts_as_empty() {
        let e = entry(
            AuditAction::InstitutionUpdated,
            "institution",
            Some(r#"{"name":"A","beds":120,"prefecture":13,"notes":"x","zone":null}"#),
            Some(r#"{"name":"A","beds":199,"prefecture":27,"os":""}"#),
        );
        let tokyo = Prefecture::from_code(13).map(Shown::Prefecture);
        let osaka = Prefecture::from_code(27).map_or(Shown::Empty, Shown::Prefecture);
        assert_eq!(
            lines(&e),
            vec![
                DetailLine {
                    label: vec![key("audit.field.beds")],
                    before: Some(Shown::Text("120".into())),
                    after: Shown::Text("199".into())
                },
                DetailLine { label: vec![key("audit.field.prefecture")], before: tokyo, after: osaka },
                DetailLine {
                    label: vec![key("audit.field.notes")],
                    before: Some(Shown::Text("x".into())),
                    after: Shown::Empty
                },
            ]
        );
        let created = entry(AuditAction::UserCreated, "user", None, Some(r#"{"role":"auditor","notes":""}"#));
        assert_eq!(
            lines(&created),
            vec![DetailLine {
                label: vec![key("audit.field.role")],
                before: None,
                after: key("role.auditor")
            }]
        );
    }

    #[test]
    fn a_checklist_save_reads_per_item_scope_and_field() {
        let e = entry(
            AuditAction::AnswersSaved,
            "assessment",
            Some(r#"[{"item":"media.usb","scope":"server","answer":"no","target":"2026-03-31","note":""}]"#),
            Some(r#"[{"item":"media.usb","scope":"server","answer":"yes","target":null,"note":""}]"#),
        );
        let numbers = ItemNumbers::from([(1, HashMap::from([("media.usb".to_owned(), "2-⑨".to_owned())]))]);
        let label = |f: &str| vec![Shown::Text("2-⑨".into()), key("assessment.scope.server"), key(f)];
        let day = Date::from_calendar_date(2026, time::Month::March, 31).ok().map(Shown::Day);
        assert_eq!(
            describe(&e, &numbers).lines,
            vec![
                DetailLine {
                    label: label("audit.field.answer"),
                    before: Some(key("assessment.answer.no")),
                    after: key("assessment.answer.yes")
                },
                DetailLine { label: label("audit.field.target"), before: day, after: Shown::Empty },
            ]
        );
    }
}

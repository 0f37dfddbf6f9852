//! Suggested answers from how each system is set up (access rights, authentication, passwords)
//! and from the institution's rules and plans on record (規程・文書).

use super::{Choice, DOCUMENT_KINDS, Record, Registers};
use crate::message::Message;
use crate::suggest::{Suggested, insufficient, no, with_list, yes};

/// A setting every registered system should have (recorded as 有/無 on the system): 無 on any
/// system is いいえ, an unrecorded one is 判断材料不足, and only all 有 is はい.
pub fn system_setting(r: &Registers, field: &str) -> Suggested {
    if r.systems.is_empty() {
        return insufficient(Message::new("suggest.reason.no_systems"), Vec::new());
    }
    let label = setting_label(field);
    let named = |want: Option<bool>| -> Vec<String> {
        r.systems.iter().filter(|s| s.flag(field) == want).map(|s| s.text("name").to_owned()).collect()
    };
    let without = named(Some(false));
    if !without.is_empty() {
        return no(
            with_list(Message::new("suggest.reason.setting_no").arg("setting", label), &without),
            without,
        );
    }
    let unknown = named(None);
    if !unknown.is_empty() {
        let reason =
            with_list(Message::new("suggest.reason.setting_unknown").arg("setting", label), &unknown);
        return insufficient(reason, unknown);
    }
    yes(Message::new("suggest.reason.setting_yes").arg("setting", label).arg("count", r.systems.len()))
}

/// The system field's name as the systems register shows it.
fn setting_label(field: &str) -> &'static str {
    match field {
        "role_based_access" => "職種・業務別のアクセス権限",
        "two_factor" => "二要素認証",
        "password_rule" => "パスワードの桁数・変更のルール",
        "password_no_reuse" => "パスワードの使い回し禁止",
        _ => "設定",
    }
}

/// A document of this kind is on record (規程・文書): はい, naming it and when it was last
/// revised; none is 判断材料不足, since the paper may exist without being registered.
pub fn document_kept(r: &Registers, kind: &str) -> Suggested {
    let kind_name = Choice::by_code(DOCUMENT_KINDS, kind).map_or(kind, |c| c.ja);
    let kept: Vec<&Record> = r.documents.iter().filter(|d| d.text("kind") == kind).collect();
    let Some(latest) = kept.iter().max_by_key(|d| d.date("revised_on").or(d.date("enacted_on"))) else {
        return insufficient(
            Message::new("suggest.reason.document_missing").arg("kind", kind_name),
            Vec::new(),
        );
    };
    let titles: Vec<String> = kept.iter().map(|d| d.text("title").to_owned()).collect();
    let when =
        latest.date("revised_on").or(latest.date("enacted_on")).map(|d| d.to_string()).unwrap_or_default();
    let reason = Message::new("suggest.reason.document_kept")
        .arg("kind", kind_name)
        .arg("title", latest.text("title"))
        .arg("date", if when.is_empty() { "—".to_owned() } else { when });
    let mut out = yes(reason);
    out.records = titles;
    out
}

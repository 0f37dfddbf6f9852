//! Forms typed by a person whose session ran out (or whose page's token went stale) before they
//! saved. The fields are kept for a short while, tied to that person, so that after logging in
//! again they find the same form filled in and save it with one click: nothing is replayed on
//! its own, and a form kept for one person is never shown to another.
//!
//! Kept in memory, not in the database: the fields are unsaved, possibly half-typed input that
//! no one has confirmed, the life is minutes, and a restart losing them costs no more than the
//! expiry itself did. Memory is bounded by [`MAX_FORM_BYTES`] a form and [`MAX_FORMS`] forms.

use crate::App;
use iryosec_core::Timestamp;
use iryosec_core::{InstitutionId, UserId};
use std::collections::HashMap;
use std::sync::Mutex;

/// A form larger than this is not kept (the one-page checklist is far smaller).
pub const MAX_FORM_BYTES: usize = 64 * 1024;
/// At most this many forms wait at once; the oldest gives way.
pub const MAX_FORMS: usize = 500;
/// How long a kept form waits for its person to log in again.
pub const LIFETIME_MINUTES: i64 = 30;

/// What was sent, for whom, from which page to which address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptForm {
    pub user_id: UserId,
    pub institution_id: InstitutionId,
    /// The address the form was sent to (path and query), to find the same form again.
    pub action: String,
    /// The page the form was on (path and query), where it is shown again.
    pub page: String,
    /// The typed fields in their order, without the token and without passwords.
    pub fields: Vec<(String, String)>,
    pub kept_at: Timestamp,
}

/// The forms waiting for their person, by a random id the browser holds in a cookie.
#[derive(Debug, Default)]
pub struct KeptForms {
    forms: Mutex<HashMap<String, KeptForm>>,
}

/// Fields never kept: the page's token (a re-submit takes the fresh one) and passwords.
fn is_kept_field(name: &str) -> bool {
    name != "csrf" && !name.contains("password")
}

impl KeptForms {
    fn keep(&self, form: KeptForm, now: Timestamp) -> Option<String> {
        let mut forms = self.forms.lock().ok()?;
        forms.retain(|_, f| !is_stale(f, now));
        while forms.len() >= MAX_FORMS {
            let oldest = forms.iter().min_by_key(|(_, f)| f.kept_at.millis()).map(|(id, _)| id.clone())?;
            forms.remove(&oldest);
        }
        let id = crate::token::random_token();
        forms.insert(id.clone(), form);
        Some(id)
    }

    fn get(&self, id: &str, now: Timestamp) -> Option<KeptForm> {
        let forms = self.forms.lock().ok()?;
        forms.get(id).filter(|f| !is_stale(f, now)).cloned()
    }

    fn remove(&self, id: &str) {
        if let Ok(mut forms) = self.forms.lock() {
            forms.remove(id);
        }
    }
}

fn is_stale(form: &KeptForm, now: Timestamp) -> bool {
    now >= form.kept_at.plus_minutes(LIFETIME_MINUTES)
}

/// A form as it arrived, its fields decoded in their order.
pub struct SentForm<'a> {
    pub user_id: UserId,
    pub institution_id: InstitutionId,
    pub action: &'a str,
    pub page: &'a str,
    pub fields: Vec<(String, String)>,
}

impl KeptForms {
    /// Keeps a form that could not be saved; `None` when it is too large to keep.
    pub fn keep_sent(&self, sent: SentForm<'_>, now: Timestamp) -> Option<String> {
        let size: usize = sent.fields.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
        if size > MAX_FORM_BYTES {
            return None;
        }
        let form = KeptForm {
            user_id: sent.user_id,
            institution_id: sent.institution_id,
            action: sent.action.to_owned(),
            page: sent.page.to_owned(),
            fields: sent.fields.into_iter().filter(|(k, _)| is_kept_field(k)).collect(),
            kept_at: now,
        };
        self.keep(form, now)
    }

    /// The form kept under `id` for this person. A form kept for someone else is dropped at
    /// once: it is never shown to another account.
    pub fn for_user(&self, id: &str, user_id: UserId, now: Timestamp) -> Option<KeptForm> {
        let form = self.get(id, now)?;
        if form.user_id != user_id {
            self.remove(id);
            return None;
        }
        Some(form)
    }
}

impl App {
    /// Keeps a form that could not be saved; `None` when it is too large to keep.
    pub fn keep_form(&self, sent: SentForm<'_>) -> Option<String> {
        self.kept_forms.keep_sent(sent, self.clock.now())
    }

    /// Whether a form still waits under `id` (the login page says so).
    pub fn has_kept_form(&self, id: &str) -> bool {
        self.kept_forms.get(id, self.clock.now()).is_some()
    }

    /// The form kept under `id` for this person; one kept for someone else is dropped.
    pub fn kept_form_for(&self, id: &str, user_id: UserId) -> Option<KeptForm> {
        self.kept_forms.for_user(id, user_id, self.clock.now())
    }

    /// The form has been shown again (or is no longer wanted).
    pub fn forget_kept_form(&self, id: &str) {
        self.kept_forms.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_747_353_600_000);

    fn sent(user: i64, fields: &[(&str, &str)]) -> SentForm<'static> {
        SentForm {
            user_id: UserId(user),
            institution_id: InstitutionId(1),
            action: "/a/save",
            page: "/a",
            fields: fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        }
    }

    #[test]
    fn a_form_waits_for_its_person_only_and_not_for_long() {
        let kept = KeptForms::default();
        let typed = [("csrf", "old"), ("note", "あ"), ("new_password", "secret"), ("note", "b")];
        let id = kept.keep_sent(sent(7, &typed), NOW).unwrap();
        let form = kept.for_user(&id, UserId(7), NOW).unwrap();
        assert_eq!(form.fields, vec![("note".into(), "あ".into()), ("note".into(), "b".into())]);
        assert!(kept.for_user(&id, UserId(8), NOW).is_none(), "another person never sees it");
        assert!(kept.get(&id, NOW).is_none(), "and it is gone for its own person too");
        let id = kept.keep_sent(sent(7, &[("note", "x")]), NOW).unwrap();
        assert!(kept.get(&id, NOW.plus_minutes(LIFETIME_MINUTES)).is_none());
        let big = "x".repeat(MAX_FORM_BYTES);
        assert!(kept.keep_sent(sent(7, &[("note", &big)]), NOW).is_none());
    }

    #[test]
    fn the_oldest_form_gives_way_when_too_many_wait() {
        let kept = KeptForms::default();
        let first = kept.keep_sent(sent(1, &[("a", "1")]), NOW).unwrap();
        for i in 1..MAX_FORMS {
            kept.keep_sent(sent(2, &[("a", "2")]), NOW.plus_millis(i as i64)).unwrap();
        }
        assert!(kept.get(&first, NOW).is_some());
        kept.keep_sent(sent(3, &[("a", "3")]), NOW.plus_millis(1_000)).unwrap();
        assert!(kept.get(&first, NOW).is_none());
    }
}

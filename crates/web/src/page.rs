//! What every page's layout needs, and the helpers templates call: messages, dates.

use crate::ctx::Ctx;
use crate::state::AppState;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use iryosec_core::Timestamp;
use iryosec_core::date::{DateStyle, era_year, format_iso, format_wareki, format_western_ja};
use iryosec_core::role::Permission;
use iryosec_i18n::Lang;

/// An HTML response; the content type also tells the error layer to leave it alone.
pub fn html(body: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    res
}

/// The layout's view of the request.
pub struct PageCtx {
    pub lang: Lang,
    pub date_style: DateStyle,
    pub title: String,
    pub active: &'static str,
    pub csrf: String,
    pub request_id: String,
    pub user_name: Option<String>,
    pub role_key: &'static str,
    pub can_edit: bool,
    pub can_users: bool,
    pub can_audit: bool,
    pub show_nav: bool,
    pub institution_name: Option<String>,
    pub is_demo: bool,
    pub notice: Option<String>,
    pub css: String,
    pub js: String,
    pub favicon: String,
    pub version: &'static str,
}

impl PageCtx {
    pub fn new(state: &AppState, ctx: &Ctx, title: String, active: &'static str) -> PageCtx {
        let user = ctx.user();
        PageCtx {
            lang: ctx.lang,
            date_style: ctx.date_style,
            title,
            active,
            csrf: ctx.csrf.clone(),
            request_id: ctx.meta.id.clone(),
            user_name: user.map(|u| u.display_name.clone()),
            role_key: user.map_or("", |u| u.role.message_key()),
            can_edit: ctx.allows(Permission::EditInstitution),
            can_users: ctx.allows(Permission::ManageUsers),
            can_audit: ctx.allows(Permission::ViewAudit),
            show_nav: user.is_some(),
            institution_name: ctx.institution.as_ref().map(|i| i.profile.name.clone()),
            is_demo: ctx.institution.as_ref().is_some_and(|i| i.is_demo) || state.config.demo_login.is_some(),
            notice: None,
            css: state.assets.url("app.css"),
            js: state.assets.url("app.js"),
            favicon: state.assets.url("favicon.svg"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }

    /// Shows a notice whose key is one of ours (a `?notice=` parameter cannot inject text).
    pub fn with_notice(mut self, key: Option<&str>) -> PageCtx {
        self.notice = key.filter(|k| NOTICES.contains(k)).map(|k| self.lang.tr(k).to_owned());
        self
    }

    pub fn t<'k>(&self, key: &'k str) -> &'k str {
        self.lang.tr(key)
    }

    pub fn t1(&self, key: &str, name: &str, value: impl AsRef<str>) -> String {
        self.lang.tr_args(key, &[(name, value.as_ref())])
    }

    pub fn t2(&self, key: &str, n1: &str, v1: impl AsRef<str>, n2: &str, v2: impl AsRef<str>) -> String {
        self.lang.tr_args(key, &[(n1, v1.as_ref()), (n2, v2.as_ref())])
    }

    pub fn date(&self, t: impl AsTimestamp) -> String {
        format_date(t.timestamp(), self.lang, self.date_style)
    }

    /// A calendar day (a register's date field) in the person's style.
    pub fn day(&self, d: time::Date) -> String {
        format_day(d, self.lang, self.date_style)
    }

    pub fn datetime(&self, t: impl AsTimestamp) -> String {
        let t = t.timestamp();
        let time = t.to_jst().map(|d| format!("{:02}:{:02}", d.hour(), d.minute())).unwrap_or_default();
        format!("{} {time}", self.date(t))
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }
}

/// Lets templates pass a timestamp however askama hands it over (by value or reference).
pub trait AsTimestamp {
    fn timestamp(&self) -> Timestamp;
}

impl AsTimestamp for Timestamp {
    fn timestamp(&self) -> Timestamp {
        *self
    }
}

impl<T: AsTimestamp> AsTimestamp for &T {
    fn timestamp(&self) -> Timestamp {
        (**self).timestamp()
    }
}

/// Notices a redirect may ask a page to show.
const NOTICES: [&str; 39] = [
    "bcp.notice_saved",
    "bcp.notice_printed",
    "bcp.error.card_changed",
    "account_review.notice_decided_together",
    "incident.notice_opened",
    "incident.notice_recorded",
    "incident.notice_closed",
    "incident.notice_targets_saved",
    "survey.page.saved",
    "survey.page.archived",
    "register.imported",
    "register.deleted",
    "register.error.in_use",
    "register.file_refused",
    "vendor_sheet.sent",
    "vendor_sheet.imported",
    "vendor_sheet.bad_date",
    "suggestion.saved",
    "suggest.error.reason_required",
    "ledger.imported",
    "account_review.notice_created",
    "account_review.notice_decided",
    "evidence.added",
    "evidence.deleted",
    "assessment.imported",
    "assessment.started",
    "assessment.saved",
    "adopt.done",
    "setup.done",
    "common.saved",
    "institution.saved",
    "users.created",
    "users.updated",
    "users.password_reset_done",
    "account.preferences_saved",
    "account.password_changed",
    "login.logged_out",
    "login.session_expired",
    "setup.already_done",
];

/// A date in the person's language and style: 令和7年5月16日, 2025年5月16日, 2025-05-16.
pub fn format_date(t: Timestamp, lang: Lang, style: DateStyle) -> String {
    t.to_jst().map(|d| format_day(d.date(), lang, style)).unwrap_or_default()
}

/// A calendar day in the person's language and date style.
pub fn format_day(d: time::Date, lang: Lang, style: DateStyle) -> String {
    match (lang, style) {
        (Lang::Ja, DateStyle::Wareki) => format_wareki(d),
        (Lang::Ja, DateStyle::Western) => format_western_ja(d),
        (Lang::En, DateStyle::Western) => format_iso(d),
        (Lang::En, DateStyle::Wareki) => match era_year(d) {
            Some(ey) => format!("{} ({} {})", format_iso(d), ey.era.name_en(), ey.year),
            None => format_iso(d),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_language_and_style() {
        let t = Timestamp(1_747_353_600_000); // 2025-05-16 09:00 JST
        assert_eq!(format_date(t, Lang::Ja, DateStyle::Wareki), "令和7年5月16日");
        assert_eq!(format_date(t, Lang::Ja, DateStyle::Western), "2025年5月16日");
        assert_eq!(format_date(t, Lang::En, DateStyle::Western), "2025-05-16");
        assert_eq!(format_date(t, Lang::En, DateStyle::Wareki), "2025-05-16 (Reiwa 7)");
    }

    #[test]
    fn the_date_is_the_japanese_one() {
        // 2025-05-15 20:00 UTC is already the 16th in Japan.
        let t = Timestamp(1_747_339_200_000);
        assert_eq!(format_date(t, Lang::Ja, DateStyle::Wareki), "令和7年5月16日");
    }
}

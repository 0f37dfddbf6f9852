//! What every page's layout needs, and the helpers templates call: messages, dates.

use crate::ctx::Ctx;
use crate::state::AppState;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use iryosec_core::Timestamp;
use iryosec_core::date::{DateStyle, FiscalYear, era_year, format_iso, format_wareki, format_western_ja};
use iryosec_core::role::Permission;
use iryosec_i18n::Lang;

tokio::task_local! {
    /// The date style of the person whose request is being answered (set around every
    /// request by the session layer), for messages rendered outside a page.
    pub static REQUEST_DATE_STYLE: DateStyle;
}

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
    /// A group's or prefecture's server: 集計 is in the navigation.
    pub aggregates: bool,
    pub show_nav: bool,
    pub institution_name: Option<String>,
    pub is_demo: bool,
    pub notice: Option<String>,
    /// Seconds the session has left, for the script that warns before the idle logout.
    pub session_left: Option<i64>,
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
            aggregates: state.config.aggregates,
            show_nav: user.is_some(),
            institution_name: ctx.institution.as_ref().map(|i| i.profile.name.clone()),
            is_demo: ctx.institution.as_ref().is_some_and(|i| i.is_demo) || state.config.demo_login.is_some(),
            notice: None,
            session_left: ctx.session.as_ref().map(|s| state.app.session_seconds_left(s)),
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

    /// Text that may be an ISO date (a stored value), in the person's style.
    pub fn dated(&self, text: &str) -> String {
        dated(text, self.lang, self.date_style)
    }

    pub fn datetime(&self, t: impl AsTimestamp) -> String {
        let t = t.timestamp();
        let time = t.to_jst().map(|d| format!("{:02}:{:02}", d.hour(), d.minute())).unwrap_or_default();
        format!("{} {time}", self.date(t))
    }

    /// A fiscal year as the person reads it: 令和7年度, 2025年度 for a person who reads Western
    /// dates, or FY2025 in English.
    pub fn year_label(&self, year: i32) -> String {
        match (self.lang, self.date_style) {
            (Lang::En, _) => FiscalYear(year).label_en(),
            (_, DateStyle::Western) => format!("{year}年度"),
            _ => FiscalYear(year).label_ja(),
        }
    }

    /// The navigation group the current page belongs to, for marking it.
    pub fn nav_group(&self) -> &'static str {
        match self.active {
            "ledger" | "registers" | "account_reviews" => "registers",
            "assessments" | "surveys" | "aggregate" | "roles" => "checks",
            "incidents" | "bcp" => "response",
            "institution" | "users" | "audit" => "admin",
            other => other,
        }
    }

    /// A span of minutes as [`format_duration`] writes it.
    pub fn duration(&self, minutes: i64) -> String {
        format_duration(self.lang, minutes)
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
const NOTICES: [&str; 46] = [
    "definitions.notice_draft_saved",
    "definitions.notice_published",
    "roles.page.notice_saved",
    "roles.staff.notice_revoked",
    "roles.staff.notice_paper_saved",
    "director.page.notice_signed",
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
    "login.upload_not_kept",
    "setup.already_done",
];

/// A span of minutes in the largest whole units, leaving out the zero ones: 45分, 24時間,
/// 1時間30分, 3日4時間. Whole days only from two days on, since targets read as hours.
pub fn format_duration(lang: Lang, minutes: i64) -> String {
    let minutes = minutes.max(0);
    let (days, rest) = if minutes >= 2 * 1440 { (minutes / 1440, minutes % 1440) } else { (0, minutes) };
    let parts = [
        ("incident.duration_days", "days", days),
        ("incident.duration_hours", "hours", rest / 60),
        ("incident.duration_minutes", "minutes", rest % 60),
    ];
    let shown: Vec<String> = parts
        .iter()
        .filter(|(_, _, n)| *n > 0)
        .map(|(key, name, n)| lang.tr_args(key, &[(*name, n.to_string())]))
        .collect();
    if shown.is_empty() {
        return lang.tr_args("incident.duration_minutes", &[("minutes", "0")]);
    }
    // Japanese writes 1時間30分 in one word; English spaces "1 h 30 min".
    shown.join(if lang == Lang::En { " " } else { "" })
}

/// A date in the person's language and style: 令和7年5月16日, 2025年5月16日, 2025-05-16.
pub fn format_date(t: Timestamp, lang: Lang, style: DateStyle) -> String {
    t.to_jst().map(|d| format_day(d.date(), lang, style)).unwrap_or_default()
}

/// Text that is exactly an ISO date (as `core` puts days into messages and records), in the
/// person's style; any other text as it is.
pub fn dated(value: &str, lang: Lang, style: DateStyle) -> String {
    let iso =
        value.len() == 10 && value.as_bytes().get(4) == Some(&b'-') && value.as_bytes().get(7) == Some(&b'-');
    match time::Date::parse(value, ISO_DAY) {
        Ok(day) if iso => format_day(day, lang, style),
        _ => value.to_owned(),
    }
}

const ISO_DAY: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

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
    fn durations_read_in_whole_units_without_zeros() {
        let ja = |m| format_duration(Lang::Ja, m);
        assert_eq!(
            [ja(0), ja(30), ja(60), ja(90), ja(1440), ja(2880 + 125)],
            ["0分", "30分", "1時間", "1時間30分", "24時間", "2日2時間5分"]
        );
        assert_eq!(format_duration(Lang::En, 1440), "24 h");
    }

    #[test]
    fn the_date_is_the_japanese_one() {
        // 2025-05-15 20:00 UTC is already the 16th in Japan.
        let t = Timestamp(1_747_339_200_000);
        assert_eq!(format_date(t, Lang::Ja, DateStyle::Wareki), "令和7年5月16日");
    }
}

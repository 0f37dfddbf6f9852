//! The staff check: an administrator issues a per-year code; each staff member answers on a short
//! page with that code and no account, giving a department and a job role and nothing else; or an
//! administrator types in a paper sheet.
//!
//! The functions that take a code ([`App::staff_check_page`], [`App::submit_staff_check`]) are safe
//! to call for anyone: attempts are limited per client address, a code only ever opens its own
//! list for its own year, and what they return holds nothing else of the institution. The code is
//! never a login and opens no session, so the web layer needs no more than a public route.

use crate::App;
use crate::error::{AppError, AppResult};
use crate::role_checks::check_year;
use crate::token::hash_token;
use iryosec_core::audit::Actor;
use iryosec_core::roles::answer::parse_departments;
use iryosec_core::roles::{
    Audience, Author, JobRole, MarkInput, RoleList, check_answers, check_respondent, code,
};
use iryosec_core::{FieldError, InstitutionId, Message};
use iryosec_store::{NewStaffAnswer, NewStaffCode, StaffCodeRecord, StoreError};
use rand::RngCore;

/// A code just issued: the code itself, shown this once, and its record.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    /// `ABCD-EFGH-JKLM`, to hand out. Only its hash is stored.
    pub code: String,
    pub record: StaffCodeRecord,
}

/// What a code opens: the list to answer and the choices of department and job role. Nothing
/// else of the institution is in it.
#[derive(Debug, Clone)]
pub struct StaffCheckPage {
    pub institution_name: String,
    pub fiscal_year: i32,
    pub title: String,
    pub author: Author,
    /// The list's note (for iryosec's own list: that it is not the ministry's).
    pub note: String,
    /// Number and text of each item, in order.
    pub items: Vec<StaffItem>,
    /// The departments to choose from; empty: none is asked.
    pub departments: Vec<String>,
    pub job_roles: [JobRole; 6],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffItem {
    pub key: String,
    pub number: String,
    pub text: String,
}

/// One staff member's answers as a page or a paper sheet gives them.
#[derive(Debug, Clone, Default)]
pub struct StaffSubmission {
    pub department: String,
    pub job_role: String,
    pub marks: Vec<MarkInput>,
}

/// How an answer through a code is recorded in the audit log: no account, no address.
fn anonymous() -> Actor {
    Actor { user_id: None, login: "staff_check".into(), ip: None, request_id: None }
}

impl App {
    /// The list the year's staff check is answered with: the one its codes answer, or the one in force.
    async fn staff_list(&self, institution: InstitutionId, fiscal_year: i32) -> AppResult<RoleList> {
        let codes = self.store.staff_codes(institution, fiscal_year).await?;
        match codes.first() {
            Some(c) => Ok(self.role_list(&c.list_id).await?.list),
            None => self.role_list_in_force(Audience::Clinical, fiscal_year).await,
        }
    }

    /// Issues a code for this fiscal year (or the next), with the departments staff choose from.
    pub async fn issue_staff_code(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        label: &str,
        departments: &str,
        actor: &Actor,
    ) -> AppResult<IssuedCode> {
        check_year(fiscal_year)?;
        let current = self.current_fiscal_year().0;
        let mut errors = Vec::new();
        if !(current..=current + 1).contains(&fiscal_year) {
            errors.push(FieldError::new(
                "fiscal_year",
                Message::new("roles.error.code_year").arg("year", current),
            ));
        }
        let label = label.trim();
        if label.is_empty() {
            errors.push(FieldError::new("label", Message::new("error.required")));
        } else if label.chars().count() > 60 {
            errors.push(FieldError::new("label", Message::new("error.too_long").arg("max", 60)));
        }
        let departments = parse_departments(departments).map_err(|e| errors.push(e)).unwrap_or_default();
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let list = self.staff_list(institution, fiscal_year).await?;
        let mut bytes = [0u8; code::LENGTH];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let plain = code::from_random(bytes);
        let new = NewStaffCode {
            fiscal_year,
            code_hash: hash_token(&plain),
            label: label.to_owned(),
            departments,
            list_id: list.id,
        };
        let record = self.store.issue_staff_code(institution, &new, actor, self.clock.now()).await?;
        Ok(IssuedCode { code: code::display(&plain), record })
    }

    pub async fn staff_codes(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<Vec<StaffCodeRecord>> {
        Ok(self.store.staff_codes(institution, fiscal_year).await?)
    }

    pub async fn revoke_staff_code(
        &self,
        institution: InstitutionId,
        id: i64,
        actor: &Actor,
    ) -> AppResult<()> {
        Ok(self.store.revoke_staff_code(institution, id, actor, self.clock.now()).await?)
    }

    /// The code's record if it may be used now from `client`; every refusal counts against the
    /// address, and past the limit nothing is looked up at all.
    async fn usable_code(&self, typed: &str, client: &str) -> AppResult<StaffCodeRecord> {
        let now = self.clock.now();
        if !self.staff_code_attempts.allows(client, now) {
            return Err(AppError::Refused(Message::new("roles.error.code_throttled")));
        }
        let refuse = |key: &'static str| {
            self.staff_code_attempts.fail(client, now);
            AppError::Refused(Message::new(key))
        };
        let Some(plain) = code::normalize(typed) else { return Err(refuse("roles.error.code_unknown")) };
        let Some(found) = self.store.staff_code_by_hash(&hash_token(&plain)).await? else {
            return Err(refuse("roles.error.code_unknown"));
        };
        if found.is_revoked() {
            return Err(refuse("roles.error.code_revoked"));
        }
        if found.fiscal_year != self.current_fiscal_year().0 {
            return Err(refuse("roles.error.code_expired"));
        }
        Ok(found)
    }

    /// The staff check a code opens, for anyone holding it (no account).
    pub async fn staff_check_page(&self, typed_code: &str, client: &str) -> AppResult<StaffCheckPage> {
        let code = self.usable_code(typed_code, client).await?;
        let list = self.role_list(&code.list_id).await?.list;
        let institution = self.institution(code.institution_id).await?;
        Ok(staff_page(institution.profile.name, code.fiscal_year, list, code.departments))
    }

    /// Records one staff member's answers through a code: complete, with a department the code
    /// offers and a job role. Nothing that names the person or their address is kept.
    pub async fn submit_staff_check(
        &self,
        typed_code: &str,
        client: &str,
        submission: &StaffSubmission,
    ) -> AppResult<()> {
        let code = self.usable_code(typed_code, client).await?;
        let list = self.role_list(&code.list_id).await?.list;
        let answer =
            self.checked_staff_answer(&list, &code.departments, code.fiscal_year, Some(code.id), submission)?;
        self.store
            .add_staff_answer(code.institution_id, &answer, &anonymous(), self.clock.now())
            .await
            .map_err(|e| match e {
                StoreError::NotFound => AppError::Refused(Message::new("roles.error.code_unknown")),
                other => other.into(),
            })
    }

    /// An administrator types in a paper sheet of the year's staff check. Its department is one
    /// the year's codes offer (none, when they offer none).
    pub async fn record_paper_staff_check(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        submission: &StaffSubmission,
        actor: &Actor,
    ) -> AppResult<()> {
        check_year(fiscal_year)?;
        if fiscal_year > self.current_fiscal_year().0 {
            return Err(AppError::field("fiscal_year", Message::new("roles.error.future_year")));
        }
        let list = self.staff_list(institution, fiscal_year).await?;
        let departments = self.year_departments(institution, fiscal_year).await?;
        let answer = self.checked_staff_answer(&list, &departments, fiscal_year, None, submission)?;
        Ok(self.store.add_staff_answer(institution, &answer, actor, self.clock.now()).await?)
    }

    /// The page a paper sheet of the year's staff check is typed in on: the year's list and the
    /// departments its codes offer.
    pub async fn paper_staff_check_page(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<StaffCheckPage> {
        check_year(fiscal_year)?;
        let list = self.staff_list(institution, fiscal_year).await?;
        let institution_name = self.institution(institution).await?.profile.name;
        let departments = self.year_departments(institution, fiscal_year).await?;
        Ok(staff_page(institution_name, fiscal_year, list, departments))
    }

    /// Every department the year's codes offer, once each, in the order first offered.
    async fn year_departments(&self, institution: InstitutionId, fiscal_year: i32) -> AppResult<Vec<String>> {
        let mut departments: Vec<String> = Vec::new();
        for d in
            self.store.staff_codes(institution, fiscal_year).await?.into_iter().flat_map(|c| c.departments)
        {
            if !departments.contains(&d) {
                departments.push(d);
            }
        }
        Ok(departments)
    }

    fn checked_staff_answer(
        &self,
        list: &RoleList,
        departments: &[String],
        fiscal_year: i32,
        code_id: Option<i64>,
        s: &StaffSubmission,
    ) -> AppResult<NewStaffAnswer> {
        let respondent = check_respondent(departments, &s.department, &s.job_role);
        let answers = check_answers(list, &s.marks, true);
        match (respondent, answers) {
            (Ok(respondent), Ok(answers)) => Ok(NewStaffAnswer {
                fiscal_year,
                list_id: list.id.clone(),
                code_id,
                respondent,
                answers,
                // The day only: the moment could be matched to a person at a terminal.
                received_on: self.today().to_string(),
            }),
            (r, a) => {
                let mut errors = r.err().unwrap_or_default();
                errors.extend(a.err().unwrap_or_default());
                Err(AppError::Invalid(errors))
            }
        }
    }
}

fn staff_page(
    institution_name: String,
    fiscal_year: i32,
    list: RoleList,
    departments: Vec<String>,
) -> StaffCheckPage {
    StaffCheckPage {
        institution_name,
        fiscal_year,
        title: list.title,
        author: list.author,
        note: list.note,
        items: list
            .items
            .into_iter()
            .map(|i| StaffItem { key: i.key, number: i.number, text: i.text })
            .collect(),
        departments,
        job_roles: JobRole::ALL,
    }
}

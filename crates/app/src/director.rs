//! The director's page: one view for 院長・理事長・薬局開設者 of where the institution stands in a
//! fiscal year, each line saying where it comes from, and the director's 「確認しました」.

use crate::App;
use crate::error::{AppError, AppResult};
use crate::role_checks::check_year;
use iryosec_core::assessment::OpenItem;
use iryosec_core::audit::Actor;
use iryosec_core::bcp::training::Coverage;
use iryosec_core::bcp::{DrillCount, drills_in_year};
use iryosec_core::catalog::Scope;
use iryosec_core::date::FiscalYear;
use iryosec_core::director::decisions::{Decision, Facts, decisions};
use iryosec_core::director::gaps::{DirectorGap, GapLine, judge};
use iryosec_core::director::signoff::{SignOffInput, SignedAs, check};
use iryosec_core::director::{Origin, TERMS, term_keys};
use iryosec_core::register::Register;
use iryosec_core::roles::tally::WeakArea;
use iryosec_core::suggest::Suggested;
use iryosec_core::user::User;
use iryosec_core::{InstitutionId, Message};
use iryosec_store::SignOffRecord;
use std::collections::BTreeMap;
use time::Date;

/// The year's checklist in one line: how many はい, いいえ, 未回答, and the いいえ with their
/// target dates.
#[derive(Debug, Clone)]
pub struct ChecklistLine {
    pub assessment_id: i64,
    pub edition_title: String,
    pub yes: usize,
    pub no: usize,
    pub unanswered: usize,
    pub not_applicable: usize,
    /// Every いいえ with its 目標日, overdue ones marked.
    pub open: Vec<OpenItem>,
    pub overdue: usize,
    pub without_target: usize,
}

/// Incidents and drills of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentSummary {
    pub incidents: usize,
    /// Of them, not closed yet.
    pub open: usize,
    /// Drills recorded in the drills register, and drills run as incidents that it does not record.
    pub drills: DrillCount,
    /// Drills run as incidents (the flowchart rehearsed).
    pub drill_incidents: usize,
}

/// The role checks' part: the weakest areas and the heat map, when anything was answered.
#[derive(Debug, Clone)]
pub struct RoleCheckSummary {
    pub weak_areas: Vec<WeakArea>,
    pub heat_map: String,
}

/// Everything the director's page shows for a year.
#[derive(Debug, Clone)]
pub struct DirectorPage {
    pub institution_name: String,
    pub fiscal_year: i32,
    /// The day the page stands at.
    pub today: Date,
    /// `None`: the year's self-assessment has not been started.
    pub checklist: Option<ChecklistLine>,
    pub gaps: Vec<GapLine>,
    pub incidents: IncidentSummary,
    pub training: Vec<Coverage>,
    /// `None`: no role check answered in the year.
    pub role_checks: Option<RoleCheckSummary>,
    pub decisions: Vec<Decision>,
    /// Where each part comes from, in the order above.
    pub origins: PageOrigins,
    /// The words used, each with its explanation (catalog keys).
    pub terms: Vec<(String, String)>,
    /// The year's sign-offs, newest first.
    pub signoffs: Vec<SignOffRecord>,
}

/// The origin of each part of the page that is not a list of lines with their own.
#[derive(Debug, Clone)]
pub struct PageOrigins {
    pub checklist: Origin,
    pub incidents: Origin,
    pub drills: Origin,
    pub training: Origin,
    pub role_checks: Origin,
}

/// The weakest areas the page names.
const WEAK_AREAS_SHOWN: usize = 3;

impl App {
    /// The director's page for a fiscal year.
    pub async fn director_page(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<DirectorPage> {
        let year = check_year(fiscal_year)?;
        let institution_name = self.institution(institution).await?.profile.name;
        let checklist = self.checklist_line(institution, fiscal_year).await?;
        let (suggestions, numbers) = self.gap_suggestions(institution, fiscal_year).await?;
        let mut gaps: Vec<GapLine> = DirectorGap::ALL
            .into_iter()
            .map(|gap| judge(gap, &|key, scope| suggestions.get(&(key.to_owned(), scope)).cloned()))
            .collect();
        let incidents = self.incident_summary(institution, year).await?;
        let training = self.training_coverage(institution, fiscal_year).await?;
        let tally = self.tally(institution, fiscal_year).await?;
        let role_checks = (!tally.year.is_empty()).then(|| RoleCheckSummary {
            weak_areas: tally.weakest.iter().take(WEAK_AREAS_SHOWN).cloned().collect(),
            heat_map: tally.heat_map.clone(),
        });
        let facts = Facts {
            fiscal_year,
            gaps: &gaps,
            overdue: checklist.as_ref().map_or(0, |c| c.overdue),
            without_target: checklist.as_ref().map_or(0, |c| c.without_target),
            training: &training,
            weak_areas: role_checks.as_ref().map_or(&[], |r| r.weak_areas.as_slice()),
        };
        let mut decisions = decisions(&facts);
        let origins = gaps.iter_mut().flat_map(|g| g.origins.iter_mut());
        for origin in origins.chain(decisions.iter_mut().map(|d| &mut d.origin)) {
            if let Origin::Suggestion { key, number } = origin {
                number.clone_from(&numbers.get(key.as_str()).cloned());
            }
        }
        Ok(DirectorPage {
            institution_name,
            fiscal_year,
            today: self.today(),
            checklist,
            gaps,
            incidents,
            training,
            role_checks,
            decisions,
            origins: PageOrigins {
                checklist: Origin::Assessment { fiscal_year },
                incidents: Origin::Incidents,
                drills: Origin::Drills,
                training: Origin::Trainings,
                role_checks: Origin::RoleChecks { fiscal_year },
            },
            terms: TERMS.iter().map(|t| term_keys(t)).collect(),
            signoffs: self.store.signoffs(institution, fiscal_year).await?,
        })
    }

    /// The year's sign-offs, newest first: for the director's page and the inspection copy.
    pub async fn director_signoffs(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<Vec<SignOffRecord>> {
        check_year(fiscal_year)?;
        Ok(self.store.signoffs(institution, fiscal_year).await?)
    }

    /// Records 「確認しました」 for the year's page: the director (閲覧者) as themselves, an
    /// administrator for them, naming them; nobody else.
    pub async fn sign_off_director_page(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        user: &User,
        input: &SignOffInput,
        actor: &Actor,
    ) -> AppResult<SignOffRecord> {
        let year = check_year(fiscal_year)?;
        if user.institution_id != institution {
            return Err(AppError::NotFound);
        }
        let Some(signed_as) = SignedAs::for_role(user.role) else {
            return Err(AppError::Refused(Message::new("director.error.not_allowed")));
        };
        if fiscal_year > self.current_fiscal_year().0 {
            return Err(AppError::field("fiscal_year", Message::new("roles.error.future_year")));
        }
        let signoff =
            check(input, signed_as, &user.display_name, year, self.today()).map_err(AppError::Invalid)?;
        Ok(self.store.sign_off(institution, fiscal_year, &signoff, actor, self.clock.now()).await?)
    }

    /// The year's latest self-assessment, the one the year's pages link their checklist items to.
    pub async fn year_assessment(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<Option<i64>> {
        Ok(self
            .assessments(institution)
            .await?
            .into_iter()
            .filter(|a| a.fiscal_year == fiscal_year)
            .max_by_key(|a| a.updated_at)
            .map(|a| a.id))
    }

    /// The year's latest self-assessment in one line.
    async fn checklist_line(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<Option<ChecklistLine>> {
        let Some(id) = self.year_assessment(institution, fiscal_year).await? else { return Ok(None) };
        let view = self.assessment_view(institution, id).await?;
        let total = view.status.total();
        Ok(Some(ChecklistLine {
            assessment_id: id,
            edition_title: view.edition.title.clone(),
            yes: total.yes,
            no: total.no,
            unanswered: total.unanswered,
            not_applicable: total.not_applicable,
            overdue: view.status.open.iter().filter(|o| o.overdue).count(),
            without_target: view.status.open.iter().filter(|o| o.target.is_none()).count(),
            open: view.status.open,
        }))
    }

    /// What the registers suggest for every item a gap is read from: from the year's edition when
    /// it has the item and scope, otherwise asked item by item.
    async fn gap_suggestions(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<(BTreeMap<(String, Scope), Suggested>, BTreeMap<String, String>)> {
        let (mut out, mut numbers) = (BTreeMap::new(), BTreeMap::new());
        match self.suggestions(institution, fiscal_year).await {
            Ok((_, slots)) => {
                for s in slots {
                    numbers.insert(s.key.clone(), s.number);
                    out.insert((s.key, s.scope.unwrap_or(Scope::General)), s.suggested);
                }
            }
            Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
        for (key, scope) in DirectorGap::ALL.iter().flat_map(|g| g.checks()) {
            if let std::collections::btree_map::Entry::Vacant(slot) = out.entry(((*key).to_owned(), *scope)) {
                let mut one =
                    self.suggestions_for_item(institution, fiscal_year, key, &[Some(*scope)]).await?;
                if let Some(s) = one.pop() {
                    slot.insert(s);
                }
            }
        }
        Ok((out, numbers))
    }

    async fn incident_summary(
        &self,
        institution: InstitutionId,
        year: FiscalYear,
    ) -> AppResult<IncidentSummary> {
        let in_year = |at: iryosec_core::Timestamp| at.to_jst().is_some_and(|t| year.contains(t.date()));
        let incidents: Vec<_> = self
            .incidents(institution, false)
            .await?
            .into_iter()
            .filter(|i| in_year(i.facts.detected_at))
            .collect();
        let drill_incidents = self
            .incidents(institution, true)
            .await?
            .into_iter()
            .filter(|i| in_year(i.facts.detected_at))
            .count();
        let drills: Vec<_> = self
            .store
            .entries(institution, Register::Drills, None)
            .await?
            .into_iter()
            .map(|e| e.record)
            .collect();
        Ok(IncidentSummary {
            incidents: incidents.len(),
            open: incidents.iter().filter(|i| i.closed_at.is_none()).count(),
            drills: drills_in_year(&drills, &self.drill_runs(institution).await?, year),
            drill_incidents,
        })
    }
}

//! The role checks answered once a fiscal year (経営層向け, システム管理者向け, the nine-area
//! self-check) and the year's tally of every role check into the nine-area matrix.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::date::FiscalYear;
use iryosec_core::roles::groups::{StaffGroup, staff_groups};
use iryosec_core::roles::heatmap::{HeatMapText, heat_map};
use iryosec_core::roles::tally::{
    AreaChange, Counts, ItemTally, Tally, WeakArea, compare, tally_list, weakest,
};
use iryosec_core::roles::{Answers, Audience, Author, MarkInput, RoleList, check_answers};
use iryosec_core::{InstitutionId, Message, Timestamp};

/// What the tally page shows.
pub struct TallyPage {
    pub tally: TallyView,
    pub assessment: Option<i64>,
    /// Printed numbers (`2-⑭`) by item key.
    pub numbers: std::collections::BTreeMap<String, String>,
}

/// A yearly role check as its page shows it.
#[derive(Debug, Clone)]
pub struct RoleCheckPage {
    pub fiscal_year: i32,
    pub audience: Audience,
    /// The list the year is answered with: the one already answered, or the one in force.
    pub list: RoleList,
    pub answers: Answers,
    /// When and by whom the answers were last saved.
    pub saved: Option<(Timestamp, String)>,
    pub counts: Counts,
    pub unanswered: usize,
}

/// One list's part in the year's tally.
#[derive(Debug, Clone)]
pub struct ListTally {
    pub list_id: String,
    pub title: String,
    pub audience: Audience,
    pub author: Author,
    /// How many answered it: 1 for a yearly list, the number of staff for the staff check.
    pub responses: usize,
    pub tally: Tally,
}

/// Everything the tally page shows for a year.
#[derive(Debug, Clone)]
pub struct TallyView {
    pub fiscal_year: i32,
    /// Every list answered in the year, together.
    pub year: Tally,
    pub lists: Vec<ListTally>,
    /// The matrix as a heat map, in Japanese (`heatmap::heat_map` draws it in other words).
    pub heat_map: String,
    /// Answered areas, weakest first, with the matrix's 対策例 and what bears on them.
    pub weakest: Vec<WeakArea>,
    /// Each area against the year before.
    pub changes: Vec<AreaChange>,
    /// The staff check per department and job role (small groups folded together).
    pub staff_groups: Vec<StaffGroup>,
}

/// The audiences answered once a year by the institution.
fn yearly(audience: Audience) -> AppResult<Audience> {
    if audience.answered_by_many() { Err(AppError::NotFound) } else { Ok(audience) }
}

pub(crate) fn check_year(fiscal_year: i32) -> AppResult<FiscalYear> {
    let year = FiscalYear(fiscal_year);
    if !(2000..=2100).contains(&fiscal_year) || year.start().is_none() {
        return Err(AppError::NotFound);
    }
    Ok(year)
}

impl App {
    /// A yearly role check for a year: its list, what was answered, how far it is.
    pub async fn role_check_page(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        audience: Audience,
    ) -> AppResult<RoleCheckPage> {
        check_year(fiscal_year)?;
        let audience = yearly(audience)?;
        let stored = self
            .store
            .role_answers(institution, fiscal_year)
            .await?
            .into_iter()
            .find(|r| r.audience == audience);
        let list = match &stored {
            Some(s) => self.role_list(&s.list_id).await?.list,
            None => self.role_list_in_force(audience, fiscal_year).await?,
        };
        let answers = stored.as_ref().map(|s| s.answers.clone()).unwrap_or_default();
        let mut counts = Counts::default();
        for item in &list.items {
            if let Some(a) = answers.get(&item.key) {
                counts.add(a.mark);
            }
        }
        Ok(RoleCheckPage {
            fiscal_year,
            audience,
            unanswered: list.items.len() - counts.answered(),
            list,
            answers,
            saved: stored.map(|s| (s.updated_at, s.updated_by)),
            counts,
        })
    }

    /// Saves a yearly role check, all or nothing; items left blank stay unanswered.
    pub async fn save_role_answers(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        audience: Audience,
        inputs: &[MarkInput],
        actor: &Actor,
    ) -> AppResult<RoleCheckPage> {
        if fiscal_year > self.current_fiscal_year().0 {
            return Err(AppError::field("fiscal_year", Message::new("roles.error.future_year")));
        }
        let page = self.role_check_page(institution, fiscal_year, audience).await?;
        let answers = check_answers(&page.list, inputs, false).map_err(AppError::Invalid)?;
        self.store
            .save_role_answers(
                institution,
                fiscal_year,
                audience,
                &page.list.id,
                &answers,
                actor,
                self.clock.now(),
            )
            .await?;
        self.role_check_page(institution, fiscal_year, audience).await
    }

    /// The tally page: the year's tally, the year's self-assessment to link the checklist items
    /// an area bears on, and those items' printed numbers in the year's edition.
    pub async fn tally_page(&self, institution: InstitutionId, fiscal_year: i32) -> AppResult<TallyPage> {
        let tally = self.tally(institution, fiscal_year).await?;
        let assessment = self.year_assessment(institution, fiscal_year).await?;
        let kind = self.institution(institution).await?.profile.kind;
        let numbers = self
            .proposed_edition(kind, fiscal_year)
            .await?
            .map(|e| e.items.iter().map(|i| (i.key.clone(), i.number.clone())).collect())
            .unwrap_or_default();
        Ok(TallyPage { tally, assessment, numbers })
    }

    /// The year's tally of every role check, with last year's beside it.
    pub async fn tally(&self, institution: InstitutionId, fiscal_year: i32) -> AppResult<TallyView> {
        check_year(fiscal_year)?;
        let (lists, staff) = self.year_tallies(institution, fiscal_year).await?;
        let year = Tally::new(lists.iter().flat_map(|l| l.tally.items.clone()).collect());
        let (last_lists, _) = self.year_tallies(institution, fiscal_year - 1).await?;
        let last = Tally::new(last_lists.into_iter().flat_map(|l| l.tally.items).collect());
        let matrix = self.role_list_in_force(Audience::SelfCheck, fiscal_year).await.ok();
        let title = format!("{} 9領域の状況", FiscalYear(fiscal_year).label_ja());
        Ok(TallyView {
            fiscal_year,
            heat_map: heat_map(&HeatMapText::ja(&title), &year.areas),
            weakest: weakest(&year, matrix.as_ref()),
            changes: compare(&year, &last),
            year,
            lists,
            staff_groups: staff,
        })
    }

    /// Each list answered in the year with its tally, and the staff check's groups.
    async fn year_tallies(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<(Vec<ListTally>, Vec<StaffGroup>)> {
        let mut out = Vec::new();
        for stored in self.store.role_answers(institution, fiscal_year).await? {
            let list = self.role_list(&stored.list_id).await?.list;
            out.push(list_tally(&list, &[&stored.answers]));
        }
        let staff = self.store.staff_answers(institution, fiscal_year).await?;
        let mut list_ids: Vec<&str> = staff.iter().map(|s| s.list_id.as_str()).collect();
        list_ids.sort_unstable();
        list_ids.dedup();
        for id in list_ids {
            let list = self.role_list(id).await?.list;
            let answers: Vec<&Answers> =
                staff.iter().filter(|s| s.list_id == id).map(|s| &s.answers).collect();
            out.push(list_tally(&list, &answers));
        }
        let given: Vec<_> = staff.iter().map(|s| (&s.respondent, &s.answers)).collect();
        Ok((out, staff_groups(&given)))
    }
}

fn list_tally(list: &RoleList, answers: &[&Answers]) -> ListTally {
    let items: Vec<ItemTally> = tally_list(list, answers);
    ListTally {
        list_id: list.id.clone(),
        title: list.title.clone(),
        audience: list.audience,
        author: list.author,
        responses: answers.len(),
        tally: Tally::new(items),
    }
}

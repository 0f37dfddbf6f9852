//! The home page in one call: the institution, its accounts, the latest activity, the
//! checklist years, the open incidents, whether the printed card is current, and the start list.

use crate::assessments::AssessmentView;
use crate::bcp::CardView;
use crate::{App, AppResult};
use iryosec_core::institution::Institution;
use iryosec_core::role::Role;
use iryosec_core::start::StartItem;
use iryosec_core::{InstitutionId, Timestamp};
use iryosec_store::{AuditFilter, IncidentRecord};

/// How many checklist years the home page compares.
pub const CHART_YEARS: usize = 4;
/// How many audit entries the home page lists.
const ACTIVITY_ENTRIES: i64 = 8;

/// What the person may see on the home page besides what everyone sees.
#[derive(Debug, Clone, Copy)]
pub struct DashboardScope {
    pub accounts: bool,
    pub activity: bool,
}

pub struct Dashboard {
    pub institution: Institution,
    pub now: Timestamp,
    pub current_year: i32,
    /// Only for a person who manages accounts.
    pub accounts: Option<AccountCounts>,
    /// Only for a person who may read the audit log: the newest entries.
    pub activity: Option<Vec<crate::audit_details::DescribedEntry>>,
    /// The newest checklist years (at most [`CHART_YEARS`]), newest first.
    pub checklists: Vec<AssessmentView>,
    /// Incidents (not drills) that are not closed.
    pub open_incidents: Vec<IncidentRecord>,
    pub card: CardView,
    /// The first-year start list, each step ticked from the stored data.
    pub start: Vec<StartItem>,
    /// Devices in use past their end of support, ending within the 年度, not confirmed for a year.
    pub ledger_marks: iryosec_store::MarkCounts,
}

pub struct AccountCounts {
    pub active: usize,
    pub admins: usize,
    pub locked: usize,
    pub disabled: usize,
}

impl App {
    pub async fn dashboard(&self, institution: InstitutionId, scope: DashboardScope) -> AppResult<Dashboard> {
        let now = self.clock.now();
        let accounts = if scope.accounts { Some(self.account_counts(institution, now).await?) } else { None };
        let activity = if scope.activity {
            let (entries, _) =
                self.audit_entries(institution, &AuditFilter::default(), ACTIVITY_ENTRIES, 0).await?;
            Some(self.described(institution, entries).await?)
        } else {
            None
        };
        let mut checklists = Vec::new();
        for r in self.assessments(institution).await?.iter().take(CHART_YEARS) {
            checklists.push(self.assessment_view(institution, r.id).await?);
        }
        let mut open_incidents = self.incidents(institution, false).await?;
        open_incidents.retain(|i| i.closed_at.is_none());
        Ok(Dashboard {
            institution: self.institution(institution).await?,
            now,
            current_year: self.current_fiscal_year().0,
            accounts,
            activity,
            checklists,
            open_incidents,
            card: self.bcp_card(institution).await?,
            start: self.start_list(institution).await?,
            ledger_marks: self.ledger_mark_counts(institution).await?,
        })
    }

    async fn account_counts(&self, institution: InstitutionId, now: Timestamp) -> AppResult<AccountCounts> {
        let users = self.users(institution).await?;
        let active: Vec<_> = users.iter().filter(|u| !u.disabled).collect();
        Ok(AccountCounts {
            active: active.len(),
            admins: active.iter().filter(|u| u.role == Role::Admin).count(),
            locked: active.iter().filter(|u| u.is_locked(now)).count(),
            disabled: users.len() - active.len(),
        })
    }
}

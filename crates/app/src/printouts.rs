//! Printed pages in one call each: what is printed, with the heading every printout carries
//! (the institution, when it was printed) and, where the paper must be provable later, the
//! audit chain's head.

use crate::assessment_print::InspectionCopy;
use crate::bcp::CardView;
use crate::surveys::SheetLine;
use crate::{App, AppResult};
use iryosec_core::institution::Institution;
use iryosec_core::{InstitutionId, Timestamp};
use iryosec_store::AuditHead;
use time::Date;

pub struct Printout<T> {
    pub content: T,
    pub institution: Institution,
    pub printed_at: Timestamp,
    pub today: Date,
    /// The institution's chain head, so a later check can prove the log still holds it.
    pub audit_anchor: Option<AuditHead>,
}

impl App {
    pub async fn assessment_printout(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> AppResult<Printout<InspectionCopy>> {
        let copy = self.inspection_copy(institution, id).await?;
        self.printout(institution, copy, true).await
    }

    pub async fn survey_printout(
        &self,
        institution: InstitutionId,
        edition_id: &str,
    ) -> AppResult<Printout<Vec<SheetLine>>> {
        let lines = self.survey_sheet(institution, edition_id).await?;
        self.printout(institution, lines, false).await
    }

    /// The 初動対応カード with its heading; it is also the card's page.
    pub async fn card_printout(&self, institution: InstitutionId) -> AppResult<Printout<CardView>> {
        let card = self.bcp_card(institution).await?;
        self.printout(institution, card, true).await
    }

    async fn printout<T>(
        &self,
        institution: InstitutionId,
        content: T,
        anchored: bool,
    ) -> AppResult<Printout<T>> {
        let audit_anchor = if anchored { self.audit_anchor(institution).await? } else { None };
        Ok(Printout {
            content,
            institution: self.institution(institution).await?,
            printed_at: self.clock.now(),
            today: self.today(),
            audit_anchor,
        })
    }
}

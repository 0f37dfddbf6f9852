//! The institution's own profile.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::audit::Actor;
use iryosec_core::institution::{Institution, InstitutionInput};

impl App {
    pub async fn institution(&self, id: InstitutionId) -> AppResult<Institution> {
        self.store.institution(id).await?.ok_or(AppError::NotFound)
    }

    pub async fn update_institution(
        &self,
        id: InstitutionId,
        input: &InstitutionInput,
        actor: &Actor,
    ) -> AppResult<Institution> {
        let profile = input.parse().map_err(AppError::Invalid)?;
        Ok(self.store.update_institution(id, &profile, actor, self.clock.now()).await?)
    }
}

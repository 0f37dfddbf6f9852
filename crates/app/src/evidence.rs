//! Files attached to an assessment's items as evidence.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::{InstitutionId, Message};
use iryosec_store::{EvidenceMeta, NewEvidence};

impl App {
    /// Checks and stores a file for an item; the message says what is wrong with a refused one.
    pub async fn add_evidence(
        &self,
        institution: InstitutionId,
        assessment: i64,
        item_key: &str,
        file_name: &str,
        bytes: Vec<u8>,
        actor: &Actor,
    ) -> AppResult<i64> {
        let view = self.assessment_view(institution, assessment).await?;
        if view.edition.item(item_key).is_none() {
            return Err(AppError::NotFound);
        }
        let accepted =
            iryosec_core::evidence::check(file_name, &bytes).map_err(|m| AppError::field("file", m))?;
        let file = NewEvidence {
            item_key: item_key.to_owned(),
            file_name: accepted.file_name,
            content_type: accepted.content_type.to_owned(),
            sha256: accepted.sha256,
            data: bytes,
        };
        Ok(self.store.add_evidence(institution, assessment, &file, actor, self.clock.now()).await?)
    }

    pub async fn evidence_of(
        &self,
        institution: InstitutionId,
        assessment: i64,
    ) -> AppResult<Vec<EvidenceMeta>> {
        Ok(self.store.evidence_of(institution, assessment).await?)
    }

    pub async fn evidence_file(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> AppResult<(EvidenceMeta, Vec<u8>)> {
        self.store.evidence_file(institution, id).await?.ok_or(AppError::NotFound)
    }

    pub async fn delete_evidence(
        &self,
        institution: InstitutionId,
        id: i64,
        actor: &Actor,
    ) -> AppResult<EvidenceMeta> {
        let (meta, _) = self.evidence_file(institution, id).await?;
        self.store.delete_evidence(institution, id, actor, self.clock.now()).await?;
        Ok(meta)
    }
}

/// An upload that was too large to read ends up here rather than as a panic or a 500.
pub fn too_large() -> AppError {
    AppError::field(
        "file",
        Message::new("evidence.error.too_large").arg("max", iryosec_core::evidence::MAX_BYTES / 1024 / 1024),
    )
}

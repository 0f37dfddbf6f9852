//! Checklist editions: the shipped ones and those users imported, as one list.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::catalog::{Edition, builtin, parse_toml};
use iryosec_core::{Message, Timestamp};
use iryosec_store::{NewEdition, StoredEdition};
use serde::Serialize;

/// Where an edition comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "origin", rename_all = "snake_case")]
pub enum Origin {
    Builtin,
    Imported { version: i64, imported_at: Timestamp, imported_by: String, source_name: String },
}

impl Origin {
    /// The origin of a definition read back from the store.
    pub fn imported(stored: StoredEdition) -> Origin {
        Origin::Imported {
            version: stored.version,
            imported_at: stored.imported_at,
            imported_by: stored.imported_by,
            source_name: stored.source_name,
        }
    }
}

#[derive(Debug, Clone)]
pub struct EditionInfo {
    pub edition: Edition,
    pub origin: Origin,
}

/// An edition as TOML, the form it is stored in whatever file it came from.
pub fn to_toml(edition: &Edition) -> AppResult<String> {
    toml::to_string(edition).map_err(AppError::internal("edition to TOML"))
}

impl App {
    /// Every edition: shipped ones first, then imported ones (newest version of each).
    pub async fn editions(&self) -> AppResult<Vec<EditionInfo>> {
        let mut all: Vec<EditionInfo> = builtin::editions()
            .iter()
            .map(|e| EditionInfo { edition: e.clone(), origin: Origin::Builtin })
            .collect();
        for stored in self.store.imported_editions().await? {
            match parse_toml(&stored.source_text) {
                Ok(edition) => all.push(EditionInfo { edition, origin: Origin::imported(stored) }),
                Err(errors) => {
                    tracing::error!(id = %stored.id, ?errors, "a stored edition no longer validates")
                }
            }
        }
        Ok(all)
    }

    pub async fn edition(&self, id: &str) -> AppResult<EditionInfo> {
        // A shipped edition's id is never taken by an imported one: no need to read them all.
        if let Some(edition) = builtin::edition(id) {
            return Ok(EditionInfo { edition: edition.clone(), origin: Origin::Builtin });
        }
        self.editions().await?.into_iter().find(|e| e.edition.id == id).ok_or(AppError::NotFound)
    }

    /// Answers hang on the items of the edition they were given for: once an imported edition
    /// is answered, a changed version would silently orphan them.
    pub(crate) async fn refuse_changing_answered(&self, edition: &Edition) -> AppResult<()> {
        let current = self.editions().await?.into_iter().find(|e| e.edition.id == edition.id);
        if let Some(current) = current
            && current.edition != *edition
            && self.store.assessments_using_edition(&edition.id).await? > 0
        {
            return Err(AppError::Refused(Message::new("catalog.error.in_use").arg("id", &edition.id)));
        }
        Ok(())
    }

    /// Stores a validated edition as the next version of its id. The ids of shipped editions
    /// are taken: a corrected edition gets an id of its own.
    pub async fn import_edition(
        &self,
        edition: &Edition,
        source_name: &str,
        actor: &Actor,
    ) -> AppResult<i64> {
        if builtin::edition(&edition.id).is_some() {
            return Err(AppError::Refused(Message::new("catalog.error.builtin_id").arg("id", &edition.id)));
        }
        self.refuse_changing_answered(edition).await?;
        let new = NewEdition {
            id: edition.id.clone(),
            fiscal_year: edition.fiscal_year,
            sheet: edition.sheet.code().to_owned(),
            title: edition.title.clone(),
            source_text: to_toml(edition)?,
            source_name: source_name.to_owned(),
        };
        Ok(self.store.store_edition(&new, actor, self.clock.now()).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_edition_round_trips_through_stored_toml() {
        for e in builtin::editions() {
            let text = to_toml(e).unwrap();
            assert_eq!(&parse_toml(&text).unwrap(), e, "{}", e.id);
        }
    }
}

//! How each kind of file was read, remembered per institution from its last successful import
//! and applied to the next file with the same headers (see `io::layout`).

use crate::App;
use crate::error::AppResult;
use iryosec_core::InstitutionId;
use iryosec_core::audit::Actor;
use iryosec_io::layout::Layout;

impl App {
    /// The institution's remembered layouts for `kind` (`ledger`, a register's code,
    /// `accounts`, `roster`), the latest first. One stored by an older version that no longer
    /// reads is passed over: it is only a convenience.
    pub async fn remembered_layouts(&self, institution: InstitutionId, kind: &str) -> AppResult<Vec<Layout>> {
        let stored = self.store.import_layouts(institution, kind).await?;
        Ok(stored.iter().filter_map(|json| Layout::from_json(json.as_bytes(), kind).ok()).collect())
    }

    /// Remembers how a file was read, after its import was saved. The import stands whatever
    /// happens here, so a failure is logged, not reported.
    pub(crate) async fn remember_layout(&self, institution: InstitutionId, layout: &Layout, actor: &Actor) {
        let json = String::from_utf8_lossy(&layout.to_json()).into_owned();
        let remembered = self
            .store
            .remember_import_layout(
                institution,
                &layout.import,
                &layout.signature(),
                &json,
                actor,
                self.clock.now(),
            )
            .await;
        if let Err(error) = remembered {
            tracing::warn!(?error, kind = %layout.import, "how the file was read could not be remembered");
        }
    }
}

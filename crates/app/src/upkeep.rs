//! What the server and the command line need beyond the pages: the institutions there are,
//! whether the database answers, where the data lives, and the periodic clean-up.

use crate::{App, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::institution::Institution;
use iryosec_core::user::{LoginId, User};

impl App {
    /// Every institution in the database, demo or real.
    pub async fn institutions(&self) -> AppResult<Vec<Institution>> {
        Ok(self.store.institutions().await?)
    }

    /// The institution a session belongs to, when it can be read (pages still render
    /// without it).
    pub async fn institution_if_readable(&self, id: InstitutionId) -> Option<Institution> {
        self.store.institution(id).await.ok().flatten()
    }

    /// Whether the database answers a query at all (for monitoring).
    pub async fn database_answers(&self) -> AppResult<()> {
        self.store.institution_count().await?;
        Ok(())
    }

    /// Where the data lives, as an operator finds it (a folder or a database name).
    pub fn data_place(&self) -> String {
        self.store.data_place()
    }

    /// The account behind a login id, in whichever institution it is.
    pub async fn user_by_login(&self, login: &LoginId) -> AppResult<Option<User>> {
        Ok(self.store.user_by_login(login).await?)
    }

    /// Ended sessions, old failed logins and staged imports never committed (kept a day) are
    /// removed. Each part is tried even when another fails; failures are logged only.
    pub async fn sweep(&self) {
        let now = self.clock.now();
        if let Err(e) = self.delete_expired_sessions().await {
            tracing::warn!(error = %e, "could not remove expired sessions");
        }
        if let Err(e) = self.store.forget_stale_login_attempts(now).await {
            tracing::warn!(error = %e, "could not forget old login attempts");
        }
        if let Err(e) = self.store.expire_staged(now.plus_minutes(-24 * 60)).await {
            tracing::warn!(error = %e, "could not remove stale staged imports");
        }
    }
}

//! Role checklists: the shipped ones and those users imported, as one list, and which one an
//! audience answers in a fiscal year.

use crate::App;
use crate::catalog::Origin;
use crate::error::{AppError, AppResult};
use iryosec_core::Message;
use iryosec_core::audit::Actor;
use iryosec_core::roles::{Audience, RoleList, builtin, parse_toml};
use iryosec_store::NewRoleList;

#[derive(Debug, Clone)]
pub struct RoleListInfo {
    pub list: RoleList,
    pub origin: Origin,
}

/// A list as TOML, the form it is stored in whatever file it came from.
pub fn to_toml(list: &RoleList) -> AppResult<String> {
    toml::to_string(list).map_err(|e| AppError::Internal(format!("role list to TOML: {e}")))
}

impl App {
    /// Every list: shipped ones first, then imported ones (newest version of each).
    pub async fn role_lists(&self) -> AppResult<Vec<RoleListInfo>> {
        let mut all: Vec<RoleListInfo> = builtin::lists()
            .iter()
            .map(|l| RoleListInfo { list: l.clone(), origin: Origin::Builtin })
            .collect();
        for stored in self.store.imported_role_lists().await? {
            match parse_toml(&stored.source_text) {
                Ok(list) => all.push(RoleListInfo { list, origin: Origin::imported(stored) }),
                Err(errors) => {
                    tracing::error!(id = %stored.id, ?errors, "a stored role list no longer validates")
                }
            }
        }
        Ok(all)
    }

    pub async fn role_list(&self, id: &str) -> AppResult<RoleListInfo> {
        self.role_lists().await?.into_iter().find(|l| l.list.id == id).ok_or(AppError::NotFound)
    }

    /// The list an audience answers in a fiscal year when nothing was answered yet (see
    /// [`builtin::in_force`]: the ministry's before iryosec's, an imported one before a shipped one).
    pub async fn role_list_in_force(&self, audience: Audience, fiscal_year: i32) -> AppResult<RoleList> {
        let all = self.role_lists().await?;
        let candidates = all.iter().map(|i| (&i.list, matches!(i.origin, Origin::Imported { .. })));
        builtin::in_force(candidates, audience, fiscal_year).cloned().ok_or(AppError::NotFound)
    }

    /// Stores a validated list as the next version of its id. The ids of shipped lists are
    /// taken, and a list already answered keeps its content: a changed one needs an id of its own.
    pub async fn import_role_list(
        &self,
        list: &RoleList,
        source_name: &str,
        actor: &Actor,
    ) -> AppResult<i64> {
        if builtin::list(&list.id).is_some() {
            return Err(AppError::Refused(Message::new("roles.error.builtin_id").arg("id", &list.id)));
        }
        let current = self.role_lists().await?.into_iter().find(|l| l.list.id == list.id);
        if let Some(current) = current
            && current.list != *list
            && self.store.role_list_uses(&list.id).await? > 0
        {
            return Err(AppError::Refused(Message::new("roles.error.in_use").arg("id", &list.id)));
        }
        let new = NewRoleList {
            id: list.id.clone(),
            audience: list.audience,
            title: list.title.clone(),
            source_text: to_toml(list)?,
            source_name: source_name.to_owned(),
        };
        Ok(self.store.store_role_list(&new, actor, self.clock.now()).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_list_round_trips_through_stored_toml() {
        for l in builtin::lists() {
            let text = to_toml(l).unwrap();
            assert_eq!(&parse_toml(&text).unwrap(), l, "{}", l.id);
        }
    }
}

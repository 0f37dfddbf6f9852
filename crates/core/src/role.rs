//! Roles and what each may do. The web layer asks `role.allows(permission)` on every route.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理者: everything, including accounts.
    Admin,
    /// 担当者: keeps the institution's data.
    Editor,
    /// 閲覧者: reads, e.g. the director.
    Viewer,
    /// 監査者: reads, and reads the audit log.
    Auditor,
}

/// What a route or a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ViewInstitution,
    EditInstitution,
    ManageUsers,
    ViewAudit,
}

impl Permission {
    pub const ALL: [Permission; 4] = [
        Permission::ViewInstitution,
        Permission::EditInstitution,
        Permission::ManageUsers,
        Permission::ViewAudit,
    ];
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Viewer, Role::Auditor];

    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Editor => matches!(permission, ViewInstitution | EditInstitution),
            Role::Viewer => matches!(permission, ViewInstitution),
            Role::Auditor => matches!(permission, ViewInstitution | ViewAudit),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
            Role::Auditor => "auditor",
        }
    }

    /// Accepts the code or the Japanese name (管理者, 担当者, 閲覧者, 監査者).
    pub fn parse(input: &str) -> Option<Role> {
        let s = input.trim();
        Role::ALL.into_iter().find(|r| r.code() == s || r.name_ja() == s)
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Role::Admin => "管理者",
            Role::Editor => "担当者",
            Role::Viewer => "閲覧者",
            Role::Auditor => "監査者",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Role::Admin => "role.admin",
            Role::Editor => "role.editor",
            Role::Viewer => "role.viewer",
            Role::Auditor => "role.auditor",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permission_matrix() {
        use Permission::*;
        let table = [
            (Role::Admin, [true, true, true, true]),
            (Role::Editor, [true, true, false, false]),
            (Role::Viewer, [true, false, false, false]),
            (Role::Auditor, [true, false, false, true]),
        ];
        for (role, expected) in table {
            let got = [ViewInstitution, EditInstitution, ManageUsers, ViewAudit].map(|p| role.allows(p));
            assert_eq!(got, expected, "{role:?}");
        }
    }

    #[test]
    fn roles_parse_from_code_and_japanese() {
        assert_eq!(Role::parse("監査者"), Some(Role::Auditor));
        assert_eq!(Role::parse("editor"), Some(Role::Editor));
        assert_eq!(Role::parse("superuser"), None);
    }
}

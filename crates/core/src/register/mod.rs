//! The registers besides the asset ledger: 医療情報システム, 事業者, バックアップ, 復元テスト,
//! 連絡体制図 and 規程・文書. Each is a table of field descriptions ([`FieldSpec`]); one generic [`Record`]
//! holds an entry, so every register gets the same form, list, import, export and history.
//!
//! The ledger keeps its own typed struct: it came first, is far larger (thousands of rows,
//! 31 fields) and its rules read many fields.

mod fields;
pub mod policies;
mod record;
pub mod rules;
mod spec;

pub use fields::{CONTACT_ROLES, DOCUMENT_KINDS, SYSTEM_CATEGORIES, contact_group};
pub use record::{Record, parse_record, split_list};
pub use rules::Registers;
pub use spec::{Choice, FieldSpec, Input};

/// Which register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Register {
    Systems,
    Vendors,
    Backups,
    RestoreTests,
    Contacts,
    Documents,
}

impl Register {
    pub const ALL: [Register; 6] = [
        Register::Systems,
        Register::Vendors,
        Register::Backups,
        Register::RestoreTests,
        Register::Contacts,
        Register::Documents,
    ];

    /// Stored name, URL segment (`/registers/{code}`) and i18n prefix.
    pub fn code(self) -> &'static str {
        match self {
            Register::Systems => "systems",
            Register::Vendors => "vendors",
            Register::Backups => "backups",
            Register::RestoreTests => "restore_tests",
            Register::Contacts => "contacts",
            Register::Documents => "documents",
        }
    }

    pub fn parse(code: &str) -> Option<Register> {
        Register::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Register::Systems => "医療情報システム",
            Register::Vendors => "事業者",
            Register::Backups => "バックアップ",
            Register::RestoreTests => "復元テスト",
            Register::Contacts => "連絡体制図",
            Register::Documents => "規程・文書",
        }
    }

    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            Register::Systems => fields::SYSTEMS,
            Register::Vendors => fields::VENDORS,
            Register::Backups => fields::BACKUPS,
            Register::RestoreTests => fields::RESTORE_TESTS,
            Register::Contacts => fields::CONTACTS,
            Register::Documents => fields::DOCUMENTS,
        }
    }

    pub fn field(self, code: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.code == code)
    }

    /// The fields that identify an entry; an import replaces the entry with the same key.
    pub fn key_fields(self) -> &'static [&'static str] {
        match self {
            Register::Systems | Register::Vendors | Register::Backups => &["name"],
            Register::RestoreTests => &["system", "tested_on"],
            Register::Contacts => &["role", "name"],
            Register::Documents => &["kind", "title"],
        }
    }

    /// What a field names, when it names entries elsewhere (for links, and to flag names that
    /// match nothing).
    pub fn reference(self, field: &str) -> Option<Target> {
        match (self, field) {
            (Register::Systems, "assets") => Some(Target::Ledger),
            (Register::Systems, "vendors") => Some(Target::Register(Register::Vendors)),
            (Register::Backups | Register::RestoreTests, "system") => {
                Some(Target::Register(Register::Systems))
            }
            (Register::RestoreTests, "backup") => Some(Target::Register(Register::Backups)),
            _ => None,
        }
    }

    /// The fields the list page shows as columns.
    pub fn list_fields(self) -> &'static [&'static str] {
        match self {
            Register::Systems => &["name", "category", "vendors", "renewal_on", "patient_info"],
            Register::Vendors => {
                &["name", "contact_person", "phone", "emergency_phone", "mds_sds_received_on"]
            }
            Register::Backups => &["name", "system", "method", "frequency", "generations", "offline"],
            Register::RestoreTests => &["system", "tested_on", "result", "minutes"],
            Register::Contacts => &["role", "name", "organization", "phone", "phone_after_hours"],
            Register::Documents => &["kind", "title", "version", "revised_on", "place"],
        }
    }
}

/// Where a reference points: the asset ledger (by 管理番号) or another register (by key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Ledger,
    Register(Register),
}

#[cfg(test)]
mod tests;

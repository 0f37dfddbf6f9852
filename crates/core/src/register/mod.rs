//! The registers besides the asset ledger: 医療情報システム, 事業者, バックアップ, 復元テスト,
//! 連絡体制図, 規程・文書, 外部接続, and for the BCP 代替運用, 訓練 with their 改善策, 職員 and 研修の受講記録. Each is a table of field descriptions ([`FieldSpec`]); one generic [`Record`]
//! holds an entry, so every register gets the same form, list, import, export and history.
//!
//! The ledger keeps its own typed struct: it came first, is far larger (thousands of rows,
//! 31 fields) and its rules read many fields.

mod bcp_fields;
mod connection_fields;
pub mod diagram;
mod fields;
pub mod policies;
mod record;
pub mod rules;
mod spec;

pub use bcp_fields::{AUDIENCES, DRILL_KINDS, PROVIDERS};
pub use connection_fields::CONNECTION_KINDS;
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
    PaperOperations,
    Drills,
    DrillActions,
    Staff,
    Trainings,
    Connections,
}

impl Register {
    pub const ALL: [Register; 12] = [
        Register::Systems,
        Register::Vendors,
        Register::Backups,
        Register::RestoreTests,
        Register::Contacts,
        Register::Documents,
        Register::PaperOperations,
        Register::Drills,
        Register::DrillActions,
        Register::Staff,
        Register::Trainings,
        Register::Connections,
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
            Register::PaperOperations => "paper_operations",
            Register::Drills => "drills",
            Register::DrillActions => "drill_actions",
            Register::Staff => "staff",
            Register::Trainings => "trainings",
            Register::Connections => "connections",
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
            Register::PaperOperations => "代替運用（紙運用）",
            Register::Drills => "訓練",
            Register::DrillActions => "訓練の改善策",
            Register::Staff => "職員（研修の対象）",
            Register::Trainings => "研修の受講記録",
            Register::Connections => "外部接続",
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
            Register::PaperOperations => bcp_fields::PAPER_OPERATIONS,
            Register::Drills => bcp_fields::DRILLS,
            Register::DrillActions => bcp_fields::DRILL_ACTIONS,
            Register::Staff => bcp_fields::STAFF,
            Register::Trainings => bcp_fields::TRAININGS,
            Register::Connections => connection_fields::CONNECTIONS,
        }
    }

    pub fn field(self, code: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.code == code)
    }

    /// The fields that identify an entry; an import replaces the entry with the same key.
    pub fn key_fields(self) -> &'static [&'static str] {
        match self {
            Register::Systems
            | Register::Vendors
            | Register::Backups
            | Register::Staff
            | Register::Connections => &["name"],
            Register::RestoreTests => &["system", "tested_on"],
            Register::Contacts => &["role", "name"],
            Register::Documents => &["kind", "title"],
            Register::PaperOperations => &["department"],
            Register::Drills => &["title"],
            Register::DrillActions => &["drill", "action"],
            Register::Trainings => &["person", "course", "taken_on"],
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
            (Register::DrillActions, "drill") => Some(Target::Register(Register::Drills)),
            (Register::Trainings, "person") => Some(Target::Register(Register::Staff)),
            (Register::Connections, "devices") => Some(Target::Ledger),
            (Register::Connections, "vendors") => Some(Target::Register(Register::Vendors)),
            (Register::Connections, "systems") => Some(Target::Register(Register::Systems)),
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
            Register::PaperOperations => &["department", "forms_place", "owner"],
            Register::Drills => &["held_on", "kind", "title", "scenario"],
            Register::DrillActions => &["drill", "action", "owner", "due_on", "done_on"],
            Register::Staff => &["name", "audience", "department"],
            Register::Trainings => &["taken_on", "person", "audience", "course", "provider"],
            Register::Connections => {
                &["name", "kind", "vendors", "two_factor", "source_restricted", "reviewed_on"]
            }
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
#[cfg(test)]
mod tests_guideline;

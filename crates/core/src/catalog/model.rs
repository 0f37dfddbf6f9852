//! The shape of a checklist edition.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which sheet of the ministry's form an edition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sheet {
    /// 医療機関確認用
    Hospital,
    /// 薬局確認用
    Pharmacy,
    /// 事業者確認用 (filled in by each system vendor)
    Vendor,
    /// 医療機関・薬局確認用 (one sheet for both, expected from 令和8年度)
    HospitalPharmacy,
}

impl Sheet {
    pub const ALL: [Sheet; 4] = [Sheet::Hospital, Sheet::Pharmacy, Sheet::Vendor, Sheet::HospitalPharmacy];

    pub fn code(self) -> &'static str {
        match self {
            Sheet::Hospital => "hospital",
            Sheet::Pharmacy => "pharmacy",
            Sheet::Vendor => "vendor",
            Sheet::HospitalPharmacy => "hospital_pharmacy",
        }
    }

    pub fn parse(code: &str) -> Option<Sheet> {
        Sheet::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Sheet::Hospital => "医療機関確認用",
            Sheet::Pharmacy => "薬局確認用",
            Sheet::Vendor => "事業者確認用",
            Sheet::HospitalPharmacy => "医療機関・薬局確認用",
        }
    }
}

/// What part of the information systems an item is answered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// 医療情報システム全般 (servers, terminal PCs and network devices together)
    General,
    /// サーバ
    Server,
    /// 端末PC
    Terminal,
    /// ネットワーク機器
    Network,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::General, Scope::Server, Scope::Terminal, Scope::Network];

    pub fn code(self) -> &'static str {
        match self {
            Scope::General => "general",
            Scope::Server => "server",
            Scope::Terminal => "terminal",
            Scope::Network => "network",
        }
    }

    pub fn parse(code: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Scope::General => "医療情報システム全般",
            Scope::Server => "サーバ",
            Scope::Terminal => "端末PC",
            Scope::Network => "ネットワーク機器",
        }
    }
}

/// Facts about the institution that make an item apply or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The institution has a maintenance or supply contract with a system vendor.
    VendorContract,
}

impl Condition {
    pub fn code(self) -> &'static str {
        match self {
            Condition::VendorContract => "vendor_contract",
        }
    }

    pub fn parse(code: &str) -> Option<Condition> {
        match code.trim() {
            "vendor_contract" => Some(Condition::VendorContract),
            _ => None,
        }
    }
}

/// How far an item's wording and number are confirmed against the ministry's own text. The
/// three levels are what a person needs to know before handing the sheet to an inspector: read
/// in the published form, read only in the draft that preceded it, or reconstructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Checked against the ministry's final, published text (the form or its manual).
    /// `verified` is the name files written before the three levels used.
    #[serde(alias = "verified")]
    Final,
    /// Checked only against a draft published before the final text.
    Draft,
    /// Wording or number inferred (from another edition, a secondary source, the topic); not
    /// checked against the ministry's text. The default: nobody has said otherwise. Files
    /// written before the three levels said `partial` or `unverified` for this.
    #[default]
    #[serde(alias = "partial", alias = "unverified")]
    Inferred,
}

impl Verification {
    pub const ALL: [Verification; 3] = [Verification::Final, Verification::Draft, Verification::Inferred];

    pub fn code(self) -> &'static str {
        match self {
            Verification::Final => "final",
            Verification::Draft => "draft",
            Verification::Inferred => "inferred",
        }
    }

    /// A code, or one of the names files used before the three levels.
    pub fn parse(code: &str) -> Option<Verification> {
        match code.trim() {
            "final" | "verified" => Some(Verification::Final),
            "draft" => Some(Verification::Draft),
            "inferred" | "partial" | "unverified" => Some(Verification::Inferred),
            _ => None,
        }
    }

    /// The label everywhere a person reads it (pages, `definitions show`, Excel and CSV); the
    /// catalog key `catalog.verification_<code>` says the same in each language.
    pub fn name_ja(self) -> &'static str {
        match self {
            Verification::Final => "最終版の原文と照合済み",
            Verification::Draft => "公表前の案と照合",
            Verification::Inferred => "文言は推定（原文と未照合）",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Verification::Final => "catalog.verification_final",
            Verification::Draft => "catalog.verification_draft",
            Verification::Inferred => "catalog.verification_inferred",
        }
    }
}

/// A numbered section of the form (1 体制構築, 2 医療情報システムの管理・運用, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub number: String,
    pub title: String,
}

/// One item (row) of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// As printed: `2-(5)`, `2-⑤`, or `pre` for the preliminary question.
    pub number: String,
    /// The same requirement keeps its key across editions (`access.remove_unneeded_accounts`).
    pub key: String,
    pub section: String,
    pub title: String,
    /// Parts answered separately; empty: the item is answered once.
    #[serde(default)]
    pub scopes: Vec<Scope>,
    /// The fiscal year by which the item must be met.
    pub due: i32,
    /// Exceptions to `due` for some scopes (R5: 端末PC of some items only by 令和6年度).
    #[serde(default)]
    pub due_by_scope: BTreeMap<Scope, i32>,
    /// The item applies only when all of these hold.
    #[serde(default)]
    pub applies_if: Vec<Condition>,
    /// The preliminary question: answering いいえ makes every other item not applicable.
    #[serde(default)]
    pub gate: bool,
    /// What the item asks for and how to show it, in our own words.
    #[serde(default)]
    pub guidance: String,
    /// The guideline chapters it rests on.
    #[serde(default)]
    pub guideline: Vec<String>,
    #[serde(default)]
    pub verification: Verification,
    /// Where the text comes from and what is not confirmed.
    #[serde(default)]
    pub source_note: String,
    /// Who compared the item with the ministry's official form (「様式の原本と照合済み」) and on
    /// what day (`YYYY-MM-DD`); empty while nobody has. Set in the edition editor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub checked_by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub checked_on: String,
}

impl Item {
    /// The answer slots: one per scope, or one for the whole item.
    pub fn slots(&self) -> Vec<Option<Scope>> {
        if self.scopes.is_empty() { vec![None] } else { self.scopes.iter().copied().map(Some).collect() }
    }

    /// Whether a named person has compared it with the ministry's official form.
    pub fn is_checked(&self) -> bool {
        !self.checked_by.is_empty() && !self.checked_on.is_empty()
    }

    pub fn due_for(&self, scope: Option<Scope>) -> i32 {
        scope.and_then(|s| self.due_by_scope.get(&s).copied()).unwrap_or(self.due)
    }
}

/// A whole edition of one sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Version of this file format.
    pub format: u32,
    pub id: String,
    pub kind: String,
    pub title: String,
    pub fiscal_year: i32,
    pub sheet: Sheet,
    /// 確認日 columns on the form (1回目 and 2回目: 2).
    #[serde(default = "one")]
    pub confirmations: u8,
    /// Date the ministry published it: `YYYY-MM-DD`, or `YYYY-MM` where only the month is known.
    #[serde(default)]
    pub published: String,
    /// Not the ministry's text but iryosec's reconstruction of an edition whose items are not
    /// at hand yet (`note` and `source` say from what). Its items cannot be `final`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub provisional: bool,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
    /// The official file the items were checked against (name and SHA-256), when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub official_file: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub official_sha256: String,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
}

fn one() -> u8 {
    1
}

fn is_false(b: &bool) -> bool {
    !*b
}

pub const FORMAT_VERSION: u32 = 1;
pub const KIND_CHECKLIST: &str = "checklist";

impl Edition {
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.key == key)
    }

    pub fn gate(&self) -> Option<&Item> {
        self.items.iter().find(|i| i.gate)
    }

    /// The items not checked against the ministry's final text, in form order. While there is
    /// any, the inspector's copy says which in one footnote; once every item is `final` (checked
    /// against the official form) the copy carries none.
    pub fn items_not_final(&self) -> Vec<&Item> {
        self.items.iter().filter(|i| i.verification != Verification::Final).collect()
    }

    pub fn items_in<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| i.section == section)
    }
}

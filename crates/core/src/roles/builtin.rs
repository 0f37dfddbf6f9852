//! The lists shipped inside the binary (`catalog/roles/*.toml`) and the mapping of the nine areas
//! to the checklist and the registers (`catalog/roles/areas.toml`). They are parsed once, on first
//! use; the tests make sure every one of them is valid, so a broken file never reaches a release.

use super::model::{Area, Audience, Author, Control, Layer, RoleList};
use super::parse::parse_toml;
use crate::register::Register;
use serde::Deserialize;
use std::sync::LazyLock;

macro_rules! builtin {
    ($($file:literal),* $(,)?) => {
        [$(($file, include_str!(concat!("../../../../catalog/roles/", $file)))),*]
    };
}

/// File name and text of every shipped list.
pub const FILES: [(&str, &str); 4] = builtin!(
    "mhlw-r3-executive.toml",
    "mhlw-r3-nine-areas.toml",
    "iryosec-system-admin.toml",
    "iryosec-clinical.toml",
);

static LISTS: LazyLock<Vec<RoleList>> =
    LazyLock::new(|| FILES.iter().filter_map(|(_, text)| parse_toml(text).ok()).collect());

/// Every shipped list.
pub fn lists() -> &'static [RoleList] {
    &LISTS
}

pub fn list(id: &str) -> Option<&'static RoleList> {
    LISTS.iter().find(|l| l.id == id)
}

/// The list used for an audience in a fiscal year, of those at hand (`imported` says which were
/// imported): among the lists not newer than the year, the ministry's before iryosec's own, then
/// the newest, then an imported one before a shipped one. So importing the official list of a
/// role replaces iryosec's from the list's year on, with no change to the code.
pub fn in_force<'a>(
    lists: impl IntoIterator<Item = (&'a RoleList, bool)>,
    audience: Audience,
    fiscal_year: i32,
) -> Option<&'a RoleList> {
    lists
        .into_iter()
        .filter(|(l, _)| l.audience == audience && l.fiscal_year <= fiscal_year)
        .max_by_key(|(l, imported)| (l.author == Author::Mhlw, l.fiscal_year, *imported))
        .map(|(l, _)| l)
}

/// What a person can open to strengthen an area besides its 対策例: a register, or the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum RegisterRef {
    /// 情報機器台帳
    Ledger,
    Register(Register),
}

impl TryFrom<String> for RegisterRef {
    type Error = String;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        if code == "ledger" {
            return Ok(RegisterRef::Ledger);
        }
        Register::parse(&code).map(RegisterRef::Register).ok_or_else(|| format!("unknown register `{code}`"))
    }
}

impl RegisterRef {
    pub fn code(self) -> &'static str {
        match self {
            RegisterRef::Ledger => "ledger",
            RegisterRef::Register(r) => r.code(),
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            RegisterRef::Ledger => "情報機器台帳",
            RegisterRef::Register(r) => r.name_ja(),
        }
    }
}

/// The checklist items (stable keys) and registers that bear on one area.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bearing {
    pub layer: Layer,
    pub control: Control,
    pub checklist: Vec<String>,
    pub registers: Vec<RegisterRef>,
}

impl Bearing {
    pub fn area(&self) -> Area {
        Area { layer: self.layer, control: self.control }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bearings {
    area: Vec<Bearing>,
}

/// The shipped mapping's text.
pub const AREAS_TOML: &str = include_str!("../../../../catalog/roles/areas.toml");

static BEARINGS: LazyLock<Vec<Bearing>> =
    LazyLock::new(|| toml::from_str::<Bearings>(AREAS_TOML).map(|b| b.area).unwrap_or_default());

/// What bears on an area (a test makes sure every area has an entry).
pub fn bearing(area: Area) -> Option<&'static Bearing> {
    BEARINGS.iter().find(|b| b.area() == area)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Audience;
    use std::collections::HashSet;

    #[test]
    fn every_shipped_list_is_valid() {
        for (name, text) in FILES {
            if let Err(errors) = parse_toml(text) {
                panic!("{name}: {errors:?}");
            }
        }
        assert_eq!(lists().len(), FILES.len());
        let ids: HashSet<&str> = lists().iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids.len(), lists().len(), "ids are unique");
    }

    #[test]
    fn the_executive_list_is_the_ministrys_nine_items_all_preventive() {
        let list = list("mhlw-r3-executive").unwrap();
        assert_eq!((list.audience, list.author), (Audience::Executive, Author::Mhlw));
        let numbers: Vec<&str> = list.items.iter().map(|i| i.number.as_str()).collect();
        assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        assert!(list.items.iter().all(|i| i.viewpoint == "予防" && i.control == Control::Preventive));
        assert!(list.items[3].text.starts_with("サイバー攻撃により医療情報が暗号化され、復元のための身代金"));
        assert!(list.items.iter().all(|i| i.note.contains("iryosec")), "the areas are said to be ours");
    }

    #[test]
    fn the_nine_area_self_check_carries_the_matrix_with_its_empty_cells_said() {
        let list = list("mhlw-r3-nine-areas").unwrap();
        assert_eq!((list.audience, list.items.len()), (Audience::SelfCheck, 12));
        let preventive = list.items.iter().filter(|i| i.control == Control::Preventive).count();
        assert_eq!(preventive, 6, "予防的 has two rows");
        for item in &list.items {
            let printed = item.layer != Layer::Staff;
            assert_eq!(!item.measure.is_empty(), printed, "{}", item.number);
            if !printed {
                assert!(item.note.contains("対策例が印刷されていません"), "{}", item.number);
            }
        }
        assert_eq!(
            list.item("system.detective").unwrap().measure,
            "水際対策・IDSなどの整備ができているかの確認"
        );
    }

    #[test]
    fn iryosecs_own_lists_say_so() {
        for id in ["iryosec-system-admin", "iryosec-clinical"] {
            let list = list(id).unwrap();
            assert_eq!(list.author, Author::Iryosec, "{id}");
            assert!(list.title.contains("iryosec 独自"), "{id}");
            assert!(list.source.contains("厚生労働省の") && list.source.contains("ではありません"), "{id}");
        }
        let staff = list("iryosec-clinical").unwrap();
        for topic in ["パスワード", "USB", "不審なメール", "画面をロック", "だれに連絡"]
        {
            assert!(staff.items.iter().any(|i| i.text.contains(topic)), "{topic}");
        }
    }

    #[test]
    fn an_imported_ministry_list_replaces_iryosecs_from_its_year_on() {
        let official = RoleList {
            id: "mhlw-r8-system-admin".into(),
            author: Author::Mhlw,
            fiscal_year: 2026,
            ..list("iryosec-system-admin").unwrap().clone()
        };
        let all = || lists().iter().map(|l| (l, false)).chain([(&official, true)]);
        assert_eq!(in_force(all(), Audience::SystemAdmin, 2025).unwrap().id, "iryosec-system-admin");
        assert_eq!(in_force(all(), Audience::SystemAdmin, 2026).unwrap().id, "mhlw-r8-system-admin");
        assert_eq!(in_force(all(), Audience::Executive, 2026).unwrap().id, "mhlw-r3-executive");
        assert!(in_force(all(), Audience::Executive, 2020).is_none());
    }

    #[test]
    fn every_area_has_its_bearing_on_keys_of_shipped_editions() {
        let keys: HashSet<&str> = crate::catalog::builtin::editions()
            .iter()
            .flat_map(|e| e.items.iter().map(|i| i.key.as_str()))
            .collect();
        let parsed: Bearings = toml::from_str(AREAS_TOML).unwrap();
        assert_eq!(parsed.area.len(), 9);
        for area in Area::all() {
            let b = bearing(area).unwrap_or_else(|| panic!("{}", area.name_ja()));
            assert!(!b.checklist.is_empty() && !b.registers.is_empty(), "{}", area.name_ja());
            for key in &b.checklist {
                assert!(keys.contains(key.as_str()), "{}: {key}", area.name_ja());
            }
        }
    }
}

//! The shape of a role checklist: who answers it, whose text it is, and its items, each in one
//! area of the nine-area matrix.

use serde::{Deserialize, Serialize};

/// Who answers a list. The codes are those of the training audiences (`register::AUDIENCES`),
/// plus the nine-area self-check, which the institution answers as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// 経営層向け: answered once a fiscal year.
    Executive,
    /// システム管理者向け: answered once a fiscal year.
    SystemAdmin,
    /// 医療従事者・一般のシステム利用者向け: answered by many staff, each without an account.
    Clinical,
    /// 確認項目と対策例（9領域）: the matrix itself as a yearly self-check.
    SelfCheck,
}

impl Audience {
    pub const ALL: [Audience; 4] =
        [Audience::Executive, Audience::SystemAdmin, Audience::Clinical, Audience::SelfCheck];

    pub fn code(self) -> &'static str {
        match self {
            Audience::Executive => "executive",
            Audience::SystemAdmin => "system_admin",
            Audience::Clinical => "clinical",
            Audience::SelfCheck => "self_check",
        }
    }

    pub fn parse(code: &str) -> Option<Audience> {
        let code = code.trim();
        Audience::ALL.into_iter().find(|a| a.code() == code || a.name_ja() == code)
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Audience::Executive => "経営層向け",
            Audience::SystemAdmin => "システム管理者向け",
            Audience::Clinical => "医療従事者・一般のシステム利用者向け",
            Audience::SelfCheck => "確認項目と対策例（9領域）",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Audience::Executive => "roles.audience.executive",
            Audience::SystemAdmin => "roles.audience.system_admin",
            Audience::Clinical => "roles.audience.clinical",
            Audience::SelfCheck => "roles.audience.self_check",
        }
    }

    /// Answered by many people (each once), rather than once a year by the institution.
    pub fn answered_by_many(self) -> bool {
        self == Audience::Clinical
    }
}

/// Whose text a list is. A list of iryosec's own is never shown as the ministry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The ministry's text, carried as printed.
    Mhlw,
    /// iryosec's own list, grounded in the guideline, until the ministry's is at hand.
    Iryosec,
}

impl Author {
    pub const ALL: [Author; 2] = [Author::Mhlw, Author::Iryosec];

    pub fn code(self) -> &'static str {
        match self {
            Author::Mhlw => "mhlw",
            Author::Iryosec => "iryosec",
        }
    }

    pub fn parse(code: &str) -> Option<Author> {
        Author::ALL.into_iter().find(|a| a.code() == code.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Author::Mhlw => "roles.author.mhlw",
            Author::Iryosec => "roles.author.iryosec",
        }
    }
}

/// The columns of the nine-area matrix: 組織的 (Structure), システム的 (System), 人的 (Staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    #[serde(alias = "組織的")]
    Structure,
    #[serde(alias = "システム的")]
    System,
    #[serde(alias = "人的")]
    Staff,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Layer::Structure, Layer::System, Layer::Staff];

    pub fn code(self) -> &'static str {
        match self {
            Layer::Structure => "structure",
            Layer::System => "system",
            Layer::Staff => "staff",
        }
    }

    pub fn parse(code: &str) -> Option<Layer> {
        let code = code.trim();
        Layer::ALL.into_iter().find(|l| l.code() == code || l.name_ja() == code)
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Layer::Structure => "組織的",
            Layer::System => "システム的",
            Layer::Staff => "人的",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Layer::Structure => 0,
            Layer::System => 1,
            Layer::Staff => 2,
        }
    }
}

/// The rows of the nine-area matrix: 是正的・発見的・予防的 コントロール.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    #[serde(alias = "是正的")]
    Corrective,
    #[serde(alias = "発見的")]
    Detective,
    #[serde(alias = "予防的")]
    Preventive,
}

impl Control {
    /// In the matrix's order, top to bottom.
    pub const ALL: [Control; 3] = [Control::Corrective, Control::Detective, Control::Preventive];

    pub fn code(self) -> &'static str {
        match self {
            Control::Corrective => "corrective",
            Control::Detective => "detective",
            Control::Preventive => "preventive",
        }
    }

    pub fn parse(code: &str) -> Option<Control> {
        let code = code.trim();
        Control::ALL.into_iter().find(|c| c.code() == code || c.name_ja() == code)
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Control::Corrective => "是正的",
            Control::Detective => "発見的",
            Control::Preventive => "予防的",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Control::Corrective => 0,
            Control::Detective => 1,
            Control::Preventive => 2,
        }
    }
}

/// One cell of the nine-area matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Area {
    pub layer: Layer,
    pub control: Control,
}

impl Area {
    /// The nine cells, row by row (是正的 first) and left to right (組織的 first), as the
    /// matrix prints them.
    pub fn all() -> [Area; 9] {
        let mut out = [Area { layer: Layer::Structure, control: Control::Corrective }; 9];
        for (i, area) in out.iter_mut().enumerate() {
            *area = Area { layer: Layer::ALL[i % 3], control: Control::ALL[i / 3] };
        }
        out
    }

    /// 「組織的・予防的」
    pub fn name_ja(self) -> String {
        format!("{}・{}", self.layer.name_ja(), self.control.name_ja())
    }

    /// `structure.preventive`
    pub fn code(self) -> String {
        format!("{}.{}", self.layer.code(), self.control.code())
    }

    /// Its place in [`Area::all`].
    pub fn index(self) -> usize {
        self.control.index() * 3 + self.layer.index()
    }
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleItem {
    /// As printed (`1`, or the matrix cell `組織的-予防的-1`). Unique in the list.
    pub number: String,
    /// Stable within the list's id: answers are stored under it.
    pub key: String,
    /// 視点 as printed (`予防`). The tally groups by it.
    pub viewpoint: String,
    /// The question as printed.
    pub text: String,
    /// The cell of the nine-area matrix the item belongs to.
    pub layer: Layer,
    pub control: Control,
    /// 対策例: what to do when the answer is ×. Empty where the source prints none.
    #[serde(default)]
    pub measure: String,
    /// What the item rests on (the guideline's chapters, the checklist's items).
    #[serde(default)]
    pub guideline: Vec<String>,
    /// Where the text comes from, what is not printed there, how the area was chosen.
    #[serde(default)]
    pub note: String,
}

impl RoleItem {
    pub fn area(&self) -> Area {
        Area { layer: self.layer, control: self.control }
    }
}

/// A whole list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleList {
    /// Version of this file format.
    pub format: u32,
    pub id: String,
    pub kind: String,
    pub audience: Audience,
    pub author: Author,
    pub title: String,
    /// The first fiscal year the list is used for.
    pub fiscal_year: i32,
    /// `YYYY-MM-DD`, or `YYYY-MM` where only the month is known.
    #[serde(default)]
    pub published: String,
    /// Where the list comes from; required.
    pub source: String,
    /// Shown with the list (what is not from the source, what is iryosec's reading).
    #[serde(default)]
    pub note: String,
    pub items: Vec<RoleItem>,
}

pub const FORMAT_VERSION: u32 = 1;
pub const KIND_ROLE_CHECKLIST: &str = "role_checklist";

impl RoleList {
    pub fn item(&self, key: &str) -> Option<&RoleItem> {
        self.items.iter().find(|i| i.key == key)
    }

    /// The 視点 in the order they first appear.
    pub fn viewpoints(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for item in &self.items {
            if !out.contains(&item.viewpoint.as_str()) {
                out.push(&item.viewpoint);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nine_areas_run_row_by_row_as_the_matrix_prints_them() {
        let all = Area::all();
        assert_eq!(all[0].name_ja(), "組織的・是正的");
        assert_eq!(all[2].name_ja(), "人的・是正的");
        assert_eq!(all[3].name_ja(), "組織的・発見的");
        assert_eq!(all[8].name_ja(), "人的・予防的");
        for (i, a) in all.iter().enumerate() {
            assert_eq!(a.index(), i);
        }
    }

    #[test]
    fn names_parse_from_code_and_japanese() {
        assert_eq!(Layer::parse("人的"), Some(Layer::Staff));
        assert_eq!(Control::parse("detective"), Some(Control::Detective));
        assert_eq!(Audience::parse("経営層向け"), Some(Audience::Executive));
        assert_eq!(Author::parse("someone"), None);
    }
}

//! The field tables of the registers that keep the BCP alive: paper operation per department
//! (代替運用), drills and their improvement actions, the staff per training audience and who
//! took which training.

use super::spec::{Choice, FieldSpec, Input, LINE, field, register_table, required};

const fn choice(code: &'static str, ja: &'static str, synonyms: &'static [&'static str]) -> Choice {
    Choice { code, ja, synonyms }
}

const NOTE_HEADERS: &[&str] = &["備考", "メモ", "notes"];

/// 机上訓練 or 実動訓練.
pub const DRILL_KINDS: &[Choice] = &[
    choice("tabletop", "机上訓練", &["机上", "tabletop", "図上訓練"]),
    choice("functional", "実動訓練", &["実動", "実地訓練", "functional"]),
];

/// Whom a training is for; the three audiences of the ministry's training.
pub const AUDIENCES: &[Choice] = &[
    choice("executive", "経営層", &["経営者", "院長", "理事長"]),
    choice(
        "system_admin",
        "システム管理者",
        &["システム担当", "セキュリティ管理者", "システム管理者・セキュリティ管理者"],
    ),
    choice("clinical", "医療従事者", &["一般職員", "職員", "システム利用者"]),
];

/// Given inside the institution or outside (the ministry's e-learning, a seminar).
pub const PROVIDERS: &[Choice] = &[
    choice("internal", "院内", &["内部", "internal"]),
    choice(
        "external",
        "院外（厚生労働省の研修・e-learning など）",
        &["外部", "院外", "external", "e-learning"],
    ),
];

register_table! {
    PAPER_OPERATIONS, paper_operations {
        DEPARTMENT = required("department", &["部署", "部門", "department"], LINE),
        PROCEDURE = required("procedure", &["紙運用の内容", "代替運用", "手順", "procedure"], Input::Long),
        FORMS_PLACE = field("forms_place", &["帳票の保管場所", "紙の帳票", "保管場所", "forms place"], LINE),
        OWNER = field("owner", &["担当者", "責任者", "owner"], LINE),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

register_table! {
    DRILLS, drills {
        TITLE = required("title", &["訓練名", "名称", "title"], LINE),
        KIND = required("kind", &["種類", "訓練の種類", "kind"], Input::Choice(DRILL_KINDS)),
        HELD_ON = required("held_on", &["実施日", "held on"], Input::Date),
        SCENARIO = required("scenario", &["想定シナリオ", "シナリオ", "scenario"], LINE),
        PARTICIPANTS = field("participants", &["参加者", "participants"], Input::Long),
        EXERCISED = field("exercised", &["確認した手順", "訓練内容", "exercised"], Input::Long),
        FINDINGS = field("findings", &["気づいた点", "課題", "findings"], Input::Long),
        INCIDENT = field("incident", &["インシデント番号", "訓練の記録番号", "incident"], LINE),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

register_table! {
    DRILL_ACTIONS, drill_actions {
        DRILL = required("drill", &["訓練名", "訓練", "drill"], LINE),
        ACTION = required("action", &["改善策", "対応内容", "action"], LINE),
        OWNER = field("owner", &["担当者", "owner"], LINE),
        DUE_ON = field("due_on", &["期限", "期日", "due"], Input::Date),
        DONE_ON = field("done_on", &["完了日", "対応日", "done"], Input::Date),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

register_table! {
    STAFF, staff {
        NAME = required("name", &["氏名", "名前", "name"], LINE),
        AUDIENCE = required("audience", &["研修の対象", "区分", "役割", "audience"], Input::Choice(AUDIENCES)),
        DEPARTMENT = field("department", &["所属", "部署", "department"], LINE),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

register_table! {
    TRAININGS, trainings {
        PERSON = required("person", &["氏名", "受講者", "person"], LINE),
        AUDIENCE = required("audience", &["研修の対象", "対象", "audience"], Input::Choice(AUDIENCES)),
        COURSE = required("course", &["研修名", "講座", "course"], LINE),
        TAKEN_ON = required("taken_on", &["受講日", "実施日", "taken on"], Input::Date),
        PROVIDER = field("provider", &["実施", "院内・院外", "provider"], Input::Choice(PROVIDERS)),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

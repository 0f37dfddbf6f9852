//! The transcription sheet of a G-MIS survey: every applicable question in the portal's order
//! with the answer in words, to copy into G-MIS question by question. The survey is named by its
//! title; iryosec's own gate questions are marked as not to be entered.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

pub const SHEET: &str = "転記用";
const HEADERS: [&str; 4] = ["番号", "質問", "回答", "備考"];
/// Beside a question the survey does not print (`pre-Q14`): G-MIS has no field for it.
pub const NOT_IN_GMIS: &str = "G-MIS には入力しない確認";

/// What the sheet's head says: the survey's title, the institution and the year.
#[derive(Debug, Clone, Default)]
pub struct SurveySheetHead {
    pub title: String,
    pub institution: String,
    pub fiscal_year_label: String,
}

/// One question: its number as printed, its text, the answer in words (empty when unanswered),
/// and whether the survey prints it (false for iryosec's gate questions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveySheetRow {
    pub id: String,
    pub text: String,
    pub answer: String,
    pub printed: bool,
}

const FIRST_DATA_ROW: u32 = 3;

pub fn write_survey_xlsx(head: &SurveySheetHead, rows: &[SurveySheetRow]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    ws.write_string_with_format(0, 0, &head.title, &bold)?;
    for (col, text) in
        (0u16..).zip(["医療機関", head.institution.as_str(), "年度", head.fiscal_year_label.as_str()])
    {
        ws.write_string(1, col, text)?;
    }
    for (col, h) in (0u16..).zip(HEADERS) {
        ws.write_string_with_format(2, col, h, &bold)?;
    }
    for (col, w) in (0u16..).zip([9.0, 70.0, 40.0, 24.0]) {
        ws.set_column_width(col, w)?;
    }
    for (row, r) in (FIRST_DATA_ROW..).zip(rows) {
        ws.write_string(row, 0, &r.id)?;
        ws.write_string_with_format(row, 1, &r.text, &wrap)?;
        ws.write_string_with_format(row, 2, &r.answer, &wrap)?;
        if !r.printed {
            ws.write_string(row, 3, NOT_IN_GMIS)?;
        }
    }
    ws.set_freeze_panes(FIRST_DATA_ROW, 1)?;
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    #[test]
    fn the_sheet_lists_questions_in_order_with_their_answers() {
        let head = SurveySheetHead {
            title: "病院における医療情報システムのサイバーセキュリティ対策に係る調査（令和4年度）".into(),
            institution: "さくら病院".into(),
            fiscal_year_label: "令和4年度".into(),
        };
        let row = |id: &str, answer: &str, printed| SurveySheetRow {
            id: id.into(),
            text: "質問".into(),
            answer: answer.into(),
            printed,
        };
        let rows =
            vec![row("Q1", "氏名: 山田", true), row("Q2", "はい", true), row("pre-Q14", "はい", false)];
        let bytes = write_survey_xlsx(&head, &rows).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range(SHEET).unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).map(ToString::to_string).unwrap_or_default();
        assert_eq!(
            cell(0, 0),
            "病院における医療情報システムのサイバーセキュリティ対策に係る調査（令和4年度）"
        );
        assert_eq!((cell(1, 1), cell(1, 3)), ("さくら病院".into(), "令和4年度".into()));
        assert!((0..6).all(|c| !cell(1, c).starts_with("mhlw-")), "the survey is named by its title");
        assert_eq!((cell(3, 0), cell(3, 2), cell(3, 3)), ("Q1".into(), "氏名: 山田".into(), String::new()));
        assert_eq!((cell(4, 0), cell(4, 2)), ("Q2".into(), "はい".into()));
        assert_eq!((cell(5, 0), cell(5, 3)), ("pre-Q14".into(), NOT_IN_GMIS.to_owned()));
    }
}

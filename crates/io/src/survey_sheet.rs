//! The transcription sheet of a G-MIS survey: every applicable question in the portal's order
//! with the answer in words, to copy into G-MIS question by question.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

pub const SHEET: &str = "転記用";
const HEADERS: [&str; 3] = ["番号", "質問", "回答"];

/// What the sheet's head says.
#[derive(Debug, Clone, Default)]
pub struct SurveySheetHead {
    pub title: String,
    pub institution: String,
    pub fiscal_year_label: String,
    pub edition_id: String,
}

/// One question: its number as printed, its text, the answer in words (empty when unanswered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveySheetRow {
    pub id: String,
    pub text: String,
    pub answer: String,
}

const FIRST_DATA_ROW: u32 = 3;

pub fn write_survey_xlsx(head: &SurveySheetHead, rows: &[SurveySheetRow]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    ws.write_string_with_format(0, 0, &head.title, &bold)?;
    for (col, text) in (0u16..).zip([
        "医療機関",
        head.institution.as_str(),
        "年度",
        head.fiscal_year_label.as_str(),
        "調査",
        head.edition_id.as_str(),
    ]) {
        ws.write_string(1, col, text)?;
    }
    for (col, h) in (0u16..).zip(HEADERS) {
        ws.write_string_with_format(2, col, h, &bold)?;
    }
    for (col, w) in (0u16..).zip([9.0, 70.0, 40.0]) {
        ws.set_column_width(col, w)?;
    }
    for (row, r) in (FIRST_DATA_ROW..).zip(rows) {
        ws.write_string(row, 0, &r.id)?;
        ws.write_string_with_format(row, 1, &r.text, &wrap)?;
        ws.write_string_with_format(row, 2, &r.answer, &wrap)?;
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
            title: "令和5年度 調査".into(),
            institution: "さくら病院".into(),
            ..Default::default()
        };
        let rows = vec![
            SurveySheetRow { id: "Q1".into(), text: "回答者".into(), answer: "氏名: 山田".into() },
            SurveySheetRow { id: "Q2".into(), text: "責任者".into(), answer: "はい".into() },
        ];
        let bytes = write_survey_xlsx(&head, &rows).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range(SHEET).unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).map(ToString::to_string).unwrap_or_default();
        assert_eq!(cell(1, 1), "さくら病院");
        assert_eq!((cell(3, 0), cell(3, 2)), ("Q1".into(), "氏名: 山田".into()));
        assert_eq!((cell(4, 0), cell(4, 2)), ("Q2".into(), "はい".into()));
    }
}

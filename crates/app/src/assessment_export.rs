//! An assessment as a file to take away: the Excel sheet, CSV or the JSON bundle, under the
//! name it is saved as. The web download and `iryosec assessment export` share it.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::date::DateStyle;
use iryosec_io::assessment_sheet::{write_csv, write_xlsx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// A file's bytes and the name it is saved under (`自己点検_令和7年度_{edition}.xlsx`).
pub struct Export {
    pub bytes: Vec<u8>,
    pub file_name: String,
}

impl App {
    /// The assessment as `format`; the sheet's dates follow `date_style`.
    pub async fn export_assessment(
        &self,
        institution: InstitutionId,
        id: i64,
        format: ExportFormat,
        date_style: DateStyle,
    ) -> AppResult<Export> {
        let (mut head, rows) = self.sheet(institution, id).await?;
        let file_name =
            format!("自己点検_{}_{}.{}", head.fiscal_year_label, head.edition_id, format.extension());
        let bytes = match format {
            ExportFormat::Csv => write_csv(&rows, head.second_check),
            ExportFormat::Xlsx => {
                head.date_style = date_style;
                write_xlsx(&head, &rows).map_err(AppError::internal("assessment workbook"))?
            }
            ExportFormat::Json => {
                let bundle = self.export_bundle(institution, id).await?;
                serde_json::to_vec_pretty(&bundle).map_err(AppError::internal("assessment bundle"))?
            }
        };
        Ok(Export { bytes, file_name })
    }
}

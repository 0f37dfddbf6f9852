//! Reading a checklist definition a person hands in, whatever its form: a TOML file, the Excel
//! template iryosec writes, or the ministry's own workbook. The CLI and the upload page read
//! through here, so both say the same about the same file (a TOML file's problems by line, a
//! workbook's by sheet, row and column).

use crate::App;
use crate::error::AppResult;
use iryosec_core::Message;
use iryosec_core::catalog::{
    DefinitionError, Edition, FormFile, ItemMatch, Place, Sheet, draft_from_form, official, parse_toml,
    validate,
};
use iryosec_io::cells::CellError;
use iryosec_io::ministry_xlsx::{FormHints, read_form};

/// A problem in a definition file: a line of a TOML file or a cell of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub line: Option<usize>,
    /// The item or field (`items[3] 2-⑤.scopes`) or the cell (`項目!E12`).
    pub place: String,
    pub message: Message,
}

pub fn from_definition_error(e: DefinitionError) -> FileProblem {
    FileProblem { line: e.line, place: e.place, message: e.message }
}

/// A workbook's problems, named by sheet, row and column.
pub fn from_cell_errors(errors: Vec<CellError>) -> Vec<FileProblem> {
    errors.into_iter().map(|e| FileProblem { line: None, place: e.place(), message: e.message }).collect()
}

/// What kind of file a definition came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionForm {
    Toml,
    /// The workbook `iryosec definitions template` writes.
    Template,
    /// The ministry's published checklist workbook.
    MinistryWorkbook,
}

/// A definition read and checked, to be reviewed before it is published.
#[derive(Debug, Clone)]
pub struct DefinitionDraft {
    pub edition: Edition,
    pub form: DefinitionForm,
    /// The ministry's file these bytes are, by SHA-256.
    pub official: Option<&'static official::OfficialFile>,
    pub sha256: String,
    /// For a ministry workbook: the edition its items were matched to, and how each matched.
    pub matched_to: Option<String>,
    pub matches: Vec<ItemMatch>,
}

/// Whether the bytes are a workbook (by content, or the name when too short to tell).
pub fn is_xlsx(file_name: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(iryosec_io::workbook::ZIP_MAGIC) || file_name.to_ascii_lowercase().ends_with(".xlsx")
}

impl App {
    /// Reads a checklist definition of any of the three forms. A ministry workbook's items get
    /// their stable keys from `from` (an edition id) or else from the newest edition of the same
    /// sheet up to its year; the year and sheet come from the workbook, else from the official
    /// file's record, else from `hints`.
    pub async fn read_definition(
        &self,
        file_name: &str,
        bytes: &[u8],
        hints: FormHints,
        from: Option<&str>,
    ) -> AppResult<Result<DefinitionDraft, Vec<FileProblem>>> {
        let official = official::recognise(bytes);
        let sha256 = official::sha256_hex(bytes);
        let draft = |edition, form| DefinitionDraft {
            edition,
            form,
            official,
            sha256: sha256.clone(),
            matched_to: None,
            matches: Vec::new(),
        };
        if !is_xlsx(file_name, bytes) {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return Ok(Err(vec![FileProblem {
                    line: None,
                    place: String::new(),
                    message: Message::new("definitions.error.not_utf8"),
                }]));
            };
            return Ok(parse_toml(text)
                .map(|e| draft(e, DefinitionForm::Toml))
                .map_err(|errors| errors.into_iter().map(from_definition_error).collect()));
        }
        if iryosec_io::edition_xlsx::is_template(bytes) {
            return Ok(iryosec_io::edition_xlsx::read_edition(bytes)
                .map(|e| draft(e, DefinitionForm::Template))
                .map_err(from_cell_errors));
        }
        let hints = FormHints {
            fiscal_year: hints.fiscal_year.or(official.map(|o| o.fiscal_year)),
            sheet: hints.sheet.or(official.and_then(|o| o.sheet)),
            sheet_name: hints.sheet_name,
        };
        let form = match read_form(bytes, &hints) {
            Ok(form) => form,
            Err(e) => return Ok(Err(from_cell_errors(vec![e]))),
        };
        let previous = self.previous_edition(form.sheet, form.fiscal_year, from).await?;
        let (edition, matches) =
            draft_from_form(&form, previous.as_ref(), FormFile { name: file_name, official });
        let problems: Vec<FileProblem> = validate(&edition)
            .into_iter()
            .map(|p| {
                let place = match p.place {
                    Place::Item(i, _) => form
                        .items
                        .get(i)
                        .map_or(String::new(), |it| format!("{}!{}", form.sheet_name, it.row)),
                    _ => form.sheet_name.clone(),
                };
                FileProblem { line: None, place, message: p.message }
            })
            .collect();
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        Ok(Ok(DefinitionDraft {
            matched_to: previous.map(|p| p.id),
            matches,
            ..draft(edition, DefinitionForm::MinistryWorkbook)
        }))
    }

    /// The edition a new one's items are matched to: the one named, or the newest of the same
    /// sheet up to that year (the merged sheet falls back to the hospital sheet).
    async fn previous_edition(
        &self,
        sheet: Sheet,
        year: i32,
        from: Option<&str>,
    ) -> AppResult<Option<Edition>> {
        if let Some(id) = from {
            return Ok(Some(self.edition(id).await?.edition));
        }
        let all = self.editions().await?;
        let newest = |s: Sheet| {
            all.iter()
                .map(|e| &e.edition)
                .filter(|e| e.sheet == s && e.fiscal_year <= year)
                .max_by_key(|e| e.fiscal_year)
                .cloned()
        };
        Ok(newest(sheet)
            .or_else(|| (sheet == Sheet::HospitalPharmacy).then(|| newest(Sheet::Hospital)).flatten()))
    }
}

impl App {
    /// Publishes a reviewed draft (as TOML): checked again, then stored as `import_edition`
    /// stores any definition. Problems come back by line, as for a file.
    pub async fn publish_definition(
        &self,
        toml_text: &str,
        source_name: &str,
        actor: &iryosec_core::audit::Actor,
    ) -> AppResult<Result<(String, i64), Vec<FileProblem>>> {
        let edition = match parse_toml(toml_text) {
            Ok(e) => e,
            Err(errors) => return Ok(Err(errors.into_iter().map(from_definition_error).collect())),
        };
        let version = self.import_edition(&edition, source_name, actor).await?;
        Ok(Ok((edition.id, version)))
    }
}

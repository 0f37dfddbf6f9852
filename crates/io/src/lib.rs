//! Interchange: files people exchange with iryosec. Reading never panics on what it is given;
//! every problem names the sheet, row and column it is at.

pub mod account_sheet;
pub mod aggregate_input;
pub mod aggregate_sheet;
pub mod assessment_bundle;
pub mod assessment_sheet;
pub mod cells;
pub mod connection_sheet;
pub mod csv_out;
pub mod discovery;
pub mod edition_xlsx;
pub mod finder;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
#[cfg(any(test, feature = "hostile"))]
pub mod hostile;
pub mod json;
pub mod layout;
pub mod ledger_sheet;
pub mod lifecycle_source;
pub mod limits;
pub mod mapping;
pub mod ministry_xlsx;
pub mod plan;
pub mod register_sheet;
pub mod review_sheet;
pub mod role_list_xlsx;
#[cfg(any(test, feature = "samples"))]
pub mod samples;
pub mod sheets;
pub mod survey_bundle;
pub mod survey_sheet;
pub mod table;
pub mod workbook;
pub mod xlsx_date;
pub mod xlsx_stream;

pub use cells::CellError;

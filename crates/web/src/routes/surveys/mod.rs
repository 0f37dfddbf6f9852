//! `/surveys`: G-MIS 調査の回答 — the fiscal years' surveys, the questionnaire (branching
//! re-evaluated by the server on every save, so it works without JavaScript), answers
//! proposed from the registers with their source until confirmed, the transcription sheet
//! (print view and Excel), the JSON bundle, a settled year's archive and the years side by side.

pub mod files;
pub mod history;
pub mod list;
pub mod print;
pub mod show;
mod view;

use crate::error::{WebError, WebResult};
use iryosec_core::survey::{Edition, builtin};

fn edition(id: &str) -> WebResult<&'static Edition> {
    builtin::edition(id).ok_or(WebError::NotFound)
}

//! G-MIS 調査の回答: the answers of a fiscal year's survey, saved as drafts, with answers
//! proposed from the registers and the ledger shown beside their source until someone
//! confirms them; the bundle (`iryosec-survey` v1), a settled year's archive and imports.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::lifecycle::matching::check_ledger;
use iryosec_core::survey::{
    Edition, Evaluation, Invalid, answer_words, answers_from_json, builtin, evaluate_json, prefill_with,
    respondent,
};
use iryosec_core::{InstitutionId, Message};
use iryosec_io::survey_bundle::{
    FORMAT, SurveyBundle, SurveyEditionRef, VERSION, read_survey_bundle, write_survey_bundle,
};
use iryosec_io::survey_sheet::{SurveySheetHead, SurveySheetRow, write_survey_xlsx};
use iryosec_store::{SurveyAnswerSet, SurveyArchive};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One fiscal year's survey on the list: its edition and how far its answers are.
#[derive(Debug, Clone)]
pub struct SurveyYear {
    pub edition: &'static Edition,
    pub answered: usize,
    pub applicable: usize,
    pub complete: bool,
    pub unconfirmed: usize,
    pub saved: bool,
    pub archived: bool,
}

/// A survey as the page shows it: the saved answers, and proposals from the registers for
/// applicable questions nobody has answered yet.
#[derive(Debug, Clone)]
pub struct SurveyState {
    pub edition: &'static Edition,
    pub answers: Map<String, Value>,
    /// Where prefilled answers (saved or proposed) come from.
    pub sources: BTreeMap<String, String>,
    pub confirmed: BTreeSet<String>,
    /// Ids whose answer is a proposal not saved yet.
    pub proposed: BTreeSet<String>,
    pub evaluation: Evaluation,
    pub saved: Option<SurveyAnswerSet>,
}

impl SurveyState {
    /// Answered applicable questions.
    pub fn answered(&self) -> usize {
        self.evaluation.applicable.len() - self.evaluation.missing.len()
    }

    /// Prefilled answers nobody has confirmed yet.
    pub fn unconfirmed(&self) -> usize {
        self.sources.keys().filter(|id| !self.confirmed.contains(*id)).count()
    }
}

/// The form as posted: the answers given (blank ones left out), the prefilled ones ticked as
/// confirmed, or all of them.
#[derive(Debug, Clone, Default)]
pub struct SurveyForm {
    pub answers: Map<String, Value>,
    pub confirm: BTreeSet<String>,
    pub confirm_all: bool,
}

/// One line of the transcription sheet; `printed` is false for iryosec's own gate questions,
/// which are not entered in G-MIS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLine {
    pub id: String,
    pub text: String,
    pub answer: String,
    pub printed: bool,
}

/// The answers to one question over the years, newest year first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub id: String,
    pub text: String,
    pub by_year: Vec<(i32, String)>,
}

/// The skipped or undecided answers an evaluation reports.
fn skipped(evaluation: &Evaluation) -> Vec<String> {
    let skip = |i: &&Invalid| matches!(i.reason.key, "survey.error.skipped" | "survey.error.undecided");
    evaluation.invalid.iter().filter(skip).map(|i| i.id.clone()).collect()
}

pub fn edition(id: &str) -> AppResult<&'static Edition> {
    builtin::edition(id).ok_or(AppError::NotFound)
}

/// More VPN devices than any hospital has; the survey's table counts them by maker and version.
const VPN_DEVICES_MAX: i64 = 10_000;

impl App {
    /// Every shipped survey, newest year first, with its progress counted as its page counts
    /// it (from [`App::survey_state`], proposals from the registers included).
    pub async fn survey_years(&self, institution: InstitutionId) -> AppResult<Vec<SurveyYear>> {
        let archives = self.store.survey_archives(institution).await?;
        let mut years: Vec<SurveyYear> = Vec::new();
        for e in builtin::editions() {
            let state = self.survey_state(institution, &e.id).await?;
            let unconfirmed = state.unconfirmed();
            years.push(SurveyYear {
                edition: e,
                answered: state.answered(),
                applicable: state.evaluation.applicable.len(),
                complete: state.saved.is_some() && state.evaluation.complete && unconfirmed == 0,
                unconfirmed,
                saved: state.saved.is_some(),
                archived: archives.iter().any(|a| a.edition_id == e.id),
            });
        }
        years.sort_by_key(|y| std::cmp::Reverse(y.edition.fiscal_year));
        Ok(years)
    }

    /// The ledger's VPN devices in use: all the survey asks of the ledger, and far fewer rows
    /// than the whole ledger of a large hospital.
    async fn vpn_devices(&self, institution: InstitutionId) -> AppResult<Vec<iryosec_core::ledger::Asset>> {
        let filter = iryosec_store::AssetFilter {
            text: None,
            kind: Some(iryosec_core::ledger::AssetKind::Vpn),
            include_retired: false,
        };
        let (records, _) = self.store.assets(institution, &filter, VPN_DEVICES_MAX, 0).await?;
        Ok(records.into_iter().map(|r| r.asset).collect())
    }

    /// The survey as the page shows it, proposals included.
    pub async fn survey_state(&self, institution: InstitutionId, edition_id: &str) -> AppResult<SurveyState> {
        let e = edition(edition_id)?;
        let saved = self.store.survey_answer_set(institution, e.fiscal_year, &e.id).await?;
        let mut answers = saved.as_ref().map(|s| s.answers.clone()).unwrap_or_default();
        let mut sources = saved.as_ref().map(|s| s.sources.clone()).unwrap_or_default();
        let confirmed: BTreeSet<String> =
            saved.as_ref().map(|s| s.confirmed.iter().cloned().collect()).unwrap_or_default();
        let registers = self.registers(institution).await?;
        let assets = self.vpn_devices(institution).await?;
        let lifecycle = check_ledger(&self.lifecycle_data().await?, &assets, self.today());
        let mut proposed = BTreeSet::new();
        let name = self.institution(institution).await?.profile.name;
        let who = respondent(e, &name, &registers);
        for p in prefill_with(e, &registers, &assets, &lifecycle).into_iter().chain(who) {
            if answers.contains_key(&p.id) {
                continue; // never over a saved answer
            }
            let value = serde_json::to_value(&p.answer).map_err(|e| AppError::Internal(e.to_string()))?;
            answers.insert(p.id.clone(), value);
            sources.insert(p.id.clone(), p.source);
            proposed.insert(p.id);
        }
        // A proposal for a question the saved answers skip is not shown.
        let hidden: Vec<String> =
            skipped(&evaluate_json(e, &answers)).into_iter().filter(|id| proposed.contains(id)).collect();
        for id in hidden {
            answers.remove(&id);
            sources.remove(&id);
            proposed.remove(&id);
        }
        let evaluation = evaluate_json(e, &answers);
        Ok(SurveyState { edition: e, answers, sources, confirmed, proposed, evaluation, saved })
    }

    /// Saves the form as the year's draft. Answers to questions the branching now skips are
    /// dropped, and their ids returned so the page can say so.
    pub async fn save_survey(
        &self,
        institution: InstitutionId,
        edition_id: &str,
        form: SurveyForm,
        actor: &Actor,
    ) -> AppResult<Vec<String>> {
        let shown = self.survey_state(institution, edition_id).await?;
        let e = shown.edition;
        let mut answers = Map::new();
        let mut sources = BTreeMap::new();
        let mut confirmed = Vec::new();
        for q in e.questions() {
            let Some(value) = form.answers.get(&q.id) else { continue };
            let as_shown = shown.answers.get(&q.id) == Some(value);
            match shown.sources.get(&q.id).filter(|_| as_shown) {
                Some(source) => {
                    sources.insert(q.id.clone(), source.clone());
                    if shown.confirmed.contains(&q.id) || form.confirm_all || form.confirm.contains(&q.id) {
                        confirmed.push(q.id.clone());
                    }
                }
                None => confirmed.push(q.id.clone()),
            }
            answers.insert(q.id.clone(), value.clone());
        }
        let dropped = skipped(&evaluate_json(e, &answers));
        for id in &dropped {
            answers.remove(id);
            sources.remove(id);
            confirmed.retain(|c| c != id);
        }
        let set = SurveyAnswerSet {
            fiscal_year: e.fiscal_year,
            edition_id: e.id.clone(),
            answers,
            confirmed,
            sources,
            updated_at: self.clock.now(),
            updated_by: actor.login.clone(),
        };
        self.store.save_survey_answers(institution, &set, None, actor, set.updated_at).await?;
        Ok(dropped)
    }

    /// The saved answers as the bundle (proposals nobody saved are not in it).
    pub async fn survey_bundle(
        &self,
        institution: InstitutionId,
        edition_id: &str,
    ) -> AppResult<SurveyBundle> {
        let e = edition(edition_id)?;
        let saved = self.store.survey_answer_set(institution, e.fiscal_year, &e.id).await?;
        let exported_at = self
            .clock
            .now()
            .to_jst()
            .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
            .unwrap_or_default();
        let (answers, confirmed, sources) =
            saved.map(|s| (s.answers, s.confirmed, s.sources)).unwrap_or_default();
        let unconfirmed = sources.keys().any(|id| !confirmed.contains(id));
        Ok(SurveyBundle {
            format: FORMAT.into(),
            version: VERSION,
            exported_at,
            institution: self.institution_ref(institution).await?,
            fiscal_year: e.fiscal_year,
            edition: SurveyEditionRef {
                id: e.id.clone(),
                title: e.title.clone(),
                fiscal_year: e.fiscal_year,
            },
            complete: evaluate_json(e, &answers).complete && !unconfirmed,
            answers,
            confirmed,
            sources,
        })
    }

    /// Keeps the year's bundle as settled ("この年度の回答を確定して保存").
    pub async fn archive_survey(
        &self,
        institution: InstitutionId,
        edition_id: &str,
        actor: &Actor,
    ) -> AppResult<i64> {
        let bundle = self.survey_bundle(institution, edition_id).await?;
        let text =
            String::from_utf8(write_survey_bundle(&bundle)).map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.clock.now();
        Ok(self
            .store
            .archive_survey(institution, bundle.fiscal_year, &bundle.edition.id, &text, actor, now)
            .await?)
    }

    pub async fn survey_archives(&self, institution: InstitutionId) -> AppResult<Vec<SurveyArchive>> {
        Ok(self.store.survey_archives(institution).await?)
    }

    /// One archived answer set and its bundle text, as it was fixed.
    pub async fn survey_archive(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> AppResult<(SurveyArchive, String)> {
        let archive = self
            .survey_archives(institution)
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(AppError::NotFound)?;
        let text = self.store.survey_archive_bundle(institution, id).await?.ok_or(AppError::NotFound)?;
        Ok((archive, text))
    }

    /// Reads a bundle back into the institution, all or nothing: an unknown edition, another
    /// year, or any wrong answer (an answer to a question the branching skips included) refuses
    /// the whole file, with every problem.
    pub async fn import_survey(
        &self,
        institution: InstitutionId,
        bytes: &[u8],
        file_name: &str,
        actor: &Actor,
    ) -> Result<(SurveyBundle, Evaluation), ImportError> {
        let bundle = read_survey_bundle(bytes).map_err(ImportError::Refused)?;
        let foreign =
            self.foreign_bundle(institution, &bundle.institution, "survey.import.other_institution");
        if let Some(m) = foreign.await.map_err(ImportError::Other)? {
            return Err(ImportError::Refused(m));
        }
        let e = builtin::edition(&bundle.edition.id).ok_or_else(|| {
            ImportError::Refused(Message::new("survey.import.unknown_edition").arg("id", &bundle.edition.id))
        })?;
        if bundle.fiscal_year != e.fiscal_year {
            let m = Message::new("survey.import.wrong_year")
                .arg("year", bundle.fiscal_year)
                .arg("edition", &e.id);
            return Err(ImportError::Refused(m));
        }
        let evaluation = evaluate_json(e, &bundle.answers);
        if !evaluation.invalid.is_empty() {
            return Err(ImportError::Answers(evaluation.invalid));
        }
        // Answers to questions a corrected edition no longer asks are not kept.
        let mut answers = bundle.answers.clone();
        answers.retain(|id, _| !e.is_retired(id));
        let ids: BTreeSet<&String> = answers.keys().collect();
        let set = SurveyAnswerSet {
            fiscal_year: e.fiscal_year,
            edition_id: e.id.clone(),
            confirmed: bundle.confirmed.iter().filter(|id| ids.contains(id)).cloned().collect(),
            sources: bundle
                .sources
                .iter()
                .filter(|(id, _)| ids.contains(id))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            answers,
            updated_at: self.clock.now(),
            updated_by: actor.login.clone(),
        };
        self.store
            .save_survey_answers(institution, &set, Some(file_name), actor, set.updated_at)
            .await
            .map_err(|e| ImportError::Other(e.into()))?;
        Ok((bundle, evaluation))
    }

    /// Every applicable question in the survey's order with its saved answer in words.
    pub async fn survey_sheet(
        &self,
        institution: InstitutionId,
        edition_id: &str,
    ) -> AppResult<Vec<SheetLine>> {
        let e = edition(edition_id)?;
        let saved = self.store.survey_answer_set(institution, e.fiscal_year, &e.id).await?;
        let answers = saved.map(|s| s.answers).unwrap_or_default();
        Ok(sheet_lines(e, &answers))
    }

    /// The transcription sheet as an Excel workbook, headed by the survey's title.
    pub async fn survey_sheet_xlsx(
        &self,
        institution: InstitutionId,
        edition_id: &str,
    ) -> AppResult<Vec<u8>> {
        let e = edition(edition_id)?;
        let lines = self.survey_sheet(institution, &e.id).await?;
        let head = SurveySheetHead {
            title: e.title.clone(),
            institution: self.institution(institution).await?.profile.name,
            fiscal_year_label: iryosec_core::date::FiscalYear(e.fiscal_year).label_ja(),
        };
        let rows: Vec<SurveySheetRow> = lines
            .into_iter()
            .map(|l| SurveySheetRow { id: l.id, text: l.text, answer: l.answer, printed: l.printed })
            .collect();
        write_survey_xlsx(&head, &rows).map_err(|e| AppError::Internal(e.to_string()))
    }

    /// For each question id answered in two or more years, the answers side by side.
    pub async fn survey_history(
        &self,
        institution: InstitutionId,
    ) -> AppResult<(Vec<i32>, Vec<HistoryLine>)> {
        let sets = self.store.survey_answer_sets(institution).await?;
        let mut lines: Vec<HistoryLine> = Vec::new();
        let mut years: Vec<i32> = Vec::new();
        for set in &sets {
            let Some(e) = builtin::edition(&set.edition_id) else { continue };
            years.push(set.fiscal_year);
            for line in sheet_lines(e, &set.answers).into_iter().filter(|l| !l.answer.is_empty()) {
                match lines.iter_mut().find(|l| l.id == line.id) {
                    Some(l) => l.by_year.push((set.fiscal_year, line.answer)),
                    None => lines.push(HistoryLine {
                        id: line.id,
                        text: line.text,
                        by_year: vec![(set.fiscal_year, line.answer)],
                    }),
                }
            }
        }
        lines.retain(|l| l.by_year.len() >= 2);
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Ok((years, lines))
    }
}

fn sheet_lines(e: &Edition, answers: &Map<String, Value>) -> Vec<SheetLine> {
    let typed = answers_from_json(e, answers);
    let evaluation = evaluate_json(e, answers);
    evaluation
        .applicable
        .iter()
        .filter_map(|id| e.question(id))
        .map(|q| SheetLine {
            id: q.id.clone(),
            text: q.text.clone(),
            answer: typed.get(&q.id).map(|a| answer_words(q, a)).unwrap_or_default(),
            printed: q.printed,
        })
        .collect()
}

/// Why an import stored nothing.
#[derive(Debug)]
pub enum ImportError {
    /// Not a bundle, or one iryosec cannot take (its message says why).
    Refused(Message),
    /// Wrong answers, each with its question id.
    Answers(Vec<Invalid>),
    Other(AppError),
}

//! The whole checklist on one page: every item and scope with its answer, what the registers
//! suggest and how the two stand; saving all of it or nothing; suggestions adopted as answers.
//!
//! Every save of answers here also keeps, per item, the suggestion the person answered beside
//! (`suggestion_reviews`), in the same transaction: when the registers later suggest something
//! else, the item says 「提案が変わりました」 until a person saves it or confirms it again.

use crate::assessments::{AssessmentView, SaveError};
use crate::{App, AppError, AppResult};
use iryosec_core::assessment::{
    Agreement, Answer, AnswerInput, Applicability, Slot, adopted_input, agreement, applicability, seen_in,
    seen_summary,
};
use iryosec_core::audit::Actor;
use iryosec_core::catalog::{Item, Scope};
use iryosec_core::date::FiscalYear;
use iryosec_core::suggest::{Suggested, Suggestion};
use iryosec_core::{InstitutionId, Message};
use iryosec_store::SuggestionReview;
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// One answer slot beside its suggestion.
#[derive(Debug, Clone)]
pub struct SheetSlot {
    pub scope: Option<Scope>,
    pub answer: Option<Answer>,
    pub suggested: Suggested,
    pub agreement: Agreement,
    /// Why the answer differs from the suggestion: its 備考, or the reason given on the item page.
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct SheetItem {
    pub item: Item,
    pub applicability: Applicability,
    pub slots: Vec<SheetSlot>,
}

/// An assessment as the one-page form shows it.
#[derive(Debug, Clone)]
pub struct AnswerSheet {
    pub view: AssessmentView,
    pub items: Vec<SheetItem>,
    /// People's word on each item's suggestion, by item key.
    pub reviews: BTreeMap<String, SuggestionReview>,
    pub today: Date,
}

impl AnswerSheet {
    /// Every slot whose answer does not follow the suggestion (or whose suggestion has moved).
    pub fn differences(&self) -> Vec<(&SheetItem, &SheetSlot)> {
        self.items
            .iter()
            .filter(|i| i.applicability.applies())
            .flat_map(|i| i.slots.iter().map(move |s| (i, s)))
            .filter(|(_, s)| s.agreement.needs_attention())
            .collect()
    }

    fn item(&self, key: &str) -> Option<&SheetItem> {
        self.items.iter().find(|i| i.item.key == key)
    }
}

/// One slot a bulk adoption will set.
#[derive(Debug, Clone)]
pub struct Adoption {
    pub item: Item,
    pub scope: Option<Scope>,
    pub input: AnswerInput,
}

/// What 「提案をまとめて採用」 would set: every applicable slot not yet answered (or only carried
/// from last year) whose suggestion is はい or いいえ. Answers a person gave are never replaced.
pub fn plan_adoption(sheet: &AnswerSheet, by: &str) -> Vec<Adoption> {
    let fy = FiscalYear(sheet.view.record.fiscal_year);
    sheet
        .items
        .iter()
        .filter(|i| i.applicability.applies())
        .flat_map(|i| i.slots.iter().map(move |s| (i, s)))
        .filter(|(_, s)| s.agreement == Agreement::Unanswered)
        .filter_map(|(i, s)| {
            let input =
                adopted_input(s.suggested.suggestion, s.answer.as_ref(), i.item.gate, fy, sheet.today, by)?;
            Some(Adoption { item: i.item.clone(), scope: s.scope, input })
        })
        .collect()
}

/// The plan in one line, so that a confirmation sets exactly what the person was shown.
pub fn plan_fingerprint(plan: &[Adoption]) -> String {
    plan.iter()
        .map(|a| {
            let scope = a.scope.map_or("", Scope::code);
            format!("{}/{scope}={}/{}", a.item.key, a.input.value, a.input.target)
        })
        .collect::<Vec<_>>()
        .join(";")
}

impl App {
    /// The assessment with every slot's suggestion and how each answer stands against it.
    pub async fn answer_sheet(&self, institution: InstitutionId, id: i64) -> AppResult<AnswerSheet> {
        let view = self.assessment_view(institution, id).await?;
        let facts = self.register_facts(institution, view.record.fiscal_year).await?;
        let reviews: BTreeMap<String, SuggestionReview> = self
            .suggestion_reviews(institution, id)
            .await?
            .into_iter()
            .map(|r| (r.item_key.clone(), r))
            .collect();
        let items = view
            .edition
            .items
            .iter()
            .map(|item| {
                let review = reviews.get(&item.key);
                let slots = item
                    .slots()
                    .into_iter()
                    .map(|scope| {
                        let answer = view.answers.get(&Slot::new(&item.key, scope)).cloned();
                        let suggested = facts.suggest(&item.key, scope.unwrap_or(Scope::General));
                        let seen = review.and_then(|r| seen_in(&r.suggested, scope));
                        let agreement = agreement(answer.as_ref(), suggested.suggestion, seen);
                        let reason = reason_given(answer.as_ref(), review);
                        SheetSlot { scope, answer, suggested, agreement, reason }
                    })
                    .collect();
                let applicability = applicability(&view.edition, item, view.record.facts, &view.answers);
                SheetItem { item: item.clone(), applicability, slots }
            })
            .collect();
        Ok(AnswerSheet { view, items, reviews, today: self.today() })
    }

    /// Saves the one-page form, all or nothing. Rows left untouched (no answer, 目標日 or 備考
    /// typed; their 確認日 and 確認者 are only the defaults) stay as they are. `seen`: items
    /// whose changed suggestion the person confirmed without changing the answer.
    pub async fn save_answer_sheet(
        &self,
        institution: InstitutionId,
        id: i64,
        inputs: &[(Slot, AnswerInput)],
        seen: &[String],
        saved_by: &str,
        actor: &Actor,
    ) -> Result<(), SaveError> {
        let touched: Vec<(Slot, AnswerInput)> = inputs
            .iter()
            .filter(|(_, i)| ![&i.value, &i.target, &i.note].iter().all(|f| f.trim().is_empty()))
            .cloned()
            .collect();
        self.answer_items(institution, id, &touched, seen, saved_by, actor).await
    }

    /// The one way answers are given with their suggestions in view (the one-page form, the item
    /// page, an adopted suggestion): checks them all, then saves them with, per item, the
    /// suggestion they were given beside, in one transaction.
    pub async fn answer_items(
        &self,
        institution: InstitutionId,
        id: i64,
        inputs: &[(Slot, AnswerInput)],
        seen: &[String],
        saved_by: &str,
        actor: &Actor,
    ) -> Result<(), SaveError> {
        let sheet = self.answer_sheet(institution, id).await?;
        let with_drafts: Vec<(Slot, AnswerInput, bool)> =
            inputs.iter().map(|(s, i)| (s.clone(), i.clone(), false)).collect();
        let answers = self
            .check_inputs(&sheet.view.edition, sheet.view.record.fiscal_year, &with_drafts, saved_by)
            .map_err(SaveError::Invalid)?;
        let reviews = self.reviews_to_keep(&sheet, &answers, seen, actor);
        self.store
            .save_answers_reviewed(institution, id, &answers, &reviews, actor, self.clock.now())
            .await
            .map_err(AppError::from)?;
        Ok(())
    }

    /// What 「提案をまとめて採用」 would set, and its fingerprint for the confirmation.
    pub async fn adoption(
        &self,
        institution: InstitutionId,
        id: i64,
        by: &str,
    ) -> AppResult<(AnswerSheet, Vec<Adoption>, String)> {
        let sheet = self.answer_sheet(institution, id).await?;
        let plan = plan_adoption(&sheet, by);
        let fingerprint = plan_fingerprint(&plan);
        Ok((sheet, plan, fingerprint))
    }

    /// Adopts every suggestion the confirmation page listed; refused when the registers or the
    /// answers changed since (the person confirms the new list). Returns how many were set.
    pub async fn adopt_suggestions(
        &self,
        institution: InstitutionId,
        id: i64,
        fingerprint: &str,
        by: &str,
        actor: &Actor,
    ) -> Result<usize, SaveError> {
        let (_, plan, now_planned) = self.adoption(institution, id, by).await?;
        if now_planned != fingerprint {
            return Err(AppError::Refused(Message::new("adopt.error.changed")).into());
        }
        let inputs: Vec<(Slot, AnswerInput)> =
            plan.iter().map(|a| (Slot::new(&a.item.key, a.scope), a.input.clone())).collect();
        self.answer_items(institution, id, &inputs, &[], by, actor).await?;
        Ok(plan.len())
    }

    /// 「提案どおり」 on the item page: each slot the registers judge はい or いいえ takes that answer
    /// (today, the person), unless it already has it; the suggestion is kept as seen.
    pub(crate) async fn accept_item_suggestion(
        &self,
        institution: InstitutionId,
        id: i64,
        key: &str,
        by: &str,
        actor: &Actor,
    ) -> Result<bool, SaveError> {
        let sheet = self.answer_sheet(institution, id).await?;
        let item = sheet.item(key).ok_or(AppError::NotFound)?;
        let fy = FiscalYear(sheet.view.record.fiscal_year);
        let inputs: Vec<(Slot, AnswerInput)> = item
            .slots
            .iter()
            .filter(|s| s.agreement != Agreement::Agrees)
            .filter_map(|s| {
                let input = adopted_input(
                    s.suggested.suggestion,
                    s.answer.as_ref(),
                    item.item.gate,
                    fy,
                    sheet.today,
                    by,
                )?;
                Some((Slot::new(key, s.scope), input))
            })
            .collect();
        let answered = inputs.len() + item.slots.iter().filter(|s| s.agreement == Agreement::Agrees).count();
        if answered == 0 {
            return Ok(false);
        }
        self.answer_items(institution, id, &inputs, &[key.to_owned()], by, actor).await?;
        Ok(true)
    }

    /// Per item touched (or confirmed), the suggestion as it stands beside the answers as they
    /// will be: 提案どおり when every answer follows it, otherwise a different judgement with
    /// the 備考 of the differing answers as its reason.
    fn reviews_to_keep(
        &self,
        sheet: &AnswerSheet,
        answers: &[(Slot, Answer)],
        seen: &[String],
        actor: &Actor,
    ) -> Vec<SuggestionReview> {
        let keys: BTreeSet<&str> =
            answers.iter().map(|(s, _)| s.key.as_str()).chain(seen.iter().map(String::as_str)).collect();
        keys.into_iter()
            .filter_map(|key| sheet.item(key))
            .filter_map(|item| {
                let key = item.item.key.as_str();
                let new = |scope: Option<Scope>| {
                    answers.iter().find(|(s, _)| s.key == key && s.scope == scope).map(|(_, a)| a)
                };
                let merged: Vec<(&SheetSlot, Option<&Answer>)> =
                    item.slots.iter().map(|s| (s, new(s.scope).or(s.answer.as_ref()))).collect();
                let changed =
                    item.slots.iter().any(|s| new(s.scope).is_some_and(|a| Some(a) != s.answer.as_ref()));
                let answered = merged.iter().any(|(_, a)| a.is_some_and(|a| a.value.is_some() && !a.draft));
                let review = sheet.reviews.get(key);
                let looked = changed || review.is_none() || seen.iter().any(|k| k == key);
                if !answered || !looked {
                    return None;
                }
                let differing: Vec<&Answer> = merged
                    .iter()
                    .filter(|(s, a)| agreement(*a, s.suggested.suggestion, None) == Agreement::Differs)
                    .filter_map(|(_, a)| *a)
                    .collect();
                let notes: Vec<&str> =
                    differing.iter().map(|a| a.note.as_str()).filter(|n| !n.is_empty()).collect();
                let earlier_reason = review.filter(|r| r.decision == "overridden").map(|r| r.reason.clone());
                let suggested: Vec<(Option<Scope>, Suggestion)> =
                    item.slots.iter().map(|s| (s.scope, s.suggested.suggestion)).collect();
                Some(SuggestionReview {
                    assessment_id: sheet.view.record.id,
                    item_key: key.to_owned(),
                    suggested: seen_summary(&suggested),
                    decision: if differing.is_empty() { "accepted" } else { "overridden" }.to_owned(),
                    reason: match (differing.is_empty(), notes.is_empty()) {
                        (true, _) => String::new(),
                        (false, false) => notes.join(" / "),
                        (false, true) => earlier_reason.unwrap_or_default(),
                    },
                    decided_at: self.clock.now(),
                    decided_by: actor.login.clone(),
                })
            })
            .collect()
    }
}

/// Why an answer differs: its own 備考 first, then the reason given when the suggestion was
/// overridden on the item page.
fn reason_given(answer: Option<&Answer>, review: Option<&SuggestionReview>) -> String {
    match answer.map(|a| a.note.trim()).filter(|n| !n.is_empty()) {
        Some(note) => note.to_owned(),
        None => review.filter(|r| r.decision == "overridden").map(|r| r.reason.clone()).unwrap_or_default(),
    }
}

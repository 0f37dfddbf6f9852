//! The edition editor: an institution's drafts of a checklist edition, started from an earlier
//! edition or read from a file, changed item by item (every change audited with what it
//! changed), checked item by item against the ministry's official form by a named person, and
//! published once the whole edition validates.

use crate::App;
use crate::catalog::{EditionInfo, to_toml};
use crate::definition_files::FileProblem;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::catalog::{
    Edition, Item, ItemChange, ItemFields, Problem, Sheet, add_item, diff, for_publication, item_from_fields,
    official, start_from, validate,
};
use iryosec_core::{InstitutionId, Message};
use iryosec_io::ministry_xlsx::FormHints;
use iryosec_store::{DraftChange, DraftRecord, NewDraft, NewEdition};
use serde_json::{Value, json};

/// Everything the editor page shows of a draft.
#[derive(Debug, Clone)]
pub struct DraftView {
    pub record: DraftRecord,
    pub edition: Edition,
    /// The edition it was started from, when it still exists.
    pub source: Option<Edition>,
    pub changes: Vec<ItemChange>,
    /// What stands in the way of publishing, as the edition would be published.
    pub problems: Vec<Problem>,
    /// The ministry's published file the draft was read from, recognised by its SHA-256.
    pub official: Option<&'static official::OfficialFile>,
}

/// The edition-wide fields of the editor's form.
#[derive(Debug, Clone, Default)]
pub struct EditionFields {
    pub title: String,
    pub published: String,
    pub confirmations: u8,
    pub note: String,
}

/// The id a draft is published under: the year and sheet, and the institution's and draft's
/// numbers, so drafts of different institutions on one server never take each other's id.
pub fn published_id(record: &DraftRecord, edition: &Edition) -> String {
    format!(
        "checklist-r{}-{}-i{}-d{}",
        edition.fiscal_year - 2018,
        edition.sheet.code().replace('_', "-"),
        record.institution_id.get(),
        record.id
    )
}

/// What the audit log records of an item: its number, wording and check.
fn item_detail(item: &Item) -> Value {
    json!({ "item": item.number, "wording": item.title, "checked_by": item.checked_by, "checked_on": item.checked_on })
}

/// A draft's edition as stored: read without validating, since a draft may not validate yet.
fn parse_content(record: &DraftRecord) -> AppResult<Edition> {
    toml::from_str(&record.content)
        .map_err(|e| AppError::internal("draft no longer reads")(format!("draft {}: {e}", record.id)))
}

impl App {
    /// Starts a draft for `fiscal_year` and `sheet` from the edition `source_id`.
    pub async fn start_draft(
        &self,
        institution: InstitutionId,
        source_id: &str,
        fiscal_year: i32,
        sheet: Sheet,
        actor: &Actor,
    ) -> AppResult<i64> {
        if !(2000..=2100).contains(&fiscal_year) {
            return Err(AppError::field("fiscal_year", Message::new("catalog.error.fiscal_year")));
        }
        let source = self.edition(source_id).await.map_err(|_| {
            AppError::field("source", Message::new("definitions.error.no_source").arg("id", source_id))
        })?;
        let edition = start_from(&source.edition, fiscal_year, sheet, "draft".into());
        self.store_new_draft(institution, &edition, source_id, ("", ""), actor).await
    }

    /// Reads a definition file (TOML, the template, the ministry's workbook) into a new draft.
    pub async fn draft_from_file(
        &self,
        institution: InstitutionId,
        file_name: &str,
        bytes: &[u8],
        hints: FormHints,
        actor: &Actor,
    ) -> AppResult<Result<i64, Vec<FileProblem>>> {
        let read = match self.read_definition(file_name, bytes, hints, None).await? {
            Ok(read) => read,
            Err(problems) => return Ok(Err(problems)),
        };
        let mut edition = read.edition;
        edition.official_file = file_name.to_owned();
        edition.official_sha256 = read.sha256.clone();
        let source = read.matched_to.unwrap_or_default();
        let id =
            self.store_new_draft(institution, &edition, &source, (file_name, &read.sha256), actor).await?;
        Ok(Ok(id))
    }

    async fn store_new_draft(
        &self,
        institution: InstitutionId,
        edition: &Edition,
        source: &str,
        (file_name, sha256): (&str, &str),
        actor: &Actor,
    ) -> AppResult<i64> {
        let draft = NewDraft {
            source_edition: source.to_owned(),
            fiscal_year: edition.fiscal_year,
            sheet: edition.sheet.code().to_owned(),
            content: to_toml(edition)?,
            official_name: file_name.to_owned(),
            official_sha256: sha256.to_owned(),
        };
        let change = DraftChange {
            before: None,
            after: Some(json!({ "title": edition.title, "fiscal_year": edition.fiscal_year,
                                "edition": source, "source": file_name })),
        };
        Ok(self.store.create_draft(institution, &draft, &change, actor, self.clock.now()).await?)
    }

    /// The page that starts a draft: the editions to start from and the institution's drafts
    /// with their titles (newest first).
    pub async fn draft_start_page(
        &self,
        institution: InstitutionId,
    ) -> AppResult<(Vec<EditionInfo>, Vec<(DraftRecord, String)>)> {
        let drafts = self.store.drafts(institution).await?;
        let titled = drafts
            .into_iter()
            .map(|d| {
                let title = parse_content(&d).map(|e| e.title).unwrap_or_default();
                (d, title)
            })
            .collect();
        Ok((self.editions().await?, titled))
    }

    /// The editor page of one draft.
    pub async fn edition_draft(&self, institution: InstitutionId, id: i64) -> AppResult<DraftView> {
        let record = self.store.draft(institution, id).await?.ok_or(AppError::NotFound)?;
        let edition = parse_content(&record)?;
        let source = match record.source_edition.as_str() {
            "" => None,
            source => self.edition(source).await.ok().map(|e| e.edition),
        };
        let changes = source.as_ref().map(|s| diff(s, &edition)).unwrap_or_default();
        let problems = validate(&for_publication(&edition));
        let official = match record.official_sha256.as_str() {
            "" => None,
            sha => official::files().iter().find(|f| f.sha256 == sha),
        };
        Ok(DraftView { record, edition, source, changes, problems, official })
    }

    /// Applies `change` to the draft's edition and stores it with its audit entry.
    async fn change_draft<T>(
        &self,
        institution: InstitutionId,
        id: i64,
        actor: &Actor,
        change: impl FnOnce(&mut Edition) -> AppResult<(DraftChange, T)>,
    ) -> AppResult<T> {
        let record = self.store.draft(institution, id).await?.ok_or(AppError::NotFound)?;
        if record.published_edition.is_some() {
            return Err(AppError::Refused(Message::new("definitions.error.draft_published")));
        }
        let mut edition = parse_content(&record)?;
        let (audit, out) = change(&mut edition)?;
        let content = to_toml(&edition)?;
        self.store.save_draft(institution, id, &content, &audit, actor, self.clock.now()).await?;
        Ok(out)
    }

    pub async fn save_draft_edition(
        &self,
        institution: InstitutionId,
        id: i64,
        fields: EditionFields,
        actor: &Actor,
    ) -> AppResult<()> {
        self.change_draft(institution, id, actor, |e| {
            let before = json!({ "title": e.title, "published": e.published, "note": e.note });
            e.title = fields.title.trim().to_owned();
            e.published = fields.published.trim().to_owned();
            e.confirmations = fields.confirmations;
            e.note = fields.note.trim().to_owned();
            let after = json!({ "title": e.title, "published": e.published, "note": e.note });
            Ok((DraftChange { before: Some(before), after: Some(after) }, ()))
        })
        .await
    }

    pub async fn save_draft_item(
        &self,
        institution: InstitutionId,
        id: i64,
        index: usize,
        fields: ItemFields,
        actor: &Actor,
    ) -> AppResult<()> {
        self.change_draft(institution, id, actor, |e| {
            let item = e.items.get_mut(index).ok_or(AppError::NotFound)?;
            let changed = item_from_fields(item, &fields).map_err(AppError::Invalid)?;
            let audit = DraftChange { before: Some(item_detail(item)), after: Some(item_detail(&changed)) };
            *item = changed;
            Ok((audit, ()))
        })
        .await
    }

    /// Adds an item (placed after the last of its section); returns its position.
    pub async fn add_draft_item(
        &self,
        institution: InstitutionId,
        id: i64,
        fields: ItemFields,
        actor: &Actor,
    ) -> AppResult<usize> {
        self.change_draft(institution, id, actor, |e| {
            let blank = Item { due: e.fiscal_year, ..blank_item() };
            let item = item_from_fields(&blank, &fields).map_err(AppError::Invalid)?;
            let audit = DraftChange { before: None, after: Some(item_detail(&item)) };
            Ok((audit, add_item(e, item)))
        })
        .await
    }

    pub async fn remove_draft_item(
        &self,
        institution: InstitutionId,
        id: i64,
        index: usize,
        actor: &Actor,
    ) -> AppResult<()> {
        self.change_draft(institution, id, actor, |e| {
            if index >= e.items.len() {
                return Err(AppError::NotFound);
            }
            let gone = e.items.remove(index);
            Ok((DraftChange { before: Some(item_detail(&gone)), after: None }, ()))
        })
        .await
    }

    /// Marks an item 「様式の原本と照合済み」 by `person` today, or takes the mark back.
    pub async fn check_draft_item(
        &self,
        institution: InstitutionId,
        id: i64,
        index: usize,
        checked: bool,
        person: &str,
        actor: &Actor,
    ) -> AppResult<()> {
        let today = iryosec_core::date::format_iso(self.today());
        self.change_draft(institution, id, actor, |e| {
            let item = e.items.get_mut(index).ok_or(AppError::NotFound)?;
            let before = item_detail(item);
            (item.checked_by, item.checked_on) =
                if checked { (person.to_owned(), today) } else { (String::new(), String::new()) };
            Ok((DraftChange { before: Some(before), after: Some(item_detail(item)) }, ()))
        })
        .await
    }

    /// Publishes the draft once it validates: the checked items become verified against the
    /// final text. Returns the edition id, or what stands in the way.
    pub async fn publish_edition_draft(
        &self,
        institution: InstitutionId,
        id: i64,
        actor: &Actor,
    ) -> AppResult<Result<String, Vec<Problem>>> {
        let record = self.store.draft(institution, id).await?.ok_or(AppError::NotFound)?;
        let mut edition = for_publication(&parse_content(&record)?);
        edition.id = published_id(&record, &edition);
        let problems = validate(&edition);
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        self.refuse_changing_answered(&edition).await?;
        let source_name = match record.official_name.as_str() {
            "" => format!("editor:{}", record.id),
            name => name.to_owned(),
        };
        let new = NewEdition {
            id: edition.id.clone(),
            fiscal_year: edition.fiscal_year,
            sheet: edition.sheet.code().to_owned(),
            title: edition.title.clone(),
            source_text: to_toml(&edition)?,
            source_name,
        };
        self.store.publish_draft(institution, id, &new, actor, self.clock.now()).await?;
        Ok(Ok(edition.id))
    }

    /// A published or shipped edition as TOML, to share with other institutions.
    pub async fn edition_toml(&self, id: &str) -> AppResult<String> {
        to_toml(&self.edition(id).await?.edition)
    }

    /// A published or shipped edition as the Excel template, to share or to edit offline.
    pub async fn edition_workbook(&self, id: &str) -> AppResult<Vec<u8>> {
        let edition = self.edition(id).await?.edition;
        iryosec_io::edition_xlsx::write_template(Some(&edition))
            .map_err(|e| AppError::internal("edition workbook")(format!("{e:?}")))
    }
}

/// An item with nothing in it yet, for the add form to fill.
fn blank_item() -> Item {
    Item {
        number: String::new(),
        key: String::new(),
        section: String::new(),
        title: String::new(),
        scopes: Vec::new(),
        due: 0,
        due_by_scope: Default::default(),
        applies_if: Vec::new(),
        gate: false,
        guidance: String::new(),
        guideline: Vec::new(),
        verification: Default::default(),
        source_note: String::new(),
        checked_by: String::new(),
        checked_on: String::new(),
    }
}

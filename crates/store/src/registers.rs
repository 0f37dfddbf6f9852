//! The registers besides the ledger, in one table; the domain's field tables give each entry
//! its shape, its key and its search text.

use crate::assets::like;
use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult, on_unique};
use crate::pool::{SqlStore, fetch_json_rows, with_pool};
use crate::{ImportCounts, NewEvidence, RecordFile, RegisterEntry, RegisterStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::register::{Record, Register};
use iryosec_core::{InstitutionId, Timestamp};
use std::collections::{HashMap, HashSet};

#[derive(sqlx::FromRow, serde::Deserialize)]
struct EntryRow {
    id: i64,
    register: String,
    data: String,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<EntryRow> for RegisterEntry {
    type Error = StoreError;
    fn try_from(r: EntryRow) -> Result<Self, Self::Error> {
        let corrupt = |why: String| StoreError::Corrupt(format!("register_records {}: {why}", r.id));
        let register = Register::parse(&r.register).ok_or_else(|| corrupt(r.register.clone()))?;
        let record: Record = serde_json::from_str(&r.data).map_err(|e| corrupt(e.to_string()))?;
        Ok(RegisterEntry {
            id: r.id,
            register,
            record,
            created_at: Timestamp(r.created_at),
            updated_at: Timestamp(r.updated_at),
        })
    }
}

#[derive(sqlx::FromRow)]
struct FileRow {
    id: i64,
    record_id: i64,
    file_name: String,
    content_type: String,
    size: i64,
    sha256: String,
    uploaded_at: i64,
    uploaded_by: String,
}

impl From<FileRow> for RecordFile {
    fn from(r: FileRow) -> Self {
        RecordFile {
            id: r.id,
            record_id: r.record_id,
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size,
            sha256: r.sha256,
            uploaded_at: Timestamp(r.uploaded_at),
            uploaded_by: r.uploaded_by,
        }
    }
}

/// What is stored beside the JSON.
struct Indexed {
    key: String,
    search: String,
    data: String,
}

fn indexed(register: Register, record: &Record) -> Indexed {
    Indexed {
        key: record.key(register),
        search: record.search_text(register),
        data: serde_json::to_string(record).unwrap_or_default(),
    }
}

fn event(institution: InstitutionId, register: Register, action: AuditAction, id: Option<i64>) -> AuditEvent {
    AuditEvent {
        institution_id: Some(institution.get()),
        action,
        target_kind: register.code(),
        target_id: id.map(|i| i.to_string()),
        before: None,
        after: None,
    }
}

fn json(record: &Record) -> serde_json::Value {
    serde_json::to_value(record).unwrap_or(serde_json::Value::Null)
}

/// One record per key, the last one given winning, in the order given.
fn last_of_each(register: Register, records: &[Record]) -> Vec<Indexed> {
    let all: Vec<Indexed> = records.iter().map(|r| indexed(register, r)).collect();
    let last: HashMap<&str, usize> = all.iter().enumerate().map(|(i, x)| (x.key.as_str(), i)).collect();
    let keep: HashSet<usize> = last.into_values().collect();
    all.into_iter().enumerate().filter(|(i, _)| keep.contains(i)).map(|(_, x)| x).collect()
}

#[async_trait]
impl RegisterStore for SqlStore {
    async fn entries(
        &self,
        institution: InstitutionId,
        register: Register,
        text: Option<&str>,
    ) -> StoreResult<Vec<RegisterEntry>> {
        let text = text.map(str::trim).filter(|t| !t.is_empty()).map(like);
        let rows: Vec<EntryRow> = fetch_json_rows!(&self.pool, sql::ENTRY_LIST_JSON, |q| q
            .bind(institution.get())
            .bind(register.code())
            .bind(&text))?;
        rows.into_iter().map(RegisterEntry::try_from).collect()
    }

    async fn all_entries(&self, institution: InstitutionId) -> StoreResult<Vec<RegisterEntry>> {
        let rows: Vec<EntryRow> =
            fetch_json_rows!(&self.pool, sql::ENTRIES_ALL_JSON, |q| q.bind(institution.get()))?;
        rows.into_iter().map(RegisterEntry::try_from).collect()
    }

    async fn entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: i64,
    ) -> StoreResult<Option<RegisterEntry>> {
        let row: Option<EntryRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ENTRY_BY_ID)
                .bind(institution.get())
                .bind(register.code())
                .bind(id)
                .fetch_optional(p)
                .await
        })?;
        row.map(RegisterEntry::try_from).transpose()
    }

    async fn save_entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: Option<i64>,
        record: &Record,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let ix = indexed(register, record);
        let inst = institution.get();
        let saved = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let mut e = event(institution, register, AuditAction::RecordCreated, id);
            let saved = match id {
                None => sqlx::query_scalar(sql::ENTRY_INSERT)
                    .bind(inst)
                    .bind(register.code())
                    .bind(&ix.key)
                    .bind(&ix.search)
                    .bind(&ix.data)
                    .bind(now.millis())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(on_unique("record_key"))?,
                Some(id) => {
                    let before: Option<EntryRow> = sqlx::query_as(sql::ENTRY_BY_ID)
                        .bind(inst)
                        .bind(register.code())
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                    let before = RegisterEntry::try_from(before.ok_or(StoreError::NotFound)?)?;
                    sqlx::query(sql::ENTRY_UPDATE)
                        .bind(inst)
                        .bind(register.code())
                        .bind(id)
                        .bind(&ix.key)
                        .bind(&ix.search)
                        .bind(&ix.data)
                        .bind(now.millis())
                        .execute(&mut *tx)
                        .await
                        .map_err(on_unique("record_key"))?;
                    e.action = AuditAction::RecordUpdated;
                    e.before = Some(json(&before.record));
                    id
                }
            };
            e.target_id = Some(saved.to_string());
            e.after = Some(json(record));
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
            saved
        });
        Ok(saved)
    }

    async fn delete_entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let before: Option<EntryRow> = sqlx::query_as(sql::ENTRY_BY_ID)
                .bind(inst)
                .bind(register.code())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let before = RegisterEntry::try_from(before.ok_or(StoreError::NotFound)?)?;
            let in_use: i64 =
                sqlx::query_scalar(sql::ENTRY_IN_USE).bind(inst).bind(id).fetch_one(&mut *tx).await?;
            if in_use > 0 {
                return Err(StoreError::Conflict("record_in_use"));
            }
            sqlx::query(sql::ENTRY_DELETE)
                .bind(inst)
                .bind(register.code())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let mut e = event(institution, register, AuditAction::RecordDeleted, Some(id));
            e.before = Some(json(&before.record));
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn import_entries(
        &self,
        institution: InstitutionId,
        register: Register,
        records: &[Record],
        source: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<ImportCounts> {
        let inst = institution.get();
        let unique = last_of_each(register, records);
        let counts = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let existing: Vec<String> = sqlx::query_scalar(sql::ENTRY_KEYS)
                .bind(inst)
                .bind(register.code())
                .fetch_all(&mut *tx)
                .await?;
            let existing: HashSet<String> = existing.into_iter().collect();
            let mut counts = ImportCounts::default();
            for ix in &unique {
                sqlx::query(sql::ENTRY_UPSERT)
                    .bind(inst)
                    .bind(register.code())
                    .bind(&ix.key)
                    .bind(&ix.search)
                    .bind(&ix.data)
                    .bind(now.millis())
                    .execute(&mut *tx)
                    .await?;
                if existing.contains(&ix.key) { counts.updated += 1 } else { counts.inserted += 1 }
            }
            let mut e = event(institution, register, AuditAction::RecordsImported, None);
            e.after = Some(
                serde_json::json!({ "source": source, "inserted": counts.inserted, "updated": counts.updated }),
            );
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
            counts
        });
        Ok(counts)
    }

    async fn record_files(&self, institution: InstitutionId, record: i64) -> StoreResult<Vec<RecordFile>> {
        let rows: Vec<FileRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::RECORD_FILES).bind(institution.get()).bind(record).fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(RecordFile::from).collect())
    }

    async fn add_record_file(
        &self,
        institution: InstitutionId,
        record: i64,
        file: &NewEvidence,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let inst = institution.get();
        let size = i64::try_from(file.data.len()).unwrap_or(i64::MAX);
        let id = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let exists: i64 =
                sqlx::query_scalar(sql::ENTRY_EXISTS).bind(inst).bind(record).fetch_one(&mut *tx).await?;
            if exists == 0 {
                return Err(StoreError::NotFound);
            }
            let id: i64 = sqlx::query_scalar(sql::RECORD_FILE_INSERT)
                .bind(inst)
                .bind(record)
                .bind(&file.file_name)
                .bind(&file.content_type)
                .bind(size)
                .bind(&file.sha256)
                .bind(&file.data)
                .bind(now.millis())
                .bind(&actor.login)
                .fetch_one(&mut *tx)
                .await?;
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::RecordFileAdded,
                target_kind: "record_file",
                target_id: Some(id.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "record": record, "file_name": file.file_name, "size": size, "sha256": file.sha256,
                })),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    async fn record_file(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Option<(RecordFile, Vec<u8>)>> {
        #[derive(sqlx::FromRow)]
        struct WithData {
            #[sqlx(flatten)]
            meta: FileRow,
            data: Vec<u8>,
        }
        let row: Option<WithData> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::RECORD_FILE).bind(institution.get()).bind(id).fetch_optional(p).await
        })?;
        Ok(row.map(|r| (RecordFile::from(r.meta), r.data)))
    }
}

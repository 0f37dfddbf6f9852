//! The registers besides the ledger: entries by form, import and export, files kept with an
//! entry, and the links between entries (a system's assets and vendors, a backup's system).

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::data_backup::BackupPlan;
use iryosec_core::date::DateStyle;
use iryosec_core::register::{Record, Register, Target, parse_record};
use iryosec_core::{InstitutionId, Message};
use iryosec_io::ledger_sheet::RowError;
use iryosec_io::register_sheet::{parse_rows, write_csv, write_xlsx};
use iryosec_io::table::{Source, read_table};
use iryosec_store::{ImportCounts, NewEvidence, RecordFile, RegisterEntry, StoreError};
use std::collections::HashMap;

/// Form input for one entry: field code → text.
pub type EntryInput = HashMap<String, String>;

/// What an import found, and did (nothing, unless every row was fine and it was not a dry run).
#[derive(Debug, Clone)]
pub struct RegisterImport {
    pub rows: usize,
    pub errors: Vec<RowError>,
    pub imported: Option<ImportCounts>,
}

/// One name in a reference field, and the entry it names if there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub name: String,
    /// `/ledger/3`, `/registers/vendors/7`; `None` when the name matches nothing.
    pub href: Option<String>,
}

impl App {
    /// The register's entries; contacts in calling order, the others by key.
    pub async fn entries(
        &self,
        institution: InstitutionId,
        register: Register,
        text: Option<&str>,
    ) -> AppResult<Vec<RegisterEntry>> {
        let mut entries = self.store.entries(institution, register, text).await?;
        if register == Register::Contacts {
            entries.sort_by_key(|e| e.record.number("order").unwrap_or(i64::MAX));
        }
        Ok(entries)
    }

    pub async fn entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: i64,
    ) -> AppResult<RegisterEntry> {
        self.store.entry(institution, register, id).await?.ok_or(AppError::NotFound)
    }

    /// Creates (no id) or changes an entry from form input.
    pub async fn save_entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: Option<i64>,
        input: &EntryInput,
        actor: &Actor,
    ) -> AppResult<i64> {
        let record = parse_record(register, &|code| input.get(code).cloned().unwrap_or_default())
            .map_err(AppError::Invalid)?;
        self.store.save_entry(institution, register, id, &record, actor, self.clock.now()).await.map_err(
            |e| match e {
                StoreError::Conflict("record_key") => {
                    let field = register.key_fields().first().copied().unwrap_or("name");
                    AppError::field(field, Message::new("register.error.taken"))
                }
                other => other.into(),
            },
        )
    }

    pub async fn delete_entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: i64,
        actor: &Actor,
    ) -> AppResult<()> {
        self.store.delete_entry(institution, register, id, actor, self.clock.now()).await.map_err(|e| match e
        {
            StoreError::Conflict("record_in_use") => AppError::Refused(Message::new("register.error.in_use")),
            other => other.into(),
        })
    }

    /// Reads a register file; writes it, all rows or none, if every row is fine and not `dry_run`.
    pub async fn import_register(
        &self,
        institution: InstitutionId,
        register: Register,
        file: Source<'_>,
        dry_run: bool,
        actor: &Actor,
    ) -> AppResult<RegisterImport> {
        let (source, cancel) = (file.name, file.cancel);
        let table = read_table(file).map_err(|m| AppError::unread_file("file", m, cancel))?;
        let (records, errors) = parse_rows(register, &table);
        let imported = if errors.is_empty() && !dry_run {
            let records: Vec<Record> = records.into_iter().map(|(_, r)| r).collect();
            Some(
                self.store
                    .import_entries(institution, register, &records, source, actor, self.clock.now())
                    .await?,
            )
        } else {
            None
        };
        Ok(RegisterImport { rows: table.rows.len(), errors, imported })
    }

    /// The whole register as XLSX (`xlsx`, its dates in the reader's `style`) or CSV with BOM
    /// (anything else, ISO dates that every import reads).
    pub async fn export_register(
        &self,
        institution: InstitutionId,
        register: Register,
        xlsx: bool,
        style: DateStyle,
    ) -> AppResult<Vec<u8>> {
        let records: Vec<Record> =
            self.entries(institution, register, None).await?.into_iter().map(|e| e.record).collect();
        if xlsx {
            write_xlsx(register, &records, style)
                .map_err(|e| AppError::Internal(format!("register xlsx: {e}")))
        } else {
            Ok(write_csv(register, &records))
        }
    }

    /// The names of every reference field of an entry, linked to what they name.
    pub async fn links(
        &self,
        institution: InstitutionId,
        register: Register,
        record: &Record,
    ) -> AppResult<HashMap<&'static str, Vec<Link>>> {
        let mut out = HashMap::new();
        for spec in register.fields() {
            let Some(target) = register.reference(spec.code) else { continue };
            let names: Vec<String> = match spec.input {
                iryosec_core::register::Input::List => {
                    record.list(spec.code).into_iter().map(str::to_owned).collect()
                }
                _ => Some(record.text(spec.code).to_owned()).filter(|s| !s.is_empty()).into_iter().collect(),
            };
            if names.is_empty() {
                continue;
            }
            let index = self.index_of(institution, target, &names).await?;
            let links =
                names.into_iter().map(|name| Link { href: index.get(&name).cloned(), name }).collect();
            out.insert(spec.code, links);
        }
        Ok(out)
    }

    /// Key → page of the entries of the target that `names` name (every entry of a small
    /// register; only the named ones of the ledger).
    async fn index_of(
        &self,
        institution: InstitutionId,
        target: Target,
        names: &[String],
    ) -> AppResult<HashMap<String, String>> {
        Ok(match target {
            Target::Ledger => self
                .store
                .asset_ids(institution, names)
                .await?
                .into_iter()
                .map(|(no, id)| (no, format!("/ledger/{id}")))
                .collect(),
            Target::Register(r) => self
                .store
                .entries(institution, r, None)
                .await?
                .into_iter()
                .map(|e| (e.record.key(r), format!("/registers/{}/{}", r.code(), e.id)))
                .collect(),
        })
    }

    /// Entries of `register` whose reference field `field` names `key` (a vendor's systems).
    pub async fn referring(
        &self,
        institution: InstitutionId,
        register: Register,
        field: &str,
        key: &str,
    ) -> AppResult<Vec<RegisterEntry>> {
        let all = self.store.entries(institution, register, None).await?;
        Ok(all
            .into_iter()
            .filter(|e| e.record.list(field).contains(&key) || e.record.text(field) == key)
            .collect())
    }

    /// One system's backups and restore tests as a plan to judge; `None` without any backup.
    pub async fn backup_plan(
        &self,
        institution: InstitutionId,
        system: &str,
    ) -> AppResult<Option<BackupPlan>> {
        let records = |entries: Vec<RegisterEntry>| entries.into_iter().map(|e| e.record).collect::<Vec<_>>();
        let backups = records(self.store.entries(institution, Register::Backups, None).await?);
        let tests = records(self.store.entries(institution, Register::RestoreTests, None).await?);
        Ok(BackupPlan::from_registers(system, &backups, &tests))
    }

    /// Checks and keeps a file with an entry (a vendor's MDS/SDS).
    pub async fn add_record_file(
        &self,
        institution: InstitutionId,
        register: Register,
        id: i64,
        file_name: &str,
        bytes: Vec<u8>,
        actor: &Actor,
    ) -> AppResult<i64> {
        self.entry(institution, register, id).await?;
        let accepted =
            iryosec_core::evidence::check(file_name, &bytes).map_err(|m| AppError::field("file", m))?;
        let file = NewEvidence {
            item_key: String::new(),
            file_name: accepted.file_name,
            content_type: accepted.content_type.to_owned(),
            sha256: accepted.sha256,
            data: bytes,
        };
        Ok(self.store.add_record_file(institution, id, &file, actor, self.clock.now()).await?)
    }

    pub async fn record_files(&self, institution: InstitutionId, id: i64) -> AppResult<Vec<RecordFile>> {
        Ok(self.store.record_files(institution, id).await?)
    }

    pub async fn record_file(&self, institution: InstitutionId, id: i64) -> AppResult<(RecordFile, Vec<u8>)> {
        self.store.record_file(institution, id).await?.ok_or(AppError::NotFound)
    }
}

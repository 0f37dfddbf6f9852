//! Writing and reading the audit log.

use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::rows::{AuditHeadRow, AuditRow};
use crate::{AuditFilter, AuditHead, AuditStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEntry, AuditEvent, AuditKey, chain_key};
use iryosec_core::{InstitutionId, Timestamp};

/// Appends one entry inside an open transaction `$tx` (of either backend) of `$store`: claims
/// the next position of the chain, seals the entry onto the previous one with the store's key,
/// inserts it, moves the head. Without a key it fails before writing anything.
macro_rules! append_audit {
    ($store:expr, $tx:expr, $event:expr, $actor:expr, $now:expr) => {{
        let event: &iryosec_core::audit::AuditEvent = $event;
        let actor: &iryosec_core::audit::Actor = $actor;
        let key = $store.audit_key.as_ref().ok_or($crate::error::StoreError::NoAuditKey)?;
        let entry = $crate::audit::start_entry(event, actor, $now);
        sqlx::query($crate::sql::AUDIT_HEAD_ENSURE)
            .bind(&entry.chain)
            .bind(entry.institution_id)
            .bind(iryosec_core::audit::GENESIS_HASH)
            .execute(&mut *$tx)
            .await?;
        let (seq, prev_hash): (i64, String) =
            sqlx::query_as($crate::sql::AUDIT_HEAD_CLAIM).bind(&entry.chain).fetch_one(&mut *$tx).await?;
        let entry = entry.seal(seq, prev_hash, key);
        sqlx::query($crate::sql::AUDIT_INSERT)
            .bind(&entry.chain)
            .bind(entry.seq)
            .bind(entry.institution_id)
            .bind(entry.occurred_at)
            .bind(entry.actor_user_id)
            .bind(&entry.actor_login)
            .bind(&entry.actor_ip)
            .bind(&entry.request_id)
            .bind(&entry.action)
            .bind(&entry.target_kind)
            .bind(&entry.target_id)
            .bind(&entry.before_json)
            .bind(&entry.after_json)
            .bind(&entry.key_id)
            .bind(&entry.prev_hash)
            .bind(&entry.hash)
            .execute(&mut *$tx)
            .await?;
        sqlx::query($crate::sql::AUDIT_HEAD_SET_HASH)
            .bind(&entry.chain)
            .bind(&entry.hash)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use append_audit;

/// The entry's fields before it has a place in its chain.
pub(crate) fn start_entry(event: &AuditEvent, actor: &Actor, now: Timestamp) -> AuditEntry {
    AuditEntry {
        id: 0,
        chain: chain_key(event.institution_id),
        seq: 0,
        institution_id: event.institution_id,
        occurred_at: now.millis(),
        actor_user_id: actor.user_id,
        actor_login: actor.login.clone(),
        actor_ip: actor.ip.clone(),
        request_id: actor.request_id.clone(),
        action: event.action.code().to_owned(),
        target_kind: event.target_kind.to_owned(),
        target_id: event.target_id.clone(),
        before_json: event.before.as_ref().map(ToString::to_string),
        after_json: event.after.as_ref().map(ToString::to_string),
        key_id: None,
        prev_hash: String::new(),
        hash: String::new(),
    }
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn append_audit(&self, event: &AuditEvent, actor: &Actor, now: Timestamp) -> StoreResult<()> {
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            append_audit!(self, tx, event, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn audit_entries(
        &self,
        institution: InstitutionId,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<AuditEntry>, i64)> {
        let from = filter.from.map(Timestamp::millis);
        let until = filter.until.map(Timestamp::millis);
        let (rows, total): (Vec<AuditRow>, i64) = with_pool!(&self.pool, |p| {
            let rows = sqlx::query_as(sql::AUDIT_LIST)
                .bind(institution.get())
                .bind(&filter.action)
                .bind(&filter.actor_login)
                .bind(from)
                .bind(until)
                .bind(limit)
                .bind(offset)
                .fetch_all(p)
                .await?;
            let total = sqlx::query_scalar(sql::AUDIT_COUNT)
                .bind(institution.get())
                .bind(&filter.action)
                .bind(&filter.actor_login)
                .bind(from)
                .bind(until)
                .fetch_one(p)
                .await?;
            (rows, total)
        });
        Ok((rows.into_iter().map(AuditEntry::from).collect(), total))
    }

    async fn audit_heads(&self) -> StoreResult<Vec<AuditHead>> {
        let rows: Vec<AuditHeadRow> =
            with_pool!(&self.pool, |p| sqlx::query_as(sql::AUDIT_HEADS).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|r| AuditHead {
                chain: r.chain,
                institution_id: r.institution_id,
                seq: r.seq,
                hash: r.hash,
                at: r.occurred_at.map(Timestamp),
            })
            .collect())
    }

    async fn audit_for(
        &self,
        institution: InstitutionId,
        target_kind: &str,
        target_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::AUDIT_FOR_TARGET)
                .bind(institution.get())
                .bind(target_kind)
                .bind(target_id)
                .bind(limit)
                .fetch_all(p)
                .await
        })?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    async fn audit_position(&self, institution: InstitutionId) -> StoreResult<i64> {
        let chain = chain_key(Some(institution.get()));
        let server = chain_key(None);
        Ok(with_pool!(&self.pool, |p| {
            sqlx::query_scalar(sql::AUDIT_POSITION).bind(&chain).bind(&server).fetch_one(p).await
        })?)
    }

    async fn audit_chains_in_log(&self) -> StoreResult<Vec<String>> {
        Ok(with_pool!(&self.pool, |p| sqlx::query_scalar(sql::AUDIT_CHAINS_IN_LOG).fetch_all(p).await)?)
    }

    async fn audit_foreign_entries(&self, institution: InstitutionId) -> StoreResult<i64> {
        let chain = chain_key(Some(institution.get()));
        Ok(with_pool!(&self.pool, |p| {
            sqlx::query_scalar(sql::AUDIT_FOREIGN_ENTRIES)
                .bind(institution.get())
                .bind(&chain)
                .fetch_one(p)
                .await
        })?)
    }

    async fn audit_chain_page(
        &self,
        chain: &str,
        after_seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::AUDIT_CHAIN_PAGE).bind(chain).bind(after_seq).bind(limit).fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    fn audit_key(&self) -> Option<&AuditKey> {
        self.audit_key.as_ref()
    }

    async fn latest_audit_key_id(&self) -> StoreResult<Option<String>> {
        Ok(with_pool!(&self.pool, |p| {
            sqlx::query_scalar(sql::AUDIT_LATEST_KEY_ID).fetch_optional(p).await
        })?)
    }

    async fn institutions_without_chain(&self) -> StoreResult<Vec<i64>> {
        Ok(with_pool!(&self.pool, |p| sqlx::query_scalar(sql::INSTITUTIONS_WITHOUT_CHAIN)
            .fetch_all(p)
            .await)?)
    }

    async fn seal_every_chain(&self, actor: &Actor, now: Timestamp) -> StoreResult<usize> {
        let key_id = self.audit_key.as_ref().ok_or(StoreError::NoAuditKey)?.id().to_owned();
        let sealed = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let heads: Vec<AuditHeadRow> = sqlx::query_as(sql::AUDIT_HEADS).fetch_all(&mut *tx).await?;
            for head in &heads {
                let event = AuditEvent {
                    institution_id: head.institution_id,
                    action: AuditAction::AuditKeyCreated,
                    target_kind: "audit_key",
                    target_id: Some(key_id.clone()),
                    before: None,
                    after: Some(serde_json::json!({ "sealed_from_seq": head.seq + 1 })),
                };
                append_audit!(self, tx, &event, actor, now);
            }
            tx.commit().await?;
            heads.len()
        });
        Ok(sealed)
    }
}

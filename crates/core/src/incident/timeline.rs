//! The incident timeline: append-only and hash-chained per incident, like the audit log.
//!
//! Each entry's hash covers its fields and the previous entry's hash, so an entry edited,
//! removed or reordered breaks the chain at that place; the incident's head (last `seq` and
//! hash) reveals entries cut off the end. A correction is a new entry naming the one it
//! corrects; nothing is ever rewritten.

use crate::audit::{ChainBreak, ChainVerifier, Link};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The incident was opened; `payload` holds its facts.
pub const KIND_OPENED: &str = "opened";
/// A step was marked (`step`, `status`, `actor`, `done_at`, `note`, `base`).
pub const KIND_STEP: &str = "step";
/// A free note.
pub const KIND_NOTE: &str = "note";
/// A correction of an earlier entry (`corrects`), in `note`.
pub const KIND_CORRECTION: &str = "correction";
/// The incident was closed.
pub const KIND_CLOSED: &str = "closed";

pub const KINDS: [&str; 5] = [KIND_OPENED, KIND_STEP, KIND_NOTE, KIND_CORRECTION, KIND_CLOSED];

/// The chain name of an incident's timeline, as verification reports it.
pub fn chain_key(incident_id: i64) -> String {
    format!("incident:{incident_id}")
}

/// What to append; the store adds the place in the chain and the hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEntry {
    pub kind: &'static str,
    pub step: Option<String>,
    pub status: Option<String>,
    pub actor: String,
    pub done_at: Option<i64>,
    pub note: String,
    pub corrects: Option<i64>,
    /// For a step: the entry of the same step the change was based on (0: none yet).
    pub base: Option<i64>,
    pub payload: Option<String>,
}

/// An entry as stored: everything the hash covers, and the hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub id: i64,
    pub institution_id: i64,
    pub incident_id: i64,
    pub seq: i64,
    /// When it was written down (the server's clock), UTC milliseconds.
    pub recorded_at: i64,
    /// The login that wrote it.
    pub recorded_by: String,
    pub kind: String,
    pub step: Option<String>,
    pub status: Option<String>,
    /// The person who did the step, as typed.
    pub actor: String,
    /// When the step was done, as the person said.
    pub done_at: Option<i64>,
    pub note: String,
    pub corrects: Option<i64>,
    pub base: Option<i64>,
    pub payload: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl TimelineEntry {
    /// The entry before its place in the chain is known.
    pub fn start(
        institution_id: i64,
        incident_id: i64,
        new: &NewEntry,
        recorded_by: &str,
        recorded_at: i64,
    ) -> TimelineEntry {
        TimelineEntry {
            id: 0,
            institution_id,
            incident_id,
            seq: 0,
            recorded_at,
            recorded_by: recorded_by.to_owned(),
            kind: new.kind.to_owned(),
            step: new.step.clone(),
            status: new.status.clone(),
            actor: new.actor.clone(),
            done_at: new.done_at,
            note: new.note.clone(),
            corrects: new.corrects,
            base: new.base,
            payload: new.payload.clone(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    /// Places the entry after `prev_hash` at `seq` and computes its hash.
    pub fn seal(mut self, seq: i64, prev_hash: String) -> TimelineEntry {
        self.seq = seq;
        self.prev_hash = prev_hash;
        self.hash = self.compute_hash();
        self
    }

    /// The hash this entry must carry, given its fields and `prev_hash`.
    pub fn compute_hash(&self) -> String {
        // A JSON array is an unambiguous encoding: no field bleeds into the next.
        let canonical = serde_json::json!([
            "incident-timeline/1",
            self.prev_hash,
            self.institution_id,
            self.incident_id,
            self.seq,
            self.recorded_at,
            self.recorded_by,
            self.kind,
            self.step,
            self.status,
            self.actor,
            self.done_at,
            self.note,
            self.corrects,
            self.base,
            self.payload,
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}

/// Checks one incident's entries (in `seq` order) against each other and the head, with the
/// audit log's chain checks.
pub struct TimelineVerifier {
    institution_id: i64,
    incident_id: i64,
    chain: ChainVerifier,
}

impl TimelineVerifier {
    pub fn new(institution_id: i64, incident_id: i64) -> TimelineVerifier {
        TimelineVerifier { institution_id, incident_id, chain: ChainVerifier::new(&chain_key(incident_id)) }
    }

    pub fn check(&mut self, entry: &TimelineEntry) -> Result<(), ChainBreak> {
        self.chain.check_link(&Link {
            belongs: entry.incident_id == self.incident_id && entry.institution_id == self.institution_id,
            id: entry.id,
            seq: entry.seq,
            prev_hash: &entry.prev_hash,
            hash: &entry.hash,
            computed_hash: entry.compute_hash(),
        })
    }

    /// Call after the last entry with the head's `seq` and hash; returns how many were checked.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        self.chain.finish(head_seq, head_hash)
    }
}

//! Checking chains: the link checks every chain shares (the audit log's and each incident
//! timeline's), and the audit log's own rule that a keyed chain stays keyed.

use super::{AuditEntry, AuditKey, GENESIS_HASH, chain_key};
use serde::Serialize;

/// Where and how a chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub chain: String,
    pub seq: i64,
    pub entry_id: Option<i64>,
    pub problem: BreakKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The entry's fields do not give its hash: it was edited.
    HashMismatch,
    /// The entry does not point at the one before it: entries were removed or reordered.
    BrokenLink,
    /// A sequence number is missing.
    Gap,
    /// The chain is shorter than its head says: entries were cut off the end.
    Truncated,
    /// The entry's chain does not belong to its institution: it was slipped into the log.
    WrongChain,
    /// Entries of a chain that has no head: written around the application.
    Unanchored,
    /// An entry without the key's seal where the chain is keyed: written or rewritten
    /// without the key.
    Unsealed,
    /// A chain that must exist is gone: an institution without its log, an incident the log
    /// names without its record.
    Missing,
    /// An incident's facts differ from what its opening entry recorded.
    FactsDiffer,
    /// A timeline entry that the audit log does not countersign (its place and hash).
    NotInLog,
    /// The log is shorter than a witnessed head: entries were removed after it was witnessed.
    WitnessMissing,
    /// The entry at a witnessed place is not the one witnessed: history was rewritten.
    WitnessDiffers,
}

/// What a chain verifier looks at in one entry: where it stands, what it points at, what it
/// carries, and what its fields give. The audit log and incident timelines share the checks.
pub struct Link<'a> {
    /// Whether the entry says it belongs to the chain being checked.
    pub belongs: bool,
    pub id: i64,
    pub seq: i64,
    pub prev_hash: &'a str,
    pub hash: &'a str,
    pub computed_hash: String,
}

/// Checks one chain's entries (in `seq` order) against each other and the head.
pub struct ChainVerifier {
    chain: String,
    expected_seq: i64,
    prev_hash: String,
}

impl ChainVerifier {
    pub fn new(chain: &str) -> ChainVerifier {
        ChainVerifier { chain: chain.to_owned(), expected_seq: 1, prev_hash: GENESIS_HASH.to_owned() }
    }

    /// A break of this chain at `seq`.
    pub fn broken(&self, seq: i64, entry_id: Option<i64>, problem: BreakKind) -> ChainBreak {
        ChainBreak { chain: self.chain.clone(), seq, entry_id, problem }
    }

    /// The checks every chain shares, in the order that names the first thing wrong.
    pub fn check_link(&mut self, link: &Link) -> Result<(), ChainBreak> {
        let fail = |problem| self.broken(link.seq, Some(link.id), problem);
        if !link.belongs {
            return Err(fail(BreakKind::WrongChain));
        }
        if link.seq != self.expected_seq {
            return Err(fail(BreakKind::Gap));
        }
        if link.prev_hash != self.prev_hash {
            return Err(fail(BreakKind::BrokenLink));
        }
        if link.computed_hash != link.hash {
            return Err(fail(BreakKind::HashMismatch));
        }
        self.expected_seq += 1;
        self.prev_hash = link.hash.to_owned();
        Ok(())
    }

    /// Call after the last entry with the head's recorded sequence number and hash.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let checked = self.expected_seq - 1;
        if checked != head_seq || self.prev_hash != head_hash {
            return Err(self.broken(checked + 1, None, BreakKind::Truncated));
        }
        Ok(checked)
    }
}

/// Checks one audit chain under the key. Entries from before the key (plain hashes) may
/// only come first; once an entry is sealed every later one must be, and a chain must end
/// sealed — otherwise it could have been rewritten whole with plain hashes.
pub struct AuditVerifier<'k> {
    chain: ChainVerifier,
    key: &'k AuditKey,
    sealed: bool,
    last: Option<(i64, i64)>,
}

impl<'k> AuditVerifier<'k> {
    pub fn new(chain: &str, key: &'k AuditKey) -> AuditVerifier<'k> {
        AuditVerifier { chain: ChainVerifier::new(chain), key, sealed: false, last: None }
    }

    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        let belongs = entry.chain == self.chain.chain && chain_key(entry.institution_id) == entry.chain;
        self.chain.check_link(&Link {
            belongs,
            id: entry.id,
            seq: entry.seq,
            prev_hash: &entry.prev_hash,
            hash: &entry.hash,
            computed_hash: entry.expected_seal(self.key),
        })?;
        if entry.key_id.is_none() && self.sealed {
            return Err(self.chain.broken(entry.seq, Some(entry.id), BreakKind::Unsealed));
        }
        self.sealed |= entry.key_id.is_some();
        self.last = Some((entry.seq, entry.id));
        Ok(())
    }

    /// Call after the last entry with the head's recorded sequence number and seal.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let unsealed = match self.last {
            Some((seq, id)) if !self.sealed => Some(self.chain.broken(seq, Some(id), BreakKind::Unsealed)),
            _ => None,
        };
        let checked = self.chain.finish(head_seq, head_hash)?;
        unsealed.map_or(Ok(checked), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key() -> AuditKey {
        AuditKey::from_bytes([7; 32])
    }

    fn entry(seq: i64) -> AuditEntry {
        AuditEntry {
            id: seq * 10,
            chain: "institution:1".into(),
            seq,
            institution_id: Some(1),
            occurred_at: 1_700_000_000_000 + seq,
            actor_user_id: Some(1),
            actor_login: "admin".into(),
            actor_ip: Some("127.0.0.1".into()),
            request_id: None,
            action: "institution.updated".into(),
            target_kind: "institution".into(),
            target_id: Some("1".into()),
            before_json: Some(r#"{"name":"A"}"#.into()),
            after_json: Some(r#"{"name":"B"}"#.into()),
            key_id: None,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    /// `legacy` entries with plain hashes, then `keyed` sealed ones.
    fn chain_of(legacy: i64, keyed: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=legacy + keyed)
            .map(|seq| {
                let mut e = entry(seq);
                if seq <= legacy {
                    e.prev_hash = prev.clone();
                    e.hash = e.legacy_hash();
                } else {
                    e = e.seal(seq, prev.clone(), &key());
                }
                prev.clone_from(&e.hash);
                e
            })
            .collect()
    }

    fn verify_under(k: &AuditKey, entries: &[AuditEntry]) -> Result<i64, ChainBreak> {
        let mut v = AuditVerifier::new("institution:1", k);
        for e in entries {
            v.check(e)?;
        }
        let (seq, hash) = entries.last().map(|e| (e.seq, e.hash.clone())).unwrap_or_default();
        v.finish(seq, &hash)
    }

    fn verify(entries: &[AuditEntry]) -> Result<i64, ChainBreak> {
        verify_under(&key(), entries)
    }

    fn problem(r: Result<i64, ChainBreak>) -> (i64, BreakKind) {
        let b = r.unwrap_err();
        (b.seq, b.problem)
    }

    #[test]
    fn an_untouched_keyed_chain_verifies_and_one_after_old_entries_too() {
        assert_eq!(verify(&chain_of(0, 5)), Ok(5));
        assert_eq!(verify(&chain_of(3, 2)), Ok(5));
    }

    #[test]
    fn an_edited_entry_is_found() {
        let mut c = chain_of(0, 5);
        c[2].after_json = Some(r#"{"name":"C"}"#.into());
        let b = verify(&c).unwrap_err();
        assert_eq!((b.seq, b.entry_id, b.problem), (3, Some(30), BreakKind::HashMismatch));
    }

    #[test]
    fn an_edit_resealed_without_the_key_is_found() {
        let mut c = chain_of(0, 5);
        c[2].actor_login = "someone-else".into();
        c[2] = c[2].clone().seal(3, c[1].hash.clone(), &AuditKey::from_bytes([8; 32]));
        assert_eq!(problem(verify(&c)), (3, BreakKind::HashMismatch));
    }

    #[test]
    fn a_chain_recomputed_with_plain_hashes_is_found() {
        let mut c = chain_of(0, 4);
        let mut prev = GENESIS_HASH.to_owned();
        for e in &mut c {
            e.key_id = None;
            e.actor_login = "forger".into();
            e.prev_hash = prev.clone();
            e.hash = e.legacy_hash();
            prev.clone_from(&e.hash);
        }
        assert_eq!(problem(verify(&c)), (4, BreakKind::Unsealed));
    }

    #[test]
    fn a_plain_entry_after_a_sealed_one_is_found() {
        let mut c = chain_of(1, 2);
        let prev = c[2].hash.clone();
        let mut forged = entry(4);
        forged.prev_hash = prev;
        forged.hash = forged.legacy_hash();
        c.push(forged);
        assert_eq!(problem(verify(&c)), (4, BreakKind::Unsealed));
    }

    #[test]
    fn an_old_entry_changed_before_the_first_sealed_one_is_found() {
        let mut c = chain_of(3, 2);
        c[0].actor_login = "forger".into();
        let mut prev = GENESIS_HASH.to_owned();
        for e in c.iter_mut().take(3) {
            e.prev_hash = prev.clone();
            e.hash = e.legacy_hash();
            prev.clone_from(&e.hash);
        }
        assert_eq!(problem(verify(&c)), (4, BreakKind::BrokenLink));
    }

    #[test]
    fn the_wrong_key_finds_nothing_sealed_right() {
        let c = chain_of(2, 2);
        assert_eq!(problem(verify_under(&AuditKey::from_bytes([9; 32]), &c)), (3, BreakKind::HashMismatch));
    }

    #[test]
    fn removed_and_cut_off_entries_are_found() {
        let mut c = chain_of(0, 5);
        c.remove(1);
        assert_eq!(problem(verify(&c)), (3, BreakKind::Gap));
        let c = chain_of(0, 5);
        let k = key();
        let mut v = AuditVerifier::new("institution:1", &k);
        for e in &c[..3] {
            v.check(e).unwrap();
        }
        assert_eq!(problem(v.finish(5, &c[4].hash)), (4, BreakKind::Truncated));
    }

    #[test]
    fn an_entry_of_another_institution_breaks_the_chain() {
        let mut c = chain_of(0, 3);
        c[1].institution_id = Some(2);
        assert_eq!(problem(verify(&c)), (2, BreakKind::WrongChain));
    }

    #[test]
    fn fields_cannot_bleed_into_each_other() {
        let mut a = chain_of(0, 1).remove(0);
        let mut b = a.clone();
        a.actor_login = "ab".into();
        a.actor_ip = Some("c".into());
        b.actor_login = "a".into();
        b.actor_ip = Some("bc".into());
        assert_ne!(a.expected_seal(&key()), b.expected_seal(&key()));
        assert_ne!(a.legacy_hash(), b.legacy_hash());
    }

    /// Changes one field of an entry to a different value.
    fn tamper(e: &mut AuditEntry, field: usize, text: &str, n: i64) {
        let other = |s: &str| if s == text { format!("{text}x") } else { text.to_owned() };
        let other_opt = |o: &Option<String>| Some(other(o.as_deref().unwrap_or("")));
        match field {
            0 => e.chain = other(&e.chain),
            1 => e.seq += n,
            2 => e.institution_id = Some(e.institution_id.unwrap_or(0) + n),
            3 => e.occurred_at += n,
            4 => e.actor_user_id = Some(e.actor_user_id.unwrap_or(0) + n),
            5 => e.actor_login = other(&e.actor_login),
            6 => e.actor_ip = other_opt(&e.actor_ip),
            7 => e.request_id = other_opt(&e.request_id),
            8 => e.action = other(&e.action),
            9 => e.target_kind = other(&e.target_kind),
            10 => e.target_id = other_opt(&e.target_id),
            11 => e.before_json = other_opt(&e.before_json),
            12 => e.after_json = other_opt(&e.after_json),
            13 => e.key_id = if e.key_id.is_some() { None } else { Some(key().id().to_owned()) },
            14 => e.prev_hash = other(&e.prev_hash),
            _ => e.hash = other(&e.hash),
        }
    }

    proptest! {
        #[test]
        fn any_single_change_to_any_field_of_any_entry_is_detected(
            legacy in 0i64..4,
            keyed in 1i64..6,
            pick in any::<prop::sample::Index>(),
            field in 0usize..16,
            text in "[a-z0-9{}\":]{0,12}",
            n in 1i64..1_000,
        ) {
            let mut c = chain_of(legacy, keyed);
            prop_assert!(verify(&c).is_ok());
            let at = pick.index(c.len());
            tamper(&mut c[at], field, &text, n);
            prop_assert!(verify(&c).is_err(), "field {} of entry {} changed unnoticed", field, at + 1);
        }
    }
}

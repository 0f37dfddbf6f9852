//! The audit log's key: 32 random bytes kept in a file outside the database. Whoever holds
//! it can seal entries; whoever can only write the database cannot.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

pub const KEY_LEN: usize = 32;

/// The first word of the key's line in its file.
const FILE_TAG: &str = "iryosec-audit-key/1";

#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey {
    bytes: [u8; KEY_LEN],
    id: String,
}

impl AuditKey {
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> AuditKey {
        let mut key = AuditKey { bytes, id: String::new() };
        // The id is itself a MAC, so it names the key without revealing it.
        key.id = key.mac_hex(b"iryosec audit key id")[..16].to_owned();
        key
    }

    /// A short public name of the key, stored with every entry it seals: it tells a wrong
    /// key file from a tampered log.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// HMAC-SHA256 of `message` under the key, in hex.
    pub fn mac_hex(&self, message: &[u8]) -> String {
        // HMAC takes keys of any length, so this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.bytes) else { return String::new() };
        mac.update(message);
        hex::encode(mac.finalize().into_bytes())
    }

    /// The key file's content: a note for whoever finds it, then the key.
    pub fn file_text(&self) -> String {
        format!(
            "# iryosec 監査ログの鍵 (audit log key {id}).\n\
             # データベースとは別に、バックアップと一緒に保管してください。失うと監査ログを検証できません。\n\
             # Keep with the backups, apart from the database; without it the log cannot be verified.\n\
             {FILE_TAG} {hex}\n",
            id = self.id,
            hex = hex::encode(self.bytes)
        )
    }

    /// Reads a key file's content; `None` if it holds no well-formed key.
    pub fn from_file_text(text: &str) -> Option<AuditKey> {
        let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'))?;
        let hex_key = line.strip_prefix(FILE_TAG)?.trim();
        let bytes: [u8; KEY_LEN] = hex::decode(hex_key).ok()?.try_into().ok()?;
        Some(AuditKey::from_bytes(bytes))
    }
}

/// Never prints the key itself.
impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuditKey({})", self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_names_its_key() {
        let key = AuditKey::from_bytes([3; KEY_LEN]);
        assert_eq!(AuditKey::from_file_text(&key.file_text()), Some(key.clone()));
        assert_eq!(key.id().len(), 16);
        assert_ne!(key.id(), AuditKey::from_bytes([4; KEY_LEN]).id());
        assert!(!format!("{key:?}").contains(&hex::encode([3; KEY_LEN])));
    }

    #[test]
    fn damaged_key_files_are_refused() {
        let text = AuditKey::from_bytes([3; KEY_LEN]).file_text();
        assert_eq!(AuditKey::from_file_text(""), None);
        assert_eq!(AuditKey::from_file_text(&text.replace("0303", "03")), None);
        assert_eq!(AuditKey::from_file_text(&text.replace(FILE_TAG, "other/1")), None);
        assert_eq!(AuditKey::from_file_text(&text.replace("0303", "zz03")), None);
    }
}

//! The offline bundle: newer lifecycle facts in a file signed with ed25519, checked against the
//! public keys the installation trusts before anything in it is believed.
//!
//! A bundle is JSON: `{"format": "iryosec-lifecycle-bundle", "version": 1, "key": "ed25519:…",
//! "signature": "…", "payload": "…"}`. The signature covers the payload's UTF-8 bytes exactly
//! as written, so nothing has to be re-serialised to check it; the payload is itself JSON
//! ([`Payload`]). `docs/lifecycle-bundle.md` describes the format.

use super::Lifecycle;
use crate::message::Message;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use time::Date;

pub const FORMAT: &str = "iryosec-lifecycle-bundle";
pub const PAYLOAD_FORMAT: &str = "iryosec-lifecycle";
pub const VERSION: u32 = 1;
const KEY_PREFIX: &str = "ed25519:";
const SECRET_PREFIX: &str = "ed25519-secret:";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    version: u32,
    key: String,
    signature: String,
    payload: String,
}

/// What a bundle carries: when it was made, from which sources, and the facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    pub format: String,
    pub version: u32,
    pub created: Date,
    /// The public data it was made from, as published (`CISA KEV 2025.08.25`, …).
    pub sources: Vec<String>,
    pub data: Lifecycle,
}

/// A bundle whose signature and contents were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub payload: Payload,
    /// The payload as signed, to keep.
    pub payload_text: String,
    /// The key that signed it (`ed25519:…`).
    pub key: String,
}

/// A public key as written in configuration: `ed25519:` and 64 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn parse(text: &str) -> Result<PublicKey, Message> {
        let bad = || Message::new("lifecycle.key.invalid").arg("key", text.trim());
        let hex_part = text.trim().strip_prefix(KEY_PREFIX).ok_or_else(bad)?;
        let bytes: [u8; 32] = hex::decode(hex_part).ok().and_then(|b| b.try_into().ok()).ok_or_else(bad)?;
        VerifyingKey::from_bytes(&bytes).map(PublicKey).map_err(|_| bad())
    }

    pub fn text(&self) -> String {
        format!("{KEY_PREFIX}{}", hex::encode(self.0.as_bytes()))
    }
}

/// A private key as kept in its file: `ed25519-secret:` and 64 hex digits (the seed).
pub struct SecretKey(SigningKey);

impl SecretKey {
    pub fn from_seed(seed: [u8; 32]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(&seed))
    }

    pub fn parse(text: &str) -> Result<SecretKey, Message> {
        let bad = || Message::new("lifecycle.key.secret_invalid");
        let hex_part = text.trim().strip_prefix(SECRET_PREFIX).ok_or_else(bad)?;
        let seed: [u8; 32] = hex::decode(hex_part).ok().and_then(|b| b.try_into().ok()).ok_or_else(bad)?;
        Ok(SecretKey::from_seed(seed))
    }

    pub fn text(&self) -> String {
        format!("{SECRET_PREFIX}{}", hex::encode(self.0.to_bytes()))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }
}

/// Writes a signed bundle of these facts.
pub fn sign(payload: &Payload, key: &SecretKey) -> Result<String, Message> {
    payload.data.validate()?;
    let payload_text = serde_json::to_string(payload)
        .map_err(|e| Message::new("lifecycle.bundle.format").arg("detail", e.to_string()))?;
    let signature = key.0.sign(payload_text.as_bytes());
    let envelope = Envelope {
        format: FORMAT.to_owned(),
        version: VERSION,
        key: key.public().text(),
        signature: hex::encode(signature.to_bytes()),
        payload: payload_text,
    };
    serde_json::to_string_pretty(&envelope)
        .map_err(|e| Message::new("lifecycle.bundle.format").arg("detail", e.to_string()))
}

/// Checks a bundle: its format, that one of the trusted keys signed it, that the signature
/// matches the payload, and that the facts in it are complete. Nothing is believed before.
pub fn verify(bytes: &[u8], trusted: &[PublicKey]) -> Result<Verified, Message> {
    let format_error = |detail: String| Message::new("lifecycle.bundle.format").arg("detail", detail);
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|e| format_error(e.to_string()))?;
    if envelope.format != FORMAT || envelope.version != VERSION {
        return Err(format_error(format!("{} v{}", envelope.format, envelope.version)));
    }
    let key = PublicKey::parse(&envelope.key)?;
    if !trusted.contains(&key) {
        return Err(Message::new("lifecycle.bundle.untrusted_key").arg("key", key.text()));
    }
    let signature: [u8; 64] = hex::decode(&envelope.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Message::new("lifecycle.bundle.bad_signature"))?;
    key.0
        .verify(envelope.payload.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| Message::new("lifecycle.bundle.bad_signature"))?;
    let payload: Payload =
        serde_json::from_str(&envelope.payload).map_err(|e| format_error(e.to_string()))?;
    if payload.format != PAYLOAD_FORMAT || payload.version != VERSION {
        return Err(format_error(format!("{} v{}", payload.format, payload.version)));
    }
    payload.data.validate()?;
    Ok(Verified { payload, payload_text: envelope.payload, key: key.text() })
}

/// Reads a payload kept after its bundle was verified.
pub fn read_kept(payload_text: &str) -> Result<Payload, Message> {
    serde_json::from_str(payload_text)
        .map_err(|e| Message::new("lifecycle.bundle.format").arg("detail", e.to_string()))
}

/// The keys the project's releases trust, from `catalog/lifecycle/trusted-keys.txt` (one
/// `ed25519:…` per line; `#` starts a comment).
pub const PROJECT_KEYS: &str = include_str!("../../../../catalog/lifecycle/trusted-keys.txt");

/// The project's keys and the ones the configuration adds; a configured key that cannot be
/// read is an error naming it.
pub fn trusted_keys(configured: &[String]) -> Result<Vec<PublicKey>, Message> {
    let project =
        PROJECT_KEYS.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty());
    project.chain(configured.iter().map(String::as_str)).map(PublicKey::parse).collect()
}

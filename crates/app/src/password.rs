//! Password hashing with Argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane). Hashing
//! is slow on purpose, so it runs on the blocking pool, never on the request threads.
//!
//! Each hash needs 19 MiB of working memory. At most [`AT_ONCE`] hashes run at a time, and
//! their working memory is allocated once and reused: allocating it per login lets the
//! allocator keep one such block for every thread that ever hashed, so that ten logins at once
//! left the server 190 MB larger for good. Logins beyond that wait their turn (each takes
//! tens of milliseconds).

use crate::error::{AppError, AppResult};
use argon2::password_hash::{Ident, Output, ParamsString, PasswordHash, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{LazyLock, Mutex};
use tokio::sync::Semaphore;

/// How many hashes may run at once (and how many working memories are kept).
pub const AT_ONCE: usize = 2;

const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const OUTPUT_BYTES: usize = 32;

static GATE: Semaphore = Semaphore::const_new(AT_ONCE);
/// Working memories not in use; never more than [`AT_ONCE`].
static SPARE: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

fn params() -> AppResult<Params> {
    Params::new(MEMORY_KIB, PASSES, 1, Some(OUTPUT_BYTES)).map_err(|e| AppError::Internal(e.to_string()))
}

/// A hash of nothing in particular, verified against when the login id is unknown so that
/// the answer takes as long as for a real account and does not reveal which ids exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut memory = Vec::new();
    hash_with(&mut memory, "iryosec-timing-equaliser").unwrap_or_default()
});

/// Runs `work` on the blocking pool with a working memory, once a turn is free.
async fn with_memory<T: Send + 'static>(
    work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> AppResult<T> {
    let _turn = GATE.acquire().await.map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let mut memory = SPARE.lock().ok().and_then(|mut spare| spare.pop()).unwrap_or_default();
        let result = work(&mut memory);
        if let Ok(mut spare) = SPARE.lock() {
            spare.push(memory);
        }
        result
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// Argon2 into `out`, with `memory` grown to what `params` need the first time.
fn argon2_into(
    memory: &mut Vec<Block>,
    argon2: &Argon2<'_>,
    password: &str,
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let blocks = argon2.params().block_count();
    if memory.len() != blocks {
        memory.resize(blocks, Block::default());
    }
    argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, memory.as_mut_slice())
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for a new password.
fn hash_with(memory: &mut Vec<Block>, password: &str) -> AppResult<String> {
    let fail = |e: &dyn std::fmt::Display| AppError::Internal(e.to_string());
    let params = params()?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt.decode_b64(&mut salt_bytes).map_err(|e| fail(&e))?;
    let mut out = [0u8; OUTPUT_BYTES];
    argon2_into(memory, &argon2, password, salt_raw, &mut out).map_err(|e| fail(&e))?;
    let phc = PasswordHash {
        algorithm: Ident::from(Algorithm::Argon2id),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| fail(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` is the one `hash` (a PHC string of any Argon2 variant and parameters)
/// was made from.
fn verify_with(memory: &mut Vec<Block>, hash: &str, password: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let (Ok(algorithm), Ok(params), Some(expected), Some(salt)) =
        (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed), parsed.hash, parsed.salt)
    else {
        return false;
    };
    let version = parsed.version.and_then(|v| Version::try_from(v).ok()).unwrap_or_default();
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    // `Output` compares in constant time.
    argon2_into(memory, &argon2, password, salt_raw, &mut out).is_ok()
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

pub async fn hash(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    with_memory(move |memory| hash_with(memory, &password)).await?
}

pub async fn verify(hash: &str, password: &str) -> bool {
    let (hash, password) = (hash.to_owned(), password.to_owned());
    with_memory(move |memory| verify_with(memory, &hash, &password)).await.unwrap_or(false)
}

/// Spends the time of one verification without an account.
pub async fn verify_nothing(password: &str) {
    let password = password.to_owned();
    let _ = with_memory(move |memory| verify_with(memory, &DUMMY_HASH, &password)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("kaigishitsu-no-mado").await.unwrap();
        let b = hash("kaigishitsu-no-mado").await.unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify(&a, "kaigishitsu-no-mado").await);
        assert!(!verify(&a, "kaigishitsu-no-madO").await);
        assert!(!verify("not a hash", "x").await);
    }

    #[tokio::test]
    async fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"byouin-no-kagi", &salt).unwrap().to_string();
        assert!(verify(&theirs, "byouin-no-kagi").await, "{theirs}");
        assert!(!verify(&theirs, "byouin-no-kagI").await);
        let ours = hash("byouin-no-kagi").await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        use argon2::password_hash::PasswordVerifier;
        assert!(Argon2::default().verify_password(b"byouin-no-kagi", &parsed).is_ok(), "{ours}");
    }

    #[tokio::test]
    async fn many_at_once_share_a_few_working_memories() {
        let hashed = hash("tsuduki").await.unwrap();
        let checks = (0..12).map(|_| {
            let h = hashed.clone();
            tokio::spawn(async move { verify(&h, "tsuduki").await })
        });
        for c in checks {
            assert!(c.await.unwrap());
        }
        let kept = SPARE.lock().unwrap().len();
        assert!((1..=AT_ONCE).contains(&kept), "{kept} working memories kept");
    }
}

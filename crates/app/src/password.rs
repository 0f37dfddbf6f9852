//! Password hashing with Argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane). Hashing
//! is slow on purpose, so it runs on the blocking pool, never on the request threads.

use crate::error::{AppError, AppResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

fn argon2() -> AppResult<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A hash of nothing in particular, verified against when the login id is unknown so that
/// the answer takes as long as for a real account and does not reveal which ids exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("iryosec-timing-equaliser").unwrap_or_default());

fn hash_blocking(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.to_string()))
}

fn verify_blocking(hash: &str, password: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    argon2().is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
}

pub async fn hash(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

pub async fn verify(hash: &str, password: &str) -> bool {
    let (hash, password) = (hash.to_owned(), password.to_owned());
    tokio::task::spawn_blocking(move || verify_blocking(&hash, &password)).await.unwrap_or(false)
}

/// Spends the time of one verification without an account.
pub async fn verify_nothing(password: &str) {
    let password = password.to_owned();
    let _ = tokio::task::spawn_blocking(move || verify_blocking(&DUMMY_HASH, &password)).await;
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
}

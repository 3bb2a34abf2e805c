//! Password storage: salted SHA-256.
//!
//! Good enough for an emulator that only ever holds test accounts in memory;
//! a real service would use a slow hash such as Argon2.

use sha2::{Digest, Sha256};

use super::random;

/// A salted password hash.
#[derive(Clone)]
pub(crate) struct PasswordHash {
    salt: Vec<u8>,
    digest: Vec<u8>,
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

impl PasswordHash {
    /// Hashes `password` with a fresh random salt.
    pub(crate) fn new(password: &str) -> Self {
        let salt = random::bytes(16);
        let digest = digest(&salt, password);
        Self { salt, digest }
    }

    /// The hash as text: `sha256$<salt hex>$<digest hex>` (how exports store it).
    pub(crate) fn encoded(&self) -> String {
        format!(
            "sha256${}${}",
            random::hex(&self.salt),
            random::hex(&self.digest)
        )
    }

    /// Reads [`PasswordHash::encoded`] text back; `None` when it is not that form.
    pub(crate) fn from_encoded(text: &str) -> Option<Self> {
        let mut parts = text.split('$');
        let (Some("sha256"), Some(salt), Some(digest), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let (salt, digest) = (unhex(salt)?, unhex(digest)?);
        (!salt.is_empty() && digest.len() == 32).then_some(Self { salt, digest })
    }

    /// Whether `password` is the one hashed.
    pub(crate) fn matches(&self, password: &str) -> bool {
        let other = digest(&self.salt, password);
        constant_time_eq(&other, &self.digest)
    }
}

fn digest(salt: &[u8], password: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(password.as_bytes());
    h.finalize().to_vec()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Compares two byte strings without an early exit.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// SHA-256 hex of a token, the form in which opaque tokens are stored.
pub(crate) fn token_digest(token: &str) -> String {
    random::hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_the_same_password() {
        let h = PasswordHash::new("correct horse");
        assert!(h.matches("correct horse"));
        assert!(!h.matches("correct horse "));
        assert!(!format!("{h:?}").contains("correct"));
    }

    #[test]
    fn same_password_different_salts() {
        let a = PasswordHash::new("x");
        let b = PasswordHash::new("x");
        assert_ne!(a.digest, b.digest);
    }
}

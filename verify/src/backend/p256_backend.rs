//! The pure-Rust backend.

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};

use super::VerifyKey;

/// A key prepared for `p256`.
#[derive(Debug, Clone)]
pub(crate) struct P256Key(VerifyingKey);

impl VerifyKey for P256Key {
    fn from_uncompressed(sec1: &[u8; 65]) -> Option<Self> {
        VerifyingKey::from_sec1_bytes(sec1).ok().map(Self)
    }

    fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        // `from_slice` refuses r or s that are zero or not below n.
        match Signature::from_slice(signature) {
            Ok(signature) => self.0.verify(message, &signature).is_ok(),
            Err(_) => false,
        }
    }
}

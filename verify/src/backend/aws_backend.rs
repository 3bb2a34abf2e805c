//! The `aws-lc-rs` backend.

use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED, ParsedPublicKey};

use super::VerifyKey;

/// A key prepared (parsed once) for `aws-lc-rs`.
#[derive(Clone)]
pub(crate) struct AwsKey(ParsedPublicKey);

impl std::fmt::Debug for AwsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AwsKey")
    }
}

impl VerifyKey for AwsKey {
    fn from_uncompressed(sec1: &[u8; 65]) -> Option<Self> {
        ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, sec1)
            .ok()
            .map(Self)
    }

    fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.0.verify_sig(message, signature).is_ok()
    }
}

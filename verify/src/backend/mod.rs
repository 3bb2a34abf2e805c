//! Signature backends: one internal trait, one implementation per library.
//!
//! `p256` (pure Rust) is always compiled; `aws-lc-rs` is added by the feature
//! of the same name and then becomes the default. Both receive keys that were
//! parsed and checked once, when the key set was read.

mod p256_backend;

#[cfg(feature = "aws-lc-rs")]
mod aws_backend;

#[cfg(feature = "aws-lc-rs")]
pub(crate) use aws_backend::AwsKey;
pub(crate) use p256_backend::P256Key;

/// A library that verifies ES256 signatures.
///
/// The variant `AwsLcRs` exists only with the `aws-lc-rs` feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// The pure-Rust `p256` crate. Always available.
    P256,
    /// `aws-lc-rs`, about four times faster. Needs the `aws-lc-rs` feature.
    #[cfg(feature = "aws-lc-rs")]
    AwsLcRs,
}

impl Default for Backend {
    /// `AwsLcRs` when the `aws-lc-rs` feature is on, `P256` otherwise.
    fn default() -> Self {
        #[cfg(feature = "aws-lc-rs")]
        {
            Self::AwsLcRs
        }
        #[cfg(not(feature = "aws-lc-rs"))]
        {
            Self::P256
        }
    }
}

impl Backend {
    /// Every backend compiled into this build, `P256` first.
    #[must_use]
    pub fn all() -> &'static [Backend] {
        &[
            Self::P256,
            #[cfg(feature = "aws-lc-rs")]
            Self::AwsLcRs,
        ]
    }

    /// The backend's name as used in benchmark ids: `p256` or `aws-lc-rs`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::P256 => "p256",
            #[cfg(feature = "aws-lc-rs")]
            Self::AwsLcRs => "aws-lc-rs",
        }
    }
}

/// What every backend does with a prepared key.
pub(crate) trait VerifyKey: Sized + Send + Sync {
    /// Prepares the key from its uncompressed SEC1 form (`04 || x || y`),
    /// checking that the point is on the curve.
    fn from_uncompressed(sec1: &[u8; 65]) -> Option<Self>;

    /// Verifies an ES256 signature `r || s` over `message` (hashed here with SHA-256).
    fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool;
}

//! Signature backends: one internal trait, one implementation per library.
//!
//! `p256` (pure Rust) is always compiled; `aws-lc-rs` is added by the feature
//! of the same name and then becomes the default. Both receive keys that were
//! parsed and checked once, when the key set was read.
//!
//! [`Backend`] is the same type in every build: features add behaviour, not
//! variants. Choosing a backend that is not compiled in is refused where the
//! choice is made ([`Validation::with_backend`](crate::Validation::with_backend),
//! [`PublicKey::verify_es256_with`](crate::PublicKey::verify_es256_with)) with
//! [`BackendUnavailable`]; it never falls back to another backend. Inside the
//! crate a choice that passed that check is an [`Available`] backend, whose
//! variants are exactly the compiled ones, so no code path can meet a missing
//! backend later.

mod p256_backend;

#[cfg(feature = "aws-lc-rs")]
mod aws_backend;

#[cfg(feature = "aws-lc-rs")]
pub(crate) use aws_backend::AwsKey;
pub(crate) use p256_backend::P256Key;

use crate::error::BackendUnavailable;

/// A library that verifies ES256 signatures.
///
/// Both variants exist in every build; [`Backend::is_available`] says whether
/// this build can use one. `AwsLcRs` needs the `aws-lc-rs` feature: without it,
/// choosing `AwsLcRs` gives [`BackendUnavailable`] rather than a silent switch
/// to `P256`.
///
/// ```
/// use inai_auth_verify::{Backend, Validation};
///
/// // The default backend is always available.
/// assert!(Backend::default().is_available());
/// let validation = Validation::default().with_backend(Backend::AwsLcRs);
/// assert_eq!(validation.is_ok(), Backend::AwsLcRs.is_available());
/// assert_eq!(Backend::AwsLcRs.to_string(), "aws-lc-rs");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// The pure-Rust `p256` crate. Always available.
    P256,
    /// `aws-lc-rs`, about four times faster. Available with the `aws-lc-rs`
    /// feature (which needs a C compiler).
    AwsLcRs,
}

impl Default for Backend {
    /// `AwsLcRs` when the `aws-lc-rs` feature is on, `P256` otherwise: always
    /// an available backend.
    fn default() -> Self {
        Available::default().backend()
    }
}

impl Backend {
    /// Whether this build can verify with this backend: always for `P256`,
    /// for `AwsLcRs` only with the `aws-lc-rs` feature.
    #[must_use]
    pub const fn is_available(self) -> bool {
        match self {
            Self::P256 => true,
            Self::AwsLcRs => cfg!(feature = "aws-lc-rs"),
        }
    }

    /// The backend as compiled into this build.
    pub(crate) fn available(self) -> Result<Available, BackendUnavailable> {
        match self {
            Self::P256 => Ok(Available::P256),
            #[cfg(feature = "aws-lc-rs")]
            Self::AwsLcRs => Ok(Available::AwsLcRs),
            #[cfg(not(feature = "aws-lc-rs"))]
            Self::AwsLcRs => Err(BackendUnavailable::new(self)),
        }
    }
}

impl std::fmt::Display for Backend {
    /// The library's crate name, which is also the name of the feature that
    /// compiles it in: `p256` or `aws-lc-rs`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::P256 => "p256",
            Self::AwsLcRs => "aws-lc-rs",
        })
    }
}

/// A backend compiled into this build: the variants are exactly the compiled
/// backends, so matching on it needs no arm for a missing one. The default is
/// `aws-lc-rs` when compiled, `p256` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Available {
    /// `p256`.
    #[cfg_attr(not(feature = "aws-lc-rs"), default)]
    P256,
    /// `aws-lc-rs`.
    #[cfg(feature = "aws-lc-rs")]
    #[default]
    AwsLcRs,
}

impl Available {
    /// The public name of this backend.
    pub(crate) fn backend(self) -> Backend {
        match self {
            Self::P256 => Backend::P256,
            #[cfg(feature = "aws-lc-rs")]
            Self::AwsLcRs => Backend::AwsLcRs,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_matches_the_feature() {
        assert!(Backend::P256.is_available());
        assert_eq!(Backend::AwsLcRs.is_available(), cfg!(feature = "aws-lc-rs"));
        for backend in [Backend::P256, Backend::AwsLcRs] {
            assert_eq!(backend.available().is_ok(), backend.is_available());
            if let Ok(available) = backend.available() {
                assert_eq!(available.backend(), backend);
            }
        }
        assert!(Backend::default().is_available());
    }
}

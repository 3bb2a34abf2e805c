//! One P-256 public key, checked and prepared once for every backend.

use crate::backend::{Available, Backend, P256Key, VerifyKey};
use crate::error::{BackendUnavailable, KeyError};

#[cfg(feature = "aws-lc-rs")]
use crate::backend::AwsKey;

/// The P-256 group order n, big-endian.
const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// A P-256 public key for ES256 verification.
///
/// The point is checked to lie on the curve when the key is made, and the key
/// is prepared for every compiled [`Backend`] then, not per verification.
#[derive(Clone)]
pub struct PublicKey {
    x: [u8; 32],
    y: [u8; 32],
    p256: P256Key,
    #[cfg(feature = "aws-lc-rs")]
    aws: AwsKey,
}

impl PublicKey {
    /// Makes a key from its affine coordinates, 32 bytes each, big-endian
    /// (the decoded `x` and `y` of a JWK).
    ///
    /// # Errors
    /// [`KeyError::CoordinateLength`] when a coordinate is not 32 bytes,
    /// [`KeyError::NotOnCurve`] when the point is not on P-256 (coordinates
    /// not below p included).
    pub fn from_coordinates(x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        let x: [u8; 32] = x.try_into().map_err(|_| KeyError::CoordinateLength {
            coordinate: "x",
            len: x.len(),
        })?;
        let y: [u8; 32] = y.try_into().map_err(|_| KeyError::CoordinateLength {
            coordinate: "y",
            len: y.len(),
        })?;
        // Uncompressed SEC1: 0x04, then x, then y.
        let mut sec1 = [0x04u8; 65];
        for (to, from) in sec1.iter_mut().skip(1).zip(x.iter().chain(y.iter())) {
            *to = *from;
        }
        Ok(Self {
            x,
            y,
            p256: P256Key::from_uncompressed(&sec1).ok_or(KeyError::NotOnCurve)?,
            #[cfg(feature = "aws-lc-rs")]
            aws: AwsKey::from_uncompressed(&sec1).ok_or(KeyError::NotOnCurve)?,
        })
    }

    /// The x coordinate, 32 bytes big-endian.
    #[must_use]
    pub fn x(&self) -> &[u8; 32] {
        &self.x
    }

    /// The y coordinate, 32 bytes big-endian.
    #[must_use]
    pub fn y(&self) -> &[u8; 32] {
        &self.y
    }

    /// Verifies an ES256 signature over `message` with the default
    /// [`Backend`]. The signature must be exactly 64 bytes `r || s` (JWS
    /// form, not DER) with `r` and `s` in `[1, n-1]`; high `s` is accepted.
    #[must_use]
    pub fn verify_es256(&self, message: &[u8], signature: &[u8]) -> bool {
        self.verify_es256_on(Available::default(), message, signature)
    }

    /// [`PublicKey::verify_es256`] with an explicitly chosen backend: whether
    /// the signature is valid.
    ///
    /// # Errors
    /// [`BackendUnavailable`] when `backend` is not compiled into this build
    /// (`AwsLcRs` without the `aws-lc-rs` feature); the signature is then not
    /// checked by any other backend.
    pub fn verify_es256_with(
        &self,
        backend: Backend,
        message: &[u8],
        signature: &[u8],
    ) -> Result<bool, BackendUnavailable> {
        Ok(self.verify_es256_on(backend.available()?, message, signature))
    }

    fn verify_es256_on(&self, backend: Available, message: &[u8], signature: &[u8]) -> bool {
        match <&[u8; 64]>::try_from(signature) {
            Ok(signature) if scalars_in_range(signature) => {
                self.verify_fixed(backend, message, signature)
            }
            _ => false,
        }
    }

    /// Verifies a 64-byte signature whose scalars were already range-checked.
    pub(crate) fn verify_fixed(
        &self,
        backend: Available,
        message: &[u8],
        signature: &[u8; 64],
    ) -> bool {
        match backend {
            Available::P256 => self.p256.verify(message, signature),
            #[cfg(feature = "aws-lc-rs")]
            Available::AwsLcRs => self.aws.verify(message, signature),
        }
    }
}

/// Whether `r` and `s` are both in `[1, n-1]`. Signatures are public, so this
/// need not run in constant time.
pub(crate) fn scalars_in_range(signature: &[u8; 64]) -> bool {
    let (r, s) = signature.split_at(32);
    let ok = |v: &[u8]| v.iter().any(|&b| b != 0) && v < &ORDER[..];
    ok(r) && ok(s)
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.x == other.x && self.y == other.y
    }
}

impl Eq for PublicKey {}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey")
            .field("x", &crate::b64::encode(&self.x))
            .field("y", &crate::b64::encode(&self.y))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn range_check_bounds() {
        let mut sig = [1u8; 64];
        assert!(scalars_in_range(&sig));
        sig[..32].copy_from_slice(&ORDER);
        assert!(!scalars_in_range(&sig), "r = n");
        let mut n_minus_1 = ORDER;
        n_minus_1[31] -= 1;
        sig[..32].copy_from_slice(&n_minus_1);
        assert!(scalars_in_range(&sig), "r = n - 1");
        sig[32..].fill(0);
        assert!(!scalars_in_range(&sig), "s = 0");
        sig[32..].fill(0xff);
        assert!(!scalars_in_range(&sig), "s > n");
    }

    #[test]
    fn coordinates_are_checked() {
        assert_eq!(
            PublicKey::from_coordinates(&[0; 31], &[0; 32]).unwrap_err(),
            KeyError::CoordinateLength {
                coordinate: "x",
                len: 31
            }
        );
        assert_eq!(
            PublicKey::from_coordinates(&[0; 32], &[0; 33]).unwrap_err(),
            KeyError::CoordinateLength {
                coordinate: "y",
                len: 33
            }
        );
        assert_eq!(
            PublicKey::from_coordinates(&[1; 32], &[2; 32]).unwrap_err(),
            KeyError::NotOnCurve
        );
    }
}

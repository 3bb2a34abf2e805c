//! Why a token, a key or a key set was refused.
//!
//! No message here ever contains token text: the fields are fixed names,
//! lengths and counts, safe for a log line.

use crate::backend::Backend;

/// Why a token was not accepted.
///
/// Each variant is one reason. Only [`VerifyError::KeysUnavailable`] is the
/// verifier's own fault (a server should answer 503 for it); every other
/// variant is a fault of the token (a server should answer 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The token is not a well-formed compact JWS; see [`Malformed`] for where.
    #[error("malformed token: {0}")]
    Malformed(Malformed),
    /// The token is longer than the configured maximum, checked before any decoding.
    #[error("token is {len} bytes long, more than the maximum of {max}")]
    TooLong {
        /// Length of the token in bytes.
        len: usize,
        /// The configured maximum ([`crate::Validation::with_max_token_len`]).
        max: usize,
    },
    /// The header's `alg` is missing or is not exactly `ES256`.
    #[error("unsupported or missing algorithm, only ES256 is accepted")]
    UnsupportedAlgorithm,
    /// The header carries a parameter this verifier refuses (`crit`, `jku`,
    /// `jwk`, `x5u`, `x5c`), or a `typ` other than `JWT` or `application/jwt`.
    #[error("unsupported header parameter `{name}`")]
    UnsupportedHeader {
        /// The parameter's name.
        name: &'static str,
    },
    /// The header has no `kid`, so no key can be chosen.
    #[error("token header has no key id")]
    MissingKeyId,
    /// No usable key in the key set has the token's `kid`.
    #[error("no key with the token's key id")]
    UnknownKeyId,
    /// The key set holds the token's `kid` more than once, so it verifies nothing.
    #[error("the token's key id appears more than once in the key set")]
    AmbiguousKeyId,
    /// The signature does not verify with the selected key.
    #[error("signature does not verify")]
    BadSignature,
    /// `exp` (plus leeway) is not after now.
    #[error("token has expired")]
    Expired,
    /// `nbf` (minus leeway) is after now.
    #[error("token is not valid yet")]
    NotYetValid,
    /// `iat` is older than the configured maximum token age.
    #[error("token is older than the maximum token age")]
    TooOld,
    /// A claim is missing or has the wrong type or value.
    #[error("claim `{claim}` is {problem}")]
    InvalidClaim {
        /// The claim's name.
        claim: &'static str,
        /// What is wrong with it.
        problem: ClaimProblem,
    },
    /// A pinned claim (token type, `tenant_id`, `app_id`, `env_id`) differs from the pin.
    #[error("claim `{claim}` does not match the configured value")]
    PinMismatch {
        /// The claim's name.
        claim: &'static str,
    },
    /// No key set is available: none was ever fetched, or the last good one is
    /// older than its time to live plus the maximum staleness. Not the token's
    /// fault; a server maps it to 503.
    #[error("signing keys are unavailable")]
    KeysUnavailable,
}

impl VerifyError {
    /// Whether the fault lies with the verifier's key source rather than with
    /// the token (a server answers 503 instead of 401).
    #[must_use]
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::KeysUnavailable)
    }
}

/// Where a token is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Malformed {
    /// Not exactly three non-empty segments separated by `.`.
    #[error("expected three non-empty segments, found {count}")]
    Segments {
        /// How many segments were found (empty ones included).
        count: usize,
    },
    /// A segment is not strict base64url (no padding, no `+` or `/`, no
    /// whitespace, canonical trailing bits).
    #[error("{part} is not strict base64url")]
    Base64 {
        /// The segment.
        part: Part,
    },
    /// A segment does not decode to valid JSON.
    #[error("{part} is not valid json")]
    Json {
        /// The segment.
        part: Part,
    },
    /// A segment is valid JSON but not an object.
    #[error("{part} is not a json object")]
    NotAnObject {
        /// The segment.
        part: Part,
    },
    /// A JSON object has the same member twice.
    #[error("{part} has a duplicate member")]
    DuplicateMember {
        /// The segment.
        part: Part,
    },
    /// The signature is not exactly 64 bytes (`r || s`); DER is refused.
    #[error("signature is {len} bytes, expected 64")]
    SignatureLength {
        /// Decoded length of the signature.
        len: usize,
    },
    /// `r` or `s` is zero or not below the group order.
    #[error("signature scalar out of range")]
    SignatureOutOfRange,
    /// `kid` is not a string of 1 to 256 bytes.
    #[error("key id is not a string of 1 to 256 bytes")]
    KeyId,
}

/// A segment of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Part {
    /// The protected header.
    Header,
    /// The payload (claims).
    Payload,
    /// The signature.
    Signature,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Header => "header",
            Self::Payload => "payload",
            Self::Signature => "signature",
        })
    }
}

/// What is wrong with a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimProblem {
    /// The claim is required and absent.
    #[error("missing")]
    Missing,
    /// The claim has the wrong JSON type (for example a string for `exp`).
    #[error("of the wrong type")]
    WrongType,
    /// A time claim lies outside years 0 to 9999.
    #[error("out of range")]
    OutOfRange,
    /// A string claim with a fixed set of values has another value.
    #[error("an unknown value")]
    UnknownValue,
    /// `iat` lies in the future (checked only with a maximum token age).
    #[error("in the future")]
    InFuture,
}

/// Why a public key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// A coordinate is not exactly 32 bytes.
    #[error("coordinate `{coordinate}` is {len} bytes, expected 32")]
    CoordinateLength {
        /// `x` or `y`.
        coordinate: &'static str,
        /// Its length.
        len: usize,
    },
    /// The coordinates are not a point on P-256 (or not reduced modulo p).
    #[error("point is not on the p-256 curve")]
    NotOnCurve,
}

/// Why a JWKS document was refused as a whole.
///
/// Single unusable keys (objects that break a key rule) never fail the
/// document: they are skipped and counted ([`crate::Jwks::skipped`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwksError {
    /// The body is larger than 1 MiB.
    #[error("jwks body is {len} bytes, more than the maximum of {max}")]
    TooLarge {
        /// Body length.
        len: usize,
        /// The maximum.
        max: usize,
    },
    /// The body is not valid JSON.
    #[error("jwks body is not valid json")]
    Json,
    /// The body is not a JSON object.
    #[error("jwks body is not a json object")]
    NotAnObject,
    /// The top-level object has the same member twice.
    #[error("jwks body has a duplicate member")]
    DuplicateMember,
    /// There is no `keys` member holding an array.
    #[error("jwks body has no `keys` array")]
    MissingKeys,
    /// An entry of `keys` is not a JSON object (`null`, a number, an
    /// array, ...): the document is not a key set.
    #[error("jwks entry {index} is not a json object")]
    EntryNotAnObject {
        /// Position of the entry in `keys`.
        index: usize,
    },
    /// The `keys` array has more than 100 entries.
    #[error("jwks has {count} keys, more than the maximum of {max}")]
    TooManyKeys {
        /// Entries in `keys`.
        count: usize,
        /// The maximum.
        max: usize,
    },
}

/// Why an answer to a JWKS fetch was not installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwksFetchError {
    /// The fetch id is not the outstanding fetch (answered twice, timed out, or unknown).
    /// Nothing changed.
    #[error("jwks fetch {id} is not outstanding")]
    NotOutstanding {
        /// The fetch id given.
        id: crate::FetchId,
    },
    /// The server answered with a status other than 200 (a 203, a 206 or a
    /// 3xx count as failures too).
    #[error("jwks fetch answered with status {status}")]
    Status {
        /// The status code.
        status: u16,
    },
    /// The body parsed, but no key in it can verify ES256: installing it
    /// would refuse every token, so the previous keys stay.
    #[error("jwks has no usable key ({skipped} entries skipped)")]
    NoUsableKeys {
        /// Entries skipped as unusable.
        skipped: usize,
    },
    /// The body is not a usable JWKS.
    #[error("jwks body refused: {0}")]
    Body(#[from] JwksError),
}

/// A signature backend was chosen that this build does not compile in.
///
/// Given by [`crate::Validation::with_backend`] and
/// [`crate::PublicKey::verify_es256_with`]; nothing falls back to another
/// backend. Enable the crate feature of the same name (`aws-lc-rs`), or check
/// [`crate::Backend::is_available`] first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the {backend} signature backend is not compiled in (enable the `{backend}` feature of inai-auth-verify)"
)]
pub struct BackendUnavailable {
    backend: Backend,
}

impl BackendUnavailable {
    #[cfg_attr(feature = "aws-lc-rs", allow(dead_code))]
    pub(crate) fn new(backend: Backend) -> Self {
        Self { backend }
    }

    /// The backend that was chosen.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }
}

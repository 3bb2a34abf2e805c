//! The compact JWS: strict splitting, header rules, signature and claims.

use time::OffsetDateTime;

use crate::b64;
use crate::backend::Available;
use crate::claims::Claims;
use crate::error::{Malformed, Part, VerifyError};
use crate::json::{Object, ObjectError, Value};
use crate::jwks::{Jwks, MAX_KID_LEN};
use crate::key::{PublicKey, scalars_in_range};
use crate::validation::{DEFAULT_MAX_TOKEN_LEN, Validation};

/// Header parameters whose presence refuses the token: `crit` (extensions
/// we do not understand), the key-carrying ones, and `enc`/`zip`, which make
/// it a JWE header (RFC 7516 §9), never a signed token of ours.
const REFUSED_HEADERS: [&str; 7] = ["crit", "jku", "jwk", "x5u", "x5c", "enc", "zip"];

/// A token whose form and header passed every rule; signature not yet checked.
/// No `Debug`: it holds the token.
pub(crate) struct Jws<'t> {
    signing_input: &'t str,
    payload: Vec<u8>,
    kid: Option<String>,
    signature: [u8; 64],
}

impl<'t> Jws<'t> {
    /// Splits and checks a token: length first, then segments, header,
    /// signature encoding and payload encoding.
    pub(crate) fn parse(token: &'t str, max_len: usize) -> Result<Self, VerifyError> {
        if token.len() > max_len {
            return Err(VerifyError::TooLong {
                len: token.len(),
                max: max_len,
            });
        }
        let mut segments = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) else {
            return Err(malformed(Malformed::Segments {
                count: token.split('.').count(),
            }));
        };
        if header.is_empty() || payload.is_empty() || signature.is_empty() {
            return Err(malformed(Malformed::Segments { count: 3 }));
        }
        let kid = check_header(header)?;
        let signature = decode_signature(signature)?;
        let payload_bytes =
            b64::decode(payload.as_bytes()).ok_or(malformed(Malformed::Base64 {
                part: Part::Payload,
            }))?;
        // header '.' payload, a prefix of the token.
        let signing_input = token
            .get(..header.len() + 1 + payload.len())
            .ok_or(malformed(Malformed::Segments { count: 3 }))?;
        Ok(Self {
            signing_input,
            payload: payload_bytes,
            kid,
            signature,
        })
    }

    /// The header's `kid`, if it has one.
    pub(crate) fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Checks the signature with `key`.
    pub(crate) fn verify_signature(
        &self,
        key: &PublicKey,
        backend: Available,
    ) -> Result<(), VerifyError> {
        if key.verify_fixed(backend, self.signing_input.as_bytes(), &self.signature) {
            Ok(())
        } else {
            Err(VerifyError::BadSignature)
        }
    }

    /// Reads the payload's claims (types only; no time rules or pins).
    pub(crate) fn claims(&self) -> Result<Claims, VerifyError> {
        let object = Object::parse(&self.payload).map_err(|e| object_error(e, Part::Payload))?;
        Claims::from_object(object)
    }
}

fn malformed(m: Malformed) -> VerifyError {
    VerifyError::Malformed(m)
}

fn object_error(e: ObjectError, part: Part) -> VerifyError {
    malformed(match e {
        ObjectError::Syntax => Malformed::Json { part },
        ObjectError::NotAnObject => Malformed::NotAnObject { part },
        ObjectError::DuplicateMember => Malformed::DuplicateMember { part },
    })
}

/// Applies the header rules and returns the `kid`.
fn check_header(encoded: &str) -> Result<Option<String>, VerifyError> {
    let bytes = b64::decode(encoded.as_bytes())
        .ok_or(malformed(Malformed::Base64 { part: Part::Header }))?;
    let mut header = Object::parse(&bytes).map_err(|e| object_error(e, Part::Header))?;
    if header.get("alg").and_then(Value::as_str) != Some("ES256") {
        return Err(VerifyError::UnsupportedAlgorithm);
    }
    if let Some(name) = REFUSED_HEADERS
        .into_iter()
        .find(|name| header.contains(name))
    {
        return Err(VerifyError::UnsupportedHeader { name });
    }
    match header.get("typ") {
        None => {}
        Some(Value::String(t))
            if t.eq_ignore_ascii_case("JWT") || t.eq_ignore_ascii_case("application/jwt") => {}
        Some(_) => return Err(VerifyError::UnsupportedHeader { name: "typ" }),
    }
    match header.take("kid") {
        None => Ok(None),
        Some(Value::String(kid)) if !kid.is_empty() && kid.len() <= MAX_KID_LEN => {
            Ok(Some(kid.into_owned()))
        }
        Some(_) => Err(malformed(Malformed::KeyId)),
    }
}

fn decode_signature(encoded: &str) -> Result<[u8; 64], VerifyError> {
    let bytes = b64::decode(encoded.as_bytes()).ok_or(malformed(Malformed::Base64 {
        part: Part::Signature,
    }))?;
    let signature: [u8; 64] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| malformed(Malformed::SignatureLength { len: bytes.len() }))?;
    if !scalars_in_range(&signature) {
        return Err(malformed(Malformed::SignatureOutOfRange));
    }
    Ok(signature)
}

/// Verifies a token against a key set: form, header, key choice by `kid`,
/// signature, claim types, time rules and pins, in that order. No cache, no IO.
///
/// # Errors
/// The first rule the token breaks, as a [`VerifyError`]. A token failing
/// on claims or time was correctly signed.
pub fn verify_token(
    token: &str,
    keys: &Jwks,
    validation: &Validation,
    now: OffsetDateTime,
) -> Result<Claims, VerifyError> {
    let jws = Jws::parse(token, validation.max_token_len())?;
    let key = keys.select(jws.kid())?;
    finish(&jws, key, validation, now)
}

/// Verifies a token with one given key, whatever its `kid` (which may be
/// absent). For tokens from a single known signer; otherwise like
/// [`verify_token`].
///
/// # Errors
/// As [`verify_token`], without the key-id errors.
pub fn verify_token_with_key(
    token: &str,
    key: &PublicKey,
    validation: &Validation,
    now: OffsetDateTime,
) -> Result<Claims, VerifyError> {
    let jws = Jws::parse(token, validation.max_token_len())?;
    finish(&jws, key, validation, now)
}

/// Signature, then claims, then time rules and pins.
pub(crate) fn finish(
    jws: &Jws<'_>,
    key: &PublicKey,
    validation: &Validation,
    now: OffsetDateTime,
) -> Result<Claims, VerifyError> {
    jws.verify_signature(key, validation.available_backend())?;
    let claims = jws.claims()?;
    validation.check(&claims, now)?;
    Ok(claims)
}

/// Reads a token's claims **without verifying its signature or times**.
///
/// For display only (a CLI's `decode`, a UI showing who is signed in):
/// never authorize anything on what this returns. The form and header rules
/// still apply, with the default 8 KiB length limit.
///
/// # Errors
/// [`VerifyError`] for a malformed token or claims of the wrong type.
pub fn decode_claims_unverified(token: &str) -> Result<Claims, VerifyError> {
    Jws::parse(token, DEFAULT_MAX_TOKEN_LEN)?.claims()
}

/// Reads the `kid` a token's header names, **without verifying the token**.
///
/// For display only (which key signed a token, in a CLI or a log). The form
/// and header rules apply as in [`decode_claims_unverified`].
///
/// # Errors
/// [`VerifyError`] for a malformed token or a refused header.
pub fn key_id_unverified(token: &str) -> Result<Option<String>, VerifyError> {
    Ok(Jws::parse(token, DEFAULT_MAX_TOKEN_LEN)?.kid)
}

/// Whether a token's `exp` is at or before `now`, **without verifying it**.
///
/// For deciding when to refresh a token one holds, never for authorization.
/// A token whose claims cannot be read counts as expired.
#[must_use]
pub fn is_token_expired(token: &str, now: OffsetDateTime) -> bool {
    decode_claims_unverified(token)
        .ok()
        .is_none_or(|claims| now >= claims.exp)
}

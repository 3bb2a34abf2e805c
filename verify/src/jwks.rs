//! A JSON Web Key Set reduced to the keys that can verify ES256.

use std::sync::Arc;

use crate::b64;
use crate::error::{JwksError, VerifyError};
use crate::json::{Object, ObjectError, Value};
use crate::key::PublicKey;

/// Largest accepted JWKS body: 1 MiB.
pub const MAX_JWKS_BYTES: usize = 1024 * 1024;

/// Most entries accepted in `keys`.
pub const MAX_JWKS_KEYS: usize = 100;

/// Longest accepted `kid`, in bytes (in tokens and in key sets).
pub(crate) const MAX_KID_LEN: usize = 256;

/// A key set: the usable ES256 keys of a JWKS, by `kid`.
///
/// A key is usable when it has `kty` `EC`, `crv` `P-256`, `alg` absent or
/// `ES256`, `use` absent or `sig`, `key_ops` absent or containing `verify`,
/// no private `d`, a string `kid` of 1 to 256 bytes, and `x`/`y` of exactly
/// 32 bytes (strict base64url) on the curve. Unusable keys are skipped and
/// counted. A `kid` present more than once (usable or not) is ambiguous and
/// verifies nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jwks {
    entries: Vec<(Box<str>, Entry)>,
    skipped: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Usable(Arc<PublicKey>),
    Unusable,
    Ambiguous,
}

impl Jwks {
    /// Parses a JWKS document (`{"keys": [...]}`).
    ///
    /// # Errors
    /// [`JwksError`] when the body is over 1 MiB, not a JSON object without
    /// duplicate members, has no `keys` array, has more than 100 keys, or
    /// has an entry in `keys` that is not a JSON object. Unusable keys
    /// (objects breaking a key rule) are not errors, and neither is a set
    /// with no usable key: the key cache refuses that one itself.
    pub fn from_json(body: &[u8]) -> Result<Self, JwksError> {
        if body.len() > MAX_JWKS_BYTES {
            return Err(JwksError::TooLarge {
                len: body.len(),
                max: MAX_JWKS_BYTES,
            });
        }
        let mut document = Object::parse(body).map_err(|e| match e {
            ObjectError::Syntax => JwksError::Json,
            ObjectError::NotAnObject => JwksError::NotAnObject,
            ObjectError::DuplicateMember => JwksError::DuplicateMember,
        })?;
        let keys = match document.take("keys") {
            Some(Value::Array(keys)) => keys,
            _ => return Err(JwksError::MissingKeys),
        };
        if keys.len() > MAX_JWKS_KEYS {
            return Err(JwksError::TooManyKeys {
                count: keys.len(),
                max: MAX_JWKS_KEYS,
            });
        }
        let mut jwks = Self::default();
        for (index, key) in keys.iter().enumerate() {
            let Value::Object(key) = key else {
                return Err(JwksError::EntryNotAnObject { index });
            };
            match usable_key(key) {
                Some((kid, public)) => jwks.insert(kid.to_owned(), Some(public)),
                None => {
                    jwks.skipped += 1;
                    if let Some(kid) = key_id(key) {
                        jwks.insert(kid.to_owned(), None);
                    }
                }
            }
        }
        Ok(jwks)
    }

    /// Makes a key set from keys already at hand (a fixed signer, tests).
    /// A `kid` given twice is ambiguous, as in a document.
    pub fn from_keys(keys: impl IntoIterator<Item = (String, PublicKey)>) -> Self {
        let mut jwks = Self::default();
        for (kid, key) in keys {
            jwks.insert(kid, Some(key));
        }
        jwks
    }

    fn insert(&mut self, kid: String, key: Option<PublicKey>) {
        if let Some((_, entry)) = self.entries.iter_mut().find(|(k, _)| **k == *kid) {
            *entry = Entry::Ambiguous;
            return;
        }
        let entry = key.map_or(Entry::Unusable, |key| Entry::Usable(Arc::new(key)));
        self.entries.push((kid.into_boxed_str(), entry));
    }

    /// Number of usable keys (ambiguous ones excluded).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries
            .iter()
            .filter(|(_, e)| matches!(e, Entry::Usable(_)))
            .count()
    }

    /// Whether no key is usable.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of entries of the document skipped as unusable.
    #[must_use]
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The usable key with this `kid`, if there is exactly one.
    #[must_use]
    pub fn get(&self, kid: &str) -> Option<&PublicKey> {
        self.select(Some(kid)).ok()
    }

    /// Chooses the key for a token's `kid`.
    pub(crate) fn select(&self, kid: Option<&str>) -> Result<&PublicKey, VerifyError> {
        let kid = kid.ok_or(VerifyError::MissingKeyId)?;
        match self.entries.iter().find(|(k, _)| **k == *kid) {
            Some((_, Entry::Usable(key))) => Ok(key),
            Some((_, Entry::Ambiguous)) => Err(VerifyError::AmbiguousKeyId),
            Some((_, Entry::Unusable)) | None => Err(VerifyError::UnknownKeyId),
        }
    }
}

/// A key's `kid` when it is a string of 1 to 256 bytes.
fn key_id<'k>(key: &'k Object<'_>) -> Option<&'k str> {
    let kid = key.get("kid")?.as_str()?;
    (!kid.is_empty() && kid.len() <= MAX_KID_LEN).then_some(kid)
}

/// The key's `kid` and public key when it satisfies every rule.
fn usable_key<'k>(key: &'k Object<'_>) -> Option<(&'k str, PublicKey)> {
    let is = |name: &str, want: &str| key.get(name).and_then(Value::as_str) == Some(want);
    let absent_or = |name: &str, want: &str| key.get(name).is_none() || is(name, want);
    let can_verify = key
        .get("key_ops")
        .is_none_or(|ops| ops.is_strings_containing("verify"));
    if key.has_duplicates()
        || !(is("kty", "EC")
            && is("crv", "P-256")
            && absent_or("alg", "ES256")
            && absent_or("use", "sig")
            && can_verify
            && !key.contains("d"))
    {
        return None;
    }
    let kid = key_id(key)?;
    let x = b64::decode(key.get("x")?.as_str()?.as_bytes())?;
    let y = b64::decode(key.get("y")?.as_str()?.as_bytes())?;
    let public = PublicKey::from_coordinates(&x, &y).ok()?;
    Some((kid, public))
}

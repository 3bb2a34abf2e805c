//! ES256 signing keys, the JWKS that publishes them, and JWT minting and checking.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use serde_json::{Map, Value, json};

use super::random;

/// One signing key and its key id.
#[derive(Clone)]
pub(crate) struct KeyPair {
    kid: String,
    signing: SigningKey,
}

/// The signing keys: the newest signs, all of them verify and are published.
pub(crate) struct KeyRing {
    keys: Vec<KeyPair>,
}

/// The public halves of a [`KeyRing`] at one moment: checks tokens without the ring
/// (so without the state lock it lives under).
#[derive(Clone)]
pub(crate) struct KeyCheck {
    keys: Vec<(String, VerifyingKey)>,
}

impl std::fmt::Debug for KeyCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kids: Vec<&str> = self.keys.iter().map(|(kid, _)| kid.as_str()).collect();
        f.debug_struct("KeyCheck").field("kids", &kids).finish()
    }
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kids: Vec<&str> = self.keys.iter().map(|k| k.kid.as_str()).collect();
        f.debug_struct("KeyRing").field("kids", &kids).finish()
    }
}

impl KeyPair {
    /// A new key that no ring holds: what signs the tokens of a key missing from the JWKS.
    pub(crate) fn stray() -> Self {
        new_key()
    }

    /// The key id.
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    /// A compact JWS of `claims`: header `{"alg":"ES256","typ":"JWT","kid":…}`.
    pub(crate) fn sign(&self, claims: &Value) -> String {
        let header = json!({ "alg": "ES256", "typ": "JWT", "kid": self.kid });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature: Signature = self.signing.sign(signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        )
    }
}

fn new_key() -> KeyPair {
    loop {
        // Almost every 32-byte string is a valid scalar; retry the rare one that is not.
        if let Ok(signing) = SigningKey::from_slice(&random::bytes(32)) {
            return KeyPair {
                kid: format!("emu-{}", random::hex(&random::bytes(8))),
                signing,
            };
        }
    }
}

/// Why a presented token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    /// Not a well-formed ES256 JWT of ours, or the signature does not match.
    Invalid,
    /// Correctly signed but past `exp`.
    Expired,
}

impl KeyRing {
    /// A ring with one fresh key.
    pub(crate) fn new() -> Self {
        Self {
            keys: vec![new_key()],
        }
    }

    /// The key id that signs new tokens.
    #[cfg(test)]
    pub(crate) fn current_kid(&self) -> &str {
        self.keys.last().map_or("", |k| k.kid.as_str())
    }

    /// Whether `kid` is still published (tokens it signed are still good).
    pub(crate) fn has_kid(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.kid == kid)
    }

    /// The public keys as they are now, to check tokens with later.
    pub(crate) fn key_check(&self) -> KeyCheck {
        KeyCheck {
            keys: self
                .keys
                .iter()
                .map(|k| (k.kid.clone(), *k.signing.verifying_key()))
                .collect(),
        }
    }

    /// All published key ids, oldest first.
    pub(crate) fn kids(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.kid.clone()).collect()
    }

    /// Adds a new signing key; with `retire_old`, drops every other key.
    pub(crate) fn rotate(&mut self, retire_old: bool) -> String {
        let key = new_key();
        let kid = key.kid.clone();
        if retire_old {
            self.keys.clear();
        }
        self.keys.push(key);
        kid
    }

    /// Drops every key but the one that signs; returns how many were dropped.
    pub(crate) fn retire_old(&mut self) -> usize {
        let n = self.keys.len().saturating_sub(1);
        self.keys.drain(..n);
        n
    }

    /// The JWKS document.
    pub(crate) fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .keys
            .iter()
            .map(|k| {
                let point = k.signing.verifying_key().to_sec1_point(false);
                let raw = point.as_bytes();
                json!({
                    "kty": "EC",
                    "crv": "P-256",
                    "alg": "ES256",
                    "use": "sig",
                    "kid": k.kid,
                    "x": URL_SAFE_NO_PAD.encode(raw.get(1..33).unwrap_or_default()),
                    "y": URL_SAFE_NO_PAD.encode(raw.get(33..65).unwrap_or_default()),
                })
            })
            .collect();
        json!({ "keys": keys })
    }

    /// Signs `claims` with the current key.
    #[cfg(test)]
    pub(crate) fn sign(&self, claims: &Value) -> String {
        self.keys.last().map(|k| k.sign(claims)).unwrap_or_default()
    }

    /// The current signing key, to sign with after letting go of the ring's lock.
    pub(crate) fn signer(&self) -> Option<KeyPair> {
        self.keys.last().cloned()
    }

    /// Checks the signature and expiry of `token`; returns its claims.
    #[cfg(test)]
    pub(crate) fn check(
        &self,
        token: &str,
        now_unix: i64,
    ) -> Result<Map<String, Value>, TokenProblem> {
        self.key_check().check(token, now_unix)
    }
}

impl KeyCheck {
    /// Checks the signature and expiry of `token`; returns its claims. Costs a P-256
    /// signature verification (about 150 µs).
    pub(crate) fn check(
        &self,
        token: &str,
        now_unix: i64,
    ) -> Result<Map<String, Value>, TokenProblem> {
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenProblem::Invalid);
        };
        let header: Map<String, Value> = decode_json(h)?;
        if header.get("alg").and_then(Value::as_str) != Some("ES256") {
            return Err(TokenProblem::Invalid);
        }
        let kid = header
            .get("kid")
            .and_then(Value::as_str)
            .ok_or(TokenProblem::Invalid)?;
        let (_, verifying) = self
            .keys
            .iter()
            .find(|(k, _)| k == kid)
            .ok_or(TokenProblem::Invalid)?;
        let sig_bytes = URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|_| TokenProblem::Invalid)?;
        let signature = Signature::from_slice(&sig_bytes).map_err(|_| TokenProblem::Invalid)?;
        let signed = token.len().saturating_sub(s.len() + 1);
        let input = token.get(..signed).ok_or(TokenProblem::Invalid)?;
        verifying
            .verify(input.as_bytes(), &signature)
            .map_err(|_| TokenProblem::Invalid)?;
        let claims: Map<String, Value> = decode_json(p)?;
        let exp = claims
            .get("exp")
            .and_then(Value::as_i64)
            .ok_or(TokenProblem::Invalid)?;
        if now_unix >= exp {
            return Err(TokenProblem::Expired);
        }
        Ok(claims)
    }
}

fn decode_json(segment: &str) -> Result<Map<String, Value>, TokenProblem> {
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| TokenProblem::Invalid)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenProblem::Invalid)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn signed_tokens_check_until_their_key_is_retired() {
        let mut ring = KeyRing::new();
        let token = ring.sign(&json!({ "sub": "u", "exp": 100 }));
        assert_eq!(ring.check(&token, 99).map(|c| c.len()), Ok(2));
        assert_eq!(ring.check(&token, 100), Err(TokenProblem::Expired));
        ring.rotate(false);
        assert!(ring.check(&token, 0).is_ok());
        ring.rotate(true);
        assert_eq!(ring.check(&token, 0), Err(TokenProblem::Invalid));
    }

    #[test]
    fn tampered_payload_is_invalid() {
        let ring = KeyRing::new();
        let token = ring.sign(&json!({ "sub": "u", "exp": 100 }));
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(json!({ "sub": "admin", "exp": 100 }).to_string());
        parts[1] = &forged;
        assert_eq!(ring.check(&parts.join("."), 0), Err(TokenProblem::Invalid));
    }

    #[test]
    fn jwks_publishes_every_key() {
        let mut ring = KeyRing::new();
        ring.rotate(false);
        let jwks = ring.jwks();
        let keys = jwks["keys"].as_array().map(Vec::len);
        assert_eq!(keys, Some(2));
        assert_eq!(jwks["keys"][1]["kid"], ring.current_kid());
        assert_eq!(jwks["keys"][0]["x"].as_str().map(str::len), Some(43));
    }
}

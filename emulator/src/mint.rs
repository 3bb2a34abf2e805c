//! Access tokens for any claims a test needs, signed like the emulator's own.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::crypto::keys::KeyPair;
use crate::crypto::random;
use crate::state::shared::Shared;

/// A flaw a minted token carries on purpose, so that a test can check that a service
/// refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TokenFlaw {
    /// `exp` one minute in the past (`iat` one access-token lifetime before that).
    Expired,
    /// Signed by a fresh key whose `kid` is not in the JWKS.
    UnknownKey,
    /// `app_id` and `env_id` of an application the emulator does not have.
    OtherApplication,
    /// `env_id` of an environment the emulator does not have (same `app_id`).
    OtherEnvironment,
}

/// Why a token could not be minted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MintError {
    /// The claims are not a JSON object.
    #[error("the claims must be a JSON object")]
    NotAnObject,
    /// The base claims name an app user the emulator does not have.
    #[error("no app user `{0}`")]
    UnknownUser(String),
}

/// What [`mint`] gives back.
pub(crate) struct Minted {
    pub(crate) token: String,
    pub(crate) kid: String,
    pub(crate) claims: Map<String, Value>,
}

/// Signs `claims` (after `user_id`'s claims, when given) with the current key, filling in
/// `iat`, `exp` and `jti` when missing, and applying `flaw`.
pub(crate) fn mint(
    shared: &Shared,
    user_id: Option<&str>,
    claims: Value,
    flaw: Option<TokenFlaw>,
) -> Result<Minted, MintError> {
    let Value::Object(given) = claims else {
        return Err(MintError::NotAnObject);
    };
    let now = shared.now();
    let (mut claims, key) = {
        let world = shared.world_read();
        let base = match user_id {
            Some(id) => crate::api::tokens::user_claims(&world, id, now)
                .ok_or_else(|| MintError::UnknownUser(id.to_owned()))?,
            None => json!({}),
        };
        let Value::Object(base) = base else {
            return Err(MintError::NotAnObject);
        };
        (base, world.keys.signer())
    };
    claims.extend(given);
    let ttl = i64::try_from(shared.config.access_token_ttl().as_secs()).unwrap_or(i64::MAX);
    let iat = now.unix_timestamp();
    claims.entry("iat").or_insert(json!(iat));
    claims
        .entry("exp")
        .or_insert(json!(iat.saturating_add(ttl)));
    shared.with_rng(|| {
        claims
            .entry("jti")
            .or_insert_with(|| json!(random::hex(&random::bytes(16))));
        let key = match flaw {
            Some(TokenFlaw::Expired) => {
                let exp = iat.saturating_sub(60);
                claims.insert("exp".to_owned(), json!(exp));
                claims.insert("iat".to_owned(), json!(exp.saturating_sub(ttl)));
                key
            }
            Some(TokenFlaw::UnknownKey) => Some(KeyPair::stray()),
            Some(TokenFlaw::OtherApplication) => {
                claims.insert("app_id".to_owned(), json!(random::id("app")));
                claims.insert("env_id".to_owned(), json!(random::id("env")));
                key
            }
            Some(TokenFlaw::OtherEnvironment) => {
                claims.insert("env_id".to_owned(), json!(random::id("env")));
                key
            }
            None => key,
        };
        let key = key.unwrap_or_else(KeyPair::stray);
        let value = Value::Object(claims);
        let token = key.sign(&value);
        let Value::Object(claims) = value else {
            return Err(MintError::NotAnObject);
        };
        Ok(Minted {
            token,
            kid: key.kid().to_owned(),
            claims,
        })
    })
}

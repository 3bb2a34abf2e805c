//! The fixed keys, key sets and moment every check runs with.

use std::sync::OnceLock;

use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use time::OffsetDateTime;

use crate::b64;

/// The moment the checks run at: 2026-01-01 00:00:00 UTC, as Unix seconds.
pub const NOW_SECS: i64 = 1_767_225_600;

/// [`NOW_SECS`] as a time.
#[must_use]
pub fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW_SECS).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A P-256 key pair made from a fixed scalar, the same as the verify crate's
/// tests use (`0x5a` repeated, last byte `n`), so their tokens verify here.
#[derive(Debug, Clone)]
pub struct FixedKey {
    kid: String,
    signing: SigningKey,
}

impl FixedKey {
    /// Key number `n` (1 to 9) with `kid` `key-<n>`.
    #[must_use]
    pub fn new(n: u8) -> Self {
        Self::with_kid(n, &format!("key-{n}"))
    }

    /// Key number `n` under another `kid`.
    #[must_use]
    pub fn with_kid(n: u8, kid: &str) -> Self {
        let mut scalar = [0x5au8; 32];
        if let Some(last) = scalar.last_mut() {
            *last = n;
        }
        let signing = SigningKey::from_slice(&scalar)
            .unwrap_or_else(|_| unreachable!("0x5a.. is a valid P-256 scalar"));
        Self {
            kid: kid.to_owned(),
            signing,
        }
    }

    /// The `kid`.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public half.
    #[must_use]
    pub fn verifying_key(&self) -> VerifyingKey {
        *self.signing.verifying_key()
    }

    /// The affine coordinates `x`, `y` (32 bytes each).
    #[must_use]
    pub fn coordinates(&self) -> (Vec<u8>, Vec<u8>) {
        let point = self.signing.verifying_key().to_sec1_point(false);
        let bytes = point.as_bytes();
        let x = bytes.get(1..33).unwrap_or_default().to_vec();
        let y = bytes.get(33..65).unwrap_or_default().to_vec();
        (x, y)
    }

    /// The public JWK.
    #[must_use]
    pub fn jwk(&self) -> String {
        let (x, y) = self.coordinates();
        format!(
            r#"{{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"{}","x":"{}","y":"{}"}}"#,
            self.kid,
            b64::encode(&x),
            b64::encode(&y)
        )
    }

    /// A compact JWS of exactly this header and payload JSON.
    #[must_use]
    pub fn sign_token(&self, header: &str, payload: &str) -> String {
        self.sign_parts(header.as_bytes(), payload.as_bytes())
    }

    /// A compact JWS of exactly these header and payload bytes.
    #[must_use]
    pub fn sign_parts(&self, header: &[u8], payload: &[u8]) -> String {
        let input = format!("{}.{}", b64::encode(header), b64::encode(payload));
        let signature: Signature = self.signing.sign(input.as_bytes());
        format!("{input}.{}", b64::encode(&signature.to_bytes()))
    }

    /// The usual header with this key's `kid`.
    #[must_use]
    pub fn header(&self) -> String {
        format!(r#"{{"alg":"ES256","typ":"JWT","kid":"{}"}}"#, self.kid)
    }

    /// A valid token with the usual claims plus `extra` (`,"a":1` form),
    /// expiring `exp_in` seconds after [`NOW_SECS`].
    #[must_use]
    pub fn token(&self, exp_in: i64, extra: &str) -> String {
        self.sign_token(&self.header(), &claims(exp_in, extra))
    }
}

/// Typical InAI claims expiring `exp_in` seconds after [`NOW_SECS`], plus
/// `extra` members (`,"a":1` form).
#[must_use]
pub fn claims(exp_in: i64, extra: &str) -> String {
    format!(
        concat!(
            r#"{{"sub":"user_1","type":"app_user","tenant_id":"tenant_1","app_id":"app_1","env_id":"env_1","#,
            r#""email":"ada@example.com","roles":["admin","member"],"permissions":["users:read"],"#,
            r#""org_id":"org_1","org_role":"owner","org_permissions":["billing:manage"],"iat":{},"exp":{}{}}}"#
        ),
        NOW_SECS - 60,
        NOW_SECS + exp_in,
        extra
    )
}

/// A JWKS document of these JWK objects.
#[must_use]
pub fn jwks_of(jwks: &[String]) -> String {
    format!(r#"{{"keys":[{}]}}"#, jwks.join(","))
}

/// A point that is not on the curve, as a JWK.
#[must_use]
pub fn off_curve_jwk(kid: &str) -> String {
    let (x, y) = FixedKey::new(1).coordinates();
    let mut y = y;
    if let Some(last) = y.last_mut() {
        *last ^= 1;
    }
    format!(
        r#"{{"kty":"EC","crv":"P-256","kid":"{kid}","x":"{}","y":"{}"}}"#,
        b64::encode(&x),
        b64::encode(&y)
    )
}

/// The key set of the differential check: `key-1` and `key-2` usable,
/// `dup` twice (ambiguous), `bad` off the curve, `rsa` for another algorithm.
#[must_use]
pub fn differential_jwks() -> String {
    let rsa = FixedKey::with_kid(3, "rsa").jwk().replace("ES256", "RS256");
    jwks_of(&[
        FixedKey::new(1).jwk(),
        FixedKey::new(2).jwk(),
        FixedKey::with_kid(1, "dup").jwk(),
        FixedKey::with_kid(2, "dup").jwk(),
        off_curve_jwk("bad"),
        rsa,
    ])
}

/// The signers of assembled tokens: `key-1`, `key-2`, and key 1 under the
/// ambiguous `dup`.
pub(crate) fn signers() -> &'static [FixedKey; 3] {
    static SIGNERS: OnceLock<[FixedKey; 3]> = OnceLock::new();
    SIGNERS.get_or_init(|| {
        [
            FixedKey::new(1),
            FixedKey::new(2),
            FixedKey::with_kid(1, "dup"),
        ]
    })
}

/// What the strict check knows about the key set of [`differential_jwks`],
/// written down directly: the usable keys by `kid`, and the ambiguous `kid`s.
pub(crate) fn differential_key(kid: &str) -> Result<&'static VerifyingKey, &'static str> {
    static KEYS: OnceLock<[VerifyingKey; 2]> = OnceLock::new();
    let [one, two] = KEYS.get_or_init(|| {
        [
            FixedKey::new(1).verifying_key(),
            FixedKey::new(2).verifying_key(),
        ]
    });
    match kid {
        "key-1" => Ok(one),
        "key-2" => Ok(two),
        "dup" => Err("ambiguous kid"),
        _ => Err("unknown kid"),
    }
}

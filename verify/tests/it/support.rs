//! Shared test helpers: fixed key pairs, token minting, JWKS documents.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use inai_auth_verify::{Backend, CacheOptions, CachedVerifier, PublicKey, Validation, Verdict};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use time::OffsetDateTime;
use time::macros::datetime;

/// The time most tests run at.
pub const NOW: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

/// Every backend this build compiles in, `P256` first.
pub fn compiled_backends() -> impl Iterator<Item = Backend> {
    [Backend::P256, Backend::AwsLcRs]
        .into_iter()
        .filter(|backend| backend.is_available())
}

/// `NOW` as Unix seconds.
pub fn now_secs() -> i64 {
    NOW.unix_timestamp()
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A P-256 key pair made from a fixed scalar (RFC 6979 signing: deterministic).
pub struct TestKey {
    pub kid: String,
    signing: SigningKey,
}

impl TestKey {
    /// Key number `n` (1, 2, 3, ...), with kid `key-<n>`.
    pub fn new(n: u8) -> Self {
        Self::with_kid(n, &format!("key-{n}"))
    }

    pub fn with_kid(n: u8, kid: &str) -> Self {
        let mut scalar = [0x5au8; 32];
        scalar[31] = n;
        Self {
            kid: kid.to_owned(),
            signing: SigningKey::from_slice(&scalar).unwrap(),
        }
    }

    pub fn coordinates(&self) -> ([u8; 32], [u8; 32]) {
        let point = self.signing.verifying_key().to_sec1_point(false);
        let bytes = point.as_bytes();
        (
            bytes[1..33].try_into().unwrap(),
            bytes[33..65].try_into().unwrap(),
        )
    }

    pub fn public(&self) -> PublicKey {
        let (x, y) = self.coordinates();
        PublicKey::from_coordinates(&x, &y).unwrap()
    }

    /// The JWK object of the public key.
    pub fn jwk(&self) -> String {
        let (x, y) = self.coordinates();
        format!(
            r#"{{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"{}","x":"{}","y":"{}"}}"#,
            self.kid,
            b64(&x),
            b64(&y)
        )
    }

    /// Signs `message` (r || s, 64 bytes).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let signature: Signature = self.signing.sign(message);
        signature.to_bytes().into()
    }

    /// A compact JWS of the exact header and claims JSON given.
    pub fn sign_token(&self, header_json: &str, claims_json: &str) -> String {
        let input = format!(
            "{}.{}",
            b64(header_json.as_bytes()),
            b64(claims_json.as_bytes())
        );
        let signature = self.sign(input.as_bytes());
        format!("{input}.{}", b64(&signature))
    }

    /// The usual header with this key's kid.
    pub fn header(&self) -> String {
        format!(r#"{{"alg":"ES256","typ":"JWT","kid":"{}"}}"#, self.kid)
    }

    /// A valid token with the usual claims, expiring `exp_in` seconds after `NOW`.
    pub fn token(&self, exp_in: i64) -> String {
        self.sign_token(&self.header(), &claims(exp_in))
    }
}

/// Typical InAI claims expiring `exp_in` seconds after `NOW`.
pub fn claims(exp_in: i64) -> String {
    claims_with(exp_in, "")
}

/// Typical claims plus `extra` members (`,"a":1` form, leading comma included).
pub fn claims_with(exp_in: i64, extra: &str) -> String {
    let now = now_secs();
    format!(
        concat!(
            r#"{{"sub":"user_1","type":"app_user","tenant_id":"tenant_1","app_id":"app_1","env_id":"env_1","#,
            r#""email":"ada@example.com","roles":["admin","member"],"permissions":["users:read"],"#,
            r#""org_id":"org_1","org_role":"owner","org_permissions":["billing:manage"],"iat":{},"exp":{}{}}}"#
        ),
        now - 60,
        now + exp_in,
        extra
    )
}

/// A JWKS document holding these keys.
pub fn jwks_json(keys: &[&TestKey]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| k.jwk()).collect();
    format!(r#"{{"keys":[{}]}}"#, keys.join(","))
}

pub fn b64_decode(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

/// A cached verifier with default validation and `options`, whose keys are
/// already installed from `jwks_body` (fetched for `token` at [`NOW`]).
pub fn warm_verifier(token: &str, jwks_body: &str, options: CacheOptions) -> CachedVerifier {
    let verifier = CachedVerifier::new(
        "https://auth.example/.well-known/jwks.json"
            .parse()
            .unwrap(),
        Validation::default(),
        options,
    );
    let Verdict::NeedJwks(fetch) = verifier.verify(token, NOW) else {
        panic!("a cold verifier asks for keys")
    };
    verifier
        .handle_jwks_response(
            fetch.id(),
            http::Response::new(jwks_body.as_bytes().to_vec()),
            NOW,
        )
        .unwrap();
    verifier
}

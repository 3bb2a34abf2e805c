//! The token targets: unverified decoding, and `verify_token` against the
//! strict check.

use std::sync::OnceLock;
use std::time::Duration;

use inai_auth_verify::{
    Claims, Jwks, TokenType, Validation, decode_claims_unverified, is_token_expired, verify_token,
};
use time::OffsetDateTime;

use crate::b64;
use crate::input::Input;
use crate::keys::{NOW_SECS, differential_jwks, differential_key, now, signers};
use crate::strict::{self, Rules};

/// Input starting with this byte is not a token but its parts, assembled by
/// the harness, so that mutations of the JSON reach the claim rules.
pub const ASSEMBLE: u8 = 0x01;

/// `[ASSEMBLE] header 0x00 payload 0x00 signature`, each part base64url-encoded.
fn assemble_unsigned(rest: &[u8]) -> String {
    let mut parts = rest.splitn(3, |&b| b == 0);
    let mut next = || b64::encode(parts.next().unwrap_or_default());
    let (header, payload, signature) = (next(), next(), next());
    format!("{header}.{payload}.{signature}")
}

/// `[ASSEMBLE] signer header 0x00 payload`, signed by one of the fixed keys.
fn assemble_signed(rest: &[u8]) -> String {
    let mut input = Input::new(rest);
    let signer = input.pick(signers());
    let rest = input.take(usize::MAX);
    let (header, payload) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (
            rest.get(..at).unwrap_or_default(),
            rest.get(at + 1..).unwrap_or_default(),
        ),
        None => (rest, &[][..]),
    };
    signer.sign_parts(header, payload)
}

/// The token an input stands for: the input itself as UTF-8, or its parts
/// assembled when it starts with [`ASSEMBLE`].
fn token_of(data: &[u8], assemble: fn(&[u8]) -> String) -> Option<String> {
    match data.split_first() {
        Some((&ASSEMBLE, rest)) => Some(assemble(rest)),
        _ => std::str::from_utf8(data).ok().map(str::to_owned),
    }
}

/// `decode_claims_unverified` on arbitrary bytes: the input as UTF-8, or,
/// after an [`ASSEMBLE`] byte, `header 0x00 payload 0x00 signature` encoded
/// by the harness.
///
/// # Panics
/// When it accepts a token the strict form and claim-type rules refuse, or
/// refuses one they accept; when the claims it reads differ from the strict
/// reading; when `is_token_expired` disagrees with the claims.
pub fn token_decode(data: &[u8]) {
    let Some(token) = token_of(data, assemble_unsigned) else {
        return;
    };
    let token = token.as_str();
    let decoded = decode_claims_unverified(token);
    let strict = strict::parse(token).and_then(|parsed| strict::claims(&parsed.payload));
    match (&decoded, &strict) {
        (Ok(claims), Ok(expected)) => {
            assert_eq!(claims.sub, expected.sub);
            assert_eq!(claims.token_type.as_str(), expected.token_type);
            assert_eq!(claims.tenant_id, expected.tenant_id);
            assert_eq!(claims.email, expected.email);
            assert_eq!(claims.app_id, expected.app_id);
            assert_eq!(claims.roles, expected.roles);
            assert_close(claims.exp, expected.exp);
            assert_eq!(claims.nbf.is_some(), expected.nbf.is_some());
            assert_eq!(claims.iat.is_some(), expected.iat.is_some());
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(reason)) => panic!("decoded a token the strict rules refuse ({reason})"),
        (Err(error), Ok(_)) => panic!("refused a token the strict rules accept: {error}"),
    }
    // Exactly at, just before and long after exp.
    let exp = decoded.as_ref().map(|claims| claims.exp).ok();
    let just_before = exp.and_then(|e| e.checked_sub(time::Duration::nanoseconds(1)));
    let moments = [now(), exp.unwrap_or(now()), just_before.unwrap_or(now())];
    for moment in moments {
        let expected = exp.is_none_or(|exp| moment >= exp);
        assert_eq!(
            is_token_expired(token, moment),
            expected,
            "is_token_expired at {moment}"
        );
    }
}

fn assert_close(time: OffsetDateTime, seconds: f64) {
    #[allow(clippy::cast_precision_loss)]
    let got = time.unix_timestamp_nanos() as f64 / 1e9;
    assert!(
        (got - seconds).abs() < 1e-3,
        "time claim {seconds} read as {got}"
    );
}

/// The two validations the differential check runs: the defaults, and one
/// with leeway, a maximum age and pins.
fn validations() -> &'static [(Validation, Rules); 2] {
    static VALIDATIONS: OnceLock<[(Validation, Rules); 2]> = OnceLock::new();
    VALIDATIONS.get_or_init(|| {
        [
            (
                Validation::default(),
                Rules {
                    leeway: 0.0,
                    max_age: None,
                    app_user_of_app: None,
                },
            ),
            (
                Validation::default()
                    .with_leeway(Duration::from_secs(60))
                    .with_max_token_age(Duration::from_secs(3600))
                    .with_token_type(TokenType::AppUser)
                    .with_app_id("app_1"),
                Rules {
                    leeway: 60.0,
                    max_age: Some(3600.0),
                    app_user_of_app: Some("app_1"),
                },
            ),
        ]
    })
}

fn differential_keys() -> &'static Jwks {
    static KEYS: OnceLock<Jwks> = OnceLock::new();
    KEYS.get_or_init(|| Jwks::from_json(differential_jwks().as_bytes()).unwrap_or_default())
}

/// `verify_token` with a fixed key set, under two validations, against the
/// strict check. The input is a token as UTF-8, or, after an [`ASSEMBLE`]
/// byte, a signer choice then `header 0x00 payload`, signed by the harness.
///
/// # Panics
/// When `verify_token` accepts a token the strict check refuses, or refuses
/// one it accepts (away from rounding edges of the time rules); when the
/// fixed key set does not hold its two usable keys.
pub fn verify_token_differential(data: &[u8]) {
    let Some(token) = token_of(data, assemble_signed) else {
        return;
    };
    let token = token.as_str();
    let keys = differential_keys();
    assert_eq!(keys.len(), 2, "the differential key set lost a key");
    #[allow(clippy::cast_precision_loss)]
    let now_secs = NOW_SECS as f64;
    for (validation, rules) in validations() {
        let verified = verify_token(token, keys, validation, now());
        let strict = strict::verify(token, differential_key, *rules, now_secs);
        match (&verified, &strict.result) {
            (Ok(claims), Ok(())) => same_as_decoded(token, claims),
            (Ok(_), Err(reason)) => {
                panic!("verify_token accepted a token the strict check refuses ({reason})")
            }
            (Err(error), Ok(())) if !strict.borderline => {
                panic!("verify_token refused a token the strict check accepts: {error}")
            }
            _ => {}
        }
    }
}

/// Verified claims are what unverified decoding reads.
fn same_as_decoded(token: &str, claims: &Claims) {
    match decode_claims_unverified(token) {
        Ok(decoded) => assert_eq!(&decoded, claims, "verified and decoded claims differ"),
        Err(error) => panic!("a verified token does not decode: {error}"),
    }
}

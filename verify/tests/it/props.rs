//! Properties: mutations never verify, nothing panics, fetches stay rate-limited,
//! and the backends agree.

use std::sync::LazyLock;
use std::time::Duration;

use inai_auth_verify::{
    CacheOptions, CachedVerifier, Jwks, Validation, Verdict, decode_claims_unverified,
    is_token_expired, verify_token,
};
use proptest::prelude::*;
use time::OffsetDateTime;

use crate::support::*;

struct Fixture {
    token: String,
    jwks_body: String,
    jwks: Jwks,
    verifier: CachedVerifier,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let jwks_body = jwks_json(&[&key, &TestKey::new(2)]);
    let jwks = Jwks::from_json(jwks_body.as_bytes()).unwrap();
    let verifier = warm_verifier(&token, &jwks_body, CacheOptions::default());
    assert!(matches!(verifier.verify(&token, NOW), Verdict::Valid(_)));
    Fixture {
        token,
        jwks_body,
        jwks,
        verifier,
    }
});

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Three segments of arbitrary bytes, base64url-encoded, or near-JSON.
fn token_like() -> impl Strategy<Value = String> {
    let json = prop_oneof![
        Just(r#"{"alg":"ES256","kid":"key-1"}"#.to_owned()),
        Just(r#"{"alg":"ES256","kid":"key-1","kid":"key-1"}"#.to_owned()),
        Just(claims(3600)),
        "\\PC{0,80}",
        prop::collection::vec(
            prop_oneof![
                Just("{"),
                Just("}"),
                Just("["),
                Just("\"a\""),
                Just(":"),
                Just(","),
                Just("1e999"),
                Just("null")
            ],
            0..30
        )
        .prop_map(|parts| parts.concat()),
    ];
    let segment = prop_oneof![
        json.prop_map(|j| b64(j.as_bytes())),
        prop::collection::vec(any::<u8>(), 0..100).prop_map(|b| b64(&b)),
        "[A-Za-z0-9_=+/ -]{0,90}",
    ];
    prop::collection::vec(segment, 1..6).prop_map(|segments| segments.join("."))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_single_byte_change_is_refused(index in 0usize..10_000, byte in 0u8..0x80) {
        let f = &*FIXTURE;
        let index = index % f.token.len();
        let mut bytes = f.token.clone().into_bytes();
        prop_assume!(bytes[index] != byte);
        bytes[index] = byte;
        let mutated = String::from_utf8(bytes).unwrap();
        prop_assert!(verify_token(&mutated, &f.jwks, &Validation::default(), NOW).is_err());
        let verdict = f.verifier.verify(&mutated, NOW);
        prop_assert!(!matches!(verdict, Verdict::Valid(_)), "{:?}", verdict);
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn verify_never_panics(token in prop_oneof![token_like(), "\\PC{0,300}"]) {
        let f = &*FIXTURE;
        let _ = verify_token(&token, &f.jwks, &Validation::default(), NOW);
        let _ = decode_claims_unverified(&token);
        let _ = is_token_expired(&token, NOW);
        let _ = f.verifier.verify(&token, NOW);
    }

    #[test]
    fn jwks_parsing_never_panics(body in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        "\\PC{0,300}".prop_map(String::into_bytes),
        Just(FIXTURE.jwks_body.clone().into_bytes()).prop_flat_map(|b| {
            let len = b.len();
            (Just(b), 0..len, any::<u8>()).prop_map(|(mut b, i, v)| { b[i] = v; b })
        }),
    ]) {
        if let Ok(jwks) = Jwks::from_json(&body) {
            prop_assert!(jwks.len() <= 100);
        }
    }
}

/// What the driver does with a fetch in the rate-limit property.
#[derive(Debug, Clone, Copy)]
enum Answer {
    Keys,
    Garbage,
    Status500,
    Failure,
    Never,
}

#[derive(Debug, Clone)]
struct Step {
    advance_ms: u64,
    token: usize,
    answer: Answer,
}

fn step() -> impl Strategy<Value = Step> {
    let answer = prop_oneof![
        Just(Answer::Keys),
        Just(Answer::Garbage),
        Just(Answer::Status500),
        Just(Answer::Failure),
        Just(Answer::Never),
    ];
    (0u64..25_000, 0usize..5, answer).prop_map(|(advance_ms, token, answer)| Step {
        advance_ms,
        token,
        answer,
    })
}

struct Pool {
    tokens: Vec<String>,
    body: String,
}

static POOL: LazyLock<Pool> = LazyLock::new(|| {
    let one = TestKey::new(1);
    let impostor = TestKey::with_kid(3, "key-1");
    let stranger = TestKey::with_kid(2, "key-unknown");
    Pool {
        tokens: vec![
            one.token(100_000),
            one.token(-10),
            impostor.token(100_000),
            stranger.token(100_000),
            "not.a.token".to_owned(),
        ],
        body: jwks_json(&[&one]),
    }
});

proptest! {
    // Small: each case runs real signature checks, slow in debug builds.
    #![proptest_config(config(48))]

    #[test]
    fn fetches_start_at_most_once_per_interval(steps in prop::collection::vec(step(), 1..40)) {
        let pool = &*POOL;
        let verifier = CachedVerifier::new(
            "https://auth.example/jwks".parse().unwrap(),
            Validation::default(),
            CacheOptions::default(),
        );
        let mut now: OffsetDateTime = NOW;
        let mut starts: Vec<OffsetDateTime> = Vec::new();
        let garbage = "{]";
        for step in steps {
            now += Duration::from_millis(step.advance_ms);
            let token = &pool.tokens[step.token];
            if let Verdict::NeedJwks(fetch) = verifier.verify(token, now) {
                if let Some(last) = starts.last() {
                    prop_assert!(now - *last >= time::Duration::seconds(10), "{} after {}", now, last);
                }
                starts.push(now);
                // While it is out, a second verify of the same token never starts another.
                prop_assert!(!matches!(verifier.verify(token, now), Verdict::NeedJwks(_)));
                let response = |status: u16, body: &str| {
                    let mut r = http::Response::new(body.as_bytes().to_vec());
                    *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
                    r
                };
                let id = fetch.id();
                match step.answer {
                    Answer::Keys => prop_assert!(verifier.handle_jwks_response(id, response(200, &pool.body), now).is_ok()),
                    Answer::Garbage => prop_assert!(verifier.handle_jwks_response(id, response(200, garbage), now).is_err()),
                    Answer::Status500 => prop_assert!(verifier.handle_jwks_response(id, response(500, ""), now).is_err()),
                    Answer::Failure => prop_assert!(verifier.handle_jwks_failure(id, now).is_ok()),
                    Answer::Never => {}
                }
            }
        }
    }
}

#[cfg(feature = "aws-lc-rs")]
mod differential {
    use inai_auth_verify::{Backend, PublicKey};
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::{Signature, SigningKey};
    use proptest::prelude::*;

    fn agree(key: &PublicKey, message: &[u8], signature: &[u8]) -> Result<bool, TestCaseError> {
        let a = key
            .verify_es256_with(Backend::P256, message, signature)
            .unwrap();
        let b = key
            .verify_es256_with(Backend::AwsLcRs, message, signature)
            .unwrap();
        prop_assert_eq!(a, b, "backends disagree");
        Ok(a)
    }

    proptest! {
        #![proptest_config(super::config(64))]

        #[test]
        fn backends_agree(
            scalar in prop::array::uniform32(any::<u8>()),
            message in prop::collection::vec(any::<u8>(), 0..200),
            flip in 0usize..64,
            bit in 0u8..8,
            junk in prop::array::uniform32(any::<u8>()),
        ) {
            let Ok(signing) = SigningKey::from_slice(&scalar) else {
                return Err(TestCaseError::reject("not a scalar"));
            };
            let point = signing.verifying_key().to_sec1_point(false);
            let key = PublicKey::from_coordinates(&point.as_bytes()[1..33], &point.as_bytes()[33..]).unwrap();
            let signature: Signature = signing.sign(&message);
            let good: [u8; 64] = signature.to_bytes().into();
            prop_assert!(agree(&key, &message, &good)?);
            let mut bad = good;
            bad[flip] ^= 1 << bit;
            prop_assert!(!agree(&key, &message, &bad)?);
            let mut other = message.clone();
            other.push(0);
            prop_assert!(!agree(&key, &other, &good)?);
            // Arbitrary scalars, in range or not.
            let arbitrary = [junk, scalar].concat();
            agree(&key, &message, &arbitrary)?;
            // High-S: (r, n - s) verifies on both.
            let high = Signature::from_scalars(signature.r().to_bytes(), (-*signature.s()).to_bytes()).unwrap();
            prop_assert!(agree(&key, &message, &high.to_bytes())?);
        }
    }
}

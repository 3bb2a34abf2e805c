//! RFC 7515 Appendix A.3 (ES256) as a known answer.

use inai_auth_verify::{
    ClaimProblem, Jwks, PublicKey, Validation, VerifyError, verify_token_with_key,
};
use time::OffsetDateTime;

use crate::support::{b64_decode, compiled_backends};

struct Vector {
    key: PublicKey,
    signing_input: String,
    signature: Vec<u8>,
    exp: i64,
    x: String,
    y: String,
}

fn vector() -> Vector {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../data/rfc7515_a3.json")).unwrap();
    let s = |k: &str| v[k].as_str().unwrap().to_owned();
    Vector {
        key: PublicKey::from_coordinates(&b64_decode(&s("x")), &b64_decode(&s("y"))).unwrap(),
        signing_input: s("signing_input"),
        signature: b64_decode(&s("signature")),
        exp: v["exp"].as_i64().unwrap(),
        x: s("x"),
        y: s("y"),
    }
}

#[test]
fn signature_level_on_every_backend() {
    let v = vector();
    assert_eq!(v.signature.len(), 64);
    for backend in compiled_backends() {
        let name = backend.to_string();
        assert!(
            v.key
                .verify_es256_with(backend, v.signing_input.as_bytes(), &v.signature)
                .unwrap(),
            "{name}"
        );
        let mut message = v.signing_input.clone().into_bytes();
        message[5] ^= 1;
        assert!(
            !v.key
                .verify_es256_with(backend, &message, &v.signature)
                .unwrap(),
            "{name}: message"
        );
        for i in [0, 31, 32, 63] {
            let mut sig = v.signature.clone();
            sig[i] ^= 0x01;
            assert!(
                !v.key
                    .verify_es256_with(backend, v.signing_input.as_bytes(), &sig)
                    .unwrap(),
                "{name}: byte {i}"
            );
        }
        assert!(
            !v.key
                .verify_es256_with(backend, v.signing_input.as_bytes(), &v.signature[..63])
                .unwrap(),
            "{name}: short"
        );
    }
    assert!(v.key.verify_es256(v.signing_input.as_bytes(), &v.signature));
}

/// The vector has no `kid`, so it goes through the kid-less path. It passes
/// every form, header and signature rule and stops at the first InAI claim
/// it lacks (`type`; the vector has only `iss`, `exp` and a custom claim).
#[test]
fn token_level_through_the_kidless_path() {
    let v = vector();
    let token = format!("{}.{}", v.signing_input, crate::support::b64(&v.signature));
    let before_exp = OffsetDateTime::from_unix_timestamp(v.exp - 60).unwrap();
    assert_eq!(
        verify_token_with_key(&token, &v.key, &Validation::default(), before_exp).unwrap_err(),
        VerifyError::InvalidClaim {
            claim: "type",
            problem: ClaimProblem::Missing
        }
    );
    // One changed signature character: refused at the signature instead.
    let tampered = format!("{}A", &token[..token.len() - 1]);
    assert_eq!(
        verify_token_with_key(&tampered, &v.key, &Validation::default(), before_exp).unwrap_err(),
        VerifyError::BadSignature
    );
    // As a JWK without `kid`, the key is unusable for kid selection: skipped.
    let jwks = format!(
        r#"{{"keys":[{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}]}}"#,
        v.x, v.y
    );
    let jwks = Jwks::from_json(jwks.as_bytes()).unwrap();
    assert_eq!((jwks.len(), jwks.skipped()), (0, 1));
}

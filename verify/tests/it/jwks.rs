//! The key rules of a JWKS document.

use inai_auth_verify::{Jwks, JwksError, MAX_JWKS_BYTES, Validation, VerifyError, verify_token};

use crate::support::*;

fn xy(key: &TestKey) -> (String, String) {
    let (x, y) = key.coordinates();
    (b64(&x), b64(&y))
}

#[test]
fn keeps_usable_keys_and_skips_the_rest() {
    let key = TestKey::new(1);
    let (x, y) = xy(&key);
    let jwk = |extra: &str| format!(r#"{{"kty":"EC","crv":"P-256","x":"{x}","y":"{y}"{extra}}}"#);
    let usable = [
        jwk(r#","kid":"a""#),
        jwk(r#","kid":"b","alg":"ES256","use":"sig","key_ops":["verify"]"#),
        jwk(r#","kid":"c","key_ops":["sign","verify"],"ext":true"#),
    ];
    let unusable = [
        jwk(r#","kid":"d","alg":"ES384""#),
        jwk(r#","kid":"e","use":"enc""#),
        jwk(r#","kid":"f","key_ops":["sign"]"#),
        jwk(r#","kid":"g","key_ops":"verify""#),
        jwk(r#","kid":"h","d":"jpsQnnGQmL-YBIffH1136cLSG4spjn-6dsA6E9hXKBg""#),
        jwk(r#","kid":7"#),
        jwk(""),
        jwk(r#","kid":"i","kid":"i""#),
        r#"{"kty":"RSA","kid":"j","n":"AQAB","e":"AQAB"}"#.to_owned(),
        format!(r#"{{"kty":"EC","crv":"P-384","kid":"k","x":"{x}","y":"{y}"}}"#),
        format!(r#"{{"kty":"EC","crv":"P-256","kid":"l","x":"{x}A","y":"{y}"}}"#),
        format!(r#"{{"kty":"EC","crv":"P-256","kid":"m","x":"{x}","y":"{x}"}}"#),
        format!(r#"{{"kty":"EC","crv":"P-256","kid":"n","x":"{x}=","y":"{y}"}}"#),
    ];
    let body = format!(
        r#"{{"keys":[{},{}],"other":1}}"#,
        usable.join(","),
        unusable.join(",")
    );
    let jwks = Jwks::from_json(body.as_bytes()).unwrap();
    assert_eq!(jwks.len(), usable.len());
    assert_eq!(jwks.skipped(), unusable.len());
    for kid in ["a", "b", "c"] {
        assert_eq!(jwks.get(kid), Some(&key.public()), "{kid}");
    }
    for kid in ["d", "e", "f", "g", "h", "j", "k", "l", "m", "n"] {
        assert_eq!(jwks.get(kid), None, "{kid}");
    }
}

#[test]
fn a_duplicate_kid_verifies_nothing() {
    let one = TestKey::with_kid(1, "main");
    let two = TestKey::with_kid(2, "main");
    let other = TestKey::new(3);
    let jwks = Jwks::from_json(jwks_json(&[&one, &other, &two]).as_bytes()).unwrap();
    assert_eq!(jwks.len(), 1);
    for key in [&one, &two] {
        assert_eq!(
            verify_token(&key.token(60), &jwks, &Validation::default(), NOW).unwrap_err(),
            VerifyError::AmbiguousKeyId
        );
    }
    verify_token(&other.token(60), &jwks, &Validation::default(), NOW).unwrap();
    // Even when one of the two is unusable.
    let (x, y) = xy(&one);
    let body = format!(
        r#"{{"keys":[{},{{"kty":"EC","crv":"P-256","kid":"main","use":"enc","x":"{x}","y":"{y}"}}]}}"#,
        one.jwk()
    );
    let jwks = Jwks::from_json(body.as_bytes()).unwrap();
    assert_eq!(jwks.len(), 0);
    assert_eq!(
        verify_token(&one.token(60), &jwks, &Validation::default(), NOW).unwrap_err(),
        VerifyError::AmbiguousKeyId
    );
    // from_keys follows the same rule.
    let jwks = Jwks::from_keys([
        ("main".to_owned(), one.public()),
        ("main".to_owned(), two.public()),
    ]);
    assert!(jwks.is_empty());
}

#[test]
fn refuses_documents_that_are_not_a_key_set() {
    let cases: Vec<(Vec<u8>, JwksError)> = vec![
        (b"not json".to_vec(), JwksError::Json),
        (b"{\"keys\":[]".to_vec(), JwksError::Json),
        (b"[]".to_vec(), JwksError::NotAnObject),
        (b"{}".to_vec(), JwksError::MissingKeys),
        (b"{\"keys\":{}}".to_vec(), JwksError::MissingKeys),
        (b"{\"keys\":null}".to_vec(), JwksError::MissingKeys),
        (
            b"{\"keys\":[],\"keys\":[]}".to_vec(),
            JwksError::DuplicateMember,
        ),
        (
            format!(r#"{{"keys":[{}]}}"#, vec!["{}"; 101].join(",")).into_bytes(),
            JwksError::TooManyKeys {
                count: 101,
                max: 100,
            },
        ),
        (
            vec![b' '; MAX_JWKS_BYTES + 1],
            JwksError::TooLarge {
                len: MAX_JWKS_BYTES + 1,
                max: MAX_JWKS_BYTES,
            },
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(Jwks::from_json(&body).unwrap_err(), expected);
    }
    let empty = Jwks::from_json(b" {\"keys\":[]} ").unwrap();
    assert!(empty.is_empty());
    let hundred = format!(r#"{{"keys":[{}]}}"#, vec!["{}"; 100].join(","));
    assert_eq!(Jwks::from_json(hundred.as_bytes()).unwrap().skipped(), 100);
}

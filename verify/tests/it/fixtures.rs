//! The files in tests/data are what the helpers produce, and verify.

use inai_auth_verify::{Jwks, Validation, verify_token};

use crate::support::*;

#[test]
fn data_files_match_the_helpers_and_verify() {
    let key = TestKey::new(1);
    let far = time::macros::datetime!(2100-01-01 00:00 UTC).unix_timestamp() - now_secs();
    let jwks = include_str!("../data/jwks.json");
    let token = include_str!("../data/token.txt").trim();
    assert_eq!(jwks.trim(), jwks_json(&[&key]));
    assert_eq!(token, key.token(far));
    let keys = Jwks::from_json(jwks.as_bytes()).unwrap();
    let claims = verify_token(token, &keys, &Validation::default(), NOW).unwrap();
    assert_eq!(claims.sub, "user_1");
    assert_eq!(keys.get("key-1"), Some(&key.public()));
}

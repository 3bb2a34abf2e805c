//! Time rules, leeway edges and pins.

use std::time::Duration;

use inai_auth_verify::{ClaimProblem, Jwks, TokenType, Validation, VerifyError, verify_token};
use time::OffsetDateTime;

use crate::support::*;

fn keys(key: &TestKey) -> Jwks {
    Jwks::from_json(jwks_json(&[key]).as_bytes()).unwrap()
}

fn at(offset: i64) -> OffsetDateTime {
    NOW + time::Duration::seconds(offset)
}

#[test]
fn exp_and_leeway_edges() {
    let key = TestKey::new(1);
    let token = key.token(100); // exp = NOW + 100
    let strict = Validation::default();
    let lenient = Validation::default().with_leeway(Duration::from_secs(30));
    let run = |v: &Validation, t| verify_token(&token, &keys(&key), v, t);
    run(&strict, at(99)).unwrap();
    run(&strict, at(100) - time::Duration::nanoseconds(1)).unwrap();
    assert_eq!(run(&strict, at(100)).unwrap_err(), VerifyError::Expired);
    run(&lenient, at(129)).unwrap();
    assert_eq!(run(&lenient, at(130)).unwrap_err(), VerifyError::Expired);
}

#[test]
fn nbf_and_leeway_edges() {
    let key = TestKey::new(1);
    let token = key.sign_token(
        &key.header(),
        &claims_with(3600, &format!(r#","nbf":{}"#, now_secs() + 50)),
    );
    let strict = Validation::default();
    let lenient = Validation::default().with_leeway(Duration::from_secs(20));
    let run = |v: &Validation, t| verify_token(&token, &keys(&key), v, t);
    assert_eq!(run(&strict, at(49)).unwrap_err(), VerifyError::NotYetValid);
    run(&strict, at(50)).unwrap();
    assert_eq!(run(&lenient, at(29)).unwrap_err(), VerifyError::NotYetValid);
    run(&lenient, at(30)).unwrap();
}

#[test]
fn leeway_is_capped_at_five_minutes() {
    let v = Validation::default().with_leeway(Duration::from_secs(3600));
    assert_eq!(v.leeway(), Duration::from_secs(300));
    let key = TestKey::new(1);
    assert_eq!(
        verify_token(&key.token(-301), &keys(&key), &v, NOW).unwrap_err(),
        VerifyError::Expired
    );
    verify_token(&key.token(-299), &keys(&key), &v, NOW).unwrap();
}

#[test]
fn iat_is_checked_only_with_a_max_age() {
    let key = TestKey::new(1);
    let token = key.token(3600); // iat = NOW - 60
    let k = keys(&key);
    verify_token(&token, &k, &Validation::default(), NOW).unwrap();
    let young = Validation::default().with_max_token_age(Duration::from_secs(61));
    verify_token(&token, &k, &young, NOW).unwrap();
    let strict = Validation::default().with_max_token_age(Duration::from_secs(60));
    assert_eq!(
        verify_token(&token, &k, &strict, NOW).unwrap_err(),
        VerifyError::TooOld
    );

    let no_iat = key.sign_token(
        &key.header(),
        &format!(
            r#"{{"sub":"u","type":"app_user","tenant_id":"t","email":"e","exp":{}}}"#,
            now_secs() + 60
        ),
    );
    verify_token(&no_iat, &k, &Validation::default(), NOW).unwrap();
    assert_eq!(
        verify_token(&no_iat, &k, &young, NOW).unwrap_err(),
        VerifyError::InvalidClaim {
            claim: "iat",
            problem: ClaimProblem::Missing
        }
    );
    assert_eq!(
        verify_token(&token, &k, &young, at(-120)).unwrap_err(),
        VerifyError::InvalidClaim {
            claim: "iat",
            problem: ClaimProblem::InFuture
        }
    );
}

#[test]
fn pins() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let k = keys(&key);
    let run = |v: Validation| verify_token(&token, &k, &v, NOW);
    let all = Validation::default()
        .with_token_type(TokenType::AppUser)
        .with_tenant_id("tenant_1")
        .with_app_id("app_1")
        .with_env_id("env_1");
    let claims = run(all.clone()).unwrap();
    assert_eq!(claims.token_type, TokenType::AppUser);
    let mismatch = |claim| VerifyError::PinMismatch { claim };
    assert_eq!(
        run(all.clone().with_token_type(TokenType::Platform)).unwrap_err(),
        mismatch("type")
    );
    assert_eq!(
        run(all.clone().with_tenant_id("tenant_2")).unwrap_err(),
        mismatch("tenant_id")
    );
    assert_eq!(
        run(all.clone().with_app_id("app_2")).unwrap_err(),
        mismatch("app_id")
    );
    assert_eq!(
        run(all.with_env_id("env_2")).unwrap_err(),
        mismatch("env_id")
    );
    // A pinned app refuses a token without app_id.
    let no_app = key.sign_token(
        &key.header(),
        &format!(
            r#"{{"sub":"u","type":"platform","tenant_id":"t","email":"e","exp":{}}}"#,
            now_secs() + 60
        ),
    );
    assert_eq!(
        verify_token(
            &no_app,
            &k,
            &Validation::default().with_app_id("app_1"),
            NOW
        )
        .unwrap_err(),
        mismatch("app_id")
    );
}

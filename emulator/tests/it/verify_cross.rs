//! The emulator's tokens pass `inai-auth-verify`, the production verification path.

use inai_auth_verify::{Clock as _, Jwks, TokenType, Validation, VerifyError, verify_token};
use serde_json::json;

use crate::client::{Api, s};

fn jwks(api: &Api) -> Jwks {
    let r = api.get("/.well-known/jwks.json").send();
    Jwks::from_json(r.text.as_bytes()).unwrap()
}

#[test]
fn app_and_platform_tokens_verify_with_inai_auth_verify() {
    let api = Api::start();
    let seed = api.emu.seed().clone();
    let user = api.register("verified@example.com");
    let token = s(&user["access_token"]);
    let validation = Validation::default()
        .with_token_type(TokenType::AppUser)
        .with_tenant_id(seed.tenant_id.clone())
        .with_app_id(seed.application_id.clone())
        .with_env_id(seed.environment_id.clone());
    let claims = verify_token(&token, &jwks(&api), &validation, api.clock.now()).unwrap();
    assert_eq!(claims.email, "verified@example.com");
    assert_eq!(claims.sub, s(&user["user"]["id"]));
    assert_eq!(claims.env_id.as_deref(), Some(seed.environment_id.as_str()));

    let admin = api.admin_token();
    let validation = Validation::default().with_token_type(TokenType::Platform);
    let claims = verify_token(&admin, &jwks(&api), &validation, api.clock.now()).unwrap();
    assert_eq!(claims.roles, ["owner"]);
}

#[test]
fn expiry_and_retired_keys_as_seen_by_the_verifier() {
    let api = Api::start();
    let token = api.user_token("late@example.com");
    let before = jwks(&api);
    api.clock.advance(std::time::Duration::from_secs(900));
    let err = verify_token(&token, &before, &Validation::default(), api.clock.now()).unwrap_err();
    assert!(matches!(err, VerifyError::Expired), "{err:?}");

    let api = Api::start();
    let token = api.user_token("rotated@example.com");
    api.post("/__emulator/rotate-keys?retire_old=true", json!({}))
        .send()
        .ok();
    let err =
        verify_token(&token, &jwks(&api), &Validation::default(), api.clock.now()).unwrap_err();
    assert!(!matches!(err, VerifyError::Expired), "{err:?}");
}

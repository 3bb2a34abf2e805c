use serde_json::json;

use crate::client::{Api, s};
use crate::jwt;

#[test]
fn register_creates_an_unverified_user_with_tokens() {
    let api = Api::start();
    let r = api.register("Alice@Example.com");
    assert_eq!(r["token_type"], "Bearer");
    assert_eq!(r["expires_in"], 900);
    assert!(s(&r["refresh_token"]).len() > 20);
    let user = &r["user"];
    assert_eq!(user["email"], "alice@example.com");
    assert_eq!(user["emailVerified"], false);
    assert_eq!(user["mfaEnabled"], false);
    assert_eq!(user["firstName"], "Test");
    assert_eq!(user["lastName"], serde_json::Value::Null);
    assert_eq!(user["tenantId"], api.emu.seed().tenant_id.as_str());
    assert!(s(&user["id"]).starts_with("usr_"));
    assert_eq!(user["createdAt"], "2026-01-01T00:00:00.000Z");
}

#[test]
fn access_tokens_carry_exactly_the_documented_claims() {
    let api = Api::start();
    let token = api.user_token("claims@example.com");
    let header = jwt::header(&token);
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["typ"], "JWT");
    assert!(header["kid"].is_string());
    let claims = jwt::claims(&token);
    assert_eq!(
        jwt::claim_names(&claims),
        [
            "app_id",
            "email",
            "env_id",
            "exp",
            "iat",
            "jti",
            "permissions",
            "roles",
            "sub",
            "tenant_id",
            "type"
        ]
    );
    let seed = api.emu.seed();
    assert_eq!(claims["type"], "app_user");
    assert_eq!(claims["app_id"], seed.application_id.as_str());
    assert_eq!(claims["env_id"], seed.environment_id.as_str());
    assert_eq!(claims["tenant_id"], seed.tenant_id.as_str());
    assert_eq!(claims["iat"], 1_767_225_600);
    assert_eq!(claims["exp"], 1_767_225_600 + 900);
    let jwks = api.get("/.well-known/jwks.json").send();
    assert_eq!(jwks.headers["cache-control"], "public, max-age=300");
    assert!(jwt::verifies(&token, &jwks.body));
}

#[test]
fn login_me_and_wrong_password() {
    let api = Api::start();
    api.register("bob@example.com");
    let login = api
        .post(
            "/api/v1/auth/login",
            json!({ "email": "bob@example.com", "password": "password-123" }),
        )
        .pk()
        .send()
        .status(200);
    assert!(login.get("mfa_required").is_none());
    let me = api
        .get("/api/v1/auth/me")
        .user_auth(&s(&login["access_token"]))
        .send()
        .ok();
    assert_eq!(me["data"]["email"], "bob@example.com");
    assert_eq!(me["data"]["lastLoginAt"], "2026-01-01T00:00:00.000Z");
    let p = api
        .post(
            "/api/v1/auth/login",
            json!({ "email": "bob@example.com", "password": "wrong-pass" }),
        )
        .pk()
        .send()
        .problem(401);
    assert_eq!(p["type"], "INVALID_CREDENTIALS");
    assert_eq!(p["instance"], "/api/v1/auth/login");
}

#[test]
fn register_rejects_duplicates_and_invalid_bodies() {
    let api = Api::start();
    api.register("dup@example.com");
    let p = api
        .post(
            "/api/v1/auth/register",
            json!({ "email": "DUP@example.com", "password": "password-123" }),
        )
        .pk()
        .send()
        .problem(409);
    assert_eq!(p["type"], "CONFLICT");
    api.post(
        "/api/v1/auth/register",
        json!({ "email": "not-an-email", "password": "password-123" }),
    )
    .pk()
    .send()
    .problem(422);
    api.post(
        "/api/v1/auth/register",
        json!({ "email": "x@example.com", "password": "short" }),
    )
    .pk()
    .send()
    .problem(422);
    api.post("/api/v1/auth/register", json!({ "email": "x@example.com" }))
        .pk()
        .send()
        .problem(422);
    api.req("POST", "/api/v1/auth/register")
        .raw("{not json")
        .pk()
        .send()
        .problem(400);
}

#[test]
fn access_tokens_expire_on_the_injected_clock() {
    let api = Api::start();
    let token = api.user_token("exp@example.com");
    api.clock.advance(std::time::Duration::from_secs(899));
    api.get("/api/v1/auth/me").user_auth(&token).send().ok();
    api.clock.advance(std::time::Duration::from_secs(1));
    let p = api
        .get("/api/v1/auth/me")
        .user_auth(&token)
        .send()
        .problem(401);
    assert_eq!(p["type"], "TOKEN_EXPIRED");
}

#[test]
fn access_token_ttl_is_configurable() {
    let api = Api::start_with(
        inai_auth_emulator::EmulatorConfig::default()
            .with_access_token_ttl(std::time::Duration::from_secs(60)),
    );
    let r = api.register("ttl@example.com");
    assert_eq!(r["expires_in"], 60);
    let claims = jwt::claims(&s(&r["access_token"]));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        60
    );
}

#[test]
fn logout_revokes_the_session() {
    let api = Api::start();
    let r = api.register("out@example.com");
    let rt = s(&r["refresh_token"]);
    let body = api
        .post("/api/v1/auth/logout", json!({ "refresh_token": rt }))
        .pk()
        .send()
        .ok();
    assert!(body["message"].is_string());
    api.refresh(&rt).problem(401);
    let p = api
        .get("/api/v1/auth/me")
        .user_auth(&s(&r["access_token"]))
        .send()
        .problem(401);
    assert_eq!(p["type"], "SESSION_REVOKED");
}

#[test]
fn oauth_init_redirects_back_with_an_error() {
    let api = Api::start();
    let r = api
        .get(
            "/api/v1/auth/oauth/google?redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&tenant_id=t",
        )
        .send();
    assert_eq!(r.status, 302);
    assert_eq!(
        r.headers["location"],
        "http://localhost:3000/cb?error=oauth_not_emulated&provider=google"
    );
    api.get("/api/v1/auth/oauth/google").send().problem(400);
}

use std::time::Duration;

use serde_json::{Value, json};

use crate::client::{Api, s};

/// The code of `secret` at `unix`, by the one TOTP implementation (`inai_auth_core::totp`).
fn code(secret: &str, unix: i64) -> String {
    inai_auth_core::totp::code(secret, u64::try_from(unix).unwrap()).unwrap()
}

fn now(api: &Api) -> i64 {
    use inai_auth_emulator::Clock as _;
    api.clock.now().unix_timestamp()
}

/// Registers a user and turns MFA on; returns (access token, secret, backup codes).
fn user_with_mfa(api: &Api, email: &str) -> (String, String, Vec<String>) {
    let token = api.user_token(email);
    let setup = api
        .post("/api/v1/auth/mfa/enable", json!({}))
        .user_auth(&token)
        .send()
        .ok();
    let secret = s(&setup["data"]["secret"]);
    let uri = s(&setup["data"]["otpauth_uri"]);
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")));
    assert!(
        uri.contains("digits=6") && uri.contains("period=30") && uri.contains("algorithm=SHA1")
    );
    assert!(setup["data"]["qr_data"].is_string());
    let wrong = wrong_code(&secret, now(api));
    let p = api
        .post("/api/v1/auth/mfa/verify", json!({ "code": wrong }))
        .user_auth(&token)
        .send()
        .problem(400);
    assert_eq!(p["type"], "INVALID_MFA_CODE");
    let code = code(&secret, now(api));
    let codes = api
        .post("/api/v1/auth/mfa/verify", json!({ "code": code }))
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(codes["data"]["count"], 10);
    let codes: Vec<String> = codes["data"]["backup_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(s)
        .collect();
    (token, secret, codes)
}

/// A six-digit code valid at none of the three accepted steps.
pub fn wrong_code(secret: &str, at: i64) -> String {
    let valid = [
        code(secret, at - 30),
        code(secret, at),
        code(secret, at + 30),
    ];
    (0..10u32)
        .map(|d| format!("{d}{d}{d}{d}{d}{d}"))
        .find(|c| !valid.contains(c))
        .unwrap()
}

fn login(api: &Api, email: &str) -> Value {
    api.post(
        "/api/v1/auth/login",
        json!({ "email": email, "password": "password-123" }),
    )
    .pk()
    .send()
    .ok()
}

fn challenge(api: &Api, mfa_token: &str, code: &str) -> crate::client::Resp {
    api.post(
        "/api/v1/auth/mfa/challenge",
        json!({ "mfa_token": mfa_token, "code": code }),
    )
    .pk()
    .send()
}

#[test]
fn totp_login_flow() {
    let api = Api::start();
    let (token, secret, _) = user_with_mfa(&api, "mfa@example.com");
    let me = api.get("/api/v1/auth/me").user_auth(&token).send().ok();
    assert_eq!(me["data"]["mfaEnabled"], true);

    let first = login(&api, "mfa@example.com");
    assert_eq!(first["mfa_required"], true);
    assert!(first.get("access_token").is_none());
    let mfa_token = s(&first["mfa_token"]);
    let p = challenge(&api, &mfa_token, &wrong_code(&secret, now(&api))).problem(401);
    assert_eq!(p["type"], "INVALID_MFA_CODE");

    // A code from the previous 30 s step is still accepted; two steps back is not.
    api.clock.advance(Duration::from_secs(30));
    let stale = code(&secret, now(&api) - 60);
    let current = code(&secret, now(&api));
    if stale != current {
        challenge(&api, &mfa_token, &stale).problem(401);
    }
    let previous = code(&secret, now(&api) - 30);
    let done = challenge(&api, &mfa_token, &previous).ok();
    assert!(done["access_token"].is_string());
    assert_eq!(done["user"]["email"], "mfa@example.com");
    // The mfa_token is spent.
    challenge(&api, &mfa_token, &current).problem(401);
}

#[test]
fn each_backup_code_works_once() {
    let api = Api::start();
    let (token, _, codes) = user_with_mfa(&api, "backup@example.com");
    let mfa_token = s(&login(&api, "backup@example.com")["mfa_token"]);
    challenge(&api, &mfa_token, &codes[0]).ok();
    let mfa_token = s(&login(&api, "backup@example.com")["mfa_token"]);
    challenge(&api, &mfa_token, &codes[0]).problem(401);
    let remaining = api
        .get("/api/v1/auth/mfa/remaining")
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(remaining["data"]["remaining"], 9);

    let ok = api
        .post(
            "/api/v1/auth/mfa/backup-code/verify",
            json!({ "code": codes[1] }),
        )
        .user_auth(&token)
        .send()
        .ok();
    assert!(ok["message"].is_string());
    api.post(
        "/api/v1/auth/mfa/backup-code/verify",
        json!({ "code": codes[1] }),
    )
    .user_auth(&token)
    .send()
    .problem(400);

    let fresh = api
        .post("/api/v1/auth/mfa/backup-codes", json!({}))
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(fresh["data"]["backup_codes"].as_array().unwrap().len(), 10);
    let remaining = api
        .get("/api/v1/auth/mfa/remaining")
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(remaining["data"]["remaining"], 10);
    // Old codes died with the regeneration.
    api.post(
        "/api/v1/auth/mfa/backup-code/verify",
        json!({ "code": codes[2] }),
    )
    .user_auth(&token)
    .send()
    .problem(400);
}

#[test]
fn disable_needs_a_valid_code() {
    let api = Api::start();
    let (token, secret, _) = user_with_mfa(&api, "off@example.com");
    api.post(
        "/api/v1/auth/mfa/disable",
        json!({ "code": wrong_code(&secret, now(&api)) }),
    )
    .user_auth(&token)
    .send()
    .problem(400);
    let code = code(&secret, now(&api));
    let r = api
        .post("/api/v1/auth/mfa/disable", json!({ "code": code }))
        .user_auth(&token)
        .send()
        .ok();
    assert!(r["message"].is_string());
    assert!(login(&api, "off@example.com")["access_token"].is_string());
    let remaining = api
        .get("/api/v1/auth/mfa/remaining")
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(remaining["data"]["remaining"], 0);
}

#[test]
fn enable_twice_conflicts_and_verify_needs_enable() {
    let api = Api::start();
    let token = api.user_token("twice@example.com");
    api.post("/api/v1/auth/mfa/verify", json!({ "code": "123456" }))
        .user_auth(&token)
        .send()
        .problem(400);
    let (token, _, _) = user_with_mfa(&api, "twice2@example.com");
    api.post("/api/v1/auth/mfa/enable", json!({}))
        .user_auth(&token)
        .send()
        .problem(409);
}

#[test]
fn platform_mfa_challenge() {
    let api = Api::start();
    let seed = api.emu.seed().clone();
    let setup = api
        .post(
            "/__emulator/platform-mfa",
            json!({ "email": seed.admin_email }),
        )
        .send()
        .ok();
    let secret = s(&setup["data"]["secret"]);
    let first = api
        .post(
            "/api/platform/auth/login",
            json!({ "email": seed.admin_email, "password": seed.admin_password }),
        )
        .send()
        .ok();
    assert_eq!(first["mfa_required"], true);
    let mfa_token = s(&first["mfa_token"]);
    // An app-user challenge cannot spend a platform ticket.
    challenge(&api, &mfa_token, &code(&secret, now(&api))).problem(401);
    let done = api
        .post(
            "/api/platform/auth/mfa/challenge",
            json!({ "mfa_token": mfa_token, "code": code(&secret, now(&api)) }),
        )
        .send()
        .ok();
    assert_eq!(
        crate::jwt::claims(&s(&done["access_token"]))["type"],
        "platform"
    );
    assert_eq!(done["user"]["email"], seed.admin_email.as_str());
}

use serde_json::json;

use crate::client::{Api, s};

#[test]
fn refresh_rotates_and_reuse_revokes_the_family() {
    let api = Api::start();
    let r = api.register("rot@example.com");
    let first = s(&r["refresh_token"]);
    let next = api.refresh(&first).ok();
    let second = s(&next["refresh_token"]);
    assert_ne!(first, second);
    assert_eq!(next["token_type"], "Bearer");
    assert!(next["roles"].is_array() && next["permissions"].is_array());
    api.get("/api/v1/auth/me")
        .user_auth(&s(&next["access_token"]))
        .send()
        .ok();

    // The spent token comes back: the whole family dies, the newest token included.
    let p = api.refresh(&first).problem(401);
    assert_eq!(p["type"], "REFRESH_TOKEN_REUSED");
    api.refresh(&second).problem(401);
    api.get("/api/v1/auth/me")
        .user_auth(&s(&next["access_token"]))
        .send()
        .problem(401);
}

#[test]
fn other_sessions_survive_a_reuse() {
    let api = Api::start();
    let a = api.register("two@example.com");
    let b = api
        .post(
            "/api/v1/auth/login",
            json!({ "email": "two@example.com", "password": "password-123" }),
        )
        .pk()
        .send()
        .ok();
    let ra = s(&a["refresh_token"]);
    api.refresh(&ra).ok();
    api.refresh(&ra).problem(401);
    api.refresh(&s(&b["refresh_token"])).ok();
}

#[test]
fn refresh_tokens_stay_in_their_lane() {
    let api = Api::start();
    let r = api.register("lane@example.com");
    let rt = s(&r["refresh_token"]);
    api.post("/api/platform/auth/refresh", json!({ "refresh_token": rt }))
        .send()
        .problem(401);
    api.refresh("rt_unknown").problem(401);
    // Still usable where it belongs.
    api.refresh(&rt).ok();
}

#[test]
fn sessions_expire_after_the_refresh_ttl() {
    let api = Api::start_with(
        inai_auth_emulator::EmulatorConfig::default()
            .with_refresh_token_ttl(std::time::Duration::from_secs(3600)),
    );
    let r = api.register("ttl@example.com");
    api.clock.advance(std::time::Duration::from_secs(3600));
    api.refresh(&s(&r["refresh_token"])).problem(401);
}

#[test]
fn platform_refresh_and_logout() {
    let api = Api::start();
    let seed = api.emu.seed();
    let login = api
        .post(
            "/api/platform/auth/login",
            json!({ "email": seed.admin_email, "password": seed.admin_password }),
        )
        .send()
        .ok();
    let next = api
        .post(
            "/api/platform/auth/refresh",
            json!({ "refresh_token": s(&login["refresh_token"]) }),
        )
        .send()
        .ok();
    let access = s(&next["access_token"]);
    api.get("/api/platform/auth/me").bearer(&access).send().ok();
    let out = api
        .post("/api/platform/auth/logout", json!({}))
        .bearer(&access)
        .send()
        .ok();
    assert!(out["message"].is_string());
    api.get("/api/platform/auth/me")
        .bearer(&access)
        .send()
        .problem(401);
    api.post(
        "/api/platform/auth/refresh",
        json!({ "refresh_token": s(&next["refresh_token"]) }),
    )
    .send()
    .problem(401);
}

use serde_json::json;

use crate::client::{Api, s};

fn last_token(api: &Api, kind: &str, to: &str) -> String {
    let out = api
        .get(&format!("/__emulator/outbox?kind={kind}&to={to}"))
        .send()
        .ok();
    let list = out.as_array().unwrap();
    assert!(!list.is_empty(), "no {kind} email to {to}");
    s(&list.last().unwrap()["token"])
}

#[test]
fn verify_email_with_the_outbox_token_once() {
    let api = Api::start();
    let token = api.user_token("verify@example.com");
    let out = api.get("/__emulator/outbox").send().ok();
    assert_eq!(out[0]["to"], "verify@example.com");
    assert_eq!(out[0]["kind"], "verify_email");
    let vt = last_token(&api, "verify_email", "verify@example.com");
    let r = api
        .post("/api/v1/auth/verify-email", json!({ "token": vt }))
        .pk()
        .send()
        .ok();
    assert!(r["message"].is_string());
    let me = api.get("/api/v1/auth/me").user_auth(&token).send().ok();
    assert_eq!(me["data"]["emailVerified"], true);
    let p = api
        .post("/api/v1/auth/verify-email", json!({ "token": vt }))
        .pk()
        .send()
        .problem(400);
    assert_eq!(p["type"], "INVALID_TOKEN");
}

#[test]
fn forgot_and_reset_password() {
    let api = Api::start();
    let r = api.register("reset@example.com");
    let before = api.emu.outbox().len();
    let ok = api
        .post(
            "/api/v1/auth/forgot-password",
            json!({ "email": "nobody@example.com" }),
        )
        .pk()
        .send()
        .ok();
    assert!(ok["message"].is_string());
    assert_eq!(
        api.emu.outbox().len(),
        before,
        "no email for an unknown address"
    );

    api.post(
        "/api/v1/auth/forgot-password",
        json!({ "email": "reset@example.com" }),
    )
    .pk()
    .send()
    .ok();
    let rt = last_token(&api, "reset_password", "reset@example.com");
    api.post(
        "/api/v1/auth/reset-password",
        json!({ "token": rt, "password": "short" }),
    )
    .pk()
    .send()
    .problem(422);
    api.post(
        "/api/v1/auth/reset-password",
        json!({ "token": rt, "password": "new-password-1" }),
    )
    .pk()
    .send()
    .ok();
    api.post(
        "/api/v1/auth/reset-password",
        json!({ "token": rt, "password": "new-password-2" }),
    )
    .pk()
    .send()
    .problem(400);
    api.post(
        "/api/v1/auth/login",
        json!({ "email": "reset@example.com", "password": "password-123" }),
    )
    .pk()
    .send()
    .problem(401);
    api.post(
        "/api/v1/auth/login",
        json!({ "email": "reset@example.com", "password": "new-password-1" }),
    )
    .pk()
    .send()
    .ok();
    // Resetting ends the old sessions.
    api.refresh(&s(&r["refresh_token"])).problem(401);
}

#[test]
fn reset_tokens_expire_after_an_hour() {
    let api = Api::start();
    api.register("late@example.com");
    api.post(
        "/api/v1/auth/forgot-password",
        json!({ "email": "late@example.com" }),
    )
    .pk()
    .send()
    .ok();
    let rt = last_token(&api, "reset_password", "late@example.com");
    api.clock.advance(std::time::Duration::from_secs(3600));
    api.post(
        "/api/v1/auth/reset-password",
        json!({ "token": rt, "password": "new-password-1" }),
    )
    .pk()
    .send()
    .problem(400);
}

#[test]
fn outbox_entries_do_not_print_their_token() {
    let api = Api::start();
    api.register("debug@example.com");
    let entry = api.emu.outbox().pop().unwrap();
    assert!(!format!("{entry:?}").contains(&entry.token));
}

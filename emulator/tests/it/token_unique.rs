//! Every access token the emulator issues is a different text (a random `jti`), even
//! for the same user in the same second.

use serde_json::json;

use crate::client::{Api, s};
use crate::jwt::claims;

fn login(api: &Api, email: &str) -> serde_json::Value {
    api.post(
        "/api/v1/auth/login",
        json!({ "email": email, "password": "password-123" }),
    )
    .pk()
    .send()
    .ok()
}

#[test]
fn two_logins_in_the_same_second_give_different_tokens() {
    // The manual clock does not move: both logins happen in the same second.
    let api = Api::start();
    api.register("twice@example.com");
    let a = s(&login(&api, "twice@example.com")["access_token"]);
    let b = s(&login(&api, "twice@example.com")["access_token"]);
    assert_ne!(a, b);
    let (ca, cb) = (claims(&a), claims(&b));
    assert_eq!(ca["iat"], cb["iat"]);
    let jti = ca["jti"].as_str().unwrap();
    assert_eq!(jti.len(), 32, "{jti}");
    assert_ne!(ca["jti"], cb["jti"]);
}

#[test]
fn a_refresh_right_after_login_gives_a_new_access_token() {
    let api = Api::start();
    api.register("fresh@example.com");
    let pair = login(&api, "fresh@example.com");
    let next = api.refresh(&s(&pair["refresh_token"])).ok();
    assert_ne!(s(&pair["access_token"]), s(&next["access_token"]));
    assert_ne!(s(&pair["refresh_token"]), s(&next["refresh_token"]));
    // The new token works.
    api.get("/api/v1/auth/me")
        .user_auth(&s(&next["access_token"]))
        .send()
        .ok();
}

#[test]
fn logging_out_one_session_leaves_the_other_usable() {
    let api = Api::start();
    api.register("two@example.com");
    let first = login(&api, "two@example.com");
    let second = login(&api, "two@example.com");
    api.post(
        "/api/v1/auth/logout",
        json!({ "refresh_token": s(&first["refresh_token"]) }),
    )
    .pk()
    .send()
    .ok();
    let gone = api
        .get("/api/v1/auth/me")
        .user_auth(&s(&first["access_token"]))
        .send()
        .problem(401);
    assert_eq!(gone["type"], "SESSION_REVOKED");
    let me = api
        .get("/api/v1/auth/me")
        .user_auth(&s(&second["access_token"]))
        .send()
        .ok();
    assert_eq!(me["data"]["email"], "two@example.com");
}

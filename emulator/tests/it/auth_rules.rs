use serde_json::json;

use crate::client::Api;

#[test]
fn v1_routes_need_a_known_publishable_key() {
    let api = Api::start();
    let body = json!({ "email": "a@example.com", "password": "password-123" });
    let p = api
        .post("/api/v1/auth/login", body.clone())
        .send()
        .problem(401);
    assert_eq!(p["type"], "MISSING_PUBLISHABLE_KEY");
    let p = api
        .post("/api/v1/auth/login", body)
        .key("pk_test_nope")
        .send()
        .problem(401);
    assert_eq!(p["type"], "INVALID_PUBLISHABLE_KEY");
}

#[test]
fn bearer_routes_need_a_valid_token() {
    let api = Api::start();
    api.get("/api/v1/auth/me").pk().send().problem(401);
    api.get("/api/v1/auth/me")
        .pk()
        .header("Authorization", "Basic abc")
        .send()
        .problem(401);
    let p = api
        .get("/api/v1/auth/me")
        .user_auth("not.a.jwt")
        .send()
        .problem(401);
    assert_eq!(p["type"], "INVALID_TOKEN");
    api.get("/api/platform/auth/me").send().problem(401);
    api.get("/api/platform/applications")
        .bearer("x")
        .send()
        .problem(401);
}

#[test]
fn a_forged_token_is_refused() {
    let api = Api::start();
    let token = api.user_token("forge@example.com");
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut claims = crate::jwt::claims(&token);
    claims["roles"] = json!(["admin"]);
    use base64::Engine as _;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string());
    api.get("/api/v1/auth/me")
        .user_auth(&parts.join("."))
        .send()
        .problem(401);
}

#[test]
fn token_types_do_not_cross_over() {
    let api = Api::start();
    let user = api.user_token("cross@example.com");
    let admin = api.admin_token();
    let p = api
        .get("/api/platform/auth/me")
        .bearer(&user)
        .send()
        .problem(403);
    assert_eq!(p["type"], "FORBIDDEN");
    api.get("/api/platform/applications")
        .bearer(&user)
        .send()
        .problem(403);
    let p = api
        .get("/api/v1/auth/me")
        .user_auth(&admin)
        .send()
        .problem(403);
    assert_eq!(p["type"], "FORBIDDEN");
}

#[test]
fn unknown_routes_and_methods_are_problems() {
    let api = Api::start();
    let p = api.get("/api/v1/nope").send().problem(404);
    assert_eq!(p["type"], "NOT_FOUND");
    let p = api.delete("/api/v1/auth/login").send().problem(405);
    assert_eq!(p["type"], "METHOD_NOT_ALLOWED");
}

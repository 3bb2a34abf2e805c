use serde_json::json;

use crate::client::{Api, s};
use crate::jwt;

#[test]
fn admin_login_and_me() {
    let api = Api::start();
    let seed = api.emu.seed().clone();
    let r = api
        .post(
            "/api/platform/auth/login",
            json!({ "email": seed.admin_email, "password": seed.admin_password }),
        )
        .send()
        .status(200);
    assert_eq!(r["user"]["roles"], json!(["owner"]));
    assert_eq!(r["user"]["tenant"]["id"], seed.tenant_id.as_str());
    let token = s(&r["access_token"]);
    let claims = jwt::claims(&token);
    assert_eq!(
        jwt::claim_names(&claims),
        [
            "email",
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
    assert_eq!(claims["type"], "platform");
    assert_eq!(claims["sub"], seed.admin_id.as_str());
    let me = api.get("/api/platform/auth/me").bearer(&token).send().ok();
    assert_eq!(me["data"]["email"], seed.admin_email.as_str());
    assert!(me["data"]["permissions"].as_array().unwrap().len() > 1);
    api.post(
        "/api/platform/auth/login",
        json!({ "email": seed.admin_email, "password": "nope-nope" }),
    )
    .send()
    .problem(401);
}

#[test]
fn platform_register_creates_a_tenant() {
    let api = Api::start();
    let body = json!({
        "email": "founder@acme.test", "password": "password-123", "firstName": "F",
        "tenantName": "Acme", "tenantSlug": "acme"
    });
    let r = api
        .post("/api/platform/auth/register", body.clone())
        .send()
        .status(201);
    assert_eq!(r["tenant"]["slug"], "acme");
    assert_eq!(r["user"]["tenantId"], r["tenant"]["id"]);
    let claims = jwt::claims(&s(&r["access_token"]));
    assert_eq!(claims["tenant_id"], r["tenant"]["id"]);
    // Same email or same slug: conflict.
    api.post("/api/platform/auth/register", body)
        .send()
        .problem(409);
    api.post(
        "/api/platform/auth/register",
        json!({ "email": "other@acme.test", "password": "password-123", "tenantName": "A", "tenantSlug": "acme" }),
    )
    .send()
    .problem(409);
    api.post(
        "/api/platform/auth/register",
        json!({ "email": "other@acme.test", "password": "password-123", "tenantName": "A", "tenantSlug": "Not A Slug" }),
    )
    .send()
    .problem(422);
    // The new tenant sees none of the seed tenant's applications.
    let apps = api
        .get("/api/platform/applications")
        .bearer(&s(&r["access_token"]))
        .send();
    if apps.status == 200 {
        assert!(apps.body["data"].as_array().unwrap().is_empty());
    }
}

use serde_json::{Value, json};

use crate::client::{Api, s};

pub fn create_app(api: &Api, token: &str, slug: &str) -> Value {
    api.post(
        "/api/platform/applications",
        json!({ "name": format!("App {slug}"), "slug": slug, "domain": "example.com", "callbackUrls": ["http://localhost/cb"], "settings": { "a": 1 } }),
    )
    .bearer(token)
    .send()
    .status(201)["data"]
        .clone()
}

#[test]
fn application_crud() {
    let api = Api::start();
    let token = api.admin_token();
    let list = api
        .get("/api/platform/applications")
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    assert_eq!(
        list["data"][0]["id"],
        api.emu.seed().application_id.as_str()
    );
    assert_eq!(list["data"][0]["environments"][0]["name"], "development");

    let app = create_app(&api, &token, "shop");
    let id = s(&app["id"]);
    assert_eq!(app["domain"], "example.com");
    assert_eq!(app["callbackUrls"], json!(["http://localhost/cb"]));
    assert_eq!(app["logoUrl"], Value::Null);
    assert_eq!(app["isActive"], true);
    let envs: Vec<&str> = app["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(envs, ["development", "production"]);
    assert!(s(&app["environments"][0]["publishableKey"]).starts_with("pk_test_"));
    assert!(s(&app["environments"][1]["publishableKey"]).starts_with("pk_live_"));

    api.post(
        "/api/platform/applications",
        json!({ "name": "again", "slug": "shop" }),
    )
    .bearer(&token)
    .send()
    .problem(409);
    api.post("/api/platform/applications", json!({ "name": "x" }))
        .bearer(&token)
        .send()
        .problem(422);

    let got = api
        .get(&format!("/api/platform/applications/{id}"))
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(got["data"]["slug"], "shop");
    let updated = api
        .patch(
            &format!("/api/platform/applications/{id}"),
            json!({ "name": "Shop 2", "domain": null, "isActive": false }),
        )
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(updated["data"]["name"], "Shop 2");
    assert_eq!(updated["data"]["domain"], Value::Null);
    assert_eq!(updated["data"]["isActive"], false);
    assert_eq!(updated["data"]["settings"], json!({ "a": 1 }));
    api.patch(
        &format!("/api/platform/applications/{id}"),
        json!({ "name": null }),
    )
    .bearer(&token)
    .send()
    .problem(422);
    api.patch(
        &format!("/api/platform/applications/{id}"),
        json!({ "isActive": "yes" }),
    )
    .bearer(&token)
    .send()
    .problem(422);

    let del = api
        .delete(&format!("/api/platform/applications/{id}"))
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(del["success"], true);
    api.get(&format!("/api/platform/applications/{id}"))
        .bearer(&token)
        .send()
        .problem(404);
    api.delete(&format!("/api/platform/applications/{id}"))
        .bearer(&token)
        .send()
        .problem(404);
    let list = api
        .get("/api/platform/applications")
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
}

#[test]
fn a_disabled_application_refuses_its_publishable_key() {
    let api = Api::start();
    let token = api.admin_token();
    let id = api.emu.seed().application_id.clone();
    api.patch(
        &format!("/api/platform/applications/{id}"),
        json!({ "isActive": false }),
    )
    .bearer(&token)
    .send()
    .ok();
    api.post(
        "/api/v1/auth/login",
        json!({ "email": "a@example.com", "password": "password-123" }),
    )
    .pk()
    .send()
    .problem(403);
}

#[test]
fn stats_count_users_sessions_roles_and_keys() {
    let api = Api::start();
    let token = api.admin_token();
    api.register("s1@example.com");
    api.register("s2@example.com");
    let app = api.emu.seed().application_id.clone();
    let env = api.emu.seed().environment_id.clone();
    api.post(
        &format!("/api/platform/applications/{app}/api-keys"),
        json!({ "name": "k", "environmentId": env }),
    )
    .bearer(&token)
    .send()
    .status(201);
    let st = api
        .get(&format!("/api/platform/applications/{app}/stats"))
        .bearer(&token)
        .send()
        .ok();
    let d = &st["data"];
    assert_eq!(d["totalUsers"], 2);
    assert_eq!(d["activeSessions"], 2);
    assert_eq!(d["totalRoles"], 0);
    assert_eq!(d["totalApiKeys"], 1);
    assert_eq!(d["environments"][0]["id"], env.as_str());
    assert_eq!(d["environments"][0]["userCount"], 2);
    assert_eq!(d["environments"][0]["sessionCount"], 2);
    api.get("/api/platform/applications/app_missing/stats")
        .bearer(&token)
        .send()
        .problem(404);
}

#[test]
fn tenants_do_not_see_each_other() {
    let api = Api::start();
    let other = api
        .post(
            "/api/platform/auth/register",
            json!({ "email": "o@other.test", "password": "password-123", "tenantName": "O", "tenantSlug": "other" }),
        )
        .send()
        .status(201);
    let other = s(&other["access_token"]);
    let app = api.emu.seed().application_id.clone();
    assert!(
        api.get("/api/platform/applications")
            .bearer(&other)
            .send()
            .ok()["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    api.get(&format!("/api/platform/applications/{app}"))
        .bearer(&other)
        .send()
        .problem(404);
    api.get(&format!("/api/platform/applications/{app}/users"))
        .bearer(&other)
        .send()
        .problem(404);
}

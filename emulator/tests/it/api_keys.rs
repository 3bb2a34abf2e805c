use serde_json::json;

use crate::client::{Api, s};

#[test]
fn app_api_keys_show_the_secret_once() {
    let api = Api::start();
    let token = api.admin_token();
    let app = api.emu.seed().application_id.clone();
    let env = api.emu.seed().environment_id.clone();
    let path = format!("/api/platform/applications/{app}/api-keys");
    let created = api
        .post(&path, json!({ "name": "backend", "environmentId": env }))
        .bearer(&token)
        .send()
        .status(201);
    let key = s(&created["data"]["key"]);
    assert!(key.starts_with("sk_test_"));
    assert!(key.starts_with(&s(&created["data"]["keyPrefix"])));
    assert_eq!(created["data"]["keyType"], "secret");
    assert_eq!(created["data"]["environmentId"], env.as_str());
    let list = api
        .get(&format!("{path}?environmentId={env}"))
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    assert!(list["data"][0].get("key").is_none());
    assert!(!list.to_string().contains(&key));
    let id = s(&created["data"]["id"]);
    assert_eq!(
        api.delete(&format!("{path}/{id}"))
            .bearer(&token)
            .send()
            .ok()["success"],
        true
    );
    api.delete(&format!("{path}/{id}"))
        .bearer(&token)
        .send()
        .problem(404);
    assert!(
        api.get(&path).bearer(&token).send().ok()["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    api.post(&path, json!({ "name": "x" }))
        .bearer(&token)
        .send()
        .problem(422);
}

#[test]
fn rotating_the_publishable_key_retires_the_old_one() {
    let api = Api::start();
    let token = api.admin_token();
    let old = api.pk();
    api.register("pk@example.com");
    let app = api.emu.seed().application_id.clone();
    let env = api.emu.seed().environment_id.clone();
    let r = api
        .post(
            &format!("/api/platform/applications/{app}/rotate-keys"),
            json!({ "environmentId": env }),
        )
        .bearer(&token)
        .send()
        .ok();
    let new = s(&r["publishableKey"]);
    assert!(new.starts_with("pk_test_") && new != old);
    let login = json!({ "email": "pk@example.com", "password": "password-123" });
    api.post("/api/v1/auth/login", login.clone())
        .key(&old)
        .send()
        .problem(401);
    api.post("/api/v1/auth/login", login).key(&new).send().ok();
    let got = api
        .get(&format!("/api/platform/applications/{app}"))
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(
        got["data"]["environments"][0]["publishableKey"],
        new.as_str()
    );
}

#[test]
fn users_and_tokens_are_scoped_to_their_environment() {
    let api = Api::start();
    let admin = api.admin_token();
    let app = crate::applications::create_app(&api, &admin, "scoped");
    let other_pk = s(&app["environments"][0]["publishableKey"]);
    let token = api.user_token("scope@example.com");
    // Same email can register again in another environment.
    api.post(
        "/api/v1/auth/register",
        json!({ "email": "scope@example.com", "password": "password-123" }),
    )
    .key(&other_pk)
    .send()
    .status(201);
    // A token of the seed environment is not valid with another environment's key.
    api.get("/api/v1/auth/me")
        .key(&other_pk)
        .bearer(&token)
        .send()
        .problem(401);
    // Nor is a refresh token.
    let r = api.register("scope2@example.com");
    api.post(
        "/api/v1/auth/refresh",
        json!({ "refresh_token": s(&r["refresh_token"]) }),
    )
    .key(&other_pk)
    .send()
    .problem(401);
}

#[test]
fn platform_api_keys() {
    let api = Api::start();
    let token = api.admin_token();
    let created = api
        .post("/api/platform/api-keys", json!({ "name": "ci" }))
        .bearer(&token)
        .send()
        .status(201);
    assert_eq!(created["data"]["keyType"], "platform");
    assert!(s(&created["data"]["key"]).starts_with("sk_platform_"));
    let id = s(&created["data"]["id"]);
    let list = api.get("/api/platform/api-keys").bearer(&token).send().ok();
    assert_eq!(list["data"][0]["id"], id.as_str());
    assert_eq!(
        api.delete(&format!("/api/platform/api-keys/{id}"))
            .bearer(&token)
            .send()
            .ok()["success"],
        true
    );
    api.delete(&format!("/api/platform/api-keys/{id}"))
        .bearer(&token)
        .send()
        .problem(404);
    assert!(
        api.get("/api/platform/api-keys").bearer(&token).send().ok()["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

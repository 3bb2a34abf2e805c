use serde_json::json;

use crate::client::{Api, s};

fn login(api: &Api, email: &str) -> serde_json::Value {
    api.post(
        "/api/v1/auth/login",
        json!({ "email": email, "password": "password-123" }),
    )
    .pk()
    .header("User-Agent", "session-test/1.0")
    .send()
    .ok()
}

#[test]
fn users_list_and_revoke_their_sessions() {
    let api = Api::start();
    let first = api.register("sess@example.com");
    let second = login(&api, "sess@example.com");
    let third = login(&api, "sess@example.com");
    let token = s(&third["access_token"]);
    let list = api.get("/api/v1/sessions").user_auth(&token).send().ok();
    let sessions = list["data"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    assert_eq!(sessions[1]["userAgent"], "session-test/1.0");
    assert_eq!(sessions[0]["userEmail"], "sess@example.com");
    assert_eq!(
        sessions[0]["environmentId"],
        api.emu.seed().environment_id.as_str()
    );
    let first_id = s(&sessions[0]["id"]);
    let r = api
        .post(&format!("/api/v1/sessions/{first_id}/revoke"), json!({}))
        .user_auth(&token)
        .send()
        .ok();
    assert!(r["message"].is_string());
    api.refresh(&s(&first["refresh_token"])).problem(401);
    api.post("/api/v1/sessions/sess_nope/revoke", json!({}))
        .user_auth(&token)
        .send()
        .problem(404);

    api.post(
        "/api/v1/sessions/revoke-all",
        json!({ "password": "wrong-password" }),
    )
    .user_auth(&token)
    .send()
    .problem(401);
    let r = api
        .post(
            "/api/v1/sessions/revoke-all",
            json!({ "password": "password-123", "keepCurrent": true }),
        )
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(r["revokedCount"], 1);
    api.refresh(&s(&second["refresh_token"])).problem(401);
    let list = api.get("/api/v1/sessions").user_auth(&token).send().ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let r = api
        .post(
            "/api/v1/sessions/revoke-all",
            json!({ "password": "password-123" }),
        )
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(r["revokedCount"], 1);
    api.get("/api/v1/sessions")
        .user_auth(&token)
        .send()
        .problem(401);
}

#[test]
fn platform_lists_and_revokes_app_sessions() {
    let api = Api::start();
    let admin = api.admin_token();
    let app = api.emu.seed().application_id.clone();
    let env = api.emu.seed().environment_id.clone();
    let u = api.register("a1@example.com");
    api.register("a2@example.com");
    let base = format!("/api/platform/applications/{app}/sessions");
    let page = api
        .get(&format!("{base}?environmentId={env}&limit=1"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(page["total"], 2);
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    let all = api.get(&base).bearer(&admin).send().ok();
    let sid = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["userEmail"] == "a1@example.com")
        .map(|x| s(&x["id"]))
        .unwrap();
    let r = api
        .post(&format!("{base}/{sid}/revoke"), json!({}))
        .bearer(&admin)
        .send()
        .ok();
    assert!(r["message"].is_string());
    api.get("/api/v1/auth/me")
        .user_auth(&s(&u["access_token"]))
        .send()
        .problem(401);
    assert_eq!(api.get(&base).bearer(&admin).send().ok()["total"], 1);
    api.post(&format!("{base}/sess_nope/revoke"), json!({}))
        .bearer(&admin)
        .send()
        .problem(404);
}

use serde_json::json;

use crate::client::{Api, s};

#[test]
fn platform_app_invitations() {
    let api = Api::start();
    let admin = api.admin_token();
    let app = api.emu.seed().application_id.clone();
    let env = api.emu.seed().environment_id.clone();
    let base = format!("/api/platform/applications/{app}/invitations");
    let role = api
        .post(
            &format!("/api/platform/applications/{app}/roles"),
            json!({ "name": "guest", "environmentId": env }),
        )
        .bearer(&admin)
        .send()
        .status(201);
    let rid = s(&role["data"]["id"]);
    let inv = api
        .post(
            &base,
            json!({ "email": "guest@example.com", "roleId": rid, "environmentId": env }),
        )
        .bearer(&admin)
        .send()
        .status(201)["data"]
        .clone();
    assert_eq!(inv["roleName"], "guest");
    assert_eq!(inv["environmentId"], env.as_str());
    assert_eq!(inv["expiresAt"], "2026-01-08T00:00:00.000Z");
    let id = s(&inv["id"]);
    api.post(
        &base,
        json!({ "email": "guest@example.com", "environmentId": env }),
    )
    .bearer(&admin)
    .send()
    .problem(409);
    api.post(
        &base,
        json!({ "email": "x@example.com", "roleId": "role_nope", "environmentId": env }),
    )
    .bearer(&admin)
    .send()
    .problem(404);
    let list = api
        .get(&format!("{base}?environmentId={env}"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    api.clock.advance(std::time::Duration::from_secs(3600));
    let admin = api.admin_token();
    let resent = api
        .post(&format!("{base}/{id}/resend"), json!({}))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(resent["data"]["expiresAt"], "2026-01-08T01:00:00.000Z");
    let sent: Vec<_> = api
        .emu
        .outbox()
        .into_iter()
        .filter(|e| e.kind == "invitation")
        .collect();
    assert_eq!(sent.len(), 2);

    // The invitee registers and accepts: the role is theirs.
    let token = api.user_token("guest@example.com");
    api.post(&format!("/api/v1/invitations/{id}/accept"), json!({}))
        .user_auth(&token)
        .send()
        .ok();
    let me = api.get("/api/v1/auth/me").user_auth(&token).send().ok();
    assert_eq!(me["data"]["roles"], json!(["guest"]));
    api.delete(&format!("{base}/{id}"))
        .bearer(&admin)
        .send()
        .problem(409);

    let inv2 = api
        .post(
            &base,
            json!({ "email": "later@example.com", "environmentId": env }),
        )
        .bearer(&admin)
        .send()
        .status(201);
    let id2 = s(&inv2["data"]["id"]);
    assert_eq!(
        api.delete(&format!("{base}/{id2}"))
            .bearer(&admin)
            .send()
            .ok()["success"],
        true
    );
    api.post(&format!("{base}/{id2}/resend"), json!({}))
        .bearer(&admin)
        .send()
        .problem(409);
    api.delete(&format!("{base}/inv_nope"))
        .bearer(&admin)
        .send()
        .problem(404);
}

#[test]
fn v1_invitations() {
    let api = Api::start();
    let token = api.user_token("inviter@example.com");
    let inv = api
        .post(
            "/api/v1/invitations",
            json!({ "email": "friend@example.com" }),
        )
        .user_auth(&token)
        .send()
        .status(201);
    let id = s(&inv["data"]["id"]);
    assert_eq!(inv["data"]["roleId"], serde_json::Value::Null);
    assert_eq!(inv["data"]["invitedBy"], crate::jwt::claims(&token)["sub"]);
    let list = api.get("/api/v1/invitations").user_auth(&token).send().ok();
    assert_eq!(list["data"][0]["id"], id.as_str());
    let resent = api
        .post(&format!("/api/v1/invitations/{id}/resend"), json!({}))
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(resent["data"]["status"], "pending");
    assert_eq!(
        api.delete(&format!("/api/v1/invitations/{id}"))
            .user_auth(&token)
            .send()
            .ok()["success"],
        true
    );
    let list = api.get("/api/v1/invitations").user_auth(&token).send().ok();
    assert_eq!(list["data"][0]["status"], "cancelled");
    let friend = api.user_token("friend@example.com");
    api.post(&format!("/api/v1/invitations/{id}/accept"), json!({}))
        .user_auth(&friend)
        .send()
        .problem(409);

    let inv = api
        .post(
            "/api/v1/invitations",
            json!({ "email": "late@example.com" }),
        )
        .user_auth(&token)
        .send()
        .status(201);
    let late = s(&inv["data"]["id"]);
    api.clock
        .advance(std::time::Duration::from_secs(8 * 24 * 3600));
    let late_token = api.user_token("late@example.com");
    api.post(&format!("/api/v1/invitations/{late}/accept"), json!({}))
        .user_auth(&late_token)
        .send()
        .problem(410);
}

use serde_json::json;

use crate::client::{Api, s};

#[test]
fn invite_accept_update_and_remove_platform_members() {
    let api = Api::start();
    let admin = api.admin_token();
    let list = api.get("/api/platform/members").bearer(&admin).send().ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    assert_eq!(list["data"][0]["roles"], json!(["owner"]));

    let r = api
        .post(
            "/api/platform/members/invite",
            json!({ "email": "dev@example.com", "roleName": "admin", "firstName": "Dev" }),
        )
        .bearer(&admin)
        .send()
        .status(201);
    assert!(r["message"].is_string());
    assert_eq!(r["data"]["roleName"], "admin");
    assert_eq!(r["data"]["status"], "pending");
    assert_eq!(r["data"]["invitedBy"], api.emu.seed().admin_id.as_str());
    let inv = s(&r["data"]["id"]);
    api.post(
        "/api/platform/members/invite",
        json!({ "email": "dev@example.com", "roleName": "admin" }),
    )
    .bearer(&admin)
    .send()
    .problem(409);
    api.post(
        "/api/platform/members/invite",
        json!({ "email": "x@example.com", "roleName": "king" }),
    )
    .bearer(&admin)
    .send()
    .problem(422);
    api.post(
        "/api/platform/members/invite",
        json!({ "email": "admin@example.com", "roleName": "member" }),
    )
    .bearer(&admin)
    .send()
    .problem(409);
    let mail = api.emu.outbox().pop().unwrap();
    assert_eq!(
        (mail.kind.as_str(), mail.to.as_str(), mail.token.as_str()),
        ("platform_invitation", "dev@example.com", inv.as_str())
    );
    let invs = api
        .get("/api/platform/members/invitations")
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(invs["data"][0]["id"], inv.as_str());
    let resent = api
        .post(
            &format!("/api/platform/members/invitations/{inv}/resend"),
            json!({}),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(resent["data"]["id"], inv.as_str());

    // Accepting needs no token and creates the member.
    let ok = api
        .post(
            &format!("/api/platform/members/invite/{inv}/accept"),
            json!({ "password": "dev-password-1" }),
        )
        .send()
        .ok();
    assert!(ok["message"].is_string());
    api.post(
        &format!("/api/platform/members/invite/{inv}/accept"),
        json!({ "password": "dev-password-1" }),
    )
    .send()
    .problem(409);
    let dev = api
        .post(
            "/api/platform/auth/login",
            json!({ "email": "dev@example.com", "password": "dev-password-1" }),
        )
        .send()
        .ok();
    assert_eq!(dev["user"]["roles"], json!(["admin"]));
    assert_eq!(dev["user"]["firstName"], "Dev");
    let dev_id = s(&dev["user"]["id"]);

    let upd = api
        .patch(
            &format!("/api/platform/members/{dev_id}"),
            json!({ "roleName": "member" }),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(
        upd["data"],
        json!({ "id": dev_id, "email": "dev@example.com", "roles": ["member"] })
    );
    let admin_id = api.emu.seed().admin_id.clone();
    api.delete(&format!("/api/platform/members/{admin_id}"))
        .bearer(&admin)
        .send()
        .problem(400);
    let rm = api
        .delete(&format!("/api/platform/members/{dev_id}"))
        .bearer(&admin)
        .send()
        .ok();
    assert!(rm["message"].is_string());
    api.get("/api/platform/auth/me")
        .bearer(&s(&dev["access_token"]))
        .send()
        .problem(401);
    api.delete(&format!("/api/platform/members/{dev_id}"))
        .bearer(&admin)
        .send()
        .problem(404);
}

#[test]
fn cancelled_and_expired_platform_invitations() {
    let api = Api::start();
    let admin = api.admin_token();
    let r = api
        .post(
            "/api/platform/members/invite",
            json!({ "email": "c@example.com", "roleName": "member" }),
        )
        .bearer(&admin)
        .send()
        .status(201);
    let inv = s(&r["data"]["id"]);
    assert_eq!(
        api.delete(&format!("/api/platform/members/invitations/{inv}"))
            .bearer(&admin)
            .send()
            .ok()["success"],
        true
    );
    api.post(
        &format!("/api/platform/members/invite/{inv}/accept"),
        json!({ "password": "password-123" }),
    )
    .send()
    .problem(409);
    let r = api
        .post(
            "/api/platform/members/invite",
            json!({ "email": "e@example.com", "roleName": "member" }),
        )
        .bearer(&admin)
        .send()
        .status(201);
    let inv = s(&r["data"]["id"]);
    api.clock
        .advance(std::time::Duration::from_secs(7 * 24 * 3600));
    api.post(
        &format!("/api/platform/members/invite/{inv}/accept"),
        json!({ "password": "password-123" }),
    )
    .send()
    .problem(410);
    api.post(
        "/api/platform/members/invite/pinv_nope/accept",
        json!({ "password": "password-123" }),
    )
    .send()
    .problem(404);
}

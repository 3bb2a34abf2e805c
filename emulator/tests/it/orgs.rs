use serde_json::{Value, json};

use crate::client::{Api, s};
use crate::jwt;

#[test]
fn v1_organizations_and_active_org_claims() {
    let api = Api::start();
    let owner = api.register("owner@example.com");
    let owner_token = s(&owner["access_token"]);
    let org = api
        .post(
            "/api/v1/organizations",
            json!({ "name": "Acme", "slug": "acme", "metadata": { "tier": 1 } }),
        )
        .user_auth(&owner_token)
        .send()
        .status(201)["data"]
        .clone();
    let oid = s(&org["id"]);
    assert_eq!(org["createdBy"], owner["user"]["id"]);
    assert_eq!(org["metadata"], json!({ "tier": 1 }));
    assert_eq!(org["imageUrl"], Value::Null);
    api.post(
        "/api/v1/organizations",
        json!({ "name": "Again", "slug": "acme" }),
    )
    .user_auth(&owner_token)
    .send()
    .problem(409);

    let pair = api
        .post(
            "/api/v1/auth/set-active-organization",
            json!({ "organizationId": oid }),
        )
        .user_auth(&owner_token)
        .send()
        .ok();
    let claims = jwt::claims(&s(&pair["access_token"]));
    assert_eq!(claims["org_id"], oid.as_str());
    assert_eq!(claims["org_slug"], "acme");
    assert_eq!(claims["org_role"], "owner");
    assert!(
        claims["org_permissions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "org:update")
    );
    // Refreshing keeps the organization.
    let next = api.refresh(&s(&pair["refresh_token"])).ok();
    assert_eq!(
        jwt::claims(&s(&next["access_token"]))["org_id"],
        oid.as_str()
    );
    // Clearing it.
    let cleared = api
        .post(
            "/api/v1/auth/set-active-organization",
            json!({ "organizationId": null }),
        )
        .user_auth(&s(&next["access_token"]))
        .send()
        .ok();
    assert!(
        jwt::claims(&s(&cleared["access_token"]))
            .get("org_id")
            .is_none()
    );

    // A second user: not a member, so 404 on get and 403 on set-active.
    let other = api.register("other@example.com");
    let other_token = s(&other["access_token"]);
    let other_id = s(&other["user"]["id"]);
    api.get(&format!("/api/v1/organizations/{oid}"))
        .user_auth(&other_token)
        .send()
        .problem(404);
    api.post(
        "/api/v1/auth/set-active-organization",
        json!({ "organizationId": oid }),
    )
    .user_auth(&other_token)
    .send()
    .problem(403);
    api.post(
        "/api/v1/auth/set-active-organization",
        json!({ "organizationId": "org_nope" }),
    )
    .user_auth(&other_token)
    .send()
    .problem(404);

    // Members.
    let m = api
        .post(
            &format!("/api/v1/organizations/{oid}/members"),
            json!({ "userId": other_id }),
        )
        .user_auth(&owner_token)
        .send()
        .status(201)["data"]
        .clone();
    assert_eq!(m["roleName"], "member");
    assert_eq!(m["email"], "other@example.com");
    let mid = s(&m["id"]);
    api.post(
        &format!("/api/v1/organizations/{oid}/members"),
        json!({ "userId": other_id }),
    )
    .user_auth(&owner_token)
    .send()
    .problem(409);
    // A plain member may look but not change.
    let members = api
        .get(&format!("/api/v1/organizations/{oid}/members"))
        .user_auth(&other_token)
        .send()
        .ok();
    assert_eq!(members["data"].as_array().unwrap().len(), 2);
    api.put(
        &format!("/api/v1/organizations/{oid}"),
        json!({ "name": "Nope" }),
    )
    .user_auth(&other_token)
    .send()
    .problem(403);
    let upd = api
        .patch(
            &format!("/api/v1/organizations/{oid}/members/{mid}"),
            json!({ "role": "admin" }),
        )
        .user_auth(&owner_token)
        .send()
        .ok();
    assert_eq!(upd["data"]["roleName"], "admin");
    api.patch(
        &format!("/api/v1/organizations/{oid}/members/{mid}"),
        json!({ "role": "emperor" }),
    )
    .user_auth(&owner_token)
    .send()
    .problem(422);
    let renamed = api
        .put(
            &format!("/api/v1/organizations/{oid}"),
            json!({ "name": "Acme Inc", "imageUrl": "http://img" }),
        )
        .user_auth(&other_token)
        .send()
        .ok();
    assert_eq!(renamed["data"]["name"], "Acme Inc");
    assert_eq!(renamed["data"]["imageUrl"], "http://img");
    let mine = api
        .get("/api/v1/organizations")
        .user_auth(&other_token)
        .send()
        .ok();
    assert_eq!(mine["data"].as_array().unwrap().len(), 1);
    assert_eq!(
        api.delete(&format!("/api/v1/organizations/{oid}/members/{mid}"))
            .user_auth(&owner_token)
            .send()
            .ok()["success"],
        true
    );
    api.get(&format!("/api/v1/organizations/{oid}"))
        .user_auth(&other_token)
        .send()
        .problem(404);
    assert_eq!(
        api.delete(&format!("/api/v1/organizations/{oid}"))
            .user_auth(&owner_token)
            .send()
            .ok()["success"],
        true
    );
    api.get(&format!("/api/v1/organizations/{oid}"))
        .user_auth(&owner_token)
        .send()
        .problem(404);
}

#[test]
fn organization_invitation_is_accepted_by_the_invitee() {
    let api = Api::start();
    let owner = api.user_token("boss@example.com");
    let org = api
        .post(
            "/api/v1/organizations",
            json!({ "name": "Team", "slug": "team" }),
        )
        .user_auth(&owner)
        .send()
        .status(201);
    let oid = s(&org["data"]["id"]);
    let inv = api
        .post(
            &format!("/api/v1/organizations/{oid}/invitations"),
            json!({ "email": "new@example.com", "role": "admin" }),
        )
        .user_auth(&owner)
        .send()
        .status(201)["data"]
        .clone();
    assert_eq!(inv["status"], "pending");
    assert_eq!(inv["roleName"], "admin");
    let mail = api
        .emu
        .outbox()
        .into_iter()
        .find(|e| e.kind == "invitation")
        .unwrap();
    assert_eq!(mail.to, "new@example.com");
    assert_eq!(mail.token, s(&inv["id"]));

    let stranger = api.user_token("stranger@example.com");
    api.post(
        &format!("/api/v1/invitations/{}/accept", mail.token),
        json!({}),
    )
    .user_auth(&stranger)
    .send()
    .problem(403);
    let invitee = api.user_token("new@example.com");
    let ok = api
        .post(
            &format!("/api/v1/invitations/{}/accept", mail.token),
            json!({}),
        )
        .user_auth(&invitee)
        .send()
        .ok();
    assert!(ok["message"].is_string());
    api.post(
        &format!("/api/v1/invitations/{}/accept", mail.token),
        json!({}),
    )
    .user_auth(&invitee)
    .send()
    .problem(409);
    let members = api
        .get(&format!("/api/v1/organizations/{oid}/members"))
        .user_auth(&invitee)
        .send()
        .ok();
    let roles: Vec<&str> = members["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["roleName"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["owner", "admin"]);
}

#[test]
fn platform_organizations() {
    let api = Api::start();
    let admin = api.admin_token();
    let app = api.emu.seed().application_id.clone();
    let env = api.emu.seed().environment_id.clone();
    let base = format!("/api/platform/applications/{app}/organizations");
    let created = api
        .post(
            &base,
            json!({ "name": "P Org", "slug": "p-org", "environmentId": env }),
        )
        .bearer(&admin)
        .send()
        .status(201);
    let oid = s(&created["data"]["id"]);
    api.post(&base, json!({ "name": "No env", "slug": "no-env" }))
        .bearer(&admin)
        .send()
        .problem(422);
    api.post(
        &base,
        json!({ "name": "Dup", "slug": "p-org", "environmentId": env }),
    )
    .bearer(&admin)
    .send()
    .problem(409);
    let list = api
        .get(&format!("{base}?environmentId={env}&page=1&limit=10"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(list["total"], 1);
    assert_eq!(list["data"][0]["slug"], "p-org");
    let upd = api
        .put(
            &format!("{base}/{oid}"),
            json!({ "slug": "renamed", "metadata": null }),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(upd["data"]["slug"], "renamed");
    assert_eq!(
        api.delete(&format!("{base}/{oid}"))
            .bearer(&admin)
            .send()
            .ok()["success"],
        true
    );
    api.put(&format!("{base}/{oid}"), json!({ "name": "x" }))
        .bearer(&admin)
        .send()
        .problem(404);
}

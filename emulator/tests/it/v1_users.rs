use serde_json::json;

use crate::client::{Api, s};

#[test]
fn v1_user_management() {
    let api = Api::start();
    let token = api.user_token("manager@example.com");
    let created = api
        .post("/api/v1/users", json!({ "email": "member@example.com", "password": "password-123", "firstName": "Mem" }))
        .user_auth(&token)
        .send()
        .status(201);
    let id = s(&created["data"]["id"]);
    api.post(
        "/api/v1/users",
        json!({ "email": "member@example.com", "password": "password-123" }),
    )
    .user_auth(&token)
    .send()
    .problem(409);
    let list = api
        .get("/api/v1/users?page=1&limit=1")
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(list["total"], 2);
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let found = api
        .get("/api/v1/users?search=MEM")
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(found["total"], 1);
    assert_eq!(found["data"][0]["id"], id.as_str());
    let got = api
        .get(&format!("/api/v1/users/{id}"))
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(got["data"]["firstName"], "Mem");
    let upd = api
        .patch(&format!("/api/v1/users/{id}"), json!({ "lastName": "Ber" }))
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(upd["data"]["lastName"], "Ber");
    let role = api
        .post("/api/v1/roles", json!({ "name": "staff" }))
        .user_auth(&token)
        .send()
        .status(201);
    let rid = s(&role["data"]["id"]);
    let a = api
        .post(
            &format!("/api/v1/users/{id}/roles"),
            json!({ "roleIds": [rid] }),
        )
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(
        a["data"],
        json!({ "userId": id, "roles": [{ "id": rid, "name": "staff" }] })
    );
    api.post(
        &format!("/api/v1/users/{id}/roles"),
        json!({ "roleIds": ["role_nope"] }),
    )
    .user_auth(&token)
    .send()
    .problem(404);
    api.get("/api/v1/users/usr_nope")
        .user_auth(&token)
        .send()
        .problem(404);
}

#[test]
fn import_users_and_find_by_external_id() {
    let api = Api::start();
    let token = api.user_token("importer@example.com");
    api.post("/api/v1/roles", json!({ "name": "imported" }))
        .user_auth(&token)
        .send()
        .status(201);
    let env = api.emu.seed().environment_id.clone();
    let body = json!({
        "environmentId": env,
        "users": [
            { "email": "i1@example.com", "password": "password-123", "roles": ["imported"], "externalId": "legacy-1" },
            { "email": "i2@example.com", "firstName": "Two" },
            { "email": "importer@example.com", "firstName": "Changed" },
            { "email": "broken" },
            { "email": "i3@example.com", "roles": ["no-such-role"] },
            { "nothing": true }
        ]
    });
    // Import needs only the publishable key.
    let r = api
        .post("/api/v1/import/users", body.clone())
        .pk()
        .send()
        .ok();
    let d = &r["data"];
    assert_eq!(
        (
            d["imported"].as_u64(),
            d["skipped"].as_u64(),
            d["updated"].as_u64()
        ),
        (Some(2), Some(1), Some(0))
    );
    let errors = d["errors"].as_array().unwrap();
    let rows: Vec<u64> = errors.iter().map(|e| e["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, [3, 4, 5]);
    assert_eq!(errors[0]["email"], "broken");
    assert!(errors[2].get("email").is_none());

    let by_ext = api
        .get("/api/v1/import/users/legacy-1")
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(by_ext["data"]["email"], "i1@example.com");
    assert_eq!(by_ext["data"]["externalId"], "legacy-1");
    assert_eq!(by_ext["data"]["roles"], json!(["imported"]));
    api.get("/api/v1/import/users/legacy-404")
        .user_auth(&token)
        .send()
        .problem(404);
    // The imported user's token carries external_id.
    let login = api
        .post(
            "/api/v1/auth/login",
            json!({ "email": "i1@example.com", "password": "password-123" }),
        )
        .pk()
        .send()
        .ok();
    assert_eq!(
        crate::jwt::claims(&s(&login["access_token"]))["external_id"],
        "legacy-1"
    );

    let mut again = body.clone();
    again["updateExisting"] = json!(true);
    let r = api.post("/api/v1/import/users", again).pk().send().ok();
    assert_eq!(r["data"]["updated"], 3);
    let me = api.get("/api/v1/auth/me").user_auth(&token).send().ok();
    assert_eq!(me["data"]["firstName"], "Changed");
    api.post(
        "/api/v1/import/users",
        json!({ "environmentId": "env_other", "users": [] }),
    )
    .pk()
    .send()
    .problem(422);
}

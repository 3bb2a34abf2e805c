use serde_json::{Value, json};

use crate::client::{Api, s};
use crate::jwt;

fn app_path(api: &Api, rest: &str) -> String {
    format!(
        "/api/platform/applications/{}{rest}",
        api.emu.seed().application_id
    )
}

#[test]
fn platform_roles_and_permissions_reach_the_token() {
    let api = Api::start();
    let admin = api.admin_token();
    let env = api.emu.seed().environment_id.clone();
    let role = api
        .post(&app_path(&api, "/roles"), json!({ "name": "editor", "description": "Edits", "environmentId": env, "hierarchyLevel": 5 }))
        .bearer(&admin)
        .send()
        .status(201)["data"]
        .clone();
    assert_eq!(role["environmentId"], env.as_str());
    assert_eq!(role["hierarchyLevel"], 5);
    assert_eq!(role["isSystem"], false);
    assert_eq!(role["userCount"], 0);
    let rid = s(&role["id"]);
    api.post(
        &app_path(&api, "/roles"),
        json!({ "name": "editor", "environmentId": env }),
    )
    .bearer(&admin)
    .send()
    .problem(409);
    let perm = api
        .post(
            &app_path(&api, "/permissions"),
            json!({ "name": "posts:write", "resource": "posts", "action": "write" }),
        )
        .bearer(&admin)
        .send()
        .status(201)["data"]
        .clone();
    assert_eq!(perm["environmentId"], Value::Null);
    let pid = s(&perm["id"]);
    let assigned = api
        .post(
            &app_path(&api, &format!("/roles/{rid}/permissions")),
            json!({ "permissionIds": [pid, pid] }),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(assigned["data"], json!({ "assigned": 1, "skipped": 1 }));
    api.post(
        &app_path(&api, &format!("/roles/{rid}/permissions")),
        json!({ "permissionIds": ["perm_nope"] }),
    )
    .bearer(&admin)
    .send()
    .problem(404);
    let perms = api
        .get(&app_path(&api, &format!("/roles/{rid}/permissions")))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(perms["data"][0]["name"], "posts:write");

    // Assign the role to a user: it shows in the user and in new tokens.
    let user = api.register("editor@example.com");
    let uid = s(&user["user"]["id"]);
    let r = api
        .post(
            &app_path(&api, &format!("/users/{uid}/roles")),
            json!({ "roleIds": [rid] }),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(r["data"]["userId"], uid.as_str());
    assert_eq!(
        r["data"]["roles"],
        json!([{ "id": rid, "name": "editor", "description": "Edits" }])
    );
    let refreshed = api.refresh(&s(&user["refresh_token"])).ok();
    let claims = jwt::claims(&s(&refreshed["access_token"]));
    assert_eq!(claims["roles"], json!(["editor"]));
    assert_eq!(claims["permissions"], json!(["posts:write"]));
    assert_eq!(refreshed["roles"], json!(["editor"]));
    let got = api
        .get(&app_path(&api, &format!("/roles/{rid}")))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(got["data"]["userCount"], 1);

    let upd = api
        .patch(
            &app_path(&api, &format!("/roles/{rid}")),
            json!({ "name": "writer", "description": null }),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(upd["data"]["name"], "writer");
    assert_eq!(upd["data"]["description"], Value::Null);
    let list = api
        .get(&format!("{}?environmentId={env}", app_path(&api, "/roles")))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let plist = api
        .get(&app_path(&api, "/permissions"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(plist["data"].as_array().unwrap().len(), 1);

    let rm = api
        .delete(&app_path(&api, &format!("/roles/{rid}/permissions/{pid}")))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(rm["success"], true);
    assert!(rm["message"].is_string());
    api.delete(&app_path(&api, &format!("/roles/{rid}/permissions/{pid}")))
        .bearer(&admin)
        .send()
        .problem(404);
    assert_eq!(
        api.delete(&app_path(&api, &format!("/permissions/{pid}")))
            .bearer(&admin)
            .send()
            .ok()["success"],
        true
    );
    assert_eq!(
        api.delete(&app_path(&api, &format!("/roles/{rid}")))
            .bearer(&admin)
            .send()
            .ok()["success"],
        true
    );
    api.get(&app_path(&api, &format!("/roles/{rid}")))
        .bearer(&admin)
        .send()
        .problem(404);
    let me = api
        .get("/api/v1/auth/me")
        .user_auth(&s(&refreshed["access_token"]))
        .send()
        .ok();
    assert_eq!(me["data"]["roles"], json!([]));
}

#[test]
fn v1_roles_and_permissions_live_in_the_callers_environment() {
    let api = Api::start();
    let token = api.user_token("v1roles@example.com");
    let role = api
        .post(
            "/api/v1/roles",
            json!({ "name": "viewer", "description": "Views" }),
        )
        .user_auth(&token)
        .send()
        .status(201);
    let rid = s(&role["data"]["id"]);
    assert_eq!(
        role["data"]["environmentId"],
        api.emu.seed().environment_id.as_str()
    );
    api.post("/api/v1/roles", json!({ "name": "viewer" }))
        .user_auth(&token)
        .send()
        .problem(409);
    api.post("/api/v1/roles", json!({ "description": "no name" }))
        .user_auth(&token)
        .send()
        .problem(422);
    let perm = api
        .post(
            "/api/v1/permissions",
            json!({ "name": "docs:read", "resource": "docs", "action": "read" }),
        )
        .user_auth(&token)
        .send()
        .status(201);
    let pid = s(&perm["data"]["id"]);
    let a = api
        .post(
            &format!("/api/v1/roles/{rid}/permissions"),
            json!({ "permissionIds": [pid] }),
        )
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(a["data"]["assigned"], 1);
    let list = api
        .get(&format!("/api/v1/roles/{rid}/permissions"))
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(list["data"][0]["id"], pid.as_str());
    assert_eq!(
        api.get("/api/v1/roles").user_auth(&token).send().ok()["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        api.get("/api/v1/roles?page=2&limit=1")
            .user_auth(&token)
            .send()
            .ok()["data"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        api.get("/api/v1/permissions").user_auth(&token).send().ok()["data"][0]["name"],
        "docs:read"
    );
    let got = api
        .get(&format!("/api/v1/roles/{rid}"))
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(got["data"]["name"], "viewer");
    let upd = api
        .patch(
            &format!("/api/v1/roles/{rid}"),
            json!({ "description": "Reads" }),
        )
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(upd["data"]["description"], "Reads");
    let rm = api
        .delete(&format!("/api/v1/roles/{rid}/permissions/{pid}"))
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(rm["success"], true);
    assert_eq!(
        api.delete(&format!("/api/v1/permissions/{pid}"))
            .user_auth(&token)
            .send()
            .ok()["success"],
        true
    );
    assert_eq!(
        api.delete(&format!("/api/v1/roles/{rid}"))
            .user_auth(&token)
            .send()
            .ok()["success"],
        true
    );
    api.delete(&format!("/api/v1/roles/{rid}"))
        .user_auth(&token)
        .send()
        .problem(404);

    // Another environment does not see the first one's roles.
    let admin = api.admin_token();
    let app = crate::applications::create_app(&api, &admin, "other-env");
    let other_pk = s(&app["environments"][0]["publishableKey"]);
    let r = api
        .post("/api/v1/roles", json!({ "name": "hidden" }))
        .user_auth(&token)
        .send()
        .status(201);
    let other = api
        .post(
            "/api/v1/auth/register",
            json!({ "email": "o@example.com", "password": "password-123" }),
        )
        .key(&other_pk)
        .send()
        .status(201);
    let other_token = s(&other["access_token"]);
    api.get(&format!("/api/v1/roles/{}", s(&r["data"]["id"])))
        .key(&other_pk)
        .bearer(&other_token)
        .send()
        .problem(404);
    assert!(
        api.get("/api/v1/roles")
            .key(&other_pk)
            .bearer(&other_token)
            .send()
            .ok()["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

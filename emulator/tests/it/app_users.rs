use serde_json::{Value, json};

use crate::client::{Api, s};

fn users_path(api: &Api) -> String {
    format!(
        "/api/platform/applications/{}/users",
        api.emu.seed().application_id
    )
}

pub fn create_user(api: &Api, token: &str, email: &str) -> Value {
    let env = api.emu.seed().environment_id.clone();
    api.post(
        &users_path(api),
        json!({ "email": email, "password": "password-123", "lastName": "L", "environmentId": env }),
    )
    .bearer(token)
    .send()
    .status(201)["data"]
        .clone()
}

#[test]
fn create_list_get_update_app_users() {
    let api = Api::start();
    let token = api.admin_token();
    let u = create_user(&api, &token, "managed@example.com");
    let id = s(&u["id"]);
    assert_eq!(u["lastName"], "L");
    // The new user can log in with the publishable key.
    api.post(
        "/api/v1/auth/login",
        json!({ "email": "managed@example.com", "password": "password-123" }),
    )
    .pk()
    .send()
    .ok();
    api.post(
        &users_path(&api),
        json!({ "email": "managed@example.com", "password": "password-123", "environmentId": api.emu.seed().environment_id }),
    )
    .bearer(&token)
    .send()
    .problem(409);
    api.post(
        &users_path(&api),
        json!({ "email": "x@example.com", "password": "password-123", "environmentId": "env_missing" }),
    )
    .bearer(&token)
    .send()
    .problem(404);

    let got = api
        .get(&format!("{}/{id}", users_path(&api)))
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(got["data"]["email"], "managed@example.com");
    let upd = api
        .patch(
            &format!("{}/{id}", users_path(&api)),
            json!({ "firstName": "F", "isActive": false }),
        )
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(upd["data"]["firstName"], "F");
    assert_eq!(upd["data"]["isActive"], false);
    let p = api
        .post(
            "/api/v1/auth/login",
            json!({ "email": "managed@example.com", "password": "password-123" }),
        )
        .pk()
        .send()
        .problem(403);
    assert_eq!(p["type"], "ACCOUNT_DISABLED");
    api.get(&format!("{}/usr_missing", users_path(&api)))
        .bearer(&token)
        .send()
        .problem(404);
}

#[test]
fn pagination_is_honest() {
    let api = Api::start();
    let token = api.admin_token();
    for i in 0..5 {
        create_user(&api, &token, &format!("p{i}@example.com"));
    }
    let env = api.emu.seed().environment_id.clone();
    let page = api
        .get(&format!(
            "{}?environmentId={env}&page=2&limit=2",
            users_path(&api)
        ))
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(page["total"], 5);
    assert_eq!(page["page"], 2);
    assert_eq!(page["limit"], 2);
    let emails: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["p2@example.com", "p3@example.com"]);
    let last = api
        .get(&format!("{}?page=3&limit=2", users_path(&api)))
        .bearer(&token)
        .send()
        .ok();
    assert_eq!(last["data"].as_array().unwrap().len(), 1);
    let beyond = api
        .get(&format!("{}?page=9&limit=2", users_path(&api)))
        .bearer(&token)
        .send()
        .ok();
    assert!(beyond["data"].as_array().unwrap().is_empty());
    assert_eq!(beyond["total"], 5);
    let defaults = api.get(&users_path(&api)).bearer(&token).send().ok();
    assert_eq!(
        (defaults["page"].as_u64(), defaults["limit"].as_u64()),
        (Some(1), Some(20))
    );
    api.get(&format!("{}?page=0", users_path(&api)))
        .bearer(&token)
        .send()
        .problem(400);
    api.get(&format!("{}?limit=abc", users_path(&api)))
        .bearer(&token)
        .send()
        .problem(400);
    api.get(&format!("{}?environmentId=env_nope", users_path(&api)))
        .bearer(&token)
        .send()
        .problem(404);
}

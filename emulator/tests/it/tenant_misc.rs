use serde_json::{Value, json};

use crate::client::{Api, s};

#[test]
fn app_and_platform_webhooks() {
    let api = Api::start();
    let admin = api.admin_token();
    let app = api.emu.seed().application_id.clone();
    let base = format!("/api/platform/applications/{app}/webhooks");
    let hook = api
        .post(&base, json!({ "url": "https://hooks.example.com/x", "events": ["user.created"], "environmentId": api.emu.seed().environment_id }))
        .bearer(&admin)
        .send()
        .status(201)["data"]
        .clone();
    assert!(s(&hook["secret"]).starts_with("whsec_"));
    assert_eq!(hook["events"], json!(["user.created"]));
    assert_eq!(hook["isActive"], true);
    api.post(&base, json!({ "url": "ftp://x", "events": [] }))
        .bearer(&admin)
        .send()
        .problem(422);
    assert_eq!(
        api.get(&base).bearer(&admin).send().ok()["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        api.delete(&format!("{base}/{}", s(&hook["id"])))
            .bearer(&admin)
            .send()
            .ok()["success"],
        true
    );
    api.delete(&format!("{base}/{}", s(&hook["id"])))
        .bearer(&admin)
        .send()
        .problem(404);

    let p = api
        .post(
            "/api/platform/webhooks",
            json!({ "url": "http://localhost:9/hook", "events": ["member.invited"] }),
        )
        .bearer(&admin)
        .send()
        .status(201);
    let list = api.get("/api/platform/webhooks").bearer(&admin).send().ok();
    assert_eq!(list["data"][0]["url"], "http://localhost:9/hook");
    assert_eq!(
        api.delete(&format!("/api/platform/webhooks/{}", s(&p["data"]["id"])))
            .bearer(&admin)
            .send()
            .ok()["success"],
        true
    );
    assert!(
        api.get("/api/platform/webhooks").bearer(&admin).send().ok()["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn app_email_templates() {
    let api = Api::start();
    let admin = api.admin_token();
    let app = api.emu.seed().application_id.clone();
    let env = api.emu.seed().environment_id.clone();
    let base = format!("/api/platform/applications/{app}/email-templates");
    let t = api
        .post(
            &base,
            json!({ "name": "welcome", "subject": "Hi", "htmlBody": "<p>Hello {{name}}</p>", "textBody": "Hello {{name}}", "environmentId": env, "variables": ["name"] }),
        )
        .bearer(&admin)
        .send()
        .status(201)["data"]
        .clone();
    assert_eq!(t["applicationId"], app.as_str());
    assert_eq!(t["environmentId"], env.as_str());
    let id = s(&t["id"]);
    api.post(
        &base,
        json!({ "name": "welcome", "subject": "x", "htmlBody": "x", "environmentId": env }),
    )
    .bearer(&admin)
    .send()
    .problem(409);
    let list = api
        .get(&format!("{base}?environmentId={env}"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let upd = api
        .patch(
            &format!("{base}/{id}"),
            json!({ "subject": "Hello", "textBody": null, "isActive": false }),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(upd["data"]["subject"], "Hello");
    assert_eq!(upd["data"]["textBody"], Value::Null);
    assert_eq!(upd["data"]["isActive"], false);
    let pv = api
        .get(&format!("{base}/{id}/preview"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(pv, json!({ "html": "<p>Hello [name]</p>", "text": null }));
    api.get(&format!("{base}/tpl_nope/preview"))
        .bearer(&admin)
        .send()
        .problem(404);
}

#[test]
fn platform_email_templates_and_settings() {
    let api = Api::start();
    let admin = api.admin_token();
    assert!(
        api.get("/api/platform/email-templates")
            .bearer(&admin)
            .send()
            .ok()["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let init = api
        .post("/api/platform/email-templates/initialize", json!({}))
        .bearer(&admin)
        .send()
        .ok();
    let n = init["data"].as_array().unwrap().len();
    assert!(n >= 3);
    assert!(init["message"].is_string());
    let again = api
        .post("/api/platform/email-templates/initialize", json!({}))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(
        again["data"].as_array().unwrap().len(),
        n,
        "initialize is idempotent"
    );
    let first = init["data"][0].clone();
    assert_eq!(first["applicationId"], "platform");
    let id = s(&first["id"]);
    let upd = api
        .patch(
            &format!("/api/platform/email-templates/{id}"),
            json!({ "htmlBody": "<b>{{link}}</b>" }),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(upd["data"]["htmlBody"], "<b>{{link}}</b>");
    let pv = api
        .get(&format!("/api/platform/email-templates/{id}/preview"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(pv["html"], "<b>[link]</b>");
    assert!(pv["text"].is_string());

    let set = api
        .patch(
            "/api/platform/settings",
            json!({ "theme": "dark", "beta": true }),
        )
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(set["data"], json!({ "theme": "dark", "beta": true }));
    let set = api
        .patch("/api/platform/settings", json!({ "beta": null }))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(set["data"], json!({ "theme": "dark" }));
    api.patch("/api/platform/settings", json!([1, 2]))
        .bearer(&admin)
        .send()
        .problem(422);
}

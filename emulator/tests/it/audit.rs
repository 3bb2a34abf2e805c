use serde_json::json;

use crate::client::Api;

#[test]
fn audit_logs_record_logins_and_admin_actions() {
    let api = Api::start();
    let admin = api.admin_token();
    api.register("audited@example.com");
    api.post(
        "/api/v1/auth/login",
        json!({ "email": "audited@example.com", "password": "password-123" }),
    )
    .pk()
    .send()
    .ok();
    let app = api.emu.seed().application_id.clone();
    let env = api.emu.seed().environment_id.clone();
    let base = format!("/api/platform/applications/{app}/audit-logs");
    let logs = api
        .get(&format!("{base}?environmentId={env}"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(logs["total"], 2);
    assert_eq!(logs["data"][0]["action"], "user.login", "newest first");
    assert_eq!(logs["data"][1]["action"], "user.register");
    assert_eq!(logs["data"][0]["userEmail"], "audited@example.com");
    let only = api
        .get(&format!("{base}?action=user.register"))
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(only["total"], 1);
    assert_eq!(only["data"][0]["resource"], "user");

    api.post(
        "/api/platform/applications",
        json!({ "name": "Logged", "slug": "logged" }),
    )
    .bearer(&admin)
    .send()
    .status(201);
    let tenant = api
        .get("/api/platform/audit-logs?action=application.created")
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(tenant["total"], 1);
    assert_eq!(tenant["data"][0]["administratorEmail"], "admin@example.com");
    let everything = api
        .get("/api/platform/audit-logs?page=1&limit=2")
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(everything["data"].as_array().unwrap().len(), 2);
    assert!(everything["total"].as_u64().unwrap() >= 4);
}

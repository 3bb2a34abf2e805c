use inai_auth_emulator::{Emulator, EmulatorConfig};
use serde_json::json;

use crate::client::{Api, s};

#[test]
fn reset_returns_to_the_seed() {
    let api = Api::start();
    let token = api.user_token("gone@example.com");
    assert_eq!(api.emu.outbox().len(), 1);
    api.post("/__emulator/reset", json!({})).send().ok();
    assert!(api.emu.outbox().is_empty());
    api.get("/api/v1/auth/me")
        .user_auth(&token)
        .send()
        .problem(401);
    api.post(
        "/api/v1/auth/login",
        json!({ "email": "gone@example.com", "password": "password-123" }),
    )
    .pk()
    .send()
    .problem(401);
    // Same seed: same key, same admin.
    api.register("gone@example.com");
    api.admin_token();
    api.emu.reset();
    assert!(api.emu.outbox().is_empty());
}

#[test]
fn seed_requests_health_and_outbox_clear() {
    let api = Api::start();
    let seed = api.get("/__emulator/seed").send().ok();
    assert_eq!(seed["publishableKey"], api.pk().as_str());
    assert_eq!(seed["adminEmail"], "admin@example.com");
    assert_eq!(api.get("/__emulator/health").send().ok()["status"], "ok");
    api.get("/.well-known/jwks.json").send().ok();
    let rows = api.get("/__emulator/requests").send().ok();
    let jwks = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "/.well-known/jwks.json")
        .unwrap();
    assert_eq!(jwks["count"], 1);
    assert_eq!(jwks["method"], "GET");
    api.delete("/__emulator/requests").send().ok();
    assert_eq!(api.emu.request_count("GET", "/.well-known/jwks.json"), 0);
    api.get("/.well-known/jwks.json").send().ok();
    api.emu.clear_request_counts();
    assert_eq!(api.emu.request_count("GET", "/.well-known/jwks.json"), 0);
    api.register("mail@example.com");
    assert_eq!(api.delete("/__emulator/outbox").send().ok()["cleared"], 1);
    assert!(
        api.get("/__emulator/outbox")
            .send()
            .ok()
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn seed_is_configurable_and_starts_valid() {
    let emu = Emulator::start(
        EmulatorConfig::default()
            .with_admin("Ops@Example.com", "another-dev-password")
            .with_app_name("My App")
            .with_tenant_name("Acme"),
    )
    .unwrap();
    let seed = emu.seed();
    assert_eq!(seed.admin_email, "ops@example.com");
    assert!(seed.publishable_key.starts_with("pk_test_"));
    assert!(seed.application_id.starts_with("app_") && seed.environment_id.starts_with("env_"));
    assert!(!format!("{seed:?}").contains("another-dev-password"));
    assert_eq!(
        emu.jwks_url(),
        format!("{}/.well-known/jwks.json", emu.base_url())
    );
    let agent = crate::client::agent();
    let mut r = agent
        .post(format!("{}/api/platform/auth/login", emu.base_url()))
        .header("Content-Type", "application/json")
        .send(json!({ "email": "ops@example.com", "password": "another-dev-password" }).to_string())
        .unwrap();
    let body: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(body["user"]["tenant"]["name"], "Acme");
}

#[test]
fn dropping_the_handle_stops_the_server() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let url = emu.jwks_url();
    let agent = crate::client::agent();
    assert_eq!(agent.get(&url).call().unwrap().status(), 200);
    drop(emu);
    assert!(crate::client::agent().get(&url).call().is_err());
}

#[test]
fn a_taken_port_is_a_bind_error() {
    let first = Emulator::start(EmulatorConfig::default()).unwrap();
    let port: u16 = first
        .base_url()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let err = Emulator::start(EmulatorConfig::default().with_port(port)).unwrap_err();
    assert!(
        matches!(err, inai_auth_emulator::EmulatorError::Bind { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn starts_inside_an_async_runtime() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let url = emu.jwks_url();
    let status = tokio::task::spawn_blocking(move || {
        crate::client::agent().get(&url).call().unwrap().status()
    })
    .await
    .unwrap();
    assert_eq!(status, 200);
    drop(emu);
    let _ = s(&json!("x"));
}

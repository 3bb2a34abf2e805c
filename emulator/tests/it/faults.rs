use std::time::{Duration, Instant};

use inai_auth_emulator::Fault;
use serde_json::json;

use crate::client::Api;

#[test]
fn status_fault_with_headers_for_count_requests() {
    let api = Api::start();
    api.post(
        "/__emulator/faults",
        json!({ "path": "/.well-known/jwks.json", "status": 503, "headers": { "Retry-After": "1" }, "count": 2 }),
    )
    .send()
    .status(201);
    for _ in 0..2 {
        let r = api.get("/.well-known/jwks.json").send();
        assert_eq!(r.headers["retry-after"], "1");
        r.problem(503);
    }
    api.get("/.well-known/jwks.json").send().ok();
    assert_eq!(api.emu.request_count("GET", "/.well-known/jwks.json"), 3);
}

#[test]
fn fault_body_and_method_filter() {
    let api = Api::start();
    api.emu.inject_fault(
        Fault::status("/api/v1/auth/me", 502)
            .with_method("get")
            .with_body(json!("<html>bad gateway</html>")),
    );
    // Another method passes through (and gets the real 405).
    api.post("/api/v1/auth/me", json!({})).send().problem(405);
    let r = api.get("/api/v1/auth/me").send();
    assert_eq!(r.status, 502);
    assert_eq!(r.text, "<html>bad gateway</html>");
    api.emu
        .inject_fault(Fault::status("/api/v1/auth/me", 429).with_body(json!({ "custom": true })));
    let r = api.get("/api/v1/auth/me").send();
    assert_eq!(r.status, 429);
    assert_eq!(r.body["custom"], true);
}

#[test]
fn delay_fault_holds_then_serves() {
    let api = Api::start();
    api.post(
        "/__emulator/faults",
        json!({ "path": "/.well-known/jwks.json", "delay_ms": 250 }),
    )
    .send()
    .status(201);
    let t = Instant::now();
    api.get("/.well-known/jwks.json").send().ok();
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t.elapsed()
    );
    let t = Instant::now();
    api.get("/.well-known/jwks.json").send().ok();
    assert!(t.elapsed() < Duration::from_millis(250));
}

#[test]
fn drop_fault_closes_the_connection() {
    let api = Api::start();
    api.post(
        "/__emulator/faults",
        json!({ "path": "/api/v1/auth/login", "drop": true }),
    )
    .send()
    .status(201);
    let r = api
        .post(
            "/api/v1/auth/login",
            json!({ "email": "a@example.com", "password": "password-123" }),
        )
        .pk()
        .try_send();
    assert!(r.is_err(), "expected a connection error, got {r:?}");
    // The next request is served normally.
    api.post(
        "/api/v1/auth/login",
        json!({ "email": "a@example.com", "password": "password-123" }),
    )
    .pk()
    .send()
    .problem(401);
    assert_eq!(api.emu.request_count("POST", "/api/v1/auth/login"), 2);
}

#[test]
fn clearing_faults() {
    let api = Api::start();
    api.emu
        .inject_fault(Fault::status("/.well-known/jwks.json", 500).with_count(5));
    api.post(
        "/__emulator/faults",
        json!({ "path": "/.well-known/jwks.json", "drop": true }),
    )
    .send()
    .status(201);
    let list = api.get("/__emulator/faults").send().ok();
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    let r = api.delete("/__emulator/faults").send().ok();
    assert_eq!(r["cleared"], 2);
    api.get("/.well-known/jwks.json").send().ok();
    api.emu
        .inject_fault(Fault::drop_connection("/.well-known/jwks.json"));
    api.emu.clear_faults();
    api.get("/.well-known/jwks.json").send().ok();
}

#[test]
fn invalid_faults_are_refused() {
    let api = Api::start();
    api.post("/__emulator/faults", json!({ "status": 500 }))
        .send()
        .problem(422);
    api.post("/__emulator/faults", json!({ "path": "no-slash" }))
        .send()
        .problem(422);
    api.post("/__emulator/faults", json!({ "path": "/x", "status": 42 }))
        .send()
        .problem(422);
    api.post(
        "/__emulator/faults",
        json!({ "path": "/__emulator/reset", "drop": true }),
    )
    .send()
    .problem(422);
}

#[test]
fn concurrent_requests_are_counted_at_the_server() {
    let api = Api::start();
    api.emu.inject_fault(
        Fault::delay("/.well-known/jwks.json", Duration::from_millis(100)).with_count(8),
    );
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| api.get("/.well-known/jwks.json").send().ok());
        }
    });
    assert_eq!(api.emu.request_count("get", "/.well-known/jwks.json"), 8);
}

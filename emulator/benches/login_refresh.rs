//! Login and refresh throughput of the emulator over loopback, at 1 and 32 concurrent
//! clients: a bounded load loop (two seconds per cell by default), not a criterion bench.
//!
//! `cargo bench -p inai-auth-emulator --bench login_refresh [-- SECONDS]`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    missing_docs
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use inai_auth_emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use serde_json::{Value, json};

const PASSWORD: &str = "bench-password";

/// One request of a client: its agent, the emulator, its number, its refresh token.
type Op = fn(&ureq::Agent, &EmulatorHandle, usize, &mut String);

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

fn post(agent: &ureq::Agent, emu: &EmulatorHandle, path: &str, body: &Value) -> Value {
    let mut answer = agent
        .post(&format!("{}{path}", emu.base_url()))
        .header("X-Publishable-Key", &emu.seed().publishable_key)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .unwrap();
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap()
}

/// Requests per second of `op` run by `clients` threads for `seconds`.
fn measure(emu: &Arc<EmulatorHandle>, clients: usize, seconds: f64, op: Op) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let (emu, stop, done) = (emu.clone(), stop.clone(), done.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let email = format!("bench{i}@example.com");
                let mut refresh =
                    post(&agent, &emu, "/api/v1/auth/login", &login_body(&email))["refresh_token"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                while !stop.load(Ordering::Relaxed) {
                    op(&agent, &emu, i, &mut refresh);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (start, before) = (Instant::now(), done.load(Ordering::Relaxed));
    std::thread::sleep(Duration::from_secs_f64(seconds));
    let n = done.load(Ordering::Relaxed) - before;
    let elapsed = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    n as f64 / elapsed
}

fn login_body(email: &str) -> Value {
    json!({ "email": email, "password": PASSWORD })
}

fn login(agent: &ureq::Agent, emu: &EmulatorHandle, i: usize, _: &mut String) {
    post(
        agent,
        emu,
        "/api/v1/auth/login",
        &login_body(&format!("bench{i}@example.com")),
    );
}

fn refresh(agent: &ureq::Agent, emu: &EmulatorHandle, _: usize, token: &mut String) {
    let pair = post(
        agent,
        emu,
        "/api/v1/auth/refresh",
        &json!({ "refresh_token": token }),
    );
    *token = pair["refresh_token"].as_str().unwrap().to_owned();
}

fn main() {
    let seconds: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2.0);
    let emu = Arc::new(Emulator::start(EmulatorConfig::default()).unwrap());
    let agent = agent();
    for i in 0..32 {
        let body = json!({ "email": format!("bench{i}@example.com"), "password": PASSWORD });
        post(&agent, &emu, "/api/v1/auth/register", &body);
    }
    // What used to be done under the write lock on every login and refresh.
    let claims =
        json!({ "sub": "usr_1", "type": "app_user", "roles": ["a"], "exp": 4_000_000_000_i64 });
    let n = 2000;
    let start = Instant::now();
    for _ in 0..n {
        emu.mint_access_token(claims.clone()).unwrap();
    }
    let per_token = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    println!("minting one access token (ES256 signature and claims): {per_token:.0} µs");
    println!();
    println!("| operation | clients | req/s |");
    println!("|---|---:|---:|");
    for (name, op) in [("login", login as Op), ("refresh", refresh as Op)] {
        for clients in [1, 32] {
            let rate = measure(&emu, clients, seconds, op);
            println!("| {name} | {clients} | {rate:.0} |");
        }
    }
}

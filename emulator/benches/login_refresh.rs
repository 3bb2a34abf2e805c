//! Login and refresh throughput of the emulator over loopback, at 1 and 32 concurrent
//! clients: a bounded load loop, not a criterion bench.
//!
//! `cargo bench -p inai-auth-emulator --bench login_refresh [-- REQUESTS]`
//!
//! Each cell (operation × clients) gets a fresh emulator with the same 32 registered users
//! and times a fixed number of requests (REQUESTS, 4000 by default) after 500 untimed ones.
//! Fixed work rather than a fixed time, so that two builds do exactly the same sequence of
//! work: the emulator's state grows with every login (sessions, issued tokens), and a timed
//! loop (or one emulator for all cells) would charge a faster build for the state it had the
//! time to create. (Sessions were once a list searched on every login and refresh, which
//! made that growth cost more with every request; they are indexed by id now.)
//!
//! `EMU_BENCH_CPUS=SERVER/CLIENT` (Linux only; each side a comma list of CPU numbers, e.g.
//! `0/1`) runs the emulator's threads on the SERVER CPUs and the load-generating client
//! threads on the CLIENT CPUs: the main thread takes the server mask before each emulator
//! starts (its threads inherit it) and the client mask right after (the client threads
//! inherit that). Without it the scheduler places every thread on every core. Two builds
//! of this bench are compared round by round with `emulator/benches/before_after.sh`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::indexing_slicing,
    missing_docs
)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use inai_auth_emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use serde_json::{Value, json};

const PASSWORD: &str = "bench-password";

/// Untimed requests at the start of each cell.
const WARM_UP: u64 = 500;

/// Timed requests per cell unless the command line gives another number.
const DEFAULT_REQUESTS: u64 = 4000;

/// Users registered in each fresh emulator: one per client.
const USERS: usize = 32;

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

/// The CPUs of the server and of the clients, from `EMU_BENCH_CPUS=SERVER/CLIENT`.
struct Pinning {
    server: Vec<usize>,
    client: Vec<usize>,
}

impl Pinning {
    fn from_env() -> Option<Self> {
        let spec = std::env::var("EMU_BENCH_CPUS").ok()?;
        let list = |side: &str| -> Vec<usize> {
            side.split(',')
                .map(|n| n.trim().parse().ok())
                .collect::<Option<Vec<usize>>>()
                .filter(|cpus| !cpus.is_empty())
                .unwrap_or_else(|| panic!("EMU_BENCH_CPUS={spec:?}: want SERVER/CLIENT, e.g. 0/1"))
        };
        let (server, client) = spec
            .split_once('/')
            .unwrap_or_else(|| panic!("EMU_BENCH_CPUS={spec:?}: want SERVER/CLIENT, e.g. 0/1"));
        Some(Self {
            server: list(server),
            client: list(client),
        })
    }
}

/// Restricts the calling thread, and the threads it creates from now on, to `cpus`.
#[cfg(target_os = "linux")]
fn pin_current_thread(cpus: &[usize]) {
    let mut set = rustix::thread::CpuSet::new();
    for &cpu in cpus {
        set.set(cpu);
    }
    rustix::thread::sched_setaffinity(None, &set)
        .unwrap_or_else(|e| panic!("pinning to CPUs {cpus:?}: {e}"));
}

#[cfg(not(target_os = "linux"))]
fn pin_current_thread(_: &[usize]) {
    panic!("EMU_BENCH_CPUS works on Linux only");
}

/// A fresh emulator with [`USERS`] registered users; its threads on the server CPUs and
/// the calling thread on the client CPUs when pinning.
fn fresh_emulator(pinning: Option<&Pinning>) -> Arc<EmulatorHandle> {
    if let Some(p) = pinning {
        pin_current_thread(&p.server);
    }
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    if let Some(p) = pinning {
        pin_current_thread(&p.client);
    }
    let agent = agent();
    for i in 0..USERS {
        post(
            &agent,
            &emu,
            "/api/v1/auth/register",
            &login_body(&email(i)),
        );
    }
    Arc::new(emu)
}

/// Requests per second of `op` run by `clients` threads: the time from the end of the
/// [`WARM_UP`]th request to the end of the `(WARM_UP + requests)`th.
fn measure(emu: &Arc<EmulatorHandle>, clients: usize, requests: u64, op: Op) -> f64 {
    let last = WARM_UP + requests;
    let done = Arc::new(AtomicU64::new(0));
    let start = Arc::new(OnceLock::new());
    let end = Arc::new(OnceLock::new());
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let (emu, done) = (emu.clone(), done.clone());
            let (start, end) = (start.clone(), end.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let mut refresh = post(&agent, &emu, "/api/v1/auth/login", &login_body(&email(i)))
                    ["refresh_token"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                while done.load(Ordering::Relaxed) < last {
                    op(&agent, &emu, i, &mut refresh);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if n == WARM_UP {
                        let _ = start.set(Instant::now());
                    } else if n == last {
                        let _ = end.set(Instant::now());
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = end.get().unwrap().duration_since(*start.get().unwrap());
    requests as f64 / elapsed.as_secs_f64()
}

fn email(i: usize) -> String {
    format!("bench{i}@example.com")
}

fn login_body(email: &str) -> Value {
    json!({ "email": email, "password": PASSWORD })
}

fn login(agent: &ureq::Agent, emu: &EmulatorHandle, i: usize, _: &mut String) {
    post(agent, emu, "/api/v1/auth/login", &login_body(&email(i)));
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
    let requests: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(DEFAULT_REQUESTS);
    // The argument used to be seconds per cell: refuse an old command line's `-- 2`.
    assert!(
        requests >= 100,
        "REQUESTS is the number of timed requests per cell (at least 100), not seconds"
    );
    let pinning = Pinning::from_env();
    let emu = fresh_emulator(pinning.as_ref());
    // What used to be done under the write lock on every login and refresh.
    let claims =
        json!({ "sub": "usr_1", "type": "app_user", "roles": ["a"], "exp": 4_000_000_000_i64 });
    let n = 2000;
    let start = Instant::now();
    for _ in 0..n {
        emu.mint_access_token(claims.clone()).unwrap();
    }
    let per_token = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    drop(emu);
    println!("minting one access token (ES256 signature and claims): {per_token:.0} µs");
    if let Some(p) = &pinning {
        println!(
            "server threads on CPUs {:?}, clients on CPUs {:?}",
            p.server, p.client
        );
    }
    println!();
    println!("| operation | clients | req/s |");
    println!("|---|---:|---:|");
    for (name, op) in [("login", login as Op), ("refresh", refresh as Op)] {
        for clients in [1, 32] {
            let emu = fresh_emulator(pinning.as_ref());
            let rate = measure(&emu, clients, requests, op);
            println!("| {name} | {clients} | {rate:.0} |");
        }
    }
}

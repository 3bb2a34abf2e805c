//! The blocking driver against raw ureq, in one run and against one loopback
//! server: an axum server on its own thread answering every request with a
//! fixed `refresh` body. Both clients send the same request (`POST
//! /api/v1/auth/refresh`, the same headers and JSON body) and parse the
//! answer into the same [`TokenPair`].
//!
//! Two raw baselines: `raw_ureq`, an agent with ureq's default timeouts
//! (none), and `raw_ureq_timeouts`, one with the SDK's (ureq then resolves
//! the host on a new thread for every request, even for a pooled
//! connection). Criterion groups: `refresh_c1` (one thread) and
//! `refresh_8_threads` (eight threads, one request each per iteration),
//! each with the raw baselines next to `driver`; `steps` times the driver's own steps without IO.
//! Then, under `cargo bench` only, a table of req/s and client CPU per
//! request (process CPU minus the server thread's, from `/proc`), with the
//! driver/raw ratios, the variants interleaved in rounds.
//!
//! Run: `cargo bench -p inai-auth-blocking --bench client -- --warm-up-time 1 --measurement-time 3`
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput};
use inai_auth_blocking::Client;
use inai_auth_core::models::TokenPair;
use inai_auth_core::ops::Refresh;
use inai_auth_core::{Config, Operation};
use serde::Serialize;

const PATH: &str = "/api/v1/auth/refresh";
const PUBLISHABLE_KEY: &str = "pk_test_bench";
const REFRESH_TOKEN: &str = "rt_0123456789abcdef0123456789abcdef";
const ANSWER: &str = r#"{"access_token":"eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c3JfMSIsImV4cCI6MTc2NzIyNTYwMH0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl","refresh_token":"rt_fedcba9876543210fedcba9876543210","token_type":"Bearer","expires_in":900,"roles":["member"],"permissions":["read:things","write:things"]}"#;
const THREADS: usize = 8;

/// The loopback server: its base URL and the Linux thread id it runs on
/// (`None` where `/proc` is missing), to take its CPU out of the client's.
struct Server {
    base: String,
    tid: Option<String>,
}

fn start_server() -> Server {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("bench-server".to_owned())
        .spawn(move || {
            let tid = std::fs::read_link("/proc/thread-self")
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let base = format!("http://{}", listener.local_addr().expect("addr"));
                tx.send(Server { base, tid }).expect("send");
                let app = axum::Router::new().route(
                    PATH,
                    // The body is read: hyper closes a connection whose
                    // request body was left unread.
                    axum::routing::post(|_body: axum::body::Bytes| async {
                        ([(http::header::CONTENT_TYPE, "application/json")], ANSWER)
                    }),
                );
                axum::serve(listener, app).await.expect("serve");
            });
        })
        .expect("server thread");
    rx.recv().expect("server started")
}

/// What a ureq user writes: one agent (statuses as answers, no redirects,
/// no proxy; with `timeouts`, also the SDK's connect and whole-request
/// timeouts), the same headers and body, the body capped, the answer parsed
/// into the typed model.
struct RawUreq {
    agent: ureq::Agent,
    url: String,
}

#[derive(Serialize)]
struct RefreshBody<'a> {
    refresh_token: &'a str,
}

impl RawUreq {
    fn new(base: &str, timeouts: bool) -> Self {
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None);
        if timeouts {
            config = config
                .timeout_connect(Some(Duration::from_secs(5)))
                .timeout_global(Some(Duration::from_secs(30)));
        }
        let config = config.build();
        Self {
            agent: ureq::Agent::new_with_config(config),
            url: format!("{base}{PATH}"),
        }
    }

    #[inline(never)]
    fn refresh(&self) -> TokenPair {
        let body = serde_json::to_vec(&RefreshBody {
            refresh_token: REFRESH_TOKEN,
        })
        .expect("body");
        let mut response = self
            .agent
            .post(&self.url)
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .header("x-publishable-key", PUBLISHABLE_KEY)
            .header("user-agent", "inai-auth-rust/0.1.0")
            .send(&body[..])
            .expect("send");
        assert_eq!(response.status(), 200);
        let bytes = response
            .body_mut()
            .with_config()
            .limit(8 * 1024 * 1024)
            .read_to_vec()
            .expect("body");
        serde_json::from_slice(&bytes).expect("json")
    }
}

fn driver(base: &str) -> Client {
    let config = Config::builder()
        .base_url(base)
        .publishable_key(PUBLISHABLE_KEY)
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

#[inline(never)]
fn driver_refresh(client: &Client) -> TokenPair {
    client
        .refresh(Refresh::new(REFRESH_TOKEN))
        .expect("refresh")
}

fn on_threads(iters: u64, f: &(dyn Fn() + Sync)) -> Duration {
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..iters {
                    f();
                }
            });
        }
    });
    started.elapsed()
}

fn criterion_groups(c: &mut Criterion, server: &Server) {
    let raw = RawUreq::new(&server.base, false);
    let raw_timeouts = RawUreq::new(&server.base, true);
    let client = driver(&server.base);

    let mut group = c.benchmark_group("refresh_c1");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_ureq", |b| b.iter(|| black_box(raw.refresh())));
    group.bench_function("raw_ureq_timeouts", |b| {
        b.iter(|| black_box(raw_timeouts.refresh()));
    });
    group.bench_function("driver", |b| b.iter(|| black_box(driver_refresh(&client))));
    group.finish();

    let mut group = c.benchmark_group("refresh_8_threads");
    group.throughput(Throughput::Elements(THREADS as u64));
    group.bench_function("raw_ureq", |b| {
        b.iter_custom(|iters| {
            on_threads(iters, &|| {
                black_box(raw.refresh());
            })
        });
    });
    group.bench_function("raw_ureq_timeouts", |b| {
        b.iter_custom(|iters| {
            on_threads(iters, &|| {
                black_box(raw_timeouts.refresh());
            })
        });
    });
    group.bench_function("driver", |b| {
        b.iter_custom(|iters| {
            on_threads(iters, &|| {
                black_box(driver_refresh(&client));
            })
        });
    });
    group.finish();

    // The driver's own steps, without IO.
    let config = client.config().clone();
    let op = Refresh::new(REFRESH_TOKEN);
    let answer = || {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("content-length", ANSWER.len())
            .header("date", "Sun, 06 Dec 2026 21:00:00 GMT")
            .body(ANSWER.as_bytes().to_vec())
            .expect("answer")
    };
    let mut group = c.benchmark_group("steps");
    group.bench_function("to_request", |b| {
        b.iter(|| black_box(op.to_request(&config).expect("request")));
    });
    group.bench_function("parse", |b| {
        b.iter_batched(
            answer,
            |response| black_box(op.parse(response).expect("parsed")),
            BatchSize::SmallInput,
        );
    });
    group.bench_function("raw_parse", |b| {
        b.iter(|| black_box(serde_json::from_slice::<TokenPair>(ANSWER.as_bytes()).expect("json")));
    });
    group.finish();
}

/// CPU time (user + system) in clock ticks of this process, and of the
/// server thread, from `/proc`; `None` where it cannot be read.
fn cpu_ticks(server: &Server) -> Option<u64> {
    let ticks = |path: &str| -> Option<u64> {
        let stat = std::fs::read_to_string(path).ok()?;
        // Fields after the command name, which ends with the last ')'.
        let rest = stat.get(stat.rfind(')')? + 2..)?;
        let fields: Vec<&str> = rest.split(' ').collect();
        // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
        let utime: u64 = fields.get(11)?.parse().ok()?;
        let stime: u64 = fields.get(12)?.parse().ok()?;
        Some(utime + stime)
    };
    let process = ticks("/proc/self/stat")?;
    let server = ticks(&format!("/proc/self/task/{}/stat", server.tid.as_ref()?))?;
    Some(process - server)
}

/// One measured round: requests done, wall time, client CPU ticks.
#[derive(Clone, Copy)]
struct Tally {
    requests: u64,
    wall: Duration,
    ticks: Option<u64>,
}

impl Tally {
    fn zero() -> Self {
        Self {
            requests: 0,
            wall: Duration::ZERO,
            ticks: Some(0),
        }
    }

    fn add(&mut self, other: Self) {
        self.requests += other.requests;
        self.wall += other.wall;
        self.ticks = self.ticks.zip(other.ticks).map(|(a, b)| a + b);
    }

    fn per_second(&self) -> f64 {
        self.requests as f64 / self.wall.as_secs_f64()
    }

    /// Client CPU per request, in µs (a clock tick is 10 ms on Linux).
    fn cpu_us(&self) -> Option<f64> {
        self.ticks
            .map(|t| t as f64 * 10_000.0 / self.requests as f64)
    }
}

/// Runs `f` on `threads` threads for about `round`.
fn round(server: &Server, threads: usize, round: Duration, f: &(dyn Fn() + Sync)) -> Tally {
    let before = cpu_ticks(server);
    let started = Instant::now();
    let requests: u64 = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut n = 0u64;
                    while started.elapsed() < round {
                        f();
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("worker")).sum()
    });
    let wall = started.elapsed();
    let ticks = match (before, cpu_ticks(server)) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    Tally {
        requests,
        wall,
        ticks,
    }
}

fn ratios(server: &Server) {
    const ROUNDS: usize = 10;
    const ROUND: Duration = Duration::from_millis(300);
    let raw = RawUreq::new(&server.base, false);
    let raw_timeouts = RawUreq::new(&server.base, true);
    let client = driver(&server.base);
    let raw_f = || {
        black_box(raw.refresh());
    };
    let raw_timeouts_f = || {
        black_box(raw_timeouts.refresh());
    };
    let driver_f = || {
        black_box(driver_refresh(&client));
    };
    let variants: [(&str, &(dyn Fn() + Sync)); 3] = [
        ("raw_ureq", &raw_f),
        ("raw_ureq_timeouts", &raw_timeouts_f),
        ("driver", &driver_f),
    ];
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\nblocking driver vs raw ureq, {ROUNDS} interleaved rounds of {ROUND:?} each; totals, and the median of the per-round req/s ratios; load average before: {}",
        load.trim()
    );
    println!(
        "{:<8} {:<18} {:>9} {:>12} {:>13} {:>13} {:>13}",
        "threads", "client", "req/s", "CPU/req", "driver req/s×", "median req/s×", "driver CPU×"
    );
    for threads in [1, THREADS] {
        // Warm-up: connections open, pools filled.
        for (_, f) in &variants {
            let _ = round(server, threads, Duration::from_millis(300), *f);
        }
        let mut tallies = [Tally::zero(); 3];
        let mut per_round: [Vec<f64>; 3] = Default::default();
        for _ in 0..ROUNDS {
            let mut rates = [0.0; 3];
            for (((_, f), tally), rate) in variants.iter().zip(&mut tallies).zip(&mut rates) {
                let one = round(server, threads, ROUND, *f);
                *rate = one.per_second();
                tally.add(one);
            }
            for (ratios, rate) in per_round.iter_mut().zip(rates) {
                ratios.push(rates[2] / rate);
            }
        }
        let ours = tallies[2];
        for (((name, _), tally), ratios) in variants.iter().zip(&tallies).zip(&mut per_round) {
            let cpu = tally
                .cpu_us()
                .map_or("n/a".to_owned(), |v| format!("{v:.1} µs"));
            let cpu_ratio = tally
                .cpu_us()
                .zip(ours.cpu_us())
                .map_or("n/a".to_owned(), |(x, y)| format!("{:.2}", y / x));
            println!(
                "{:<8} {:<18} {:>9.0} {:>12} {:>13.2} {:>13.2} {:>13}",
                threads,
                name,
                tally.per_second(),
                cpu,
                ours.per_second() / tally.per_second(),
                median(ratios),
                cpu_ratio
            );
        }
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average after: {}", load.trim());
}

/// The median of `values` (sorted in place).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// `BENCH_REQUESTS=raw:N`, `raw_timeouts:N` or `driver:N`: only N requests
/// of one client, for an instruction profiler
/// (`valgrind --tool=callgrind`) or `strace -c`.
fn profile_run(server: &Server, spec: &str) {
    let (which, n) = spec.split_once(':').expect("client:N");
    let n: u64 = n.parse().expect("N");
    let run = |f: &dyn Fn()| {
        for _ in 0..n {
            f();
        }
    };
    match which {
        "raw" => {
            let raw = RawUreq::new(&server.base, false);
            run(&|| {
                black_box(raw.refresh());
            });
        }
        "raw_timeouts" => {
            let raw = RawUreq::new(&server.base, true);
            run(&|| {
                black_box(raw.refresh());
            });
        }
        "driver" => {
            let client = driver(&server.base);
            run(&|| {
                black_box(driver_refresh(&client));
            });
        }
        other => panic!("unknown client {other}"),
    }
}

fn main() {
    let server = start_server();
    if let Ok(spec) = std::env::var("BENCH_REQUESTS") {
        profile_run(&server, &spec);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    criterion_groups(&mut c, &server);
    c.final_summary();
    if std::env::args().any(|a| a == "--bench") {
        ratios(&server);
    } else {
        // `cargo test --benches`: one request each, to check they work.
        let raw = RawUreq::new(&server.base, false).refresh();
        let ours = driver_refresh(&driver(&server.base));
        assert_eq!(raw, ours);
    }
}

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
use inai_auth_testkit::bench::{
    PUBLISHABLE_KEY, REFRESH_ANSWER, REFRESH_PATH, REFRESH_TOKEN, RefreshServer, Tally, median,
    start_refresh_server,
};
use serde::Serialize;

const THREADS: usize = 8;

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
            url: format!("{base}{REFRESH_PATH}"),
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

fn criterion_groups(c: &mut Criterion, server: &RefreshServer) {
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
            .header("content-length", REFRESH_ANSWER.len())
            .header("date", "Sun, 06 Dec 2026 21:00:00 GMT")
            .body(REFRESH_ANSWER.as_bytes().to_vec())
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
        b.iter(|| {
            black_box(serde_json::from_slice::<TokenPair>(REFRESH_ANSWER.as_bytes()).expect("json"))
        });
    });
    group.finish();
}

/// Runs `f` on `threads` threads for about `round`.
fn round(server: &RefreshServer, threads: usize, round: Duration, f: &(dyn Fn() + Sync)) -> Tally {
    let before = server.client_cpu_ticks();
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
    let ticks = match (before, server.client_cpu_ticks()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    Tally {
        requests,
        wall,
        ticks,
    }
}

fn ratios(server: &RefreshServer) {
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

/// `BENCH_REQUESTS=raw:N`, `raw_timeouts:N` or `driver:N`: only N requests
/// of one client, for an instruction profiler
/// (`valgrind --tool=callgrind`) or `strace -c`.
fn profile_run(server: &RefreshServer, spec: &str) {
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
    let server = start_refresh_server();
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

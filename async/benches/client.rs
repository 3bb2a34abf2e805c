//! Requests per second of `get_me` against the emulator over loopback (at
//! concurrency 1 and 32), and the core's own cost per operation (build the
//! request + parse a canned answer, no IO) for `login` and for
//! `list_app_users` answering 100 users. For scale, `get_me` against a trivial
//! loopback server (the driver's own cost) and a plain `serde_json::Value` parse.
//!
//!
//! The driver against raw reqwest, in one run and against one loopback
//! server (axum on its own thread answering a fixed `refresh` body): group
//! `refresh` has `raw_reqwest` next to `driver` at concurrency 1 and 32, both
//! sending the same request and parsing the answer into the same
//! [`TokenPair`]. Then, under `cargo bench` only, a table of req/s and client
//! CPU per request (process CPU minus the server thread's, from `/proc`) with
//! the driver/raw ratios, the variants interleaved in rounds.
//!
//! Run: `cargo bench -p inai-auth-async --bench client -- --warm-up-time 1 --measurement-time 3`
//! (`-- refresh` for the comparison alone).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput};
use inai_auth_async::Client;
use std::sync::Arc;
use std::time::{Duration, Instant};

use inai_auth_core::models::{LoginResult, TokenPair};
use inai_auth_core::ops::{GetMe, ListAppUsers, Login, Refresh, Register, VerifyEmail};
use inai_auth_core::secret::AccessToken;
use inai_auth_core::{Config, Operation};
use inai_auth_emulator::{Emulator, EmulatorConfig};
use inai_auth_testkit::bench::{
    PUBLISHABLE_KEY, REFRESH_PATH, REFRESH_TOKEN, RefreshServer, Tally, median,
    start_refresh_server,
};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Registers, verifies and logs in an app user; returns the access token.
async fn app_user_token(client: &Client, emu: &inai_auth_emulator::EmulatorHandle) -> AccessToken {
    let (email, password) = ("bench@example.com", "a long enough password");
    let _registered = client
        .register(Register::new(email, password))
        .await
        .expect("register");
    let mail = emu
        .outbox()
        .into_iter()
        .find(|m| m.to == email)
        .expect("verification email");
    client
        .verify_email(VerifyEmail::new(mail.token))
        .await
        .expect("verify");
    match client
        .login(Login::new(email, password))
        .await
        .expect("login")
    {
        LoginResult::Complete { tokens, .. } => tokens.access_token,
        LoginResult::MfaRequired { .. } => panic!("no MFA expected"),
    }
}

fn get_me(c: &mut Criterion) {
    let emu = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let config = Config::builder()
        .base_url(emu.base_url())
        .publishable_key(emu.seed().publishable_key.as_str())
        .build()
        .expect("config");
    let rt = runtime();
    let client = Client::new(config).expect("client");
    let token = rt.block_on(app_user_token(&client, &emu));

    let mut group = c.benchmark_group("get_me");
    group.throughput(Throughput::Elements(1));
    group.bench_function("concurrency_1", |b| {
        b.to_async(&rt).iter(|| async {
            black_box(client.get_me(GetMe::new(token.clone())).await.expect("me"));
        });
    });
    group.throughput(Throughput::Elements(32));
    group.bench_function("concurrency_32", |b| {
        b.to_async(&rt).iter(|| async {
            let tasks: Vec<_> = (0..32)
                .map(|_| {
                    let (client, token) = (client.clone(), token.clone());
                    tokio::spawn(async move { client.get_me(GetMe::new(token)).await })
                })
                .collect();
            for task in tasks {
                black_box(task.await.expect("task").expect("me"));
            }
        });
    });
    group.finish();
}

/// A trivial keep-alive HTTP/1.1 server answering every request with a
/// canned `get_me` body: what the driver costs without the emulator's work.
async fn trivial_server() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let body = format!(r#"{{"data":{}}}"#, user_json(1));
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut pending = Vec::new();
                loop {
                    let n = match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    pending.extend_from_slice(&buf[..n]);
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        if socket.write_all(&answer).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

fn get_me_trivial_server(c: &mut Criterion) {
    let rt = runtime();
    let base = rt.block_on(trivial_server());
    let config = Config::builder()
        .base_url(base)
        .publishable_key("pk_test_bench")
        .build()
        .expect("config");
    let client = Client::new(config).expect("client");
    let token = AccessToken::from("eyJhbGciOiJFUzI1NiJ9.e30.c2ln");

    let mut group = c.benchmark_group("get_me_trivial_server");
    group.throughput(Throughput::Elements(1));
    group.bench_function("concurrency_1", |b| {
        b.to_async(&rt).iter(|| async {
            black_box(client.get_me(GetMe::new(token.clone())).await.expect("me"));
        });
    });
    group.throughput(Throughput::Elements(32));
    group.bench_function("concurrency_32", |b| {
        b.to_async(&rt).iter(|| async {
            let tasks: Vec<_> = (0..32)
                .map(|_| {
                    let (client, token) = (client.clone(), token.clone());
                    tokio::spawn(async move { client.get_me(GetMe::new(token)).await })
                })
                .collect();
            for task in tasks {
                black_box(task.await.expect("task").expect("me"));
            }
        });
    });
    group.finish();
}

fn user_json(i: usize) -> String {
    format!(
        r#"{{"id":"usr_{i:04}","tenantId":"ten_1","email":"user{i}@example.com","firstName":"User","lastName":"Number {i}","avatarUrl":null,"isActive":true,"emailVerified":true,"mfaEnabled":false,"externalId":null,"roles":["member"],"permissions":["read:things"],"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-02T00:00:00.000Z","lastLoginAt":null}}"#
    )
}

fn answer(body: String) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(body.into_bytes())
        .expect("response")
}

fn core_cost(c: &mut Criterion) {
    let config = Config::builder()
        .base_url("https://apiauth.inai.dev")
        .publishable_key("pk_test_bench")
        .build()
        .expect("config");
    let login_body = format!(
        r#"{{"access_token":"eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJl","refresh_token":"rt_0123456789abcdef","token_type":"Bearer","expires_in":900,"user":{}}}"#,
        user_json(1)
    );
    let users: Vec<String> = (0..100).map(user_json).collect();
    let page_body = format!(
        r#"{{"data":[{}],"total":250,"page":1,"limit":100}}"#,
        users.join(",")
    );

    let mut group = c.benchmark_group("core_build_parse");
    group.throughput(Throughput::Elements(1));
    group.bench_function("login", |b| {
        b.iter_batched(
            || answer(login_body.clone()),
            |response| {
                let op = Login::new("ada@example.com", "correct horse battery staple");
                black_box(op.to_request(&config).expect("request"));
                black_box(op.parse(response).expect("parsed"))
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("list_app_users_100", |b| {
        b.iter_batched(
            || answer(page_body.clone()),
            |response| {
                let op = ListAppUsers::new("access-token", "app_1")
                    .with_page(1)
                    .with_limit(100);
                black_box(op.to_request(&config).expect("request"));
                let page = op.parse(response).expect("parsed");
                assert_eq!(page.len(), 100);
                black_box(page)
            },
            BatchSize::SmallInput,
        );
    });
    // For scale: the same body parsed into an untyped serde_json::Value.
    group.bench_function("baseline_serde_json_value_100_users", |b| {
        b.iter(|| {
            black_box(
                serde_json::from_slice::<serde_json::Value>(page_body.as_bytes()).expect("json"),
            )
        });
    });
    group.finish();
}

#[derive(serde::Serialize)]
struct RefreshBody<'a> {
    refresh_token: &'a str,
}

/// What a careful reqwest user writes: one client with the SDK's settings
/// (no redirects, no proxy, the timeouts), the same headers and body, the
/// answer parsed into the typed model.
#[derive(Clone)]
struct RawReqwest {
    http: reqwest::Client,
    url: Arc<str>,
}

impl RawReqwest {
    fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("inai-auth-rust/0.1.0")
            .no_proxy()
            .build()
            .expect("reqwest");
        Self {
            http,
            url: format!("{base}{REFRESH_PATH}").into(),
        }
    }

    async fn refresh(&self) -> TokenPair {
        let body = serde_json::to_vec(&RefreshBody {
            refresh_token: REFRESH_TOKEN,
        })
        .expect("body");
        let response = self
            .http
            .post(&*self.url)
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .header("x-publishable-key", PUBLISHABLE_KEY)
            .body(body)
            .send()
            .await
            .expect("send");
        assert_eq!(response.status(), 200);
        let bytes = response.bytes().await.expect("body");
        serde_json::from_slice(&bytes).expect("json")
    }
}

fn refresh_driver(base: &str) -> Client {
    let config = Config::builder()
        .base_url(base)
        .publishable_key(PUBLISHABLE_KEY)
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

#[inline(never)]
async fn driver_refresh(client: &Client) -> TokenPair {
    client
        .refresh(Refresh::new(REFRESH_TOKEN))
        .await
        .expect("refresh")
}

/// The comparison: same server, same request, same parse.
fn refresh_vs_reqwest(c: &mut Criterion, server: &RefreshServer) {
    let rt = runtime();
    let raw = RawReqwest::new(&server.base);
    let client = refresh_driver(&server.base);

    let mut group = c.benchmark_group("refresh");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_reqwest_c1", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(raw.refresh().await) });
    });
    group.bench_function("driver_c1", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(driver_refresh(&client).await) });
    });
    group.throughput(Throughput::Elements(32));
    group.bench_function("raw_reqwest_c32", |b| {
        b.to_async(&rt).iter(|| async {
            let tasks: Vec<_> = (0..32)
                .map(|_| {
                    let raw = raw.clone();
                    tokio::spawn(async move { raw.refresh().await })
                })
                .collect();
            for task in tasks {
                black_box(task.await.expect("task"));
            }
        });
    });
    group.bench_function("driver_c32", |b| {
        b.to_async(&rt).iter(|| async {
            let tasks: Vec<_> = (0..32)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move { driver_refresh(&client).await })
                })
                .collect();
            for task in tasks {
                black_box(task.await.expect("task"));
            }
        });
    });
    group.finish();
}

/// `tasks` tasks each sending requests with `one` for about `length`.
fn round<F, Fut>(
    rt: &tokio::runtime::Runtime,
    server: &RefreshServer,
    tasks: usize,
    length: Duration,
    one: F,
) -> Tally
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = TokenPair> + Send,
{
    let before = server.client_cpu_ticks();
    let started = Instant::now();
    let requests: u64 = rt.block_on(async {
        let workers: Vec<_> = (0..tasks)
            .map(|_| {
                let one = one.clone();
                tokio::spawn(async move {
                    let mut n = 0u64;
                    while started.elapsed() < length {
                        black_box(one().await);
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        let mut total = 0;
        for worker in workers {
            total += worker.await.expect("worker");
        }
        total
    });
    let wall = started.elapsed();
    let ticks = before.zip(server.client_cpu_ticks()).map(|(a, b)| b - a);
    Tally {
        requests,
        wall,
        ticks,
    }
}

fn refresh_ratios(server: &RefreshServer) {
    const ROUNDS: usize = 10;
    const ROUND: Duration = Duration::from_millis(300);
    let rt = runtime();
    let raw = RawReqwest::new(&server.base);
    let client = refresh_driver(&server.base);
    let raw_one = move || {
        let raw = raw.clone();
        async move { raw.refresh().await }
    };
    let driver_one = move || {
        let client = client.clone();
        async move { driver_refresh(&client).await }
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\nasync driver vs raw reqwest, {ROUNDS} interleaved rounds of {ROUND:?} each; totals, and the median of the per-round req/s ratios; load average before: {}",
        load.trim()
    );
    println!(
        "{:<12} {:>10} {:>10} {:>12} {:>12} {:>9} {:>14} {:>9}",
        "concurrency",
        "raw req/s",
        "drv req/s",
        "raw CPU/req",
        "drv CPU/req",
        "req/s ×",
        "median req/s ×",
        "CPU ×"
    );
    for tasks in [1, 32] {
        let warm = Duration::from_millis(300);
        let _ = round(&rt, server, tasks, warm, raw_one.clone());
        let _ = round(&rt, server, tasks, warm, driver_one.clone());
        let (mut a, mut b) = (Tally::zero(), Tally::zero());
        let mut ratios = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let x = round(&rt, server, tasks, ROUND, raw_one.clone());
            let y = round(&rt, server, tasks, ROUND, driver_one.clone());
            ratios.push(y.per_second() / x.per_second());
            a.add(x);
            b.add(y);
        }
        let us = |t: &Tally| {
            t.cpu_us()
                .map_or("n/a".to_owned(), |v| format!("{v:.1} µs"))
        };
        let cpu_ratio = a
            .cpu_us()
            .zip(b.cpu_us())
            .map_or("n/a".to_owned(), |(x, y)| format!("{:.2}", y / x));
        println!(
            "{:<12} {:>10.0} {:>10.0} {:>12} {:>12} {:>9.2} {:>14.2} {:>9}",
            tasks,
            a.per_second(),
            b.per_second(),
            us(&a),
            us(&b),
            b.per_second() / a.per_second(),
            median(&mut ratios),
            cpu_ratio
        );
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average after: {}", load.trim());
}

/// `BENCH_REQUESTS=raw:N` or `driver:N`: only N sequential requests of one
/// client, for an instruction profiler (`valgrind --tool=callgrind`) or
/// `strace -c`.
fn profile_run(server: &RefreshServer, spec: &str) {
    let (which, n) = spec.split_once(':').expect("client:N");
    let n: u64 = n.parse().expect("N");
    let rt = runtime();
    match which {
        "raw" => {
            let raw = RawReqwest::new(&server.base);
            rt.block_on(async {
                for _ in 0..n {
                    black_box(raw_refresh(&raw).await);
                }
            });
        }
        "driver" => {
            let client = refresh_driver(&server.base);
            rt.block_on(async {
                for _ in 0..n {
                    black_box(driver_refresh(&client).await);
                }
            });
        }
        other => panic!("unknown client {other}"),
    }
}

#[inline(never)]
async fn raw_refresh(raw: &RawReqwest) -> TokenPair {
    raw.refresh().await
}

fn main() {
    let server = start_refresh_server();
    if let Ok(spec) = std::env::var("BENCH_REQUESTS") {
        profile_run(&server, &spec);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    refresh_vs_reqwest(&mut c, &server);
    get_me(&mut c);
    get_me_trivial_server(&mut c);
    core_cost(&mut c);
    c.final_summary();
    if std::env::args().any(|a| a == "--bench") {
        refresh_ratios(&server);
    } else {
        // `cargo test --benches`: one request each, to check they work.
        let rt = runtime();
        let raw = rt.block_on(RawReqwest::new(&server.base).refresh());
        let ours = rt.block_on(driver_refresh(&refresh_driver(&server.base)));
        assert_eq!(raw, ours);
    }
}

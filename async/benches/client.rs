//! Requests per second of `get_me` against the emulator over loopback (at
//! concurrency 1 and 32), and the core's own cost per operation (build the
//! request + parse a canned answer, no IO) for `login` and for
//! `list_app_users` answering 100 users. For scale, `get_me` against a trivial
//! loopback server (the driver's own cost) and a plain `serde_json::Value` parse.
//!
//! Run: `cargo bench -p inai-auth-async --bench client -- --warm-up-time 1 --measurement-time 3`
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use inai_auth_async::Client;
use inai_auth_core::models::LoginResult;
use inai_auth_core::ops::{GetMe, ListAppUsers, Login, Register, VerifyEmail};
use inai_auth_core::secret::AccessToken;
use inai_auth_core::{Config, Operation};
use inai_auth_emulator::{Emulator, EmulatorConfig};

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

criterion_group!(benches, get_me, get_me_trivial_server, core_cost);
criterion_main!(benches);

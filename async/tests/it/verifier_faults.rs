//! The verifier on fault paths (issue 11): answers that must not replace
//! good keys, clock steps, a slow JWKS, plain http, redirects, a silent or
//! dripping JWKS, DNS failure, a refused connection, forged-token floods,
//! retired keys. Mirrors the blocking driver's `verifier_faults.rs`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use inai_auth_async::{Client, Verifier};
use inai_auth_core::{Config, ConfigError, InAIAuthError};
use inai_auth_emulator::Fault;
use inai_auth_testkit::Context;
use inai_auth_verify::{CacheOptions, Clock, ManualClock, SystemClock, VerifyError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::common;

const JWKS: &str = "/.well-known/jwks.json";
/// The JWKS timeout of the tests that wait for one.
const TIMEOUT: Duration = Duration::from_millis(300);
/// What a test allows past that timeout (scheduling on a busy machine).
const MARGIN: Duration = Duration::from_millis(700);

fn context() -> Context {
    Context::start().expect("the testkit context starts")
}

fn client(ctx: &Context) -> Client {
    Client::builder()
        .config(ctx.config().clone())
        .retry_policy(common::fast_retries())
        .build()
        .expect("the client builds")
}

fn manual_verifier(ctx: &Context, clock: &ManualClock) -> Verifier {
    client(ctx)
        .verifier()
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("verifier")
}

/// The emulator's JWKS document, fetched without counting as a verifier fetch.
fn jwks_body(ctx: &Context) -> serde_json::Value {
    let response = ctx
        .emulator_json(http::Method::GET, JWKS, &serde_json::Value::Null)
        .expect("the jwks");
    ctx.emulator().clear_request_counts();
    serde_json::from_slice(response.body()).expect("json")
}

fn jwks_count(ctx: &Context) -> u64 {
    ctx.emulator().request_count("GET", JWKS)
}

/// Waits until the emulator has seen `n` JWKS requests and the last one had
/// time to be reported (stale keys are renewed by a background task).
async fn jwks_count_reaches(ctx: &Context, n: u64) {
    let started = Instant::now();
    while jwks_count(ctx) < n && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Item 1: `{"keys":[]}` and `{"keys":[null,0,[]]}` are failed fetches.
#[tokio::test]
async fn a_key_set_without_usable_keys_keeps_the_good_keys() {
    for bad in [
        serde_json::json!({ "keys": [] }),
        serde_json::json!({ "keys": [null, 0, []] }),
    ] {
        let ctx = context();
        let clock = ManualClock::new(SystemClock.now());
        let verifier = manual_verifier(&ctx, &clock);
        let token = ctx.user_token();
        verifier.verify(token.expose_secret()).await.expect("valid");
        ctx.emulator().inject_fault(
            Fault::status(JWKS, 200)
                .with_body(bad.clone())
                .with_count(100),
        );
        // Past the TTL: the refresh answers the bad set; the keys stay.
        clock.advance(Duration::from_secs(6 * 60));
        verifier
            .verify(token.expose_secret())
            .await
            .unwrap_or_else(|e| panic!("{bad}: a valid token refused: {e}"));
        jwks_count_reaches(&ctx, 2).await;
        assert_eq!(jwks_count(&ctx), 2, "{bad}");
        // And for the whole refetch interval after it.
        clock.advance(Duration::from_secs(11));
        verifier.verify(token.expose_secret()).await.expect("valid");
    }
}

/// Item 2: a 203 (or any status but 200) with a good body installs nothing.
#[tokio::test]
async fn only_a_200_answer_installs_keys() {
    let ctx = context();
    let body = jwks_body(&ctx);
    for status in [203, 206] {
        ctx.emulator()
            .inject_fault(Fault::status(JWKS, status).with_body(body.clone()));
        let verifier = client(&ctx).verifier().build().expect("verifier");
        let error = verifier
            .verify(ctx.user_token().expose_secret())
            .await
            .expect_err("no keys installed");
        assert_eq!(error, VerifyError::KeysUnavailable, "{status}");
    }
}

/// Item 4: after the wall clock steps back an hour, a token of a new key
/// is accepted at once (one refetch), not refused until the clock catches up.
#[tokio::test]
async fn a_clock_stepped_back_does_not_block_a_new_key() {
    let ctx = context();
    let clock = ManualClock::new(SystemClock.now());
    let verifier = manual_verifier(&ctx, &clock);
    verifier
        .verify(ctx.user_token().expose_secret())
        .await
        .expect("valid");
    clock.set(SystemClock.now() - time::Duration::hours(1));
    ctx.emulator().rotate_keys(false);
    let fresh = ctx.login(ctx.user()).expect("login").access_token;
    let auth = verifier
        .verify(fresh.expose_secret())
        .await
        .expect("the new key is fetched");
    assert_eq!(auth.user_id(), ctx.user().id);
    assert_eq!(jwks_count(&ctx), 2);
}

/// Item 5: a JWKS slower than the cache's fetch timeout but within the
/// driver's request timeout is waited for, and asked once.
#[tokio::test]
async fn a_slow_jwks_within_the_request_timeout_is_waited_for() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::delay(JWKS, Duration::from_millis(600)));
    let verifier = client(&ctx)
        .verifier()
        .cache_options(CacheOptions::default().with_fetch_timeout(Duration::from_millis(200)))
        .timeout(Duration::from_secs(3))
        .build()
        .expect("verifier");
    assert!(verifier.cache_options().fetch_timeout() > Duration::from_secs(3));
    verifier
        .verify(ctx.user_token().expose_secret())
        .await
        .expect("the slow answer is waited for");
    assert_eq!(jwks_count(&ctx), 1);
}

/// Item 6: plain http to a host that is not loopback needs the opt-in.
#[tokio::test]
async fn plain_http_jwks_urls_need_the_opt_in_unless_loopback() {
    let url = "http://auth.example.com/.well-known/jwks.json";
    match Verifier::builder(url).build() {
        Err(InAIAuthError::Config(ConfigError::InsecureHttp { host })) => {
            assert_eq!(host, "auth.example.com");
        }
        other => panic!("accepted: {other:?}"),
    }
    let error = Verifier::builder(url)
        .build()
        .expect_err("refused")
        .to_string();
    assert!(error.contains("insecure_allow_http(true)"), "{error}");
    assert!(
        Verifier::builder(url)
            .insecure_allow_http(true)
            .build()
            .is_ok()
    );
    for loopback in [
        "http://127.0.0.1:9/.well-known/jwks.json",
        "http://127.8.0.1/.well-known/jwks.json",
        "http://[::1]:9/.well-known/jwks.json",
        "http://localhost:9/.well-known/jwks.json",
    ] {
        assert!(Verifier::builder(loopback).build().is_ok(), "{loopback}");
    }
    assert!(matches!(
        Config::builder()
            .base_url("http://auth.example.com")
            .build(),
        Err(ConfigError::InsecureHttp { .. })
    ));
    let config = Config::builder()
        .base_url("http://auth.example.com")
        .insecure_allow_http(true)
        .build()
        .expect("opted in");
    assert!(Verifier::from_config(&config).build().is_ok());
    let client = Client::builder().config(config).build().expect("client");
    assert!(client.verifier().build().is_ok());
}

/// A JWKS answering 302 to another server: not followed, a failed fetch.
#[tokio::test]
async fn a_redirecting_jwks_is_not_followed() {
    let ctx = context();
    let location = ctx.emulator().jwks_url();
    let answer = format!(
        "HTTP/1.1 302 Found\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    let (base, seen) = common::raw_server(Some(answer.into_bytes())).await;
    let verifier = Verifier::builder(format!("{base}{JWKS}"))
        .no_proxy()
        .build()
        .expect("verifier");
    let error = verifier
        .verify(ctx.user_token().expose_secret())
        .await
        .expect_err("no keys");
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert_eq!(seen.lock().await.connections, 1);
    assert_eq!(jwks_count(&ctx), 0, "the redirect target saw a request");
}

/// Verifies a well-formed token against `url` with a short timeout and
/// returns the error and how long it took.
async fn refused_quickly(url: &str) -> (VerifyError, Duration) {
    let token = include_str!("../../../verify/tests/data/token.txt").trim();
    let verifier = Verifier::builder(url)
        .timeout(TIMEOUT)
        .no_proxy()
        .build()
        .expect("verifier");
    let started = Instant::now();
    let error = verifier.verify(token).await.expect_err("refused");
    (error, started.elapsed())
}

#[tokio::test]
async fn a_jwks_that_never_answers_fails_within_the_timeout() {
    let (base, seen) = common::raw_server(None).await;
    let (error, took) = refused_quickly(&format!("{base}{JWKS}")).await;
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
    assert_eq!(seen.lock().await.connections, 1);
}

#[tokio::test]
async fn a_jwks_dripping_its_body_fails_within_the_timeout() {
    let body = include_bytes!("../../../verify/tests/data/jwks.json");
    let base = common::dripping_server(body, Duration::from_millis(20)).await;
    let (error, took) = refused_quickly(&format!("{base}{JWKS}")).await;
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
}

#[tokio::test]
async fn a_jwks_host_that_does_not_resolve_is_unavailable_quickly() {
    // `.invalid` never resolves (RFC 6761 §6.4); no network is needed.
    let (error, took) = refused_quickly("https://jwks.invalid/.well-known/jwks.json").await;
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
}

#[tokio::test]
async fn a_refused_connection_is_unavailable_quickly() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let (error, took) = refused_quickly(&format!("http://127.0.0.1:{port}{JWKS}")).await;
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
}

/// Tokens with the emulator's kid and a payload it never signed, from many
/// tasks: all refused, at most one refetch per interval.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_forged_tokens_with_a_known_kid_cause_at_most_one_fetch_per_interval() {
    let ctx = context();
    let clock = ManualClock::new(SystemClock.now());
    let verifier = manual_verifier(&ctx, &clock);
    let token = ctx.user_token().expose_secret().to_owned();
    verifier.verify(&token).await.expect("valid");
    let mut parts = token.split('.');
    let header = parts.next().expect("header").to_owned();
    let _ = parts.next();
    let signature = parts.next().expect("signature").to_owned();
    let forge = move |sub: String| {
        let claims = format!(r#"{{"sub":"{sub}","type":"app_user","exp":4102444800}}"#);
        format!("{header}.{}.{signature}", b64(claims.as_bytes()))
    };
    let tasks: Vec<_> = (0..400)
        .map(|i| {
            let verifier = verifier.clone();
            let forged = forge(format!("forged_{i}"));
            tokio::spawn(async move { verifier.verify(&forged).await })
        })
        .collect();
    for task in tasks {
        let error = task.await.expect("task").expect_err("forged");
        assert_eq!(error, VerifyError::BadSignature);
    }
    assert!(jwks_count(&ctx) <= 2, "{} fetches", jwks_count(&ctx));
    clock.advance(Duration::from_secs(10));
    for i in 0..20 {
        let forged = forge(format!("late_{i}"));
        assert!(verifier.verify(&forged).await.is_err());
    }
    assert!(jwks_count(&ctx) <= 3, "{} fetches", jwks_count(&ctx));
}

/// A token of a key the API retired is refused once a refetch brought the
/// new set.
#[tokio::test]
async fn a_token_of_a_retired_key_is_refused_after_the_refetch() {
    let ctx = context();
    let clock = ManualClock::new(SystemClock.now());
    let verifier = manual_verifier(&ctx, &clock);
    let old = ctx.user_token();
    verifier.verify(old.expose_secret()).await.expect("valid");
    ctx.emulator().rotate_keys(true);
    let fresh = ctx.login(ctx.user()).expect("login").access_token;
    clock.advance(Duration::from_secs(10));
    verifier
        .verify(fresh.expose_secret())
        .await
        .expect("new key");
    assert_eq!(jwks_count(&ctx), 2);
    assert_eq!(
        verifier
            .verify(old.expose_secret())
            .await
            .expect_err("retired"),
        VerifyError::UnknownKeyId
    );
    clock.advance(Duration::from_secs(11));
    assert_eq!(
        verifier
            .verify(old.expose_secret())
            .await
            .expect_err("retired"),
        VerifyError::UnknownKeyId
    );
    assert_eq!(jwks_count(&ctx), 3);
    verifier
        .verify(fresh.expose_secret())
        .await
        .expect("new key");
}

fn b64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// A JWKS server that answers its first request at once and holds every
/// later one until `release` is notified; counts requests.
async fn held_jwks_server(
    body: &'static [u8],
    release: Arc<tokio::sync::Notify>,
) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let release = Arc::clone(&release);
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                if n > 0 {
                    release.notified().await;
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(body).await;
            });
        }
    });
    (format!("http://{addr}"), count)
}

/// Issue 13, item 2: the call that finds the keys past their TTL answers
/// with the stale keys at once; the refresh runs in a spawned task. The
/// refresh is held until the caller has its answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_keys_are_renewed_without_making_the_caller_wait() {
    use std::sync::atomic::Ordering;

    let token = include_str!("../../../verify/tests/data/token.txt").trim();
    let body = include_bytes!("../../../verify/tests/data/jwks.json");
    let release = Arc::new(tokio::sync::Notify::new());
    let (base, fetches) = held_jwks_server(body, Arc::clone(&release)).await;
    let clock =
        ManualClock::new(time::OffsetDateTime::from_unix_timestamp(1_767_225_600).expect("a time"));
    let verifier = Verifier::builder(format!("{base}{JWKS}"))
        .no_proxy()
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("verifier");
    verifier.verify(token).await.expect("valid");

    clock.advance(Duration::from_secs(301));
    let auth = tokio::time::timeout(Duration::from_secs(5), verifier.verify(token))
        .await
        .expect("the caller did not wait for the refresh")
        .expect("valid with the stale keys");
    assert_eq!(auth.user_id(), "user_1");
    let started = Instant::now();
    while fetches.load(Ordering::SeqCst) < 2 && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "the refresh is out");
    verifier.verify(token).await.expect("others keep verifying");
    release.notify_one();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(300) {
        verifier.verify(token).await.expect("valid");
        clock.advance(Duration::from_secs(1));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "no further fetch");
}

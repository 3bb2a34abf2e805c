//! The verifier against the emulator's JWKS: single flight, rotation, outage.

use std::sync::Arc;
use std::time::Duration;

use inai_auth_async::Verifier;
use inai_auth_emulator::{EmulatorHandle, Fault};
use inai_auth_verify::{CacheOptions, ManualClock, VerifyError};

use crate::common;

const JWKS: &str = "/.well-known/jwks.json";

/// Waits until the emulator has seen `n` JWKS requests and the last one had
/// time to be reported (stale keys are renewed by a background task).
async fn jwks_requests_reach(emu: &EmulatorHandle, n: u64) {
    let started = std::time::Instant::now();
    while emu.request_count("GET", JWKS) < n && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
}

fn manual_clock() -> ManualClock {
    ManualClock::new(time::OffsetDateTime::now_utc())
}

async fn fresh_token(client: &inai_auth_async::Client, emu: &EmulatorHandle) -> String {
    common::admin_token(client, emu).await.into_secret()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_tasks_on_a_cold_cache_send_one_jwks_request() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = fresh_token(&client, &emu).await;
    let verifier = client.verifier().build().expect("verifier");

    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let verifier = verifier.clone();
            let token = token.clone();
            tokio::spawn(async move { verifier.verify(&token).await })
        })
        .collect();
    let mut verified = 0;
    for task in tasks {
        let auth = task.await.expect("task").expect("verified");
        assert_eq!(auth.user_id(), emu.seed().admin_id);
        verified += 1;
    }

    assert_eq!(verified, 1000);
    assert_eq!(emu.request_count("GET", JWKS), 1);
}

#[tokio::test]
async fn signing_key_rotation_mid_stream_has_no_false_rejects() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = manual_clock();
    let verifier = client
        .verifier()
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("verifier");
    let before = fresh_token(&client, &emu).await;

    // A stream of requests, one per second of (manual) time.
    for _ in 0..30 {
        verifier.verify(&before).await.expect("old key verifies");
        clock.advance(Duration::from_secs(1));
    }
    emu.rotate_keys(false);
    let after = fresh_token(&client, &emu).await;
    assert_ne!(
        kid(&before),
        kid(&after),
        "the emulator signs with the new key"
    );
    for _ in 0..30 {
        verifier.verify(&after).await.expect("new key verifies");
        verifier
            .verify(&before)
            .await
            .expect("old key still verifies");
        clock.advance(Duration::from_secs(1));
    }

    // The first fetch, and one refetch for the unknown kid.
    assert_eq!(emu.request_count("GET", JWKS), 2);
}

#[tokio::test]
async fn a_jwks_outage_serves_stale_keys_then_fails_with_keys_unavailable() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = manual_clock();
    let verifier = client
        .verifier()
        .clock(Arc::new(clock.clone()))
        .cache_options(
            CacheOptions::default()
                .with_key_ttl(Duration::from_secs(60))
                .with_max_stale(Duration::from_secs(120)),
        )
        .build()
        .expect("verifier");
    let token = fresh_token(&client, &emu).await;
    verifier.verify(&token).await.expect("keys fetched");
    emu.inject_fault(Fault::status(JWKS, 503).with_count(1000));

    clock.advance(Duration::from_secs(61)); // stale: a refresh is tried and fails
    verifier
        .verify(&token)
        .await
        .expect("stale keys still verify");
    jwks_requests_reach(&emu, 2).await;
    assert_eq!(emu.request_count("GET", JWKS), 2);

    clock.advance(Duration::from_secs(100)); // 161 s: still within ttl + max-stale
    verifier
        .verify(&token)
        .await
        .expect("stale keys still verify");
    jwks_requests_reach(&emu, 3).await;
    assert_eq!(emu.request_count("GET", JWKS), 3);

    clock.advance(Duration::from_secs(20)); // 181 s: past ttl + max-stale
    let error = verifier.verify(&token).await.expect_err("no usable keys");
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(error.is_unavailable());

    emu.clear_faults();
    clock.advance(Duration::from_secs(10)); // the refetch interval has passed
    verifier
        .verify(&token)
        .await
        .expect("recovered after the outage");
}

#[tokio::test]
async fn a_cold_cache_during_an_outage_is_keys_unavailable_not_a_token_fault() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = fresh_token(&client, &emu).await;
    emu.inject_fault(Fault::status(JWKS, 500).with_count(10));
    let verifier = client.verifier().build().expect("verifier");

    let error = verifier.verify(&token).await.expect_err("no keys");

    assert_eq!(error, VerifyError::KeysUnavailable);
    assert_eq!(emu.request_count("GET", JWKS), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_caller_does_not_wedge_the_fetch_others_wait_for() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = fresh_token(&client, &emu).await;
    emu.inject_fault(Fault::delay(JWKS, Duration::from_millis(300)));
    let verifier = client.verifier().build().expect("verifier");

    let first = {
        let (verifier, token) = (verifier.clone(), token.clone());
        tokio::spawn(async move { verifier.verify(&token).await })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    first.abort(); // the caller that started the fetch goes away
    let second = tokio::time::timeout(Duration::from_secs(3), verifier.verify(&token))
        .await
        .expect("not wedged");

    second.expect("verified with the keys of the first fetch");
    assert_eq!(emu.request_count("GET", JWKS), 1);
}

#[tokio::test]
async fn a_forged_token_is_refused_without_a_refetch_storm() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = fresh_token(&client, &emu).await;
    let verifier = Verifier::builder(emu.jwks_url()).build().expect("verifier");
    verifier.verify(&token).await.expect("valid");

    // Flip the signature's first character: a known kid, a bad signature.
    let (head, signature) = token.rsplit_once('.').expect("three parts");
    let flipped = if signature.starts_with('A') { "B" } else { "A" };
    let forged = format!("{head}.{flipped}{}", &signature[1..]);
    for _ in 0..5 {
        let error = verifier.verify(&forged).await.expect_err("forged");
        assert!(
            matches!(error, VerifyError::BadSignature | VerifyError::Malformed(_)),
            "{error:?}"
        );
    }
    // At most one refetch within the refetch interval.
    assert!(emu.request_count("GET", JWKS) <= 2);
}

#[tokio::test]
async fn the_jwks_body_cap_applies_to_key_fetches() {
    let emu = common::emulator();
    let client = inai_auth_async::Client::builder()
        .config(common::config(&emu))
        .max_jwks_bytes(64) // smaller than the emulator's key set
        .build()
        .expect("client");
    let token = fresh_token(&client, &emu).await;
    let verifier = client.verifier().build().expect("verifier");

    let error = verifier.verify(&token).await.expect_err("keys refused");

    assert_eq!(error, VerifyError::KeysUnavailable);
    assert_eq!(emu.request_count("GET", JWKS), 1);
    let roomy = Verifier::builder(emu.jwks_url()).build().expect("verifier");
    roomy
        .verify(&token)
        .await
        .expect("the same keys fit under the default cap");
}

#[tokio::test]
async fn a_bad_jwks_url_is_a_config_error() {
    for url in ["not a url", "ftp://example.com/jwks", "/relative/jwks.json"] {
        let error = Verifier::builder(url).build().expect_err(url);
        assert!(
            matches!(error, inai_auth_core::InAIAuthError::Config(_)),
            "{url}: {error:?}"
        );
    }
}

/// The `kid` of a token's header, read without verifying.
fn kid(token: &str) -> String {
    let header = token.split('.').next().expect("header");
    let bytes = base64_url_decode(header);
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("json header");
    value["kid"].as_str().expect("kid").to_owned()
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c).expect("base64url") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}

#[tokio::test]
async fn a_jwks_never_holding_the_kid_ends_in_keys_unavailable_even_without_throttling() {
    let token = include_str!("../../../verify/tests/data/token.txt").trim();
    let jwks = include_str!("../../../verify/tests/data/jwks.json").replace("key-1", "key-2");
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{jwks}",
        jwks.len()
    );
    let (base_url, seen) = common::raw_server(Some(answer.into_bytes())).await;
    let verifier = Verifier::builder(format!("{base_url}{JWKS}"))
        .min_refetch_interval(Duration::ZERO)
        .build()
        .expect("verifier");

    let error = tokio::time::timeout(Duration::from_secs(5), verifier.verify(token))
        .await
        .expect("the loop ends")
        .expect_err("no key for the kid");

    assert_eq!(error, VerifyError::KeysUnavailable);
    let fetches = seen.lock().await.heads.len();
    assert!((2..=4).contains(&fetches), "{fetches} fetches");
}

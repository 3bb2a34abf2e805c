//! `Verifier` against the emulator's JWKS: key rotation, outage, single flight.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use inai_auth_blocking::Verifier;
use inai_auth_emulator::{EmulatorConfig, Fault};
use inai_auth_testkit::Context;
use inai_auth_verify::{Clock, ManualClock, SystemClock, TokenType, Validation, VerifyError};

use crate::support::{client, context};

const JWKS: &str = "/.well-known/jwks.json";

/// Waits until the emulator has seen `n` JWKS requests and the last one had
/// time to be reported (stale keys are renewed by a background thread).
pub(crate) fn jwks_requests_reach(ctx: &Context, n: u64) {
    let started = std::time::Instant::now();
    while ctx.emulator().request_count("GET", JWKS) < n
        && started.elapsed() < Duration::from_secs(5)
    {
        thread::sleep(Duration::from_millis(5));
    }
    thread::sleep(Duration::from_millis(50));
}

fn verifier_with(ctx: &Context, clock: &ManualClock) -> Verifier {
    client(ctx)
        .verifier()
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

#[test]
fn verifies_app_and_platform_tokens_with_pins() {
    let ctx = context();
    let verifier = Verifier::from_config(ctx.config())
        .validation(
            Validation::default()
                .with_token_type(TokenType::AppUser)
                .with_env_id(ctx.env_id()),
        )
        .build()
        .unwrap();
    let auth = verifier.verify(ctx.user_token().expose_secret()).unwrap();
    assert_eq!(auth.user_id(), ctx.user().id);
    assert_eq!(auth.env_id(), Some(ctx.env_id()));
    let error = verifier
        .verify(ctx.admin_token().expose_secret())
        .unwrap_err();
    assert!(!error.is_unavailable(), "{error:?}");
    let error = verifier.verify("not.a.token").unwrap_err();
    assert!(!error.is_unavailable(), "{error:?}");
    assert_eq!(ctx.emulator().request_count("GET", JWKS), 1);
}

#[test]
fn signing_key_rotation_mid_stream_rejects_nothing() {
    let ctx = context();
    let clock = ManualClock::new(SystemClock.now());
    let verifier = verifier_with(&ctx, &clock);
    let before = ctx.login(ctx.user()).unwrap().access_token;
    verifier.verify(before.expose_secret()).unwrap();

    for round in 0..3 {
        clock.advance(Duration::from_secs(30));
        ctx.emulator().rotate_keys(false);
        for _ in 0..5 {
            let fresh = ctx.login(ctx.user()).unwrap().access_token;
            let auth = verifier
                .verify(fresh.expose_secret())
                .unwrap_or_else(|e| panic!("round {round}: new key refused: {e}"));
            assert_eq!(auth.user_id(), ctx.user().id);
            verifier
                .verify(before.expose_secret())
                .unwrap_or_else(|e| panic!("round {round}: old key refused: {e}"));
        }
    }
    // One fetch at start, one per rotation (unknown kid), none per token.
    assert_eq!(ctx.emulator().request_count("GET", JWKS), 4);
}

#[test]
fn jwks_outage_serves_stale_keys_then_keys_unavailable() {
    let ctx = Context::start_with(
        EmulatorConfig::default().with_access_token_ttl(Duration::from_secs(3 * 3600)),
    )
    .unwrap();
    let clock = ManualClock::new(SystemClock.now());
    let verifier = verifier_with(&ctx, &clock);
    let token = ctx.user_token();
    verifier.verify(token.expose_secret()).unwrap();
    assert_eq!(ctx.emulator().request_count("GET", JWKS), 1);

    ctx.emulator()
        .inject_fault(Fault::status(JWKS, 503).with_count(1000));
    // Past the 5 min TTL: the refresh fails, the stale keys still verify.
    clock.advance(Duration::from_secs(6 * 60));
    verifier.verify(token.expose_secret()).unwrap();
    jwks_requests_reach(&ctx, 2);
    assert_eq!(ctx.emulator().request_count("GET", JWKS), 2);
    // Within the 10 s refetch interval, no new attempt.
    verifier.verify(token.expose_secret()).unwrap();
    assert_eq!(ctx.emulator().request_count("GET", JWKS), 2);
    // Later, still within max-stale (1 h past the TTL): another failed attempt, still valid.
    clock.advance(Duration::from_secs(50 * 60));
    verifier.verify(token.expose_secret()).unwrap();
    jwks_requests_reach(&ctx, 3);
    assert_eq!(ctx.emulator().request_count("GET", JWKS), 3);
    // Past TTL + max-stale: the keys are unusable.
    clock.advance(Duration::from_secs(10 * 60));
    let error = verifier.verify(token.expose_secret()).unwrap_err();
    assert!(matches!(error, VerifyError::KeysUnavailable), "{error:?}");
    assert!(error.is_unavailable());

    // The JWKS is back: verification recovers after the refetch interval.
    ctx.emulator().clear_faults();
    clock.advance(Duration::from_secs(11));
    verifier.verify(token.expose_secret()).unwrap();
}

#[test]
fn single_flight_100_threads_on_a_cold_cache_send_one_jwks_request() {
    let ctx = context();
    // Hold the JWKS answer so every thread arrives while the fetch is out.
    ctx.emulator()
        .inject_fault(Fault::delay(JWKS, Duration::from_millis(300)));
    let verifier = client(&ctx).verifier().build().unwrap();
    let tokens: Vec<String> = (0..4)
        .map(|_| ctx.login(ctx.user()).unwrap().access_token.into_secret())
        .collect();
    let threads = 100;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let (verifier, barrier) = (verifier.clone(), barrier.clone());
            let token = tokens[i % tokens.len()].clone();
            thread::spawn(move || {
                barrier.wait();
                verifier
                    .verify(&token)
                    .map(|auth| auth.user_id().to_owned())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let failures: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} failed: {failures:?}",
        failures.len()
    );
    assert!(
        results
            .iter()
            .all(|r| r.as_deref().ok() == Some(ctx.user().id.as_str()))
    );
    assert_eq!(ctx.emulator().request_count("GET", JWKS), 1);
}

#[test]
fn an_unreachable_jwks_is_keys_unavailable() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::drop_connection(JWKS).with_count(10));
    let verifier = client(&ctx).verifier().build().unwrap();
    let error = verifier
        .verify(ctx.user_token().expose_secret())
        .unwrap_err();
    assert!(error.is_unavailable(), "{error:?}");
    assert_eq!(
        ctx.emulator().request_count("GET", JWKS),
        1,
        "one attempt per refetch interval"
    );
}

#[test]
fn a_jwks_over_the_cap_is_a_failed_fetch() {
    let ctx = context();
    let verifier = client(&ctx).verifier().max_jwks_bytes(64).build().unwrap();
    let error = verifier
        .verify(ctx.user_token().expose_secret())
        .unwrap_err();
    assert!(error.is_unavailable(), "{error:?}");
}

#[test]
fn builder_refuses_a_relative_url() {
    assert!(Verifier::builder("/.well-known/jwks.json").build().is_err());
    assert!(Verifier::builder("ftp://example.com/jwks").build().is_err());
    assert!(
        Verifier::builder("https://example.com/.well-known/jwks.json")
            .build()
            .is_ok()
    );
}

#[test]
fn a_jwks_never_holding_the_kid_ends_in_keys_unavailable_even_without_throttling() {
    let token = include_str!("../../../verify/tests/data/token.txt").trim();
    let jwks = include_str!("../../../verify/tests/data/jwks.json").replace("key-1", "key-2");
    let fetches = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = fetches.clone();
    let verifier = Verifier::builder("https://jwks.test/.well-known/jwks.json")
        .min_refetch_interval(Duration::ZERO)
        .http_client(move |_request: http::Request<Vec<u8>>| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, std::convert::Infallible>(http::Response::new(jwks.clone().into_bytes()))
        })
        .build()
        .unwrap();

    let (done, outcome) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(verifier.verify(token));
    });
    let error = outcome
        .recv_timeout(Duration::from_secs(5))
        .expect("the loop ends")
        .unwrap_err();

    assert!(matches!(error, VerifyError::KeysUnavailable), "{error:?}");
    let fetches = fetches.load(std::sync::atomic::Ordering::SeqCst);
    assert!((2..=4).contains(&fetches), "{fetches} fetches");
}

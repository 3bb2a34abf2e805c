//! The verifier on fault paths (issue 11): answers that must not replace
//! good keys, clock steps, a slow JWKS, plain http, redirects, a silent or
//! dripping JWKS, DNS failure, a refused connection, forged-token floods,
//! retired keys. Mirrored in the async driver's `verifier_faults.rs`.

use std::net::TcpListener;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use inai_auth_blocking::Verifier;
use inai_auth_core::{Config, ConfigError, InAIAuthError};
use inai_auth_emulator::Fault;
use inai_auth_testkit::Context;
use inai_auth_verify::{CacheOptions, Clock, ManualClock, SystemClock, VerifyError};

use crate::raw_server::RawServer;
use crate::support::{client, context};

const JWKS: &str = "/.well-known/jwks.json";
/// The JWKS timeout of the tests that wait for one.
const TIMEOUT: Duration = Duration::from_millis(300);
/// What a test allows past that timeout (scheduling on a busy machine).
const MARGIN: Duration = Duration::from_millis(700);

fn manual_verifier(ctx: &Context, clock: &ManualClock) -> Verifier {
    client(ctx)
        .verifier()
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

/// The emulator's JWKS document, fetched without counting as a verifier fetch.
fn jwks_body(ctx: &Context) -> serde_json::Value {
    let response = ctx
        .emulator_json(http::Method::GET, JWKS, &serde_json::Value::Null)
        .unwrap();
    ctx.emulator().clear_request_counts();
    serde_json::from_slice(response.body()).unwrap()
}

fn jwks_count(ctx: &Context) -> u64 {
    ctx.emulator().request_count("GET", JWKS)
}

/// Item 1: `{"keys":[]}` and `{"keys":[null,0,[]]}` are failed fetches.
#[test]
fn a_key_set_without_usable_keys_keeps_the_good_keys() {
    for bad in [
        serde_json::json!({ "keys": [] }),
        serde_json::json!({ "keys": [null, 0, []] }),
    ] {
        let ctx = context();
        let clock = ManualClock::new(SystemClock.now());
        let verifier = manual_verifier(&ctx, &clock);
        let token = ctx.user_token();
        verifier.verify(token.expose_secret()).unwrap();
        ctx.emulator().inject_fault(
            Fault::status(JWKS, 200)
                .with_body(bad.clone())
                .with_count(100),
        );
        // Past the TTL: the refresh answers the bad set; the keys stay.
        clock.advance(Duration::from_secs(6 * 60));
        verifier
            .verify(token.expose_secret())
            .unwrap_or_else(|e| panic!("{bad}: a valid token refused: {e}"));
        crate::verifier::jwks_requests_reach(&ctx, 2);
        assert_eq!(jwks_count(&ctx), 2, "{bad}");
        // And for the whole refetch interval after it.
        clock.advance(Duration::from_secs(11));
        verifier.verify(token.expose_secret()).unwrap();
    }
}

/// Item 2: a 203 (or any status but 200) with a good body installs nothing.
#[test]
fn only_a_200_answer_installs_keys() {
    let ctx = context();
    let body = jwks_body(&ctx);
    for status in [203, 206] {
        ctx.emulator()
            .inject_fault(Fault::status(JWKS, status).with_body(body.clone()));
        let verifier = client(&ctx).verifier().build().unwrap();
        let error = verifier
            .verify(ctx.user_token().expose_secret())
            .unwrap_err();
        assert_eq!(error, VerifyError::KeysUnavailable, "{status}");
    }
}

/// Item 4: after the wall clock steps back an hour, a token of a new key
/// is accepted at once (one refetch), not refused until the clock catches up.
#[test]
fn a_clock_stepped_back_does_not_block_a_new_key() {
    let ctx = context();
    let clock = ManualClock::new(SystemClock.now());
    let verifier = manual_verifier(&ctx, &clock);
    verifier.verify(ctx.user_token().expose_secret()).unwrap();
    clock.set(SystemClock.now() - time::Duration::hours(1));
    ctx.emulator().rotate_keys(false);
    let fresh = ctx.login(ctx.user()).unwrap().access_token;
    let auth = verifier.verify(fresh.expose_secret()).unwrap();
    assert_eq!(auth.user_id(), ctx.user().id);
    assert_eq!(jwks_count(&ctx), 2);
}

/// Item 5: a JWKS slower than the cache's fetch timeout but within the
/// driver's request timeout is waited for, and asked once.
#[test]
fn a_slow_jwks_within_the_request_timeout_is_waited_for() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::delay(JWKS, Duration::from_millis(600)));
    let verifier = client(&ctx)
        .verifier()
        .cache_options(CacheOptions::default().with_fetch_timeout(Duration::from_millis(200)))
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    assert!(verifier.cache_options().fetch_timeout() > Duration::from_secs(3));
    verifier.verify(ctx.user_token().expose_secret()).unwrap();
    assert_eq!(jwks_count(&ctx), 1);
}

/// Item 6: plain http to a host that is not loopback needs the opt-in.
#[test]
fn plain_http_jwks_urls_need_the_opt_in_unless_loopback() {
    let url = "http://auth.example.com/.well-known/jwks.json";
    match Verifier::builder(url).build() {
        Err(InAIAuthError::Config(ConfigError::InsecureHttp { host })) => {
            assert_eq!(host, "auth.example.com")
        }
        other => panic!("accepted: {other:?}"),
    }
    let error = Verifier::builder(url).build().unwrap_err().to_string();
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
    // The base URL follows the same rule, and a verifier from a config that
    // opted in inherits the choice.
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
        .unwrap();
    assert!(Verifier::from_config(&config).build().is_ok());
    let client = inai_auth_blocking::Client::new(config).unwrap();
    assert!(client.verifier().build().is_ok());
}

/// A JWKS answering 302 to another server: not followed, a failed fetch.
#[test]
fn a_redirecting_jwks_is_not_followed() {
    let ctx = context();
    let location = ctx.emulator().jwks_url();
    let redirect = RawServer::answering(
        format!(
            "HTTP/1.1 302 Found\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
        .into_bytes(),
    );
    let verifier = Verifier::builder(format!("{}{JWKS}", redirect.base_url))
        .no_proxy()
        .build()
        .unwrap();
    let error = verifier
        .verify(ctx.user_token().expose_secret())
        .unwrap_err();
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert_eq!(redirect.accepted(), 1);
    assert_eq!(jwks_count(&ctx), 0, "the redirect target saw a request");
}

/// Verifies a well-formed token against `url` with a short timeout and
/// returns the error and how long it took.
fn refused_quickly(url: &str) -> (VerifyError, Duration) {
    let token = include_str!("../../../verify/tests/data/token.txt").trim();
    let verifier = Verifier::builder(url)
        .timeout(TIMEOUT)
        .no_proxy()
        .build()
        .unwrap();
    let started = Instant::now();
    let error = verifier.verify(token).unwrap_err();
    (error, started.elapsed())
}

#[test]
fn a_jwks_that_never_answers_fails_within_the_timeout() {
    let silent = RawServer::silent();
    let (error, took) = refused_quickly(&format!("{}{JWKS}", silent.base_url));
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
    assert_eq!(silent.accepted(), 1);
}

#[test]
fn a_jwks_dripping_its_body_fails_within_the_timeout() {
    let body = include_bytes!("../../../verify/tests/data/jwks.json").to_vec();
    let drip = RawServer::dripping(body, Duration::from_millis(20));
    let (error, took) = refused_quickly(&format!("{}{JWKS}", drip.base_url));
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
}

#[test]
fn a_jwks_host_that_does_not_resolve_is_unavailable_quickly() {
    // `.invalid` never resolves (RFC 6761 §6.4); no network is needed.
    let (error, took) = refused_quickly("https://jwks.invalid/.well-known/jwks.json");
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
}

#[test]
fn a_refused_connection_is_unavailable_quickly() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let (error, took) = refused_quickly(&format!("http://127.0.0.1:{port}{JWKS}"));
    assert_eq!(error, VerifyError::KeysUnavailable);
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
}

/// Tokens with the emulator's kid and a payload it never signed, from many
/// threads: all refused, at most one refetch per interval.
#[test]
fn many_forged_tokens_with_a_known_kid_cause_at_most_one_fetch_per_interval() {
    let ctx = context();
    let clock = ManualClock::new(SystemClock.now());
    let verifier = manual_verifier(&ctx, &clock);
    let token = ctx.user_token().expose_secret().to_owned();
    verifier.verify(&token).unwrap();
    let mut parts = token.split('.');
    let (header, _, signature) = (
        parts.next().unwrap().to_owned(),
        parts.next().unwrap(),
        parts.next().unwrap().to_owned(),
    );
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let verifier = verifier.clone();
            let (header, signature) = (header.clone(), signature.clone());
            thread::spawn(move || {
                for i in 0..50 {
                    let claims =
                        format!(r#"{{"sub":"forged_{t}_{i}","type":"app_user","exp":4102444800}}"#);
                    let forged = format!("{header}.{}.{signature}", b64(claims.as_bytes()));
                    let error = verifier.verify(&forged).unwrap_err();
                    assert_eq!(error, VerifyError::BadSignature);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert!(jwks_count(&ctx) <= 2, "{} fetches", jwks_count(&ctx));
    // The next interval allows one more, not one per token.
    clock.advance(Duration::from_secs(10));
    for i in 0..20 {
        let claims = format!(r#"{{"sub":"late_{i}","type":"app_user","exp":4102444800}}"#);
        let forged = format!("{header}.{}.{signature}", b64(claims.as_bytes()));
        assert!(verifier.verify(&forged).is_err());
    }
    assert!(jwks_count(&ctx) <= 3, "{} fetches", jwks_count(&ctx));
}

/// A token of a key the API retired is refused once a refetch brought the
/// new set.
#[test]
fn a_token_of_a_retired_key_is_refused_after_the_refetch() {
    let ctx = context();
    let clock = ManualClock::new(SystemClock.now());
    let verifier = manual_verifier(&ctx, &clock);
    let old = ctx.user_token();
    verifier.verify(old.expose_secret()).unwrap();
    ctx.emulator().rotate_keys(true);
    let fresh = ctx.login(ctx.user()).unwrap().access_token;
    clock.advance(Duration::from_secs(10));
    verifier.verify(fresh.expose_secret()).unwrap();
    assert_eq!(jwks_count(&ctx), 2);
    assert_eq!(
        verifier.verify(old.expose_secret()).unwrap_err(),
        VerifyError::UnknownKeyId
    );
    // Past the refetch interval it is asked again, and still refused.
    clock.advance(Duration::from_secs(11));
    assert_eq!(
        verifier.verify(old.expose_secret()).unwrap_err(),
        VerifyError::UnknownKeyId
    );
    assert_eq!(jwks_count(&ctx), 3);
    verifier.verify(fresh.expose_secret()).unwrap();
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

/// Issue 13, item 2: the call that finds the keys past their TTL answers
/// with the stale keys at once; the refresh runs on a background thread.
/// Deterministic: the refresh is held until the caller has its answer.
#[test]
fn stale_keys_are_renewed_without_making_the_caller_wait() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Mutex, mpsc};

    let token = include_str!("../../../verify/tests/data/token.txt").trim();
    let jwks = include_str!("../../../verify/tests/data/jwks.json");
    let fetches = Arc::new(AtomicUsize::new(0));
    let (release, held) = mpsc::channel::<()>();
    let held = Arc::new(Mutex::new(held));
    let counter = fetches.clone();
    let clock = ManualClock::new(time::OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap());
    let verifier = Verifier::builder("https://jwks.test/.well-known/jwks.json")
        .clock(Arc::new(clock.clone()))
        .http_client(move |_request: http::Request<Vec<u8>>| {
            if counter.fetch_add(1, Ordering::SeqCst) > 0 {
                // Every refresh waits until the test lets it go.
                let _ = held.lock().unwrap().recv_timeout(Duration::from_secs(10));
            }
            Ok::<_, std::convert::Infallible>(http::Response::new(jwks.as_bytes().to_vec()))
        })
        .build()
        .unwrap();
    verifier.verify(token).unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);

    clock.advance(Duration::from_secs(301));
    let (done, outcome) = mpsc::channel();
    let caller = verifier.clone();
    thread::spawn(move || {
        let _ = done.send(caller.verify(token));
    });
    let auth = outcome
        .recv_timeout(Duration::from_secs(5))
        .expect("the caller did not wait for the refresh")
        .unwrap();
    assert_eq!(auth.user_id(), "user_1");
    // The refresh is out (held); others keep verifying meanwhile.
    let started = Instant::now();
    while fetches.load(Ordering::SeqCst) < 2 && started.elapsed() < Duration::from_secs(5) {
        thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    verifier.verify(token).unwrap();
    release.send(()).unwrap();
    // Once it landed the keys are fresh again: no further fetch.
    let started = Instant::now();
    loop {
        verifier.verify(token).unwrap();
        clock.advance(Duration::from_secs(1));
        if started.elapsed() > Duration::from_millis(300) {
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

thread_local! {
    /// Set on the thread that performs a renewal; tells the test when that
    /// thread ends (thread-locals are dropped as their thread exits).
    static EXIT_SIGNAL: std::cell::RefCell<Option<ExitSignal>> = const { std::cell::RefCell::new(None) };
}

struct ExitSignal {
    to: std::sync::mpsc::Sender<thread::ThreadId>,
    thread: thread::ThreadId,
}

impl Drop for ExitSignal {
    fn drop(&mut self) {
        let _ = self.to.send(self.thread);
    }
}

/// Renewals run on the verifier's one renewal thread (not a thread per
/// renewal, not the caller's), and that thread ends when the last clone of
/// the verifier is dropped.
#[test]
fn renewals_share_one_thread_that_ends_with_the_verifier() {
    use std::sync::{Mutex, mpsc};

    let token = include_str!("../../../verify/tests/data/token.txt").trim();
    let jwks = include_str!("../../../verify/tests/data/jwks.json");
    let fetchers = Arc::new(Mutex::new(Vec::<(thread::ThreadId, Option<String>)>::new()));
    let (exited, exit_seen) = mpsc::channel::<thread::ThreadId>();
    let exited = Mutex::new(exited);
    let seen = fetchers.clone();
    let clock = ManualClock::new(time::OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap());
    let verifier = Verifier::builder("https://jwks.test/.well-known/jwks.json")
        .clock(Arc::new(clock.clone()))
        .http_client(move |_request: http::Request<Vec<u8>>| {
            let me = thread::current();
            seen.lock()
                .unwrap()
                .push((me.id(), me.name().map(str::to_owned)));
            EXIT_SIGNAL.with(|slot| {
                let mut slot = slot.borrow_mut();
                if slot.is_none() {
                    *slot = Some(ExitSignal {
                        to: exited.lock().unwrap().clone(),
                        thread: thread::current().id(),
                    });
                }
            });
            Ok::<_, std::convert::Infallible>(http::Response::new(jwks.as_bytes().to_vec()))
        })
        .build()
        .unwrap();
    let wait_for_fetches = |n: usize| {
        let started = Instant::now();
        while fetchers.lock().unwrap().len() < n && started.elapsed() < Duration::from_secs(5) {
            thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(fetchers.lock().unwrap().len(), n);
    };

    verifier.verify(token).unwrap();
    for renewal in 2..=3 {
        clock.advance(Duration::from_secs(301));
        verifier.verify(token).unwrap();
        wait_for_fetches(renewal);
    }
    let fetchers = fetchers.lock().unwrap().clone();
    let caller = thread::current().id();
    assert_eq!(fetchers[0].0, caller, "the cold fetch is the caller's");
    assert_ne!(fetchers[1].0, caller, "a renewal never runs on the caller");
    assert_eq!(fetchers[1], fetchers[2], "both renewals on one thread");
    assert_eq!(fetchers[1].1.as_deref(), Some("inai-auth-jwks"));

    let renewer = fetchers[1].0;
    let clone = verifier.clone();
    drop(verifier);
    assert!(
        exit_seen.recv_timeout(Duration::from_millis(200)).is_err(),
        "a clone still lives: the renewal thread must stay"
    );
    drop(clone);
    let ended = exit_seen
        .recv_timeout(Duration::from_secs(5))
        .expect("the renewal thread ends with the last clone of the verifier");
    assert_eq!(ended, renewer);
}

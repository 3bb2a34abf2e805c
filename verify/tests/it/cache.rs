//! The cached verifier's rules, stepped with a ManualClock.

use std::time::Duration;

use inai_auth_verify::{
    AuthObject, CacheOptions, CachedVerifier, Clock, FetchId, JwksError, JwksFetch, JwksFetchError,
    KeysInstalled, ManualClock, Validation, Verdict, VerifyError,
};

use crate::support::*;

const URI: &str = "https://auth.example/.well-known/jwks.json";

struct Harness {
    verifier: CachedVerifier,
    clock: ManualClock,
}

fn ok(body: &str) -> http::Response<Vec<u8>> {
    http::Response::new(body.as_bytes().to_vec())
}

fn with_cache_control(body: &str, value: &'static str) -> http::Response<Vec<u8>> {
    let mut response = ok(body);
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static(value),
    );
    response
}

fn status(code: u16) -> http::Response<Vec<u8>> {
    let mut response = ok("{\"keys\":[]}");
    *response.status_mut() = http::StatusCode::from_u16(code).unwrap();
    response
}

impl Harness {
    fn new() -> Self {
        Self::with(CacheOptions::default())
    }

    fn with(options: CacheOptions) -> Self {
        Self {
            verifier: CachedVerifier::new(URI.parse().unwrap(), Validation::default(), options),
            clock: ManualClock::new(NOW),
        }
    }

    fn verify(&self, token: &str) -> Verdict {
        self.verifier.verify(token, self.clock.now())
    }

    fn advance(&self, secs: u64) {
        self.clock.advance(Duration::from_secs(secs));
    }

    /// Expects the verdict to ask for keys.
    fn expect_fetch(&self, token: &str) -> JwksFetch {
        match self.verify(token) {
            Verdict::NeedJwks(fetch) => fetch,
            other => panic!("expected NeedJwks, got {other:?}"),
        }
    }

    /// Expects the verdict to be valid with stale keys and to hand out their
    /// background refresh.
    fn expect_revalidate(&self, token: &str) -> JwksFetch {
        match self.verify(token) {
            Verdict::Revalidate { fetch, .. } => *fetch,
            other => panic!("expected Revalidate, got {other:?}"),
        }
    }

    fn expect_valid(&self, token: &str) -> AuthObject {
        match self.verify(token) {
            Verdict::Valid(auth) => auth,
            other => panic!("expected Valid, got {other:?}"),
        }
    }

    fn expect_invalid(&self, token: &str) -> VerifyError {
        match self.verify(token) {
            Verdict::Invalid(e) => e,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    fn answer(
        &self,
        fetch: &JwksFetch,
        response: http::Response<Vec<u8>>,
    ) -> Result<KeysInstalled, JwksFetchError> {
        self.verifier
            .handle_jwks_response(fetch.id(), response, self.clock.now())
    }

    fn fail(&self, id: FetchId) -> Result<(), JwksFetchError> {
        self.verifier.handle_jwks_failure(id, self.clock.now())
    }

    /// Cold start with these keys installed.
    fn warm(keys: &[&TestKey]) -> Self {
        let h = Self::new();
        let fetch = h.expect_fetch(&keys[0].token(3600));
        h.answer(&fetch, ok(&jwks_json(keys))).unwrap();
        h
    }
}

#[test]
fn cold_start_fetches_once_and_others_wait() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let h = Harness::new();
    let fetch = h.expect_fetch(&token);
    let request = fetch.request();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(request.uri(), URI);
    assert_eq!(request.headers()[http::header::ACCEPT], "application/json");
    assert!(request.body().is_empty());
    // Everybody else waits for that fetch, however many.
    for _ in 0..3 {
        match h.verify(&key.token(60)) {
            Verdict::FetchInProgress { id } => assert_eq!(id, fetch.id()),
            other => panic!("{other:?}"),
        }
    }
    // Malformed tokens are refused without waiting for keys.
    assert!(matches!(h.expect_invalid("a.b"), VerifyError::Malformed(_)));
    let installed = h.answer(&fetch, ok(&jwks_json(&[&key]))).unwrap();
    assert_eq!((installed.keys, installed.changed), (1, true));
    assert_eq!(installed.fresh_until, NOW + time::Duration::minutes(5));
    assert_eq!(h.expect_valid(&token).user_id(), "user_1");
    assert_eq!(h.verifier.cached_tokens(), 1);
    // Answering twice is refused and changes nothing.
    assert_eq!(
        h.answer(&fetch, ok("{\"keys\":[]}")).unwrap_err(),
        JwksFetchError::NotOutstanding { id: fetch.id() }
    );
    h.expect_valid(&key.token(60));
}

#[test]
fn ttl_expiry_refreshes_through_one_caller_while_others_use_the_stale_keys() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let h = Harness::warm(&[&key]);
    h.advance(299);
    h.expect_valid(&token);
    h.advance(1);
    let refresh = h.expect_revalidate(&token);
    // While the refresh is out, other callers verify with the stale keys.
    h.expect_valid(&token);
    h.expect_valid(&key.token(3000));
    let installed = h.answer(&refresh, ok(&jwks_json(&[&key]))).unwrap();
    assert!(!installed.changed, "same keys: verified tokens stay cached");
    assert_eq!(h.verifier.cached_tokens(), 2);
    h.advance(299);
    h.expect_valid(&token);
    h.advance(1);
    let _next = h.expect_revalidate(&token);
}

#[test]
fn cache_control_shortens_the_ttl_never_lengthens_it() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let h = Harness::new();
    let fetch = h.expect_fetch(&token);
    let installed = h
        .answer(
            &fetch,
            with_cache_control(&jwks_json(&[&key]), "public, max-age=60"),
        )
        .unwrap();
    assert_eq!(installed.fresh_until, NOW + time::Duration::seconds(60));
    h.advance(59);
    h.expect_valid(&token);
    h.advance(1);
    let fetch = h.expect_revalidate(&token);
    let installed = h
        .answer(
            &fetch,
            with_cache_control(&jwks_json(&[&key]), "max-age=86400"),
        )
        .unwrap();
    assert_eq!(
        installed.fresh_until,
        h.clock.now() + time::Duration::minutes(5)
    );
    h.advance(299);
    h.expect_valid(&token);
    h.advance(1);
    let _ = h.expect_revalidate(&token);
}

#[test]
fn rotation_to_a_new_kid() {
    let old = TestKey::new(1);
    let new = TestKey::new(2);
    let h = Harness::warm(&[&old]);
    h.advance(30);
    let fetch = h.expect_fetch(&new.token(3600));
    h.answer(&fetch, ok(&jwks_json(&[&old, &new]))).unwrap();
    h.expect_valid(&new.token(3600));
    h.expect_valid(&old.token(3600));
}

#[test]
fn signature_failure_after_rotation_refetches_then_is_throttled() {
    let before = TestKey::with_kid(1, "main");
    let after = TestKey::with_kid(2, "main");
    let old_token = before.token(3600);
    let h = Harness::warm(&[&before]);
    h.expect_valid(&old_token);
    h.advance(30);
    // Same kid, new key: the signature fails, which triggers one fetch.
    let fetch = h.expect_fetch(&after.token(3600));
    let installed = h.answer(&fetch, ok(&jwks_json(&[&after]))).unwrap();
    assert!(installed.changed);
    h.expect_valid(&after.token(3600));
    // The old token was cached for the old key set only, and the refetch it
    // would trigger is throttled: refused.
    assert_eq!(h.expect_invalid(&old_token), VerifyError::BadSignature);
}

#[test]
fn unknown_kid_flood_gives_one_fetch_per_interval() {
    let key = TestKey::new(1);
    let h = Harness::warm(&[&key]);
    let body = jwks_json(&[&key]);
    h.advance(10);
    let start = h.clock.now();
    let mut fetch_times = Vec::new();
    let mut waits = 0;
    let mut refusals = 0;
    // 60 s of attack, one token every 100 ms, each with a new kid (the
    // signature does not matter: the kid is looked up first).
    let (_, rest) = key
        .token(3600)
        .split_once('.')
        .map(|(h, r)| (h.to_owned(), r.to_owned()))
        .unwrap();
    for i in 0..600 {
        let header = format!(r#"{{"alg":"ES256","kid":"attacker-{i}"}}"#);
        match h.verify(&format!("{}.{rest}", b64(header.as_bytes()))) {
            Verdict::NeedJwks(fetch) => {
                fetch_times.push(h.clock.now() - start);
                // Other callers arriving now wait for this fetch.
                let other = format!("{}.{rest}", b64(br#"{"alg":"ES256","kid":"x"}"#));
                assert!(matches!(h.verify(&other), Verdict::FetchInProgress { .. }));
                waits += 1;
                h.answer(&fetch, ok(&body)).unwrap();
            }
            Verdict::Invalid(VerifyError::UnknownKeyId) => refusals += 1,
            other => panic!("{other:?}"),
        }
        h.clock.advance(Duration::from_millis(100));
    }
    let expected: Vec<time::Duration> = (0..6).map(|i| time::Duration::seconds(10 * i)).collect();
    assert_eq!(fetch_times, expected);
    assert_eq!((waits, refusals), (6, 594));
    // Good tokens kept verifying all along.
    h.expect_valid(&key.token(3600));
}

#[test]
fn failed_fetches_are_retried_at_most_once_per_interval() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let h = Harness::new();
    // Transport failure.
    let first = h.expect_fetch(&token);
    h.fail(first.id()).unwrap();
    assert_eq!(h.expect_invalid(&token), VerifyError::KeysUnavailable);
    assert!(h.expect_invalid(&token).is_unavailable());
    h.advance(9);
    assert_eq!(h.expect_invalid(&token), VerifyError::KeysUnavailable);
    h.advance(1);
    // Non-2xx answer.
    let second = h.expect_fetch(&token);
    assert_eq!(
        h.answer(&second, status(503)).unwrap_err(),
        JwksFetchError::Status { status: 503 }
    );
    assert_eq!(h.expect_invalid(&token), VerifyError::KeysUnavailable);
    h.advance(10);
    // A fetch nobody answers counts as failed after the fetch timeout.
    let third = h.expect_fetch(&token);
    h.advance(9);
    assert!(matches!(h.verify(&token), Verdict::FetchInProgress { id } if id == third.id()));
    h.advance(1);
    let fourth = h.expect_fetch(&token);
    assert_ne!(fourth.id(), third.id());
    assert_eq!(
        h.answer(&third, ok(&jwks_json(&[&key]))).unwrap_err(),
        JwksFetchError::NotOutstanding { id: third.id() }
    );
    h.answer(&fourth, ok(&jwks_json(&[&key]))).unwrap();
    h.expect_valid(&token);
}

#[test]
fn stale_if_error_up_to_max_stale_then_keys_unavailable() {
    let key = TestKey::new(1);
    let cached = key.token(7200);
    let h = Harness::warm(&[&key]);
    h.expect_valid(&cached);
    h.advance(300);
    let mut fetches = 0;
    // For the next hour every refresh fails; tokens keep verifying.
    for step in 0..360 {
        // A token never seen before every 5 minutes, the cached one otherwise.
        let fresh = if step % 30 == 0 {
            key.token(8000 + step)
        } else {
            cached.clone()
        };
        match h.verify(&fresh) {
            Verdict::Revalidate { fetch, .. } => {
                fetches += 1;
                h.fail(fetch.id()).unwrap();
                h.expect_valid(&fresh);
            }
            Verdict::Valid(_) => {}
            other => panic!("step {step}: {other:?}"),
        }
        h.expect_valid(&cached);
        h.advance(10);
    }
    assert_eq!(fetches, 360);
    // Now 5 min + 1 h after the last good fetch: nothing verifies, not even a cached token.
    let fetch = h.expect_fetch(&cached);
    h.fail(fetch.id()).unwrap();
    assert_eq!(h.expect_invalid(&cached), VerifyError::KeysUnavailable);
    assert_eq!(
        h.expect_invalid(&key.token(9000)),
        VerifyError::KeysUnavailable
    );
    // A later success brings everything back.
    h.advance(10);
    let fetch = h.expect_fetch(&cached);
    h.answer(&fetch, ok(&jwks_json(&[&key]))).unwrap();
    h.expect_valid(&cached);
}

#[test]
fn max_stale_edge() {
    let key = TestKey::new(1);
    let token = key.token(7200);
    let h = Harness::with(CacheOptions::default().with_max_stale(Duration::from_secs(60)));
    let fetch = h.expect_fetch(&token);
    h.answer(&fetch, ok(&jwks_json(&[&key]))).unwrap();
    h.advance(300);
    let fetch = h.expect_revalidate(&token);
    h.fail(fetch.id()).unwrap();
    h.advance(9);
    h.expect_valid(&token); // stale, refresh throttled
    h.advance(50);
    let fetch = h.expect_revalidate(&token); // 59 s stale: a retry is due
    h.fail(fetch.id()).unwrap();
    h.expect_valid(&token);
    h.advance(1); // 60 s stale: past max-stale, and the next retry not yet due
    assert_eq!(h.expect_invalid(&token), VerifyError::KeysUnavailable);
    h.advance(9);
    let fetch = h.expect_fetch(&token);
    h.fail(fetch.id()).unwrap();
    assert_eq!(h.expect_invalid(&token), VerifyError::KeysUnavailable);
}

#[test]
fn a_bad_jwks_keeps_the_previous_keys() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let h = Harness::warm(&[&key]);
    let bodies: [(&str, JwksError); 4] = [
        ("not json", JwksError::Json),
        ("{\"keys\":\"none\"}", JwksError::MissingKeys),
        ("[]", JwksError::NotAnObject),
        ("{\"keys\":[],\"keys\":[]}", JwksError::DuplicateMember),
    ];
    for (body, expected) in bodies {
        h.advance(300);
        let fetch = h.expect_revalidate(&token);
        assert_eq!(
            h.answer(&fetch, ok(body)).unwrap_err(),
            JwksFetchError::Body(expected)
        );
        h.expect_valid(&token);
        h.expect_valid(&key.token(5000));
    }
}

#[test]
fn duplicate_kid_is_refused_without_refetch() {
    let one = TestKey::with_kid(1, "main");
    let two = TestKey::with_kid(2, "main");
    // A set whose only kid is ambiguous has no usable key and is refused as
    // a whole; a third key makes it installable.
    let three = TestKey::with_kid(3, "other");
    let h = Harness::warm(&[&one, &two, &three]);
    h.advance(60);
    assert_eq!(
        h.expect_invalid(&one.token(60)),
        VerifyError::AmbiguousKeyId
    );
}

#[test]
fn correctly_signed_but_invalid_tokens_cause_no_fetch() {
    let key = TestKey::new(1);
    let h = Harness::warm(&[&key]);
    h.advance(60);
    assert_eq!(h.expect_invalid(&key.token(-1)), VerifyError::Expired);
    let future = key.sign_token(
        &key.header(),
        &claims_with(3600, &format!(r#","nbf":{}"#, now_secs() + 3600)),
    );
    assert_eq!(h.expect_invalid(&future), VerifyError::NotYetValid);
    // Malformed tokens neither.
    let token = key.token(60);
    let (input, _) = token.rsplit_once('.').unwrap();
    assert!(matches!(
        h.expect_invalid(&format!("{input}.AAAA")),
        VerifyError::Malformed(_)
    ));
}

#[test]
fn a_cached_token_lives_until_its_exp() {
    let key = TestKey::new(1);
    let token = key.token(30);
    let h = Harness::warm(&[&key]);
    h.expect_valid(&token);
    assert_eq!(h.verifier.cached_tokens(), 1);
    h.advance(29);
    h.expect_valid(&token);
    h.advance(1);
    assert_eq!(h.expect_invalid(&token), VerifyError::Expired);
    assert_eq!(h.verifier.cached_tokens(), 0);
}

#[test]
fn a_cached_token_dies_with_its_key_set() {
    let old = TestKey::new(1);
    let new = TestKey::new(2);
    let token = old.token(3600);
    let h = Harness::warm(&[&old]);
    h.expect_valid(&token);
    h.advance(300);
    let fetch = h.expect_revalidate(&token);
    h.answer(&fetch, ok(&jwks_json(&[&new]))).unwrap();
    // The refetch its unknown kid asks for is throttled: refused, not served from cache.
    assert_eq!(h.expect_invalid(&token), VerifyError::UnknownKeyId);
}

#[test]
fn the_token_cache_is_bounded() {
    let key = TestKey::new(1);
    let h = Harness::with(CacheOptions::default().with_token_cache_capacity(4));
    let fetch = h.expect_fetch(&key.token(60));
    h.answer(&fetch, ok(&jwks_json(&[&key]))).unwrap();
    for i in 0..16 {
        h.expect_valid(&key.token(100 + i));
        assert!(h.verifier.cached_tokens() <= 4);
    }
    let off = Harness::with(CacheOptions::default().with_token_cache_capacity(0));
    let fetch = off.expect_fetch(&key.token(60));
    off.answer(&fetch, ok(&jwks_json(&[&key]))).unwrap();
    off.expect_valid(&key.token(60));
    assert_eq!(off.verifier.cached_tokens(), 0);
}

/// A capacity of 100 is split over two shards of 50 that make room on
/// their own: the whole stays within 100, and once both shards have filled
/// up (200 tokens spread by a keyed hash: each gets about 100), each keeps
/// at least 50 − 50/8 = 44 after dropping an eighth.
#[test]
fn a_sharded_token_cache_is_bounded() {
    let key = TestKey::new(1);
    let h = Harness::with(CacheOptions::default().with_token_cache_capacity(100));
    let fetch = h.expect_fetch(&key.token(60));
    h.answer(&fetch, ok(&jwks_json(&[&key]))).unwrap();
    for i in 0..200 {
        h.expect_valid(&key.token(100 + i));
        let cached = h.verifier.cached_tokens();
        assert!(cached <= 100, "{cached} after {i}");
    }
    let cached = h.verifier.cached_tokens();
    assert!(cached >= 88, "{cached}");
}

#[test]
fn pins_apply_to_cached_tokens() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let pinned = CachedVerifier::new(
        URI.parse().unwrap(),
        Validation::default().with_app_id("app_2"),
        CacheOptions::default(),
    );
    let Verdict::NeedJwks(fetch) = pinned.verify(&token, NOW) else {
        panic!()
    };
    pinned
        .handle_jwks_response(fetch.id(), ok(&jwks_json(&[&key])), NOW)
        .unwrap();
    for _ in 0..2 {
        assert!(matches!(
            pinned.verify(&token, NOW),
            Verdict::Invalid(VerifyError::PinMismatch { claim: "app_id" })
        ));
    }
    assert_eq!(pinned.cached_tokens(), 0);
}

#[test]
fn the_verifier_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<CachedVerifier>();
    assert_send_sync::<Verdict>();
}

#[test]
fn concurrent_callers_on_a_cold_verifier_start_one_fetch() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let verifier = CachedVerifier::new(
        URI.parse().unwrap(),
        Validation::default(),
        CacheOptions::default(),
    );
    let barrier = std::sync::Barrier::new(8);
    let verdicts: Vec<Verdict> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    verifier.verify(&token, NOW)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let fetches: Vec<FetchId> = verdicts
        .iter()
        .filter_map(|v| match v {
            Verdict::NeedJwks(f) => Some(f.id()),
            _ => None,
        })
        .collect();
    assert_eq!(fetches.len(), 1);
    for v in &verdicts {
        match v {
            Verdict::NeedJwks(_) => {}
            Verdict::FetchInProgress { id } => assert_eq!(*id, fetches[0]),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn debug_output_never_shows_a_token() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let h = Harness::warm(&[&key]);
    let verdict = h.verify(&token);
    assert!(matches!(verdict, Verdict::Valid(_)));
    assert_eq!(h.verifier.cached_tokens(), 1);
    for debug in [format!("{:?}", h.verifier), format!("{verdict:?}")] {
        for segment in token.split('.') {
            assert!(!debug.contains(segment), "{debug}");
        }
    }
}

/// Regression: the fetch used to be marked over before the new keys were
/// installed, so a caller verifying in between saw no keys, no fetch and the
/// refetch limit, and got `KeysUnavailable` although the fetch succeeded.
/// Waiters spin on `FetchInProgress` while the fetcher reports the answer;
/// every one of them must end `Valid`.
#[test]
fn waiters_never_see_a_finished_fetch_without_its_keys() {
    let key = TestKey::new(1);
    let body = jwks_json(&[&key]);
    let token = key.token(600);
    for _ in 0..50 {
        let harness = Harness::new();
        let fetch = harness.expect_fetch(&token);
        let outcomes: Vec<Result<(), String>> = std::thread::scope(|s| {
            let waiters: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        loop {
                            match harness.verify(&token) {
                                Verdict::FetchInProgress { .. } => std::thread::yield_now(),
                                Verdict::Valid(_) => return Ok(()),
                                other => return Err(format!("{other:?}")),
                            }
                        }
                    })
                })
                .collect();
            harness
                .verifier
                .handle_jwks_response(fetch.id(), ok(&body), harness.clock.now())
                .unwrap();
            waiters.into_iter().map(|w| w.join().unwrap()).collect()
        });
        for outcome in outcomes {
            assert_eq!(outcome, Ok(()));
        }
    }
}

/// Keys turn stale while eight threads verify at once, half of them a
/// remembered token (the lock-free cache path) and half new tokens (the
/// signature path): exactly one of all those verifications hands out the
/// background refresh, every other one is valid with the stale keys; once
/// the refresh is answered, all of them are valid again without a fetch.
#[test]
fn concurrent_verifications_of_stale_keys_hand_out_one_refresh() {
    let key = TestKey::new(1);
    let remembered = key.token(3600);
    let fresh: Vec<String> = (0..4).map(|i| key.token(3000 + i)).collect();
    for round in 0..20 {
        let h = Harness::warm(&[&key]);
        h.expect_valid(&remembered);
        h.advance(300);
        let barrier = std::sync::Barrier::new(8);
        let verdicts: Vec<Vec<Verdict>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|n| {
                    let (h, barrier) = (&h, &barrier);
                    let token = if n % 2 == 0 {
                        &remembered
                    } else {
                        &fresh[n / 2]
                    };
                    s.spawn(move || {
                        barrier.wait();
                        (0..3).map(|_| h.verify(token)).collect()
                    })
                })
                .collect();
            handles.into_iter().map(|t| t.join().unwrap()).collect()
        });
        let mut refreshes = Vec::new();
        for verdict in verdicts.into_iter().flatten() {
            match verdict {
                Verdict::Revalidate { auth, fetch } => {
                    assert_eq!(auth.user_id(), "user_1");
                    refreshes.push(*fetch);
                }
                Verdict::Valid(auth) => assert_eq!(auth.user_id(), "user_1"),
                other => panic!("round {round}: {other:?}"),
            }
        }
        assert_eq!(refreshes.len(), 1, "round {round}");
        h.answer(&refreshes[0], ok(&jwks_json(&[&key]))).unwrap();
        h.expect_valid(&remembered);
        for token in &fresh {
            h.expect_valid(token);
        }
        assert_eq!(h.verifier.cached_tokens(), 5);
    }
}

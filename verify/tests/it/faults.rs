//! Fault paths of the key cache (issue 11, items 1 to 5): answers that must
//! not replace good keys, JWE headers, clock steps, the fetch timeout.

use std::time::Duration;

use inai_auth_verify::{
    CacheOptions, CachedVerifier, Clock, FETCH_TIMEOUT_MARGIN, JwksError, JwksFetchError,
    ManualClock, Validation, Verdict, VerifyError,
};

use crate::support::*;

const URI: &str = "https://auth.example/.well-known/jwks.json";

fn verifier() -> CachedVerifier {
    CachedVerifier::new(
        URI.parse().unwrap(),
        Validation::default(),
        CacheOptions::default(),
    )
}

fn answer(status: u16, body: &str) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body.as_bytes().to_vec());
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
    response
}

/// A verifier holding `key`, installed at `clock`'s time.
fn warm(clock: &ManualClock, key: &TestKey) -> CachedVerifier {
    let v = verifier();
    let Verdict::NeedJwks(fetch) = v.verify(&key.token(3600), clock.now()) else {
        panic!("a cold cache asks for keys");
    };
    v.handle_jwks_response(fetch.id(), answer(200, &jwks_json(&[key])), clock.now())
        .unwrap();
    v
}

fn expect_fetch(
    v: &CachedVerifier,
    token: &str,
    clock: &ManualClock,
) -> inai_auth_verify::JwksFetch {
    match v.verify(token, clock.now()) {
        Verdict::NeedJwks(fetch) => fetch,
        other => panic!("expected a fetch, got {other:?}"),
    }
}

fn expect_valid(v: &CachedVerifier, token: &str, clock: &ManualClock) {
    match v.verify(token, clock.now()) {
        Verdict::Valid(_) => {}
        other => panic!("expected valid, got {other:?}"),
    }
}

#[test]
fn a_key_set_without_usable_keys_never_replaces_good_keys() {
    let key = TestKey::new(1);
    let other = TestKey::new(2);
    for body in [
        r#"{"keys":[]}"#,
        r#"{"keys":[null,0,[]]}"#,
        r#"{"keys":[{"kty":"RSA","kid":"r","n":"AQAB","e":"AQAB"}]}"#,
    ] {
        let clock = ManualClock::new(NOW);
        let v = warm(&clock, &key);
        // An unknown kid asks for a refetch, which answers the bad set.
        clock.advance(Duration::from_secs(10));
        let fetch = expect_fetch(&v, &other.token(3600), &clock);
        let error = v
            .handle_jwks_response(fetch.id(), answer(200, body), clock.now())
            .unwrap_err();
        assert!(
            matches!(
                error,
                JwksFetchError::NoUsableKeys { .. }
                    | JwksFetchError::Body(JwksError::EntryNotAnObject { .. })
            ),
            "{body}: {error:?}"
        );
        // The good keys stay: the valid token keeps verifying, for the
        // whole refetch interval and beyond.
        expect_valid(&v, &key.token(3600), &clock);
        clock.advance(Duration::from_secs(11));
        expect_valid(&v, &key.token(3600), &clock);
        // Past the TTL the background refresh fails the same way:
        // stale-if-error.
        clock.advance(Duration::from_secs(300));
        let Verdict::Revalidate { fetch, .. } = v.verify(&key.token(3600), clock.now()) else {
            panic!("stale keys are refreshed in the background");
        };
        assert!(
            v.handle_jwks_response(fetch.id(), answer(200, body), clock.now())
                .is_err()
        );
        expect_valid(&v, &key.token(3600), &clock);
    }
}

#[test]
fn an_entry_that_is_not_an_object_refuses_the_document() {
    let key = TestKey::new(1);
    let body = format!(r#"{{"keys":[{},null]}}"#, key.jwk());
    assert_eq!(
        inai_auth_verify::Jwks::from_json(body.as_bytes()).unwrap_err(),
        JwksError::EntryNotAnObject { index: 1 }
    );
}

#[test]
fn only_status_200_installs_keys() {
    let key = TestKey::new(1);
    for status in [201, 203, 204, 206, 226, 304] {
        let clock = ManualClock::new(NOW);
        let v = verifier();
        let fetch = expect_fetch(&v, &key.token(3600), &clock);
        assert_eq!(
            v.handle_jwks_response(fetch.id(), answer(status, &jwks_json(&[&key])), clock.now())
                .unwrap_err(),
            JwksFetchError::Status { status },
        );
        match v.verify(&key.token(3600), clock.now()) {
            Verdict::Invalid(VerifyError::KeysUnavailable) => {}
            other => panic!("{status}: keys were installed: {other:?}"),
        }
    }
}

#[test]
fn a_jwe_header_is_refused_even_with_a_valid_signature() {
    let key = TestKey::new(1);
    let clock = ManualClock::new(NOW);
    let v = warm(&clock, &key);
    for (name, header) in [
        ("enc", r#"{"alg":"ES256","kid":"key-1","enc":"A256GCM"}"#),
        ("zip", r#"{"alg":"ES256","kid":"key-1","zip":"DEF"}"#),
    ] {
        let token = key.sign_token(header, &claims(3600));
        match v.verify(&token, clock.now()) {
            Verdict::Invalid(VerifyError::UnsupportedHeader { name: refused }) => {
                assert_eq!(refused, name);
            }
            other => panic!("{name}: {other:?}"),
        }
        assert!(
            inai_auth_verify::verify_token_with_key(
                &token,
                &key.public(),
                &Validation::default(),
                NOW
            )
            .is_err()
        );
    }
}

#[test]
fn a_clock_stepped_back_does_not_block_key_rotation() {
    let old = TestKey::new(1);
    let new = TestKey::new(2);
    let clock = ManualClock::new(NOW);
    let v = warm(&clock, &old);
    // The wall clock moves back one hour; a token of a new key arrives.
    clock.set(NOW - time::Duration::hours(1));
    let token = new.sign_token(&new.header(), &claims(3600));
    let fetch = expect_fetch(&v, &token, &clock);
    v.handle_jwks_response(
        fetch.id(),
        answer(200, &jwks_json(&[&old, &new])),
        clock.now(),
    )
    .unwrap();
    expect_valid(&v, &token, &clock);
    // From the new time on, the refetch limit holds again: a forged kid
    // right after gets no fetch.
    let forged = TestKey::with_kid(3, "key-3").token(3600);
    match v.verify(&forged, clock.now()) {
        Verdict::Invalid(VerifyError::UnknownKeyId) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_clock_stepped_back_expires_the_outstanding_fetch() {
    let key = TestKey::new(1);
    let clock = ManualClock::new(NOW);
    let v = verifier();
    let first = expect_fetch(&v, &key.token(3600), &clock);
    clock.set(NOW - time::Duration::hours(1));
    // Not a wait for a fetch "started in the future": a new fetch.
    let second = expect_fetch(&v, &key.token(3600), &clock);
    assert_ne!(first.id(), second.id());
    v.handle_jwks_response(second.id(), answer(200, &jwks_json(&[&key])), clock.now())
        .unwrap();
    expect_valid(&v, &key.token(3600), &clock);
}

#[test]
fn the_fetch_timeout_covers_the_driver_request_timeout() {
    let options = CacheOptions::default().with_fetch_timeout(Duration::from_secs(10));
    let covered = options.clone().for_request_timeout(Duration::from_secs(15));
    assert_eq!(
        covered.fetch_timeout(),
        Duration::from_secs(15) + FETCH_TIMEOUT_MARGIN
    );
    // Never lowered.
    let kept = options.for_request_timeout(Duration::from_secs(1));
    assert_eq!(kept.fetch_timeout(), Duration::from_secs(10));
    // Saturates instead of overflowing.
    let huge = CacheOptions::default().for_request_timeout(Duration::MAX);
    assert_eq!(huge.fetch_timeout(), Duration::MAX);
}

/// Issue 13, item 2: past the TTL, the call that triggers the refresh gets
/// its answer at once (`Revalidate`) with the stale keys; nobody waits for
/// that fetch, no second one starts, and its answer renews the keys.
#[test]
fn stale_keys_are_renewed_in_the_background() {
    let key = TestKey::new(1);
    let clock = ManualClock::new(NOW);
    let v = warm(&clock, &key);
    let cached = key.token(3600);
    expect_valid(&v, &cached, &clock);
    clock.advance(Duration::from_secs(300));
    // A token never seen before triggers it: valid at once, with the fetch.
    let fresh = key.token(4000);
    let fetch = match v.verify(&fresh, clock.now()) {
        Verdict::Revalidate { auth, fetch } => {
            assert_eq!(auth.user_id(), "user_1");
            fetch
        }
        other => panic!("expected Revalidate, got {other:?}"),
    };
    // While it is out, everybody verifies with the stale keys, cached or
    // not, and no second fetch starts.
    for token in [&cached, &fresh, &key.token(5000)] {
        expect_valid(&v, token, &clock);
    }
    // A cached token can trigger it too, once the first one failed and the
    // refetch interval passed.
    v.handle_jwks_failure(fetch.id(), clock.now()).unwrap();
    clock.advance(Duration::from_secs(10));
    let fetch = match v.verify(&cached, clock.now()) {
        Verdict::Revalidate { fetch, .. } => fetch,
        other => panic!("expected Revalidate, got {other:?}"),
    };
    let installed = v
        .handle_jwks_response(fetch.id(), answer(200, &jwks_json(&[&key])), clock.now())
        .unwrap();
    assert_eq!(
        installed.fresh_until,
        clock.now() + time::Duration::minutes(5)
    );
    expect_valid(&v, &cached, &clock);
    // An unknown kid still waits for the network.
    clock.advance(Duration::from_secs(10));
    let other = TestKey::new(2);
    assert!(matches!(
        v.verify(&other.token(3600), clock.now()),
        Verdict::NeedJwks(_)
    ));
    // A token refused with stale keys starts no background fetch.
    clock.advance(Duration::from_secs(300));
    match v.verify(&key.token(-1), clock.now()) {
        Verdict::Invalid(VerifyError::Expired) => {}
        other => panic!("{other:?}"),
    }
}

/// Concurrent callers read the clock before they take the cache's lock, so
/// one may bring a `now` slightly before a fetch another started: that is
/// no clock step, and starts no second fetch.
#[test]
fn a_caller_with_a_slightly_earlier_now_is_no_clock_step() {
    let key = TestKey::new(1);
    let v = verifier();
    let Verdict::NeedJwks(fetch) = v.verify(&key.token(3600), NOW) else {
        panic!("a cold cache asks for keys");
    };
    let earlier = NOW - time::Duration::seconds(1);
    assert!(matches!(
        v.verify(&key.token(3600), earlier),
        Verdict::FetchInProgress { id } if id == fetch.id()
    ));
    v.handle_jwks_response(fetch.id(), answer(200, &jwks_json(&[&key])), NOW)
        .unwrap();
    // An unknown kid right after, with the earlier reading: throttled.
    match v.verify(&TestKey::new(2).token(3600), earlier) {
        Verdict::Invalid(VerifyError::UnknownKeyId) => {}
        other => panic!("{other:?}"),
    }
}

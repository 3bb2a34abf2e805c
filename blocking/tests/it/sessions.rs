//! `Session`: proactive refresh, one refresh for many callers, errors
//! instead of stale tokens, both flavours.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use inai_auth_blocking::Session;
use inai_auth_core::SessionFlavour;
use inai_auth_core::ops::{GetMe, Logout, PlatformGetMe, PlatformLogin};
use inai_auth_verify::{Clock, ManualClock, SystemClock};

use crate::support::{client, context};

const REFRESH: &str = "/api/v1/auth/refresh";
const PLATFORM_REFRESH: &str = "/api/platform/auth/refresh";

fn manual_clock() -> ManualClock {
    ManualClock::new(SystemClock.now())
}

#[test]
fn refreshes_five_minutes_before_expiry() {
    let ctx = context();
    let clock = manual_clock();
    let tokens = ctx.login(ctx.user()).unwrap();
    assert_eq!(
        tokens.expires_in, 900,
        "the emulator's default access token lifetime"
    );
    let session = Session::builder(client(&ctx))
        .clock(Arc::new(clock.clone()))
        .tokens(SessionFlavour::AppUser, tokens.clone());
    let first = session.access_token().unwrap();
    assert_eq!(first, tokens.access_token);

    clock.advance(Duration::from_secs(599));
    assert_eq!(session.access_token().unwrap(), first, "not due yet");
    assert_eq!(ctx.emulator().request_count("POST", REFRESH), 0);

    clock.advance(Duration::from_secs(1));
    let second = session.access_token().unwrap();
    assert_eq!(ctx.emulator().request_count("POST", REFRESH), 1);
    // (The access token may equal the old one: same claims in the same
    // second, deterministic ES256. The refresh token always rotates.)
    assert_ne!(
        session.tokens().refresh_token,
        tokens.refresh_token,
        "refresh tokens rotate"
    );

    // The refreshed token works and the clock restarts from the refresh.
    let me = client(&ctx).get_me(GetMe::new(second.clone())).unwrap();
    assert_eq!(me.id, ctx.user().id);
    clock.advance(Duration::from_secs(599));
    assert_eq!(session.access_token().unwrap(), second);
}

#[test]
fn concurrent_callers_share_one_refresh() {
    let ctx = context();
    let clock = manual_clock();
    let session = Session::builder(client(&ctx))
        .clock(Arc::new(clock.clone()))
        .tokens(SessionFlavour::AppUser, ctx.login(ctx.user()).unwrap());
    clock.advance(Duration::from_secs(800));
    let threads = 32;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (session, barrier) = (session.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                session.access_token().unwrap()
            })
        })
        .collect();
    let tokens: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(
        tokens.iter().all(|t| *t == tokens[0]),
        "every caller got the one new token"
    );
    assert_eq!(ctx.emulator().request_count("POST", REFRESH), 1);
}

#[test]
fn a_failed_refresh_is_an_error_never_the_stale_token() {
    let ctx = context();
    let clock = manual_clock();
    let tokens = ctx.login(ctx.user()).unwrap();
    let session = Session::builder(client(&ctx))
        .clock(Arc::new(clock.clone()))
        .tokens(SessionFlavour::AppUser, tokens.clone());
    // The session is ended elsewhere.
    ctx.send(&Logout::new(tokens.refresh_token.clone()))
        .unwrap();
    clock.advance(Duration::from_secs(700));
    let error = session.access_token().unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error:?}");
    // Still an error on the next call: no stale token handed out.
    assert!(session.access_token().is_err());
    assert_eq!(ctx.emulator().request_count("POST", REFRESH), 2);
}

#[test]
fn platform_sessions_refresh_through_the_platform() {
    let ctx = context();
    let clock = manual_clock();
    let seed = ctx.seed();
    let login = client(&ctx)
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .unwrap();
    let session = Session::builder(client(&ctx))
        .clock(Arc::new(clock.clone()))
        .login(login)
        .expect("no mfa for the admin");
    assert_eq!(session.flavour(), SessionFlavour::Platform);
    let before = session.tokens();
    clock.advance(Duration::from_secs(601));
    let after = session.access_token().unwrap();
    assert_ne!(session.tokens().refresh_token, before.refresh_token);
    assert_eq!(ctx.emulator().request_count("POST", PLATFORM_REFRESH), 1);
    assert_eq!(ctx.emulator().request_count("POST", REFRESH), 0);
    let me = client(&ctx)
        .platform_get_me(PlatformGetMe::new(after))
        .unwrap();
    assert_eq!(me.email, seed.admin_email);
}

#[test]
fn debug_shows_no_token() {
    let ctx = context();
    let tokens = ctx.login(ctx.user()).unwrap();
    let session = Session::from_tokens(client(&ctx), SessionFlavour::AppUser, tokens.clone());
    let shown = format!("{session:?}");
    assert!(
        !shown.contains(tokens.access_token.expose_secret()),
        "{shown}"
    );
    assert!(
        !shown.contains(tokens.refresh_token.expose_secret()),
        "{shown}"
    );
}

#[test]
fn concurrent_callers_share_a_failed_refresh_too() {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use http::{Request, Response};
    use inai_auth_blocking::Client;
    use inai_auth_core::Config;
    use inai_auth_core::models::TokenPair;

    let refreshes = Arc::new(AtomicUsize::new(0));
    let count = refreshes.clone();
    let client = Client::builder()
        .config(Config::builder().base_url("http://api.test")
                .insecure_allow_http(true).publishable_key("pk_test_1").build().unwrap())
        .http_client(move |request: Request<Vec<u8>>| -> Result<Response<Vec<u8>>, std::convert::Infallible> {
            assert_eq!(request.uri().path(), REFRESH);
            count.fetch_add(1, Ordering::SeqCst);
            thread::sleep(Duration::from_millis(200));
            let body = br#"{"type":"INVALID_REFRESH_TOKEN","detail":"revoked"}"#.to_vec();
            Ok(Response::builder().status(401).body(body).unwrap())
        })
        .build().unwrap();
    let clock = manual_clock();
    let tokens = TokenPair::new("access-1".into(), "refresh-1".into(), 900);
    let session = Session::builder(client)
        .clock(Arc::new(clock.clone()))
        .tokens(SessionFlavour::AppUser, tokens);
    clock.advance(Duration::from_secs(700));

    let threads = 16;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (session, barrier) = (session.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                session.access_token()
            })
        })
        .collect();
    for handle in handles {
        let error = handle.join().unwrap().unwrap_err();
        assert_eq!(error.code(), Some("INVALID_REFRESH_TOKEN"), "{error:?}");
    }
    assert_eq!(
        refreshes.load(Ordering::SeqCst),
        1,
        "one refresh for all the callers"
    );
    // A later call tries again.
    assert!(session.access_token().is_err());
    assert_eq!(refreshes.load(Ordering::SeqCst), 2);
}

/// Issue 11, item 7: with the refresh endpoint failing (slowly, at the
/// emulator), 16 concurrent callers send exactly one refresh and all get
/// its error. Mirrors the async driver's test of the same name.
#[test]
fn concurrent_callers_share_one_failed_refresh() {
    let ctx = context();
    let clock = manual_clock();
    let tokens = ctx.login(ctx.user()).unwrap();
    let session = Session::builder(client(&ctx))
        .clock(Arc::new(clock.clone()))
        .tokens(SessionFlavour::AppUser, tokens.clone());
    clock.advance(Duration::from_secs(11 * 60));
    ctx.emulator().inject_fault(
        inai_auth_emulator::Fault::status(REFRESH, 500)
            .with_delay(Duration::from_millis(300))
            .with_count(100),
    );

    let barrier = Arc::new(Barrier::new(16));
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let (session, barrier) = (session.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                session.access_token()
            })
        })
        .collect();
    for handle in handles {
        let error = handle.join().unwrap().unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{error}");
    }

    assert_eq!(ctx.emulator().request_count("POST", REFRESH), 1);
    assert_eq!(session.tokens().refresh_token, tokens.refresh_token);
    // A caller arriving afterwards tries again (and here fails again).
    assert!(session.access_token().is_err());
    assert_eq!(ctx.emulator().request_count("POST", REFRESH), 2);
    ctx.emulator().clear_faults();
    session.access_token().unwrap();
}

/// `logout` sends the flavour's own operation (decided in core's session
/// state): `logout` with the refresh token for an app user, after which the
/// pair cannot be refreshed; `platform_logout` with the access token for a
/// platform user, after which that token is refused.
#[test]
fn logout_ends_either_flavour_at_the_api() {
    let ctx = context();
    let tokens = ctx.login(ctx.user()).unwrap();
    let app = Session::from_tokens(client(&ctx), SessionFlavour::AppUser, tokens);
    app.logout().unwrap();
    assert_eq!(
        ctx.emulator().request_count("POST", "/api/v1/auth/logout"),
        1
    );
    let refused = app.refresh().unwrap_err();
    assert_eq!(
        refused.status().map(|s| s.as_u16()),
        Some(401),
        "{refused:?}"
    );

    let seed = ctx.seed();
    let login = client(&ctx)
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .unwrap();
    let platform = Session::builder(client(&ctx)).login(login).expect("no mfa");
    let token = platform.access_token().unwrap();
    platform.logout().unwrap();
    assert_eq!(
        ctx.emulator()
            .request_count("POST", "/api/platform/auth/logout"),
        1
    );
    assert_eq!(
        ctx.emulator().request_count("POST", "/api/v1/auth/logout"),
        1
    );
    let refused = client(&ctx)
        .platform_get_me(PlatformGetMe::new(token))
        .unwrap_err();
    assert_eq!(
        refused.status().map(|s| s.as_u16()),
        Some(401),
        "{refused:?}"
    );
}

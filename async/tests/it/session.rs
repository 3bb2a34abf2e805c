//! `Session`: proactive refresh, one refresh for many callers, failures.

use std::sync::Arc;
use std::time::Duration;

use inai_auth_async::Session;
use inai_auth_core::ops::{PlatformGetMe, PlatformLogin, PlatformRefresh};
use inai_auth_core::{InAIAuthError, SessionFlavour};
use inai_auth_emulator::{EmulatorHandle, Fault};
use inai_auth_verify::ManualClock;

use crate::common;

const REFRESH: &str = "/api/platform/auth/refresh";

async fn admin_session(
    client: &inai_auth_async::Client,
    emu: &EmulatorHandle,
    clock: &ManualClock,
) -> Session {
    let seed = emu.seed();
    let login = client
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .await
        .expect("login");
    Session::builder(client.clone())
        .clock(Arc::new(clock.clone()))
        .login(login)
        .expect("no MFA")
}

#[tokio::test]
async fn the_token_is_refreshed_five_minutes_before_expiry() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());
    let session = admin_session(&client, &emu, &clock).await;
    assert_eq!(session.flavour(), SessionFlavour::Platform);
    let first = session.tokens();
    assert_eq!(first.expires_in, 900, "the emulator's default lifetime");

    clock.advance(Duration::from_secs(9 * 60 + 59)); // 5 min 1 s left
    let token = session.access_token().await.expect("current token");
    assert_eq!(token, first.access_token);
    assert_eq!(emu.request_count("POST", REFRESH), 0);

    clock.advance(Duration::from_secs(1)); // 5 min left: due
    let token = session.access_token().await.expect("refreshed token");
    assert_eq!(emu.request_count("POST", REFRESH), 1);
    let second = session.tokens();
    assert_ne!(
        second.refresh_token, first.refresh_token,
        "refresh tokens rotate"
    );
    assert_eq!(token, second.access_token);
    client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect("the new token works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_refresh() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());
    let session = admin_session(&client, &emu, &clock).await;
    clock.advance(Duration::from_secs(11 * 60));

    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let session = session.clone();
            tokio::spawn(async move { session.access_token().await })
        })
        .collect();
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.expect("task").expect("token"));
    }

    assert_eq!(emu.request_count("POST", REFRESH), 1);
    let current = session.tokens().access_token;
    assert!(tokens.iter().all(|t| *t == current));
}

#[tokio::test]
async fn a_failed_refresh_is_an_error_never_the_stale_token() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());
    let session = admin_session(&client, &emu, &clock).await;
    let stale = session.tokens();
    clock.advance(Duration::from_secs(12 * 60));
    emu.inject_fault(Fault::status(REFRESH, 500));

    let error = session.access_token().await.expect_err("refresh failed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(
        session.tokens().refresh_token,
        stale.refresh_token,
        "the old pair is kept"
    );

    // The next caller tries again, and succeeds.
    let token = session.access_token().await.expect("refreshed");
    assert_ne!(session.tokens().refresh_token, stale.refresh_token);
    client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect("works");
}

#[tokio::test]
async fn a_reused_refresh_token_fails_the_refresh() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());
    let session = admin_session(&client, &emu, &clock).await;
    let old = session.tokens().refresh_token;
    session.refresh().await.expect("first refresh");

    // Someone else spends the old refresh token again: reuse.
    let reuse = client.platform_refresh(PlatformRefresh::new(old)).await;
    assert!(matches!(reuse, Err(InAIAuthError::Api(_))), "{reuse:?}");
}

#[tokio::test]
async fn debug_shows_no_token() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());
    let session = admin_session(&client, &emu, &clock).await;
    let token = session.access_token().await.expect("token");

    let shown = format!("{session:?} {client:?}");
    assert!(!shown.contains(token.expose_secret()), "{shown}");
    assert!(!shown.contains(&emu.seed().publishable_key), "{shown}");
}

/// Issue 11, item 7: with the refresh endpoint failing (slowly), 16
/// concurrent callers send exactly one refresh and all get its error.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_failed_refresh() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());
    let session = admin_session(&client, &emu, &clock).await;
    let stale = session.tokens();
    clock.advance(Duration::from_secs(11 * 60));
    emu.inject_fault(
        Fault::status(REFRESH, 500)
            .with_delay(Duration::from_millis(300))
            .with_count(100),
    );

    let barrier = Arc::new(tokio::sync::Barrier::new(16));
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (session, barrier) = (session.clone(), Arc::clone(&barrier));
            tokio::spawn(async move {
                barrier.wait().await;
                session.access_token().await
            })
        })
        .collect();
    for task in tasks {
        let error = task.await.expect("task").expect_err("the refresh failed");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{error}");
    }

    assert_eq!(emu.request_count("POST", REFRESH), 1);
    assert_eq!(session.tokens().refresh_token, stale.refresh_token);
    // A caller arriving afterwards tries again (and here fails again).
    assert!(session.access_token().await.is_err());
    assert_eq!(emu.request_count("POST", REFRESH), 2);
    emu.clear_faults();
    session
        .access_token()
        .await
        .expect("the next refresh works");
}

/// `logout` sends the flavour's own operation (decided in core's session
/// state): `logout` with the refresh token for an app user, after which the
/// pair cannot be refreshed; `platform_logout` with the access token for a
/// platform user, after which that token is refused.
#[tokio::test]
async fn logout_ends_either_flavour_at_the_api() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());

    let login = client
        .register(inai_auth_core::ops::Register::new(
            "logout@example.com",
            "correct horse battery staple",
        ))
        .await
        .expect("registration logs in");
    let app = Session::builder(client.clone())
        .clock(Arc::new(clock.clone()))
        .login(login)
        .expect("no MFA");
    assert_eq!(app.flavour(), SessionFlavour::AppUser);
    app.logout().await.expect("app user logout");
    assert_eq!(emu.request_count("POST", "/api/v1/auth/logout"), 1);
    let refused = app.refresh().await.expect_err("the pair is revoked");
    assert_eq!(
        refused.status().map(|s| s.as_u16()),
        Some(401),
        "{refused:?}"
    );

    let platform = admin_session(&client, &emu, &clock).await;
    let token = platform.access_token().await.expect("token");
    platform.logout().await.expect("platform logout");
    assert_eq!(emu.request_count("POST", "/api/platform/auth/logout"), 1);
    assert_eq!(emu.request_count("POST", "/api/v1/auth/logout"), 1);
    let refused = client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect_err("the access token is refused");
    assert_eq!(
        refused.status().map(|s| s.as_u16()),
        Some(401),
        "{refused:?}"
    );
}

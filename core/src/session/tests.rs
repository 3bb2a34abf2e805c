#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, SystemTime};

use super::*;
use crate::models::{PlatformUser, User};
use crate::{Config, Operation};

fn t(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + seconds)
}

fn pair(access: &str, refresh: &str, expires_in: u64) -> TokenPair {
    TokenPair::new(access.into(), refresh.into(), expires_in)
}

fn body_of<O: Operation>(op: &O) -> (String, serde_json::Value) {
    let config = Config::builder()
        .publishable_key("pk_test_1")
        .build()
        .unwrap();
    let request = op.to_request(&config).unwrap();
    let path = request.uri().path().to_owned();
    (path, serde_json::from_slice(request.body()).unwrap())
}

#[test]
fn refreshes_five_minutes_before_expiry() {
    let state = SessionState::new(SessionFlavour::AppUser, pair("a1", "r1", 900), t(0));
    assert_eq!(state.expires_at(), t(900));
    assert_eq!(state.refresh_at(), t(600));
    assert!(!state.needs_refresh(t(0)));
    assert!(!state.needs_refresh(t(599)));
    assert!(state.needs_refresh(t(600)));
    assert!(state.needs_refresh(t(10_000)));
    assert!(!state.is_expired(t(899)));
    assert!(state.is_expired(t(900)));
}

#[test]
fn the_margin_is_configurable() {
    let state = SessionState::new(SessionFlavour::AppUser, pair("a1", "r1", 3_600), t(0))
        .with_refresh_margin(Duration::from_secs(60));
    assert!(!state.needs_refresh(t(3_539)));
    assert!(state.needs_refresh(t(3_540)));
    let no_margin = state.with_refresh_margin(Duration::ZERO);
    assert!(!no_margin.needs_refresh(t(3_599)));
    assert!(no_margin.needs_refresh(t(3_600)));
}

#[test]
fn short_lived_tokens_refresh_at_half_their_life() {
    // 60 s tokens with a 5 min margin would otherwise be refreshed at once.
    let state = SessionState::new(SessionFlavour::AppUser, pair("a1", "r1", 60), t(0));
    assert!(!state.needs_refresh(t(29)));
    assert!(state.needs_refresh(t(30)));
}

#[test]
fn a_token_without_lifetime_is_due_at_once() {
    let state = SessionState::new(SessionFlavour::Platform, pair("a1", "r1", 0), t(0));
    assert!(state.needs_refresh(t(0)));
    assert!(state.is_expired(t(0)));
}

#[test]
fn a_clock_that_went_back_does_not_refresh() {
    let state = SessionState::new(SessionFlavour::AppUser, pair("a1", "r1", 900), t(100));
    assert!(!state.needs_refresh(t(0)));
}

#[test]
fn app_user_sessions_refresh_through_v1() {
    let state = SessionState::new(SessionFlavour::AppUser, pair("a1", "r1", 900), t(0));
    let RefreshOperation::AppUser(op) = state.refresh_operation() else {
        panic!("expected the app user refresh");
    };
    let (path, body) = body_of(&op);
    assert_eq!(path, "/api/v1/auth/refresh");
    assert_eq!(body, serde_json::json!({ "refresh_token": "r1" }));
}

#[test]
fn platform_sessions_refresh_through_the_platform() {
    let state = SessionState::new(SessionFlavour::Platform, pair("a1", "r9", 900), t(0));
    assert_eq!(state.flavour(), SessionFlavour::Platform);
    let RefreshOperation::Platform(op) = state.refresh_operation() else {
        panic!("expected the platform refresh");
    };
    let (path, body) = body_of(&op);
    assert_eq!(path, "/api/platform/auth/refresh");
    assert_eq!(body, serde_json::json!({ "refresh_token": "r9" }));
}

#[test]
fn a_refreshed_pair_replaces_the_old_one_and_restarts_the_clock() {
    let mut state = SessionState::new(SessionFlavour::AppUser, pair("a1", "r1", 900), t(0));
    assert!(state.needs_refresh(t(700)));
    state.handle_refreshed(pair("a2", "r2", 900), t(700));
    assert_eq!(state.access_token().expose_secret(), "a2");
    assert_eq!(state.refresh_token().expose_secret(), "r2");
    assert_eq!(state.obtained_at(), t(700));
    assert_eq!(state.expires_at(), t(1_600));
    assert!(!state.needs_refresh(t(700)));
    let RefreshOperation::AppUser(op) = state.refresh_operation() else {
        panic!("expected the app user refresh");
    };
    assert_eq!(body_of(&op).1["refresh_token"], "r2");
}

#[test]
fn from_login_takes_complete_logins_only() {
    let complete: LoginResult<User> = LoginResult::Complete {
        tokens: pair("a1", "r1", 900),
        user: None,
    };
    let state = SessionState::from_login(complete, t(5)).unwrap();
    assert_eq!(state.access_token().expose_secret(), "a1");
    assert_eq!(state.expires_at(), t(905));
    let pending: LoginResult<User> = LoginResult::MfaRequired {
        mfa_token: "mfa-1".into(),
    };
    assert!(SessionState::from_login(pending, t(5)).is_none());
}

#[test]
fn from_grant_takes_the_tokens() {
    let grant: TokenGrant<User> = serde_json::from_str(
        r#"{"access_token":"a3","refresh_token":"r3","token_type":"Bearer","expires_in":120}"#,
    )
    .unwrap();
    let state = SessionState::from_grant(grant, t(0));
    assert_eq!(state.flavour(), SessionFlavour::AppUser);
    assert_eq!(state.refresh_token().expose_secret(), "r3");
    assert_eq!(state.expires_at(), t(120));
}

#[test]
fn platform_logins_open_platform_sessions() {
    let complete: LoginResult<PlatformUser> = LoginResult::Complete {
        tokens: pair("a1", "r1", 900),
        user: None,
    };
    let state = SessionState::from_login(complete, t(0)).unwrap();
    assert_eq!(state.flavour(), SessionFlavour::Platform);
    assert!(matches!(
        state.refresh_operation(),
        RefreshOperation::Platform(_)
    ));
}

#[test]
fn debug_shows_no_token() {
    let state = SessionState::new(
        SessionFlavour::AppUser,
        pair("secret-access", "secret-refresh", 900),
        t(0),
    );
    let shown = format!("{state:?}");
    assert!(!shown.contains("secret-access"), "{shown}");
    assert!(!shown.contains("secret-refresh"), "{shown}");
    assert!(shown.contains("AppUser"), "{shown}");
    let op = format!("{:?}", state.refresh_operation());
    assert!(!op.contains("secret-refresh"), "{op}");
}

fn api_error(status: u16) -> InAIAuthError {
    let response = http::Response::builder()
        .status(status)
        .body(Vec::new())
        .unwrap();
    crate::ops::Refresh::new(RefreshToken::new("r"))
        .parse(response)
        .unwrap_err()
}

#[test]
fn callers_that_waited_share_a_failed_refresh_and_later_ones_try_again() {
    let mut state = SessionState::new(SessionFlavour::AppUser, pair("a1", "r1", 900), t(0));
    assert!(
        matches!(state.next_step(t(10), 0), SessionStep::Current(ref a) if a.expose_secret() == "a1")
    );
    // Due: the first caller (and any that read the same count) refreshes.
    let seen = state.attempts();
    assert!(matches!(
        state.next_step(t(700), seen),
        SessionStep::Refresh(_)
    ));
    state.handle_refresh_failed(&api_error(500));
    assert_eq!(state.attempts(), 1);
    // A caller that read the count before that refresh finished shares it.
    match state.next_step(t(700), seen) {
        SessionStep::Shared(error) => assert_eq!(error.status().map(|s| s.as_u16()), Some(500)),
        other => panic!("{other:?}"),
    }
    // A caller that came after it tries again; the old pair was kept.
    assert!(matches!(
        state.next_step(t(700), state.attempts()),
        SessionStep::Refresh(_)
    ));
    assert_eq!(state.refresh_token().expose_secret(), "r1");
    // Success clears the failure: waiters then get the new token.
    state.handle_refreshed(pair("a2", "r2", 900), t(701));
    assert_eq!(state.attempts(), 2);
    assert!(
        matches!(state.next_step(t(702), seen), SessionStep::Current(ref a) if a.expose_secret() == "a2")
    );
    // A clone keeps a copy of the failure (transport errors included).
    let mut other = state.clone();
    other.handle_refresh_failed(&InAIAuthError::Transport(crate::TransportError::new(
        crate::TransportErrorKind::Timeout,
        "timed out",
    )));
    let copy = other.clone();
    match copy.next_step(t(10_000), 0) {
        SessionStep::Shared(InAIAuthError::Transport(e)) => {
            assert_eq!(e.kind(), crate::TransportErrorKind::Timeout);
        }
        step => panic!("{step:?}"),
    }
}

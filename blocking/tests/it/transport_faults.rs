//! The transport rules against injected faults (emulator) and raw sockets.

use std::time::{Duration, Instant};

use inai_auth_blocking::Client;
use inai_auth_core::ops::{GetMe, ListApplications, Login};
use inai_auth_core::{Config, InAIAuthError, RetryPolicy, TransportErrorKind};
use inai_auth_emulator::Fault;

use crate::raw_server::RawServer;
use crate::support::{client, context, fast_retries};

const ME: &str = "/api/v1/auth/me";
const LOGIN: &str = "/api/v1/auth/login";

fn transport_kind(error: &InAIAuthError) -> Option<TransportErrorKind> {
    match error {
        InAIAuthError::Transport(t) => Some(t.kind()),
        _ => None,
    }
}

fn raw_client(server: &RawServer, timeout: Duration) -> Client {
    Client::builder()
        .config(
            Config::builder()
                .base_url(&server.base_url)
                .build()
                .unwrap(),
        )
        .timeout(timeout)
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

#[test]
fn get_is_retried_after_503_then_answered() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::status(ME, 503).with_method("GET"));
    let me = client(&ctx).get_me(GetMe::new(ctx.user_token())).unwrap();
    assert_eq!(me.id, ctx.user().id);
    assert_eq!(ctx.emulator().request_count("GET", ME), 2);
}

#[test]
fn get_gives_up_after_two_retries() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::status(ME, 502).with_count(5));
    let error = client(&ctx)
        .get_me(GetMe::new(ctx.user_token()))
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(ctx.emulator().request_count("GET", ME), 3);
}

#[test]
fn post_is_not_retried_after_503() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::status(LOGIN, 503).with_method("POST"));
    let user = ctx.user();
    let error = client(&ctx)
        .login(Login::new(user.email.as_str(), user.password.clone()))
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(
        error.is_retryable(),
        "503 is retryable in itself; the method forbids it"
    );
    assert_eq!(ctx.emulator().request_count("POST", LOGIN), 1);
}

#[test]
fn too_many_requests_is_retried_after_retry_after() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::status(LOGIN, 429).with_header("Retry-After", "1"));
    let user = ctx.user();
    let started = Instant::now();
    let login = client(&ctx)
        .login(Login::new(user.email.as_str(), user.password.clone()))
        .unwrap();
    let waited = started.elapsed();
    assert!(login.is_complete());
    assert!(waited >= Duration::from_secs(1), "retried after {waited:?}");
    assert!(waited < Duration::from_secs(3), "retried after {waited:?}");
    assert_eq!(ctx.emulator().request_count("POST", LOGIN), 2);
}

#[test]
fn retry_after_beyond_the_cap_is_returned_to_the_caller() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::status(ME, 429).with_header("Retry-After", "120"));
    let client = Client::builder()
        .config(ctx.config().clone())
        .retry_policy(fast_retries().with_retry_after_cap(Duration::from_secs(5)))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_me(GetMe::new(ctx.user_token())).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let InAIAuthError::Api(api) = &error else {
        panic!("expected an api error, got {error:?}")
    };
    assert_eq!(api.status().as_u16(), 429);
    assert_eq!(api.retry_after().and_then(|v| v.to_str().ok()), Some("120"));
    assert_eq!(ctx.emulator().request_count("GET", ME), 1);
}

#[test]
fn a_dropped_connection_is_retried_for_get() {
    let ctx = context();
    ctx.emulator().inject_fault(Fault::drop_connection(ME));
    let me = client(&ctx).get_me(GetMe::new(ctx.user_token())).unwrap();
    assert_eq!(me.id, ctx.user().id);
    assert_eq!(ctx.emulator().request_count("GET", ME), 2);
}

#[test]
fn a_slow_answer_hits_the_timeout() {
    let ctx = context();
    ctx.emulator()
        .inject_fault(Fault::delay(ME, Duration::from_secs(3)));
    let client = Client::builder()
        .config(ctx.config().clone())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_me(GetMe::new(ctx.user_token())).unwrap_err();
    assert_eq!(
        transport_kind(&error),
        Some(TransportErrorKind::Timeout),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_server_that_never_answers_hits_the_timeout_once() {
    let server = RawServer::silent();
    let started = Instant::now();
    let error = raw_client(&server, Duration::from_millis(300))
        .list_applications(ListApplications::new("token"))
        .unwrap_err();
    let took = started.elapsed();
    assert_eq!(
        transport_kind(&error),
        Some(TransportErrorKind::Timeout),
        "{error:?}"
    );
    assert!(error.to_string().contains("timed out"), "{error}");
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_secs(2),
        "{took:?}"
    );
    assert_eq!(server.accepted(), 1, "a timeout is not retried");
}

#[test]
fn an_oversized_body_is_refused_with_a_clear_error() {
    let ctx = context();
    let big = serde_json::Value::String("x".repeat(4096));
    ctx.emulator()
        .inject_fault(Fault::status(ME, 200).with_body(big));
    let client = Client::builder()
        .config(ctx.config().clone())
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let error = client.get_me(GetMe::new(ctx.user_token())).unwrap_err();
    assert_eq!(
        transport_kind(&error),
        Some(TransportErrorKind::BodyTooLarge),
        "{error:?}"
    );
    let chain = format!(
        "{error}: {}",
        std::error::Error::source(&error)
            .map(ToString::to_string)
            .unwrap_or_default()
    );
    assert!(chain.contains("response body too large"), "{chain}");
    assert!(chain.contains("1024 bytes"), "{chain}");
}

#[test]
fn an_endless_chunked_body_is_cut_at_the_cap() {
    let server = RawServer::endless_chunked();
    let client = Client::builder()
        .config(
            Config::builder()
                .base_url(&server.base_url)
                .build()
                .unwrap(),
        )
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let error = client
        .list_applications(ListApplications::new("token"))
        .unwrap_err();
    assert_eq!(
        transport_kind(&error),
        Some(TransportErrorKind::BodyTooLarge),
        "{error:?}"
    );
}

#[test]
fn redirects_are_not_followed() {
    let response = b"HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:9/elsewhere\r\ncontent-length: 0\r\n\r\n".to_vec();
    let server = RawServer::answering(response);
    let error = raw_client(&server, Duration::from_secs(2))
        .list_applications(ListApplications::new("token"))
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    assert_eq!(server.accepted(), 1);
}

#[test]
fn requests_carry_the_user_agent_and_every_header_reaches_parse() {
    let body = r#"{"type":"RATE_LIMITED","detail":"slow down"}"#;
    let response = format!(
        "HTTP/1.1 400 Bad Request\r\nx-request-id: req-42\r\nx-custom: yes\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let server = RawServer::answering(response.into_bytes());
    let error = raw_client(&server, Duration::from_secs(2))
        .list_applications(ListApplications::new("token"))
        .unwrap_err();
    let InAIAuthError::Api(api) = &error else {
        panic!("expected an api error, got {error:?}")
    };
    assert_eq!(api.request_id(), Some("req-42"));
    assert_eq!(
        api.headers().get("x-custom").map(|v| v.as_bytes()),
        Some(&b"yes"[..])
    );
    assert_eq!(api.code(), "RATE_LIMITED");
    let heads = server.heads.lock().unwrap();
    let head = heads[0].to_ascii_lowercase();
    let expected = format!("user-agent: inai-auth-rust/{}", env!("CARGO_PKG_VERSION"));
    assert!(head.contains(&expected), "{head}");
    assert!(
        head.starts_with("get /api/platform/applications "),
        "{head}"
    );
}

#[test]
fn connection_refused_is_a_connect_error_after_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .config(
            Config::builder()
                .base_url(format!("http://127.0.0.1:{port}"))
                .build()
                .unwrap(),
        )
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let error = client
        .list_applications(ListApplications::new("token"))
        .unwrap_err();
    assert_eq!(
        transport_kind(&error),
        Some(TransportErrorKind::Connect),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

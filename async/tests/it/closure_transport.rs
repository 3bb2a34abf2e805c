//! The client and the verifier over closure transports (any
//! `AsyncHttpClient`): no server needed, as in the blocking driver's twin.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use http::{Method, Request, Response};
use inai_auth_async::{Client, Verifier};
use inai_auth_core::ops::ListApplications;
use inai_auth_core::{Config, InAIAuthError, RetryPolicy, TransportError, TransportErrorKind};
use inai_auth_verify::ManualClock;

use crate::common::fast_retries;

fn config() -> Config {
    Config::builder()
        .base_url("http://api.test")
        .insecure_allow_http(true)
        .build()
        .unwrap()
}

fn answer(status: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[tokio::test]
async fn a_closure_answers_an_operation() {
    let client = Client::builder()
        .config(config())
        .http_client(|request: Request<Vec<u8>>| async move {
            assert_eq!(request.method(), Method::GET);
            assert_eq!(request.uri().path(), "/api/platform/applications");
            assert_eq!(
                request.headers()["authorization"].to_str().unwrap(),
                "Bearer access-token"
            );
            Ok::<_, Infallible>(answer(401, r#"{"message":"expired"}"#))
        })
        .build()
        .unwrap();

    let error = client
        .send(&ListApplications::new("access-token"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, InAIAuthError::Api(api) if api.status() == 401),
        "{error:?}"
    );
}

#[tokio::test]
async fn retries_go_through_the_closure() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let client = Client::builder()
        .config(config())
        .retry_policy(fast_retries())
        .http_client(move |_request: Request<Vec<u8>>| {
            let call = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                match call {
                    0 => Err(TransportError::new(TransportErrorKind::Connect, "refused")),
                    1 => Ok(answer(503, "{}")),
                    _ => Ok(answer(200, r#"{"data":[]}"#)),
                }
            }
        })
        .build()
        .unwrap();

    let apps = client
        .send(&ListApplications::new("access-token"))
        .await
        .unwrap();
    assert!(apps.is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 3, "one call and two retries");
}

#[tokio::test]
async fn the_timeout_and_the_body_cap_apply_to_a_closure() {
    let slow = Client::builder()
        .config(config())
        .retry_policy(RetryPolicy::never())
        .timeout(Duration::from_millis(50))
        .http_client(|_request: Request<Vec<u8>>| async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            Ok::<_, Infallible>(answer(200, r#"{"data":[]}"#))
        })
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = slow
        .send(&ListApplications::new("access-token"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, InAIAuthError::Transport(e) if e.kind() == TransportErrorKind::Timeout),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    let big = Client::builder()
        .config(config())
        .retry_policy(RetryPolicy::never())
        .max_response_bytes(16)
        .http_client(|_request: Request<Vec<u8>>| async {
            Ok::<_, Infallible>(answer(
                200,
                &format!(r#"{{"data":[],"pad":"{}"}}"#, "x".repeat(64)),
            ))
        })
        .build()
        .unwrap();
    let error = big
        .send(&ListApplications::new("access-token"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, InAIAuthError::Transport(e) if e.kind() == TransportErrorKind::BodyTooLarge),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_verifier_fed_by_a_closure_jwks_verifies() {
    let token = include_str!("../../../verify/tests/data/token.txt").trim();
    let jwks = include_str!("../../../verify/tests/data/jwks.json");
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&fetches);
    let verifier = Verifier::builder("https://keys.test/.well-known/jwks.json")
        // The fixture token was issued at 2026-01-01T00:00Z.
        .clock(Arc::new(ManualClock::new(
            time::OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap(),
        )))
        .http_client(move |request: Request<Vec<u8>>| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                assert_eq!(request.uri().host(), Some("keys.test"));
                Ok::<_, Infallible>(answer(200, jwks))
            }
        })
        .build()
        .unwrap();

    let auth = verifier.verify(token).await.unwrap();
    assert_eq!(auth.user_id(), "user_1");
    verifier.verify(token).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "the keys are cached");
}

#[test]
fn a_reqwest_client_is_still_accepted() {
    let http = inai_auth_async::reqwest::Client::builder()
        .redirect(inai_auth_async::reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Client::builder().http_client(http.clone()).build().unwrap();
    Verifier::builder("https://keys.test/jwks.json")
        .http_client(http)
        .build()
        .unwrap();
}

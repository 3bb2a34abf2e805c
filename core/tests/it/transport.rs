//! `send`, `send_async` and the closure transports; `oauth_init_url`.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use inai_auth_core::ops::{GetMe, ListApplications};
use inai_auth_core::{
    Config, InAIAuthError, TransportError, TransportErrorKind, oauth_init_url, send, send_async,
};

use crate::support::{TOKEN, config};

/// Polls a future that never waits (closure servers answer at once).
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the future waited"),
    }
}

#[test]
fn client_errors_become_transport_errors() {
    let refused =
        |_request: http::Request<Vec<u8>>| -> Result<http::Response<Vec<u8>>, std::io::Error> {
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionRefused,
                "refused",
            ))
        };
    match send(&refused, &config(), &ListApplications::new(TOKEN)) {
        Err(InAIAuthError::Transport(e)) => {
            assert_eq!(e.kind(), TransportErrorKind::Other);
            let source = std::error::Error::source(&e).unwrap();
            assert_eq!(source.to_string(), "refused");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[test]
fn a_drivers_transport_error_keeps_its_kind() {
    let slow =
        |_request: http::Request<Vec<u8>>| -> Result<http::Response<Vec<u8>>, TransportError> {
            Err(TransportError::new(
                TransportErrorKind::Timeout,
                "no answer in 30 s",
            ))
        };
    let error = send(&slow, &config(), &ListApplications::new(TOKEN)).unwrap_err();
    // One rule with the drivers' retry policy: a timeout is not retried.
    assert!(!error.is_retryable());
    let InAIAuthError::Transport(e) = error else {
        panic!()
    };
    assert!(e.is_timeout());
    assert_eq!(e.to_string(), "request timed out");
}

#[test]
fn send_async_drives_a_closure_returning_a_future() {
    let server = |request: http::Request<Vec<u8>>| async move {
        assert_eq!(request.uri().path(), "/api/platform/applications");
        http::Response::builder()
            .status(200)
            .body(br#"{"data":[]}"#.to_vec())
    };
    let apps = ready(send_async(
        &server,
        &config(),
        &ListApplications::new(TOKEN),
    ))
    .unwrap();
    assert!(apps.is_empty());
    let failing = |_request: http::Request<Vec<u8>>| async {
        Err::<http::Response<Vec<u8>>, _>(TransportError::new(
            TransportErrorKind::Connect,
            "refused",
        ))
    };
    let error = ready(send_async(&failing, &config(), &GetMe::new(TOKEN))).unwrap_err();
    assert!(matches!(error, InAIAuthError::Transport(ref e) if e.is_connect()));
}

#[test]
fn the_request_never_reaches_the_client_when_input_is_invalid() {
    let called = std::cell::Cell::new(false);
    let server = |_request: http::Request<Vec<u8>>| {
        called.set(true);
        http::Response::builder().status(200).body(Vec::new())
    };
    let no_key = Config::default();
    assert!(send(&server, &no_key, &GetMe::new(TOKEN)).is_err());
    assert!(!called.get());
}

#[test]
fn oauth_init_url_encodes_every_part() {
    let url = oauth_init_url(
        &config(),
        "git hub/x",
        "https://app.example/cb?a=1&b=2",
        Some("ten 1&x"),
    )
    .unwrap();
    assert_eq!(
        url,
        "http://127.0.0.1:4010/api/v1/auth/oauth/git%20hub%2Fx?redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fa%3D1%26b%3D2&tenant_id=ten%201%26x"
    );
    assert!(oauth_init_url(&config(), "", "https://x", None).is_err());
    assert!(oauth_init_url(&config(), "..", "https://x", None).is_err());
}

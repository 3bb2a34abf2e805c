//! The `tracing` output of a request: the span and its fields, no secret.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use http::{Request, Response};
use inai_auth_blocking::Client;
use inai_auth_core::Config;
use inai_auth_core::ops::{GetMe, Login};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::support::fast_retries;

/// Writes every span, field and event as text lines.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next: Arc<AtomicU64>,
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl Recorder {
    fn push(&self, line: String) {
        self.lines.lock().unwrap().push(line);
    }

    fn text(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Line(&mut line));
        self.push(line);
        Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record".to_owned();
        values.record(&mut Line(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = "event".to_owned();
        event.record(&mut Line(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[test]
fn spans_carry_name_method_status_attempt_duration_and_no_secret() {
    const PASSWORD: &str = "hunter2-secret-password";
    const TOKEN: &str = "eyJ-secret-access-token";
    const REFRESH: &str = "rt-secret-refresh-token";
    let answers = Arc::new(AtomicU64::new(0));
    let count = answers.clone();
    let client = Client::builder()
        .config(Config::builder().base_url("http://api.test")
                .insecure_allow_http(true).publishable_key("pk_test_1").build().unwrap())
        .retry_policy(fast_retries())
        .http_client(move |request: Request<Vec<u8>>| -> Result<Response<Vec<u8>>, std::convert::Infallible> {
            let is_me = request.uri().path() == "/api/v1/auth/me";
            let n = if is_me { count.fetch_add(1, Ordering::SeqCst) } else { 1 };
            let (status, body) = match request.uri().path() {
                "/api/v1/auth/me" if n == 0 => (503, String::new()),
                "/api/v1/auth/me" => (401, r#"{"type":"UNAUTHORIZED","detail":"expired"}"#.to_owned()),
                _ => (200, format!(r#"{{"access_token":"{TOKEN}","refresh_token":"{REFRESH}","token_type":"Bearer","expires_in":900}}"#)),
            };
            Ok(Response::builder().status(status).body(body.into_bytes()).unwrap())
        })
        .build().unwrap();
    let recorder = Recorder::default();
    tracing::subscriber::with_default(recorder.clone(), || {
        assert!(
            client
                .login(Login::new("ada@example.com", PASSWORD))
                .unwrap()
                .is_complete()
        );
        client.get_me(GetMe::new(TOKEN)).unwrap_err();
    });
    let text = recorder.text();
    assert!(
        text.contains("span inai_auth.request operation=\"login\" method=POST"),
        "{text}"
    );
    assert!(text.contains("operation=\"get_me\" method=GET"), "{text}");
    for field in [
        "status=200",
        "status=503",
        "status=401",
        "attempt=1",
        "attempt=2",
        "duration_ms=",
    ] {
        assert!(text.contains(field), "{field} missing in\n{text}");
    }
    assert!(text.contains("retrying"), "{text}");
    for secret in [PASSWORD, TOKEN, REFRESH, "pk_test_1"] {
        assert!(!text.contains(secret), "{secret} leaked in\n{text}");
    }
}

/// The retry event has the same message and fields as the async driver's:
/// `attempt`, `delay_ms`, `reason`, and `status` for an answer (no `error`).
#[test]
fn the_retry_event_names_attempt_delay_reason_and_status() {
    let answers = Arc::new(AtomicU64::new(0));
    let count = answers.clone();
    let client = Client::builder()
        .config(
            Config::builder()
                .base_url("http://api.test")
                .insecure_allow_http(true)
                .publishable_key("pk_test_1")
                .build()
                .unwrap(),
        )
        .retry_policy(fast_retries())
        .http_client(
            move |_: Request<Vec<u8>>| -> Result<Response<Vec<u8>>, std::convert::Infallible> {
                let status = if count.fetch_add(1, Ordering::SeqCst) == 0 {
                    503
                } else {
                    401
                };
                Ok(Response::builder()
                    .status(status)
                    .body(br#"{"type":"UNAUTHORIZED","detail":"no"}"#.to_vec())
                    .unwrap())
            },
        )
        .build()
        .unwrap();
    let recorder = Recorder::default();
    tracing::subscriber::with_default(recorder.clone(), || {
        client.get_me(GetMe::new("token")).unwrap_err();
    });
    assert_eq!(answers.load(Ordering::SeqCst), 2);
    let text = recorder.text();
    let retries: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("event") && line.contains("message=retrying"))
        .collect();
    assert_eq!(retries.len(), 1, "{text}");
    let event = retries[0];
    for field in [" attempt=1", " delay_ms=", " reason=503", " status=503"] {
        assert!(event.contains(field), "{field} missing in {event}");
    }
    assert!(!event.contains(" error="), "{event}");
}

//! The `tracing` span of a call: its fields, and no secret anywhere.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use inai_auth_core::ops::{PlatformGetMe, PlatformLogin};
use inai_auth_emulator::Fault;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::common;

#[derive(Debug, Default)]
struct Captured {
    /// Span name and fields, by span id.
    spans: BTreeMap<u64, (String, BTreeMap<String, String>)>,
    /// Every event's fields.
    events: Vec<BTreeMap<String, String>>,
}

#[derive(Clone, Default)]
struct Capture {
    captured: Arc<Mutex<Captured>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        self.captured
            .lock()
            .unwrap()
            .spans
            .insert(id, (span.metadata().name().to_owned(), fields));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some((_, fields)) = self
            .captured
            .lock()
            .unwrap()
            .spans
            .get_mut(&span.into_u64())
        {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.captured.lock().unwrap().events.push(fields);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test] // one thread, so the default subscriber sees every span
async fn each_call_is_a_span_with_its_fields_and_no_secret() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let seed = emu.seed();

    let login = client
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .await
        .expect("login");
    let token = login.into_tokens().expect("tokens").access_token;
    emu.inject_fault(Fault::status("/api/platform/auth/me", 503));
    client
        .platform_get_me(PlatformGetMe::new(token.clone()))
        .await
        .expect("me after a retry");

    let captured = capture.captured.lock().unwrap();
    let sends: Vec<&BTreeMap<String, String>> = captured
        .spans
        .values()
        .filter(|(name, _)| name == "inai_auth.request")
        .map(|(_, fields)| fields)
        .collect();
    assert_eq!(sends.len(), 2, "{captured:?}");
    let me = sends
        .iter()
        .find(|f| f.get("operation").map(String::as_str) == Some("\"platform_get_me\""))
        .expect("a get_me span");
    assert_eq!(me.get("method").map(String::as_str), Some("\"GET\""));
    assert_eq!(me.get("attempt").map(String::as_str), Some("2"));
    assert_eq!(me.get("status").map(String::as_str), Some("200"));
    assert!(me.contains_key("duration_ms"), "{me:?}");

    let everything = format!("{captured:?}");
    assert!(
        !everything.contains(token.expose_secret()),
        "a token was traced"
    );
    assert!(
        !everything.contains(&seed.admin_password),
        "a password was traced"
    );
    assert!(
        !everything.contains(&seed.publishable_key),
        "the publishable key was traced"
    );
}

/// The retry event has the same message and fields as the blocking driver's:
/// `attempt`, `delay_ms`, `reason`, and `status` for an answer (no `error`).
#[tokio::test]
async fn the_retry_event_names_attempt_delay_reason_and_status() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let seed = emu.seed();
    let login = client
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .await
        .expect("login");
    let token = login.into_tokens().expect("tokens").access_token;
    emu.inject_fault(Fault::status("/api/platform/auth/me", 503));
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect("me after a retry");

    let captured = capture.captured.lock().unwrap();
    let retries: Vec<&BTreeMap<String, String>> = captured
        .events
        .iter()
        .filter(|fields| fields.get("message").map(String::as_str) == Some("retrying"))
        .collect();
    assert_eq!(retries.len(), 1, "{captured:?}");
    let event = retries[0];
    assert_eq!(event.get("attempt").map(String::as_str), Some("1"));
    assert!(event.contains_key("delay_ms"), "{event:?}");
    assert_eq!(event.get("reason").map(String::as_str), Some("503"));
    assert_eq!(event.get("status").map(String::as_str), Some("503"));
    assert!(!event.contains_key("error"), "{event:?}");
}

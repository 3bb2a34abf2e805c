//! Notices the blocking client's retries, so that the progress line can say
//! "retrying" instead of only "waiting".
//!
//! The client emits a `tracing` event `retrying` (fields `attempt`,
//! `delay_ms`, `reason`) before each retry. [`RetryWatch`] is a minimal
//! `tracing` subscriber that keeps the last such event; it is installed
//! only when progress is drawn (see [`install`]). If the client stops
//! emitting the event, the spinner simply says "waiting".

use std::fmt;
use std::sync::{Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// The last retry the client announced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Retry {
    /// The attempt that failed, from 1.
    pub(crate) attempt: u64,
    /// Why: a status code or a transport failure.
    pub(crate) reason: String,
}

static LAST: Mutex<Option<Retry>> = Mutex::new(None);

/// Takes the last retry seen since the previous call.
#[must_use]
pub(crate) fn take() -> Option<Retry> {
    LAST.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// Forgets any retry seen so far.
pub(crate) fn clear() {
    let _ = take();
}

/// Installs [`RetryWatch`] as the process's subscriber (once; later calls
/// and an already installed subscriber leave things as they are).
pub(crate) fn install() {
    let _ = tracing::subscriber::set_global_default(RetryWatch);
}

/// A `tracing` subscriber that records the client's `retrying` events and
/// ignores everything else.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RetryWatch;

impl Subscriber for RetryWatch {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.is_event()
            && *metadata.level() <= Level::DEBUG
            && metadata.target().starts_with("inai_auth_blocking")
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::DEBUG)
    }

    fn new_span(&self, _span: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _span: &Id, _values: &Record<'_>) {}

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.message == "retrying" {
            *LAST.lock().unwrap_or_else(PoisonError::into_inner) = Some(Retry {
                attempt: fields.attempt,
                reason: fields.reason,
            });
        }
    }

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}
}

/// The fields of one event that matter here.
#[derive(Default)]
struct Fields {
    message: String,
    attempt: u64,
    reason: String,
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "attempt" {
            self.attempt = value;
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.record_u64(field, u64::try_from(value).unwrap_or(0));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.record_debug(field, &format_args!("{value}"));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            "reason" => self.reason = format!("{value:?}"),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_clients_retry_events_only() {
        clear();
        tracing::subscriber::with_default(RetryWatch, || {
            tracing::debug!(target: "inai_auth_blocking::client", attempt = 1u32, delay_ms = 5u64, reason = %503, "retrying");
            tracing::debug!(target: "inai_auth_blocking::client", "request failed");
            tracing::debug!(target: "someone_else", attempt = 9u32, reason = %"x", "retrying");
        });
        assert_eq!(
            take(),
            Some(Retry {
                attempt: 1,
                reason: "503".to_owned()
            })
        );
        assert_eq!(take(), None);
    }
}

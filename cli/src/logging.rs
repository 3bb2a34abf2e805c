//! The one `tracing` subscriber of the process: log lines on stderr for
//! `-v`/`--verbose` or `RUST_LOG`, and the layer that tells the spinner
//! about the client's retries.
//!
//! The drivers log requests as `inai_auth.request` spans (operation,
//! method, status, attempt, duration) and each retry as a `retrying` event
//! (attempt, delay, reason): no URL query, header, body or token. With `-v`
//! the closing line of each request span is printed; `-vv` prints
//! everything at trace level. `RUST_LOG`, when set, replaces the level the
//! flags choose (e.g. `RUST_LOG=inai_auth_blocking=debug`).

use std::io::IsTerminal;

use tracing::Subscriber;
use tracing::field::{Field, Visit};
use tracing_subscriber::filter::{EnvFilter, LevelFilter, filter_fn};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, Registry};

use crate::progress::{self, Retry};

/// The filter of `-v` repeated `verbose` times, or of `RUST_LOG` when it is
/// set; `None` when nothing is to be logged.
fn log_filter(verbose: u8) -> Option<EnvFilter> {
    if let Some(env) = std::env::var_os("RUST_LOG").filter(|v| !v.is_empty()) {
        let directives = env.to_string_lossy().into_owned();
        return Some(EnvFilter::builder().parse_lossy(directives));
    }
    let directives = match verbose {
        0 => return None,
        1 => {
            "warn,inai_auth_cli=debug,inai_auth_blocking=debug,inai_auth_core=debug,inai_auth_verify=debug"
        }
        _ => "trace",
    };
    Some(EnvFilter::builder().parse_lossy(directives))
}

/// Installs the subscriber: log lines when asked for, and the retry layer
/// when the spinner is shown. Installs nothing when neither is wanted.
pub(crate) fn init(verbose: u8, progress: bool) {
    let log = log_filter(verbose).map(|filter| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .with_span_events(FmtSpan::CLOSE)
            .with_target(true)
            .with_filter(filter)
    });
    let retries = progress.then(|| {
        RetryLayer.with_filter(filter_fn(|meta| {
            meta.is_event()
                && *meta.level() <= LevelFilter::DEBUG
                && meta.target().starts_with("inai_auth_blocking")
        }))
    });
    if log.is_none() && retries.is_none() {
        return;
    }
    let _ = Registry::default().with(log).with(retries).try_init();
}

/// Hands the client's `retrying` events to the spinner.
#[derive(Debug, Clone, Copy)]
struct RetryLayer;

impl<S: Subscriber> Layer<S> for RetryLayer {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = RetryFields::default();
        event.record(&mut fields);
        if fields.message == "retrying" {
            progress::retried(Retry {
                attempt: fields.attempt,
                reason: fields.reason,
            });
        }
    }
}

/// The fields of one event that matter to the spinner.
#[derive(Default)]
struct RetryFields {
    message: String,
    attempt: u64,
    reason: String,
}

impl Visit for RetryFields {
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

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
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
    fn the_retry_layer_keeps_the_clients_retry_events_only() {
        let _ = progress::take_retry();
        let subscriber = Registry::default().with(RetryLayer.with_filter(filter_fn(|meta| {
            meta.target().starts_with("inai_auth_blocking")
        })));
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(target: "inai_auth_blocking::client", attempt = 1u32, delay_ms = 5u64, reason = %503, "retrying");
            tracing::debug!(target: "inai_auth_blocking::client", "request failed");
            tracing::debug!(target: "someone_else", attempt = 9u32, reason = %"x", "retrying");
        });
        assert_eq!(
            progress::take_retry(),
            Some(Retry {
                attempt: 1,
                reason: "503".to_owned()
            })
        );
        assert_eq!(progress::take_retry(), None);
    }

    #[test]
    fn verbosity_chooses_the_filter() {
        if std::env::var_os("RUST_LOG").is_none() {
            assert!(log_filter(0).is_none());
            assert!(log_filter(1).is_some());
        }
    }
}

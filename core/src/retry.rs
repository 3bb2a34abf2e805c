//! When to try a request again, and after how long: the retry policy of the
//! drivers, without IO.
//!
//! A driver sends a request, and on a failure asks [`RetryPolicy`] whether to
//! try again:
//!
//! 1. Send the request (attempt 1).
//! 2. On an answer, call [`RetryPolicy::after_status`]; on a transport
//!    failure, [`RetryPolicy::after_transport_error`]. Both take `now` and a
//!    random `jitter` in `[0, 1)` from the driver: the decisions read no
//!    clock and draw no random numbers, so a test can replay them exactly.
//!    The drivers draw `jitter` from [`jitter()`], the one impure function
//!    here: a process-wide counter hashed with the standard library's
//!    randomly keyed SipHash (not cryptographic; it only has to keep clients
//!    that fail together from retrying together).
//! 3. `None`: hand the answer (or the error) to the caller. `Some(delay)`:
//!    sleep `delay`, then send the same request again as the next attempt and
//!    go to 2.
//!
//! What is retried (at most [`max_retries`](RetryPolicy::max_retries) times):
//! - connection failures ([`TransportErrorKind::Connect`] and
//!   [`TransportErrorKind::Io`]) and the statuses 502, 503 and 504, for
//!   idempotent methods only (GET, HEAD, OPTIONS, PUT, DELETE): a POST or
//!   PATCH may have taken effect before the failure;
//! - 429 for any method: the server refused the request before doing
//!   anything.
//!
//! The delay is the answer's `Retry-After` when it has one (delta-seconds or
//! an HTTP date); a `Retry-After` longer than the cap is not waited for, the
//! answer goes back to the caller. Otherwise it is a jittered exponential
//! backoff: the nominal delay `base_delay * 2^(attempt - 1)`, at most
//! `max_delay`, scaled to between half and all of itself by the jitter.
//! Timeouts are not retried: a request that already waited the whole timeout
//! would make the caller wait it again.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use http::{HeaderMap, Method, StatusCode};
//! use inai_auth_core::RetryPolicy;
//!
//! let policy = RetryPolicy::default();
//! let now = SystemTime::UNIX_EPOCH;
//! let mut headers = HeaderMap::new();
//! headers.insert(http::header::RETRY_AFTER, "3".parse()?);
//! let delay = policy.after_status(&Method::POST, StatusCode::TOO_MANY_REQUESTS, &headers, 1, now, 0.5);
//! assert_eq!(delay, Some(Duration::from_secs(3)));
//! // A POST is not retried after a 503: it may have taken effect.
//! let delay = policy.after_status(&Method::POST, StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), 1, now, 0.5);
//! assert_eq!(delay, None);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod jitter;

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::error::TransportErrorKind;

pub use jitter::jitter;

/// The default number of retries after the first attempt: 2.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The default nominal delay before the first retry: 200 ms.
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(200);
/// The default longest backoff delay: 5 s.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(5);
/// The default longest `Retry-After` a driver waits for: 30 s.
pub const DEFAULT_RETRY_AFTER_CAP: Duration = Duration::from_secs(30);

/// Which failures are retried, how often, and after how long; see the
/// [module documentation](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    retry_after_cap: Duration,
}

impl Default for RetryPolicy {
    /// [`DEFAULT_MAX_RETRIES`], [`DEFAULT_BASE_DELAY`], [`DEFAULT_MAX_DELAY`]
    /// and [`DEFAULT_RETRY_AFTER_CAP`].
    fn default() -> Self {
        Self {
            max_retries: DEFAULT_MAX_RETRIES,
            base_delay: DEFAULT_BASE_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            retry_after_cap: DEFAULT_RETRY_AFTER_CAP,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    #[must_use]
    pub fn never() -> Self {
        Self::default().with_max_retries(0)
    }

    /// Sets how many times a request is sent again after the first attempt.
    /// Defaults to [`DEFAULT_MAX_RETRIES`] (2); 0 disables retries.
    #[must_use]
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the nominal backoff delay before the first retry; it doubles with
    /// each further retry. Defaults to [`DEFAULT_BASE_DELAY`] (200 ms).
    #[must_use]
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets the longest backoff delay. Defaults to [`DEFAULT_MAX_DELAY`] (5 s).
    #[must_use]
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets the longest `Retry-After` that is waited for; an answer asking
    /// for longer is returned to the caller instead. Defaults to
    /// [`DEFAULT_RETRY_AFTER_CAP`] (30 s).
    #[must_use]
    pub fn with_retry_after_cap(mut self, cap: Duration) -> Self {
        self.retry_after_cap = cap;
        self
    }

    /// How many times a request is sent again after the first attempt.
    #[must_use]
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The nominal backoff delay before the first retry.
    #[must_use]
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest backoff delay.
    #[must_use]
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The longest `Retry-After` that is waited for.
    #[must_use]
    pub fn retry_after_cap(&self) -> Duration {
        self.retry_after_cap
    }

    /// Whether to retry after an answer with `status`, and after how long.
    ///
    /// `attempt` is the number of the attempt that got this answer (1 for
    /// the first); `headers` are the answer's (for `Retry-After`); `now` is
    /// the current time (for a `Retry-After` date) and `jitter` a random
    /// number in `[0, 1)` (values outside are clamped).
    #[must_use]
    pub fn after_status(
        &self,
        method: &Method,
        status: StatusCode,
        headers: &HeaderMap,
        attempt: u32,
        now: SystemTime,
        jitter: f64,
    ) -> Option<Duration> {
        let retryable = retryable_status(status)
            && (status == StatusCode::TOO_MANY_REQUESTS || is_idempotent(method));
        if !retryable || !self.has_retry_left(attempt) {
            return None;
        }
        match headers.get(http::header::RETRY_AFTER) {
            Some(value) => match parse_retry_after(value, now) {
                Some(wait) if wait <= self.retry_after_cap => Some(wait),
                Some(_) => None,
                None => Some(self.backoff(attempt, jitter)),
            },
            None => Some(self.backoff(attempt, jitter)),
        }
    }

    /// Whether to retry after the request failed without an answer, and
    /// after how long.
    ///
    /// Connection failures ([`TransportErrorKind::Connect`],
    /// [`TransportErrorKind::Io`]) are retried for idempotent methods;
    /// timeouts, oversized bodies and other faults are not. `attempt` and
    /// `jitter` as in [`after_status`](Self::after_status).
    #[must_use]
    pub fn after_transport_error(
        &self,
        method: &Method,
        kind: TransportErrorKind,
        attempt: u32,
        jitter: f64,
    ) -> Option<Duration> {
        let retryable = kind.is_retryable() && is_idempotent(method);
        (retryable && self.has_retry_left(attempt)).then(|| self.backoff(attempt, jitter))
    }

    /// The backoff delay after attempt `attempt` (1 for the first): the
    /// nominal `base_delay * 2^(attempt - 1)`, at most `max_delay`, scaled by
    /// `0.5 + jitter / 2` (so between half and all of the nominal delay).
    #[must_use]
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        let nominal = self
            .base_delay
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        nominal.mul_f64(0.5 + jitter / 2.0).min(nominal)
    }

    fn has_retry_left(&self, attempt: u32) -> bool {
        attempt <= self.max_retries
    }
}

/// Whether an answer with `status` may be different if the request is sent
/// again: 429, 502, 503 and 504. Part of the one retry rule described at
/// [`InAIAuthError::is_retryable`](crate::InAIAuthError::is_retryable).
#[must_use]
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502..=504)
}

/// Whether sending `method` twice has the effect of sending it once (RFC 9110
/// §9.2.2): GET, HEAD, OPTIONS, PUT and DELETE.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
    ]
    .contains(method)
}

/// How long a `Retry-After` value asks to wait, from `now`: delta-seconds
/// (`120`) or an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, or the obsolete
/// RFC 850 and asctime forms). A date in the past is zero. `None` when the
/// value is neither.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits to fit is still a valid (very long) delay.
        let seconds = text.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let date = parse_http_date(text)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The `reason` field of the drivers' `retrying` log event: why the attempt
/// that failed is tried again. The answer's status code (`"503"`), or the
/// transport failure's kind (`"connection failed"`). Both drivers call this,
/// so the wording is the same in both.
///
/// ```
/// use http::StatusCode;
/// use inai_auth_core::TransportErrorKind;
/// use inai_auth_core::retry::retry_reason;
///
/// assert_eq!(retry_reason(Ok(StatusCode::SERVICE_UNAVAILABLE)), "503");
/// assert_eq!(retry_reason(Err(TransportErrorKind::Connect)), "connection failed");
/// ```
#[must_use]
pub fn retry_reason(outcome: Result<StatusCode, TransportErrorKind>) -> String {
    match outcome {
        Ok(status) => status.as_str().to_owned(),
        Err(kind) => kind.to_string(),
    }
}

/// An HTTP date (RFC 9110 §5.6.7): the IMF-fixdate or one of the two
/// obsolete forms recipients must accept, by the `httpdate` crate.
fn parse_http_date(text: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(text).ok()
}

#[cfg(test)]
mod tests;

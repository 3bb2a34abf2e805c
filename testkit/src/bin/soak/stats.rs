//! What the soak counts: operations, sends per path, faults, error classes,
//! a latency histogram with bounded memory, and resident memory.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use inai_auth_core::{InAIAuthError, TransportErrorKind};
use inai_auth_verify::VerifyError;

/// Latency buckets: 0.1 ms wide up to 10 ms, then 1 ms up to 1 s, then
/// 100 ms up to 60 s (fixed size, so the histogram never grows).
const FINE: u64 = 100;
const MEDIUM: u64 = 990;
const COARSE: u64 = 591;

/// A fixed-size latency histogram.
pub(crate) struct Latency {
    buckets: Vec<AtomicU64>,
}

impl Latency {
    pub(crate) fn new() -> Self {
        let total = usize::try_from(FINE + MEDIUM + COARSE + 1).unwrap_or(0);
        Self {
            buckets: (0..total).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    fn bucket(d: Duration) -> u64 {
        let us = u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        if us < 10_000 {
            us / 100
        } else if us < 1_000_000 {
            FINE + (us - 10_000) / 1_000
        } else {
            (FINE + MEDIUM + (us - 1_000_000) / 100_000).min(FINE + MEDIUM + COARSE)
        }
    }

    /// The upper bound of bucket `i`, in milliseconds.
    fn bound_ms(i: u64) -> f64 {
        if i < FINE {
            (i + 1) as f64 * 0.1
        } else if i < FINE + MEDIUM {
            10.0 + (i - FINE + 1) as f64
        } else {
            1_000.0 + (i - FINE - MEDIUM + 1) as f64 * 100.0
        }
    }

    pub(crate) fn record(&self, d: Duration) {
        let i = usize::try_from(Self::bucket(d)).unwrap_or(0);
        if let Some(b) = self.buckets.get(i) {
            b.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The `q` quantile (0 to 1) in milliseconds, as a bucket's upper bound.
    pub(crate) fn quantile_ms(&self, q: f64) -> f64 {
        let counts: Vec<u64> = self
            .buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return 0.0;
        }
        let target = ((total as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, count) in counts.iter().enumerate() {
            seen += count;
            if seen >= target {
                return Self::bound_ms(i as u64);
            }
        }
        Self::bound_ms(FINE + MEDIUM + COARSE)
    }
}

/// Whether an outcome is one the soak's faults explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    Yes,
    No,
}

/// The class of an API call's error, and whether the injected faults
/// explain it: 503 and 429 answers, and dropped connections (for a POST,
/// which is never retried after one).
pub(crate) fn classify(error: &InAIAuthError) -> (String, Expected) {
    match error {
        InAIAuthError::Api(e) => {
            let status = e.status().as_u16();
            let expected = if matches!(status, 503 | 429) {
                Expected::Yes
            } else {
                Expected::No
            };
            (format!("api {status}"), expected)
        }
        InAIAuthError::Transport(e) => {
            let expected = if matches!(
                e.kind(),
                TransportErrorKind::Connect | TransportErrorKind::Io
            ) {
                Expected::Yes
            } else {
                Expected::No
            };
            (format!("transport {}", e.kind()), expected)
        }
        InAIAuthError::Decode(_) => ("decode".to_owned(), Expected::No),
        InAIAuthError::Config(_) => ("config".to_owned(), Expected::No),
        InAIAuthError::InvalidRequest(_) => ("invalid request".to_owned(), Expected::No),
        _ => ("other".to_owned(), Expected::No),
    }
}

/// The class of a verification error.
pub(crate) fn classify_verify(error: &VerifyError) -> String {
    format!("verify {error:?}")
        .split([' ', '{', '('])
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everything counted during a run.
pub(crate) struct Stats {
    pub(crate) ops: AtomicU64,
    pub(crate) faults: AtomicU64,
    pub(crate) latency: Latency,
    /// Logical sends (first attempts) per `METHOD path`, for paths whose
    /// emulator count is checked; and the total of every logical send.
    pub(crate) sends: Mutex<BTreeMap<String, u64>>,
    pub(crate) total_sends: AtomicU64,
    /// Error classes: (count, expected, first message).
    pub(crate) errors: Mutex<BTreeMap<String, (u64, Expected, String)>>,
    pub(crate) false_rejects: AtomicU64,
}

impl Stats {
    pub(crate) fn new() -> Self {
        Self {
            ops: AtomicU64::new(0),
            faults: AtomicU64::new(0),
            latency: Latency::new(),
            sends: Mutex::new(BTreeMap::new()),
            total_sends: AtomicU64::new(0),
            errors: Mutex::new(BTreeMap::new()),
            false_rejects: AtomicU64::new(0),
        }
    }

    /// One logical request sent to `method path` (retries not included).
    pub(crate) fn sent(&self, method: &str, path: &str) {
        self.total_sends.fetch_add(1, Ordering::Relaxed);
        if method == "POST" {
            let mut sends = self.sends.lock().unwrap_or_else(|e| e.into_inner());
            *sends.entry(format!("POST {path}")).or_insert(0) += 1;
        }
    }

    pub(crate) fn error(&self, class: String, expected: Expected, message: String) {
        let mut errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
        let entry = errors.entry(class).or_insert((0, expected, message));
        entry.0 += 1;
    }
}

/// Resident memory of this process in bytes (`/proc/self/statm`, 4 KiB pages).
pub(crate) fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

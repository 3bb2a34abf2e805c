//! Injected faults: for a path, answer with a status, wait, or drop the connection.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

fn one() -> u32 {
    1
}

/// A fault for the next `count` requests to `path` (and `method`, if set).
///
/// The same JSON shape is accepted by `POST /__emulator/faults`:
/// `{"path": "/api/v1/auth/me", "method": "GET", "status": 503, "headers": {"Retry-After": "1"},
/// "body": {...}, "delay_ms": 2000, "drop": true, "count": 1}`. Only `path` is required.
///
/// A fault first waits `delay_ms`; then it drops the connection if `drop`, else answers with
/// `status` if set (body: `body` if set, else a problem+json document), else lets the
/// request through to the emulator, delayed.
///
/// ```
/// use std::time::Duration;
/// use inai_auth_emulator::Fault;
///
/// let fault = Fault::status("/.well-known/jwks.json", 503)
///     .with_header("Retry-After", "1")
///     .with_count(2);
/// let slow = Fault::delay("/api/v1/auth/me", Duration::from_millis(200)).with_method("GET");
/// let cut = Fault::drop_connection("/api/v1/auth/refresh");
/// # let _ = (fault, slow, cut);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    headers: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delay_ms: Option<u64>,
    #[serde(default)]
    drop: bool,
    #[serde(default = "one")]
    count: u32,
}

impl Fault {
    fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            method: None,
            status: None,
            headers: BTreeMap::new(),
            body: None,
            delay_ms: None,
            drop: false,
            count: 1,
        }
    }

    /// Answer requests to `path` with `status`.
    #[must_use]
    pub fn status(path: impl Into<String>, status: u16) -> Self {
        Self {
            status: Some(status),
            ..Self::new(path)
        }
    }

    /// Hold requests to `path` for `delay`, then serve them normally.
    #[must_use]
    pub fn delay(path: impl Into<String>, delay: Duration) -> Self {
        Self::new(path).with_delay(delay)
    }

    /// Close the connection of requests to `path` without answering.
    #[must_use]
    pub fn drop_connection(path: impl Into<String>) -> Self {
        Self {
            drop: true,
            ..Self::new(path)
        }
    }

    /// Only for this HTTP method (any case). Defaults to every method.
    #[must_use]
    pub fn with_method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into().to_ascii_uppercase());
        self
    }

    /// Wait this long first. Defaults to no delay.
    #[must_use]
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay_ms = Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
        self
    }

    /// Adds a header to the fault's answer. Defaults to none.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// The fault answer's body: a JSON string is sent as plain text, anything else as JSON.
    /// Defaults to a problem+json document.
    #[must_use]
    pub fn with_body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// For how many matching requests. Defaults to 1; 0 counts as 1.
    #[must_use]
    pub fn with_count(mut self, count: u32) -> Self {
        self.count = count.max(1);
        self
    }

    /// The path the fault applies to.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        self.path == path
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    pub(crate) fn delay_duration(&self) -> Option<Duration> {
        self.delay_ms
            .filter(|&ms| ms > 0)
            .map(Duration::from_millis)
    }

    pub(crate) fn drops(&self) -> bool {
        self.drop
    }

    pub(crate) fn status_code(&self) -> Option<u16> {
        self.status
    }

    pub(crate) fn headers(&self) -> &BTreeMap<String, String> {
        &self.headers
    }

    pub(crate) fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// Checks what the JSON endpoint received.
    pub(crate) fn validate(mut self) -> Result<Self, String> {
        if !self.path.starts_with('/') {
            return Err("`path` must start with `/`".to_owned());
        }
        if self.path.starts_with("/__emulator/") {
            return Err("faults cannot target `/__emulator/` routes".to_owned());
        }
        if let Some(s) = self.status {
            if !(100..=599).contains(&s) {
                return Err("`status` must be between 100 and 599".to_owned());
            }
        }
        if self.count == 0 {
            self.count = 1;
        }
        self.method = self.method.map(|m| m.to_ascii_uppercase());
        Ok(self)
    }
}

/// The pending faults, first match wins.
#[derive(Debug, Default)]
pub(crate) struct FaultTable {
    pending: Vec<Fault>,
}

impl FaultTable {
    pub(crate) fn add(&mut self, fault: Fault) {
        self.pending.push(fault);
    }

    pub(crate) fn clear(&mut self) -> usize {
        let n = self.pending.len();
        self.pending.clear();
        n
    }

    pub(crate) fn list(&self) -> &[Fault] {
        &self.pending
    }

    /// Uses up one application of the first fault matching the request.
    pub(crate) fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let i = self.pending.iter().position(|f| f.matches(method, path))?;
        let fault = self.pending.get_mut(i)?;
        fault.count = fault.count.saturating_sub(1);
        let taken = fault.clone();
        if fault.count == 0 {
            self.pending.remove(i);
        }
        Some(taken)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_applies_count_times_then_is_gone() {
        let mut table = FaultTable::default();
        table.add(Fault::status("/x", 503).with_method("get").with_count(2));
        assert!(table.take("POST", "/x").is_none());
        assert!(table.take("GET", "/y").is_none());
        assert_eq!(
            table.take("GET", "/x").and_then(|f| f.status_code()),
            Some(503)
        );
        assert!(table.take("GET", "/x").is_some());
        assert!(table.take("GET", "/x").is_none());
    }

    #[test]
    fn json_shape_defaults_count_to_one() {
        let f: Fault = serde_json::from_str(r#"{"path":"/a","drop":true}"#).unwrap();
        let f = f.validate().unwrap();
        assert!(f.drops());
        assert_eq!(f.count, 1);
        let bad: Fault = serde_json::from_str(r#"{"path":"a"}"#).unwrap();
        assert!(bad.validate().is_err());
    }
}

//! The timestamp type of every model.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A point in time as the API sends it: an ISO 8601 string.
///
/// The text is kept exactly as received and is not parsed, so nothing the
/// server sends is lost or changed; parse [`as_str`](Self::as_str) with the
/// date library of your choice when you need arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// Wraps a timestamp string as it goes on the wire.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The timestamp text exactly as the server sent it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Unwraps the timestamp text.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Timestamp {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Timestamp {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::*;

    #[test]
    fn keeps_the_text_exactly() {
        let text = "2026-01-02T03:04:05.678+01:00";
        let ts: Timestamp = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        assert_eq!(ts.as_str(), text);
        assert_eq!(ts.to_string(), text);
        assert_eq!(serde_json::to_string(&ts).unwrap(), format!("\"{text}\""));
    }

    #[test]
    fn rejects_a_non_string() {
        assert!(serde_json::from_str::<Timestamp>("1700000000").is_err());
    }
}

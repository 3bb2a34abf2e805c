//! The timestamp type of every model.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A point in time as the API sends it: an ISO 8601 string.
///
/// The text is kept exactly as received and is not parsed on arrival, so
/// nothing the server sends is lost or changed. For arithmetic, convert it:
/// [`to_offset_date_time`](Self::to_offset_date_time) (or
/// `OffsetDateTime::try_from(&timestamp)`) reads it as RFC 3339, the profile
/// of ISO 8601 the API writes (`2025-01-01T00:00:00.000Z`); an
/// [`OffsetDateTime`] converts back with `Timestamp::from`.
///
/// ```
/// use inai_auth_core::models::Timestamp;
/// use time::OffsetDateTime;
///
/// let created = Timestamp::new("2025-01-02T03:04:05.678Z");
/// let at: OffsetDateTime = created.to_offset_date_time()?;
/// assert_eq!(at.unix_timestamp(), 1_735_787_045);
/// assert_eq!(Timestamp::from(at).as_str(), "2025-01-02T03:04:05.678Z");
/// # Ok::<(), inai_auth_core::models::TimestampError>(())
/// ```
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

    /// Reads the timestamp as an RFC 3339 date and time.
    ///
    /// # Errors
    /// [`TimestampError`] when the text is not RFC 3339 (the error keeps the
    /// text, which is never secret).
    pub fn to_offset_date_time(&self) -> Result<OffsetDateTime, TimestampError> {
        OffsetDateTime::parse(&self.0, &Rfc3339).map_err(|source| TimestampError {
            text: self.0.clone(),
            source,
        })
    }
}

/// A [`Timestamp`] whose text is not an RFC 3339 date and time.
#[derive(Debug, Clone, thiserror::Error)]
#[error("timestamp {text:?} is not an RFC 3339 date and time")]
pub struct TimestampError {
    text: String,
    #[source]
    source: time::error::Parse,
}

impl TimestampError {
    /// The text that did not parse.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl TryFrom<&Timestamp> for OffsetDateTime {
    type Error = TimestampError;

    fn try_from(value: &Timestamp) -> Result<Self, Self::Error> {
        value.to_offset_date_time()
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Writes `value` as RFC 3339 in UTC with `Z`, as the API does.
    fn from(value: OffsetDateTime) -> Self {
        let utc = value.to_offset(time::UtcOffset::UTC);
        // Formatting a date of years 0 to 9999 as RFC 3339 cannot fail; for
        // a year outside, keep the debug form rather than lose the value.
        Self(utc.format(&Rfc3339).unwrap_or_else(|_| utc.to_string()))
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
    fn converts_to_and_from_offset_date_time() {
        let ts = Timestamp::new("2026-01-02T03:04:05.678+01:00");
        let at = OffsetDateTime::try_from(&ts).unwrap();
        assert_eq!(at.unix_timestamp(), 1_767_319_445);
        assert_eq!(at.millisecond(), 678);
        assert_eq!(Timestamp::from(at).as_str(), "2026-01-02T02:04:05.678Z");
        let whole = Timestamp::new("2025-01-01T00:00:00Z");
        let back = Timestamp::from(whole.to_offset_date_time().unwrap());
        assert_eq!(back, whole);
    }

    #[test]
    fn a_timestamp_that_is_not_rfc_3339_is_a_typed_error() {
        for text in [
            "",
            "yesterday",
            "2025-01-01",
            "2025-13-01T00:00:00Z",
            "1700000000",
        ] {
            let error = Timestamp::new(text).to_offset_date_time().unwrap_err();
            assert_eq!(error.text(), text);
            assert!(error.to_string().contains("RFC 3339"), "{error}");
        }
    }

    #[test]
    fn rejects_a_non_string() {
        assert!(serde_json::from_str::<Timestamp>("1700000000").is_err());
    }
}

//! Timestamps as the API writes them: ISO 8601 in UTC with milliseconds.

use serde_json::Value;
use time::{OffsetDateTime, UtcOffset};

/// `2026-01-31T09:05:00.123Z`.
pub(crate) fn iso(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// [`iso`] as JSON, or `null`.
pub(crate) fn iso_opt(t: Option<OffsetDateTime>) -> Value {
    t.map_or(Value::Null, |t| Value::String(iso(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_with_millis() {
        let t = OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(1_700_000_000_123);
        assert_eq!(iso(t), "2023-11-14T22:13:20.123Z");
    }
}

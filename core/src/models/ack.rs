//! The small answer of operations whose result is usually discarded.

use serde::{Deserialize, Serialize};

/// The answer of an operation that only acknowledges: logout, revoke, delete,
/// cancel and the like.
///
/// The API answers these with `{"message": ...}`, `{"success": ...}`, both,
/// or nothing at all; an empty body or a `204 No Content` is
/// [`Ack::default()`] (both fields `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Ack {
    /// A human-readable confirmation, when the API sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Whether the API reported success, when it sent the flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
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
    use crate::models::test_support::assert_wire_roundtrip;

    #[test]
    fn decodes_each_shape() {
        let message: Ack = serde_json::from_str(r#"{"message":"Logged out"}"#).unwrap();
        assert_eq!(message.message.as_deref(), Some("Logged out"));
        assert_eq!(message.success, None);

        let success: Ack = serde_json::from_str(r#"{"success":true}"#).unwrap();
        assert_eq!(success.success, Some(true));
        assert_eq!(success.message, None);

        let both: Ack =
            serde_json::from_str(r#"{"success":false,"message":"Permission removed","x":1}"#)
                .unwrap();
        assert_eq!(both.success, Some(false));
        assert_eq!(both.message.as_deref(), Some("Permission removed"));

        let empty: Ack = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Ack::default());
    }

    #[test]
    fn rejects_a_wrongly_typed_flag() {
        assert!(serde_json::from_str::<Ack>(r#"{"success":"yes"}"#).is_err());
    }

    #[test]
    fn round_trips() {
        assert_wire_roundtrip::<Ack>(r#"{"success":true,"message":"ok","extra":[1]}"#, &["extra"]);
        assert_wire_roundtrip::<Ack>("{}", &[]);
    }
}

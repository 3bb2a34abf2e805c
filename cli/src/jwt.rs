//! Reading a token's header and payload as JSON, **without verifying it**,
//! for `inai decode` and for showing which key signed a token.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The longest token decoded: 8 KiB, as the verifier allows.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// A token's header and payload, as sent. Nothing here is verified.
#[derive(Debug, Clone, PartialEq)]
pub struct UnverifiedParts {
    /// The JOSE header.
    pub header: Value,
    /// The claims.
    pub payload: Value,
}

impl UnverifiedParts {
    /// The header's `kid`, if it is a string.
    #[must_use]
    pub fn key_id(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }
}

/// Splits a compact JWS and decodes its header and payload as JSON objects.
///
/// # Errors
/// A short reason (never token text) when the token is too long, does not
/// have three non-empty segments, or a segment is not base64url JSON.
pub fn decode_unverified(token: &str) -> Result<UnverifiedParts, String> {
    let token = token.trim();
    if token.len() > MAX_TOKEN_BYTES {
        return Err(format!(
            "token is {} bytes long, more than the maximum of {MAX_TOKEN_BYTES}",
            token.len()
        ));
    }
    let segments: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = segments.as_slice() else {
        return Err(format!(
            "expected 3 segments separated by `.`, found {}",
            segments.len()
        ));
    };
    if header.is_empty() || payload.is_empty() || signature.is_empty() {
        return Err("a segment is empty".to_owned());
    }
    Ok(UnverifiedParts {
        header: json_segment(header, "header")?,
        payload: json_segment(payload, "payload")?,
    })
}

fn json_segment(segment: &str, name: &str) -> Result<Value, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| format!("the {name} is not base64url"))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(format!("the {name} is not a JSON object")),
        Err(_) => Err(format!("the {name} is not JSON")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn encode(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn decodes_header_and_payload() {
        let token = format!(
            "{}.{}.c2ln",
            encode(r#"{"alg":"ES256","kid":"k1"}"#),
            encode(r#"{"sub":"u1","exp":1}"#)
        );
        let parts = decode_unverified(&token).unwrap();
        assert_eq!(parts.key_id(), Some("k1"));
        assert_eq!(parts.payload["sub"], "u1");
    }

    #[test]
    fn refuses_what_is_not_a_jws() {
        let object = encode("{}");
        let cases = [
            ("abc".to_owned(), "3 segments"),
            (format!("{object}.{object}"), "3 segments"),
            (format!("{object}..sig"), "empty"),
            (format!("{object}.!!!.sig"), "payload is not base64url"),
            (
                format!("{}.{object}.sig", encode("[1]")),
                "header is not a JSON object",
            ),
            (
                format!("{object}.{}.sig", encode("{")),
                "payload is not JSON",
            ),
            ("a".repeat(MAX_TOKEN_BYTES + 1), "maximum"),
        ];
        for (token, reason) in cases {
            let error = decode_unverified(&token).unwrap_err();
            assert!(error.contains(reason), "{error} for {token:.40}");
        }
    }
}

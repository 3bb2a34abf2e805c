//! Percent-encoding of path parameters and query values.
//!
//! Everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
//! is percent-encoded as UTF-8, so a value can never add a path segment, a
//! query or a fragment: `a/../b` becomes `a%2F..%2Fb`, a space `%20` (also in
//! query values: RFC 3986 style, not form style `+`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::InvalidRequestError;

/// All but the unreserved characters of RFC 3986.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes `value` as exactly one path segment.
///
/// # Errors
/// [`InvalidRequestError::InvalidPathParameter`] when `value` is empty, `.`
/// or `..`: such a segment would not address one resource.
pub fn encode_path_segment(
    operation: &'static str,
    parameter: &'static str,
    value: &str,
) -> Result<String, InvalidRequestError> {
    if matches!(value, "" | "." | "..") {
        return Err(InvalidRequestError::InvalidPathParameter {
            operation,
            parameter,
        });
    }
    Ok(encode_component(value))
}

/// Encodes `value` for use as a query value (or name).
#[must_use]
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, NOT_UNRESERVED).to_string()
}

/// Fills the `{name}` placeholders of a path template with encoded values.
pub(crate) fn fill_path(
    operation: &'static str,
    template: &'static str,
    params: &[(&'static str, &str)],
) -> Result<String, InvalidRequestError> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let close = after
            .find('}')
            .ok_or_else(|| build_error(operation, "unclosed `{` in path template"))?;
        let name = after.get(1..close).unwrap_or_default();
        let (parameter, value) = params
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| build_error(operation, "path template names an unknown parameter"))?;
        out.push_str(&encode_path_segment(operation, parameter, value)?);
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

fn build_error(operation: &'static str, reason: &str) -> InvalidRequestError {
    InvalidRequestError::Build {
        operation,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_stay_one_segment() {
        let cases = [
            ("a/../b", "a%2F..%2Fb"),
            ("x?y#z", "x%3Fy%23z"),
            ("with space", "with%20space"),
            ("%2F", "%252F"),
            ("caf\u{e9}", "caf%C3%A9"),
            ("a.b-c_d~e", "a.b-c_d~e"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(encode_path_segment("op", "id", raw).as_deref(), Ok(encoded));
        }
    }

    #[test]
    fn empty_and_dot_segments_are_refused() {
        for raw in ["", ".", ".."] {
            assert_eq!(
                encode_path_segment("get_user", "userId", raw),
                Err(InvalidRequestError::InvalidPathParameter {
                    operation: "get_user",
                    parameter: "userId"
                })
            );
        }
        assert_eq!(encode_path_segment("op", "id", "...").as_deref(), Ok("..."));
    }

    #[test]
    fn templates_are_filled() {
        let filled = fill_path(
            "op",
            "/api/platform/applications/{appId}/users/{userId}",
            &[("appId", "app 1"), ("userId", "u/2")],
        );
        assert_eq!(
            filled.as_deref(),
            Ok("/api/platform/applications/app%201/users/u%2F2")
        );
    }
}

//! The answer target: every operation's `parse` on an arbitrary status,
//! headers and body. The list of operations comes from core's
//! `for_each_operation!`, so none is missing; the operation that parses is
//! its example from `inai_auth_core::examples` (the catalogue core's request
//! vectors use too), so an operation without an example does not compile.

use std::fmt::Debug;

use inai_auth_core::examples::Example;
use inai_auth_core::ops::*;
use inai_auth_core::{InAIAuthError, Operation, OperationInfo};

use crate::input::Input;

/// Parses one answer with operation `O` and checks the outcome.
fn check<O: Example>(info: &OperationInfo, response: http::Response<Vec<u8>>)
where
    O::Output: Debug,
{
    let status = response.status();
    let blank = response.body().iter().all(u8::is_ascii_whitespace);
    let body = response.body().clone();
    let result = O::example().parse(response);
    // Formatting never panics, whatever was decoded.
    let _ = format!("{result:?}");
    match &result {
        Ok(_) => assert!(
            status.is_success(),
            "{}: a {status} answer decoded",
            O::NAME
        ),
        Err(error) => {
            let _ = (
                error.to_string(),
                error.message(),
                error.code(),
                error.is_retryable(),
            );
            assert_eq!(error.status(), Some(status), "{}: error status", O::NAME);
            match error {
                InAIAuthError::Api(_) => {
                    assert!(
                        !status.is_success(),
                        "{}: a {status} answer is an api error",
                        O::NAME
                    );
                }
                InAIAuthError::Decode(decode) => {
                    if decode.body_excerpt().is_none() {
                        withholds_values(O::NAME, error, &body);
                    }
                    assert!(
                        status.is_success(),
                        "{}: a {status} answer is a decode error",
                        O::NAME
                    );
                    let empty_ok = status == http::StatusCode::NO_CONTENT || blank;
                    assert!(
                        !(info.acknowledgement && empty_ok),
                        "{}: an empty {status} acknowledgement did not decode",
                        O::NAME
                    );
                }
                other => panic!("{}: parse made a {other:?}", O::NAME),
            }
        }
    }
}

/// An error that quotes nothing of the answer (no excerpt: the answer may
/// carry secrets) shows none of the body's secret-looking string values.
fn withholds_values(operation: &str, error: &InAIAuthError, body: &[u8]) {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return;
    };
    let (mut keys, mut values) = (Vec::new(), Vec::new());
    walk(&json, &mut keys, &mut values);
    let shown = format!("{error} {error:?}");
    for value in values
        .iter()
        .filter(|v| looks_secret(v) && !keys.contains(v))
    {
        assert!(
            !shown.contains(value.as_str()),
            "{operation}: an error withholding the body shows {value:?}"
        );
    }
}

/// Collects the object keys and string values of a JSON document.
fn walk(json: &serde_json::Value, keys: &mut Vec<String>, values: &mut Vec<String>) {
    match json {
        serde_json::Value::String(s) => values.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| walk(item, keys, values)),
        serde_json::Value::Object(members) => {
            for (key, value) in members {
                keys.push(key.clone());
                walk(value, keys, values);
            }
        }
        _ => {}
    }
}

/// Token-like text: at least 10 characters of `[A-Za-z0-9_-]` with a letter
/// and a digit (nothing an error message says of itself looks like this).
fn looks_secret(value: &str) -> bool {
    value.len() >= 10
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().any(|b| b.is_ascii_alphabetic())
}

type Parser = fn(&OperationInfo, http::Response<Vec<u8>>);
type OutputName = fn() -> &'static str;

/// The output type's name of an operation.
fn output_name<O: Operation>() -> &'static str {
    std::any::type_name::<O::Output>()
}

macro_rules! parsers {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        &[ $( (stringify!($name), check::<$Op> as Parser, output_name::<$Op> as OutputName), )* ]
    };
}

/// Every operation's name, parse check and output type name, in table order.
static PARSERS: &[(&str, Parser, OutputName)] = inai_auth_core::for_each_operation!(parsers);

/// The operations the answer target covers, in table order (the index an
/// input selects), each with the name of its output type.
#[must_use]
pub fn answer_operations() -> Vec<(&'static str, &'static str)> {
    PARSERS
        .iter()
        .map(|(name, _, output)| (*name, output()))
        .collect()
}

/// Builds an answer from bytes: operation index (2 bytes), status (2 bytes,
/// folded into 100..=999), then `Name: value` header lines up to an empty
/// line, then the body.
fn answer(data: &[u8]) -> (usize, http::Response<Vec<u8>>) {
    let mut input = Input::new(data);
    let index = usize::from(u16::from_be_bytes([input.byte(), input.byte()]));
    let status = u16::from_be_bytes([input.byte(), input.byte()]);
    let status = if (100..=999).contains(&status) {
        status
    } else {
        100 + status % 900
    };
    let rest = input.take(usize::MAX);
    let split = rest.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(at) => (
            rest.get(..at).unwrap_or_default(),
            rest.get(at + 2..).unwrap_or_default(),
        ),
        None => (&[][..], rest),
    };
    let mut response = http::Response::new(body.to_vec());
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
    for line in head.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (
            line.get(..colon).unwrap_or_default(),
            line.get(colon + 1..).unwrap_or_default(),
        );
        let value = value.strip_prefix(b" ").unwrap_or(value);
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name),
            http::HeaderValue::from_bytes(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    (index, response)
}

/// Every operation's `parse` on an answer read from `data` (see `answer`).
///
/// # Panics
/// When `parse` panics, decodes a non-2xx answer, gives an error whose
/// status is not the answer's, calls a non-2xx answer a decode error or a
/// 2xx answer an api error, refuses an empty acknowledgement, or makes an
/// error of another kind.
pub fn answer_parse(data: &[u8]) {
    let (index, response) = answer(data);
    let operations = inai_auth_core::OPERATIONS;
    assert_eq!(
        PARSERS.len(),
        operations.len(),
        "every operation has a parser"
    );
    let Some(((name, parse, _), info)) = PARSERS
        .get(index % PARSERS.len().max(1))
        .zip(operations.get(index % operations.len().max(1)))
    else {
        return;
    };
    assert_eq!(*name, info.name, "parsers follow the table order");
    parse(info, response);
}

#[cfg(test)]
mod tests {
    use super::*;
    use inai_auth_core::DecodeError;

    const BODY: &[u8] = br#"{"access_token":"at_1234567890abc","refresh_token":7}"#;

    fn error(reason: &str) -> InAIAuthError {
        DecodeError::new(
            "refresh",
            http::StatusCode::OK,
            ".refresh_token",
            reason,
            None,
        )
        .into()
    }

    #[test]
    fn a_withheld_body_may_be_described() {
        withholds_values(
            "refresh",
            &error("a field is missing or has the wrong type"),
            BODY,
        );
    }

    #[test]
    #[should_panic(expected = "shows \"at_1234567890abc\"")]
    fn a_withheld_body_may_not_be_quoted() {
        withholds_values("refresh", &error("near \"at_1234567890abc\""), BODY);
    }
}

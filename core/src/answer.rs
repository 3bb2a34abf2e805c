//! Decoding answers: status check, the `{ data }` envelope, empty bodies.

use http::StatusCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, InAIAuthError};
use crate::models::Page;

pub(crate) use crate::error::decode::Quote;

/// The `{ "data": T }` envelope most answers come in.
#[derive(Deserialize)]
struct Envelope<T> {
    data: T,
}

/// Splits a 2xx answer into status and body; any other status is an
/// [`ApiError`].
fn success_body(response: http::Response<Vec<u8>>) -> Result<(StatusCode, Vec<u8>), InAIAuthError> {
    if !response.status().is_success() {
        return Err(ApiError::from_response(response).into());
    }
    let status = response.status();
    Ok((status, response.into_body()))
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

fn decode<T: DeserializeOwned>(
    operation: &'static str,
    status: StatusCode,
    body: &[u8],
    quote: Quote,
) -> Result<T, InAIAuthError> {
    if is_blank(body) {
        return Err(
            DecodeError::new(operation, status, ".", "empty body, expected json", None).into(),
        );
    }
    // The common case, a well-formed answer, without tracking the path:
    // `serde_path_to_error` doubles the cost of a parse. A failure is
    // decoded again with it, for the path of the error.
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    if let Ok(value) = T::deserialize(&mut deserializer) {
        if deserializer.end().is_ok() {
            return Ok(value);
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| DecodeError::from_serde(operation, status, &e, body, quote))?;
    deserializer
        .end()
        .map_err(|e| DecodeError::from_json(operation, status, ".".to_owned(), &e, body, quote))?;
    Ok(value)
}

/// Decodes the whole body as `T`.
pub(crate) fn json<T: DeserializeOwned>(
    operation: &'static str,
    response: http::Response<Vec<u8>>,
    quote: Quote,
) -> Result<T, InAIAuthError> {
    let (status, body) = success_body(response)?;
    decode(operation, status, &body, quote)
}

/// Decodes `{ "data": T }` and unwraps it.
pub(crate) fn data<T: DeserializeOwned>(
    operation: &'static str,
    response: http::Response<Vec<u8>>,
    quote: Quote,
) -> Result<T, InAIAuthError> {
    let (status, body) = success_body(response)?;
    decode::<Envelope<T>>(operation, status, &body, quote).map(|e| e.data)
}

/// Decodes a `PaginatedResult<T>`.
pub(crate) fn page<T: DeserializeOwned>(
    operation: &'static str,
    response: http::Response<Vec<u8>>,
    quote: Quote,
) -> Result<Page<T>, InAIAuthError> {
    json(operation, response, quote)
}

/// Decodes an acknowledgement; a 204 or an empty body is `T::default()`.
pub(crate) fn ack<T: DeserializeOwned + Default>(
    operation: &'static str,
    response: http::Response<Vec<u8>>,
    quote: Quote,
) -> Result<T, InAIAuthError> {
    let (status, body) = success_body(response)?;
    if status == StatusCode::NO_CONTENT || is_blank(&body) {
        return Ok(T::default());
    }
    decode(operation, status, &body, quote)
}

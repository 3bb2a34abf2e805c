//! Request bodies in, JSON answers out.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::problem::ApiError;

/// Decodes a JSON body; an empty body reads as `{}`.
///
/// Malformed JSON is a 400, JSON of the wrong shape a 422.
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            ApiError::validation(format!("invalid request body: {e}"))
        } else {
            ApiError::bad_request(format!("malformed JSON body: {e}"))
        }
    })
}

/// A body that must be a JSON object, for partial updates.
pub(crate) fn object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    parse(body)
}

/// 200 with a JSON body.
pub(crate) fn ok(v: Value) -> Response {
    Json(v).into_response()
}

/// 201 with a JSON body.
pub(crate) fn created(v: Value) -> Response {
    (StatusCode::CREATED, Json(v)).into_response()
}

/// 200 with `{ "data": data }`.
pub(crate) fn ok_data(data: impl Into<Value>) -> Response {
    ok(json!({ "data": data.into() }))
}

/// 201 with `{ "data": data }`.
pub(crate) fn created_data(data: impl Into<Value>) -> Response {
    created(json!({ "data": data.into() }))
}

/// 200 with `{ "success": true }`, the answer of a delete.
pub(crate) fn success() -> Response {
    ok(json!({ "success": true }))
}

/// A field of a partial update: absent, null, or a value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Patch<T> {
    /// Not in the body: leave as is.
    Keep,
    /// `null`: clear.
    Clear,
    /// A new value.
    Set(T),
}

impl<T> Patch<T> {
    /// Applies to a nullable field.
    pub(crate) fn apply_opt(self, field: &mut Option<T>) {
        match self {
            Self::Keep => {}
            Self::Clear => *field = None,
            Self::Set(v) => *field = Some(v),
        }
    }
}

/// Reads `key` of a partial update; a wrong type is a 422.
pub(crate) fn patch<T: DeserializeOwned>(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Patch<T>, ApiError> {
    match map.get(key) {
        None => Ok(Patch::Keep),
        Some(Value::Null) => Ok(Patch::Clear),
        Some(v) => serde_json::from_value(v.clone())
            .map(Patch::Set)
            .map_err(|e| ApiError::validation(format!("field `{key}`: {e}"))),
    }
}

/// Reads a non-nullable `key` of a partial update: absent is `None`, null is a 422.
pub(crate) fn patch_required<T: DeserializeOwned>(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<T>, ApiError> {
    match patch(map, key)? {
        Patch::Keep => Ok(None),
        Patch::Clear => Err(ApiError::validation(format!(
            "field `{key}` may not be null"
        ))),
        Patch::Set(v) => Ok(Some(v)),
    }
}

/// A required, non-empty string field.
pub(crate) fn non_empty(field: &str, value: &str) -> Result<(), ApiError> {
    if value.trim().is_empty() {
        Err(ApiError::validation(format!(
            "field `{field}` must not be empty"
        )))
    } else {
        Ok(())
    }
}

/// A plausible email address (one `@`, something either side, a dot in the domain).
pub(crate) fn email(value: &str) -> Result<String, ApiError> {
    let v = value.trim();
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        }
        None => false,
    };
    if ok && !v.contains(char::is_whitespace) {
        Ok(v.to_ascii_lowercase())
    } else {
        Err(ApiError::validation(
            "field `email` must be an email address",
        ))
    }
}

/// Passwords must have at least 8 characters.
pub(crate) fn password(value: &str) -> Result<(), ApiError> {
    if value.chars().count() >= 8 {
        Ok(())
    } else {
        Err(ApiError::validation(
            "field `password` must have at least 8 characters",
        ))
    }
}

/// A slug: lower-case letters, digits and `-`, 1 to 64 characters.
pub(crate) fn slug(value: &str) -> Result<(), ApiError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::validation(
            "field `slug` must be lower-case letters, digits and `-`",
        ))
    }
}

/// Sets `key` on a JSON object (no-op on anything else).
pub(crate) fn set(target: &mut Value, key: &str, value: Value) {
    if let Some(obj) = target.as_object_mut() {
        obj.insert(key.to_owned(), value);
    }
}

//! RFC 7807 problem details, the body of every error answer.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer: status, machine code (`type`), and a human `detail`.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) detail: String,
    /// Set when the bearer token was not one the emulator issued: the server then
    /// checks its signature (outside the state lock) to choose the final code.
    pub(crate) unknown_token: bool,
}

/// The media type of every error body.
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            unknown_token: false,
        }
    }

    pub(crate) fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", detail)
    }

    pub(crate) fn validation(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR", detail)
    }

    pub(crate) fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", detail)
    }

    pub(crate) fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "FORBIDDEN", detail)
    }

    pub(crate) fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            format!("{what} not found"),
        )
    }

    pub(crate) fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "CONFLICT", detail)
    }

    /// The problem document for a request to `instance`.
    pub(crate) fn to_response(&self, instance: &str) -> Response {
        problem_response(self.status, self.code, &self.detail, instance)
    }
}

/// Marks a response as an [`ApiError`] whose body still needs the request path.
#[derive(Debug, Clone)]
pub(crate) struct PendingProblem(pub(crate) ApiError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = problem_response(self.status, self.code, &self.detail, "");
        resp.extensions_mut().insert(PendingProblem(self));
        resp
    }
}

/// A complete problem+json response.
pub(crate) fn problem_response(
    status: StatusCode,
    code: &str,
    detail: &str,
    instance: &str,
) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = json!({
        "type": code,
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
        "instance": instance,
    });
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    resp
}

/// The machine code for a status that no handler chose, such as a 404 route.
pub(crate) fn code_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "BAD_REQUEST",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "CONFLICT",
        413 => "PAYLOAD_TOO_LARGE",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        422 => "VALIDATION_ERROR",
        429 => "RATE_LIMITED",
        s if s >= 500 => "SERVER_ERROR",
        _ => "UNKNOWN_ERROR",
    }
}

/// Turns a missing record into a 404.
pub(crate) trait OrNotFound<T> {
    /// `None` becomes a 404 saying `what` was not found.
    fn or_not_found(self, what: &str) -> Result<T, ApiError>;
}

impl<T> OrNotFound<T> for Option<T> {
    fn or_not_found(self, what: &str) -> Result<T, ApiError> {
        self.ok_or_else(|| ApiError::not_found(what))
    }
}

/// The result type of every handler.
pub(crate) type ApiResult<T = Response> = Result<T, ApiError>;

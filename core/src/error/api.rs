//! Non-2xx answers of the API: RFC 7807 problem details with the defaults of
//! the reference client.

use std::fmt;

use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{Map, Value};

/// The API answered with a non-2xx status.
///
/// Holds the status, the problem details of the body (with the defaults of
/// ENDPOINTS.md applied) and every response header, so that a driver can read
/// `Retry-After` and a user a request id.
#[derive(Clone, thiserror::Error)]
#[error("api error {}: {}", self.inner.status, self.inner.problem.detail)]
pub struct ApiError {
    inner: Box<Inner>,
}

#[derive(Clone)]
struct Inner {
    status: StatusCode,
    problem: ProblemDetails,
    headers: HeaderMap,
}

/// RFC 7807 problem details, as the API sends them in error bodies.
///
/// Missing members take the defaults of the reference client: `type` =
/// `UNKNOWN_ERROR`, `status` = the HTTP status, `detail` = `Request failed:
/// <status>` and `title` = `detail`. An empty string counts as missing (the
/// reference client tests them with `||`). A body that is not a JSON object
/// counts as an empty object.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProblemDetails {
    /// The error code (wire name `type`), e.g. `INVALID_CREDENTIALS`.
    pub type_: String,
    /// A short summary of the problem.
    pub title: String,
    /// The status the body states; the HTTP status when it states none.
    pub status: u16,
    /// The explanation of this occurrence; also the error's message.
    pub detail: String,
    /// A URI reference identifying this occurrence, when the API sends one.
    pub instance: Option<String>,
    /// Every other member of the body (e.g. per-field validation errors).
    pub extensions: Map<String, Value>,
}

impl ProblemDetails {
    /// Reads problem details from an error body, applying the defaults.
    ///
    /// Never fails: whatever the body is (HTML, truncated JSON, nothing), the
    /// result has every member set.
    #[must_use]
    pub fn from_body(status: StatusCode, body: &[u8]) -> Self {
        let mut members = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        let mut take = |key: &str| match members.remove(key) {
            Some(Value::String(s)) if !s.is_empty() => Some(s),
            _ => None,
        };
        let type_ = take("type").unwrap_or_else(|| "UNKNOWN_ERROR".to_owned());
        let detail =
            take("detail").unwrap_or_else(|| format!("Request failed: {}", status.as_u16()));
        let title = take("title").unwrap_or_else(|| detail.clone());
        let instance = take("instance");
        let stated_status = members
            .remove("status")
            .and_then(|v| v.as_u64())
            .and_then(|n| u16::try_from(n).ok());
        Self {
            type_,
            title,
            status: stated_status.unwrap_or_else(|| status.as_u16()),
            detail,
            instance,
            extensions: members,
        }
    }
}

impl ApiError {
    /// Builds the error from a non-2xx answer: status, headers, and the
    /// problem details read from the body with [`ProblemDetails::from_body`].
    #[must_use]
    pub fn from_response(response: http::Response<Vec<u8>>) -> Self {
        let (parts, body) = response.into_parts();
        let problem = ProblemDetails::from_body(parts.status, &body);
        Self {
            inner: Box::new(Inner {
                status: parts.status,
                problem,
                headers: parts.headers,
            }),
        }
    }

    /// The HTTP status of the answer.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The error code: the problem `type`, `UNKNOWN_ERROR` when absent.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.inner.problem.type_
    }

    /// The message: the problem `detail` when present, else `Request failed:
    /// <status>`.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.inner.problem.detail
    }

    /// The problem details of the body, defaults applied.
    #[must_use]
    pub fn problem(&self) -> &ProblemDetails {
        &self.inner.problem
    }

    /// Every header of the answer.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The `Retry-After` header, unparsed (seconds or an HTTP date; the
    /// caller has the clock to interpret it).
    #[must_use]
    pub fn retry_after(&self) -> Option<&HeaderValue> {
        self.inner.headers.get(http::header::RETRY_AFTER)
    }

    /// The request id the API or a proxy attached (`X-Request-Id`), if any.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.inner
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }
}

impl fmt::Debug for ApiError {
    /// Header values are left out: they may carry cookies.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.inner.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("ApiError")
            .field("status", &self.inner.status)
            .field("problem", &self.inner.problem)
            .field("header_names", &names)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_for_an_empty_object() {
        let p = ProblemDetails::from_body(StatusCode::NOT_FOUND, b"{}");
        assert_eq!(p.type_, "UNKNOWN_ERROR");
        assert_eq!(p.detail, "Request failed: 404");
        assert_eq!(p.title, "Request failed: 404");
        assert_eq!(p.status, 404);
        assert_eq!(p.instance, None);
    }

    #[test]
    fn title_defaults_to_detail_and_extras_are_kept() {
        let body = br#"{"type":"VALIDATION_ERROR","detail":"bad email","status":422,"errors":[1]}"#;
        let p = ProblemDetails::from_body(StatusCode::BAD_REQUEST, body);
        assert_eq!(p.type_, "VALIDATION_ERROR");
        assert_eq!(p.title, "bad email");
        assert_eq!(p.status, 422);
        assert_eq!(p.extensions.get("errors"), Some(&serde_json::json!([1])));
    }

    #[test]
    fn debug_hides_header_values() {
        let response = http::Response::builder()
            .status(401)
            .header("set-cookie", "session=very-secret-cookie")
            .body(Vec::new())
            .unwrap_or_default();
        let shown = format!("{:?}", ApiError::from_response(response));
        assert!(!shown.contains("very-secret-cookie"), "{shown}");
        assert!(shown.contains("set-cookie"), "{shown}");
    }
}

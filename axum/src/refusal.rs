//! [`Refusal`]: why a request was not let through, and the answer it gets.

use std::borrow::Cow;
use std::sync::Arc;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_TYPE, RETRY_AFTER, SET_COOKIE, WWW_AUTHENTICATE};
use http::{HeaderValue, StatusCode};

/// The media type of every refusal body (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A function that turns a [`Refusal`] into the response sent instead of the
/// default one; set with [`InAIAuthLayer::on_refusal`](crate::InAIAuthLayer::on_refusal)
/// or a guard's [`on_refusal`](crate::RequireLayer::on_refusal).
///
/// Cookies the layer must set or clear (after a refresh) are added to
/// whatever the hook answers.
pub type RefusalHook = Arc<dyn Fn(&Refusal) -> Response + Send + Sync>;

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefusalKind {
    /// No token in any source: 401, `WWW-Authenticate: Bearer` (RFC 6750 §3.1:
    /// no error code when the request has no credentials).
    MissingToken,
    /// A token (or a value where a token should be) that does not verify:
    /// 401, `error="invalid_token"` with the reason.
    InvalidToken,
    /// A cookie session that ended (its refresh failed or it passed its
    /// absolute limit): 401, `error="invalid_token"`; its cookies are cleared.
    SessionEnded,
    /// The signing keys cannot be had (or the API cannot be reached for a
    /// refresh): 503 with `Retry-After`.
    Unavailable,
    /// A valid token that a guard refused: 403, `error="insufficient_scope"`.
    InsufficientScope,
    /// The route uses an extractor or guard but no [`InAIAuthLayer`](crate::InAIAuthLayer)
    /// runs before it: 500, a programming error.
    LayerMissing,
}

/// A refused request: its kind, a reason safe to show the client (never a
/// token), and how it is answered.
///
/// The default answer (from [`into_response`](IntoResponse::into_response)
/// or [`to_response`](Self::to_response)) is an `application/problem+json`
/// body in the API's own error shape,
/// `{"type", "title", "status", "detail", "code"}`, with the
/// `WWW-Authenticate` and `Retry-After` headers the kind calls for.
#[derive(Clone)]
pub struct Refusal {
    kind: RefusalKind,
    detail: Cow<'static, str>,
    retry_after: Option<u64>,
    set_cookies: Vec<HeaderValue>,
    hook: Option<RefusalHook>,
}

impl std::fmt::Debug for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Refusal")
            .field("kind", &self.kind)
            .field("detail", &self.detail)
            .field("retry_after", &self.retry_after)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status().as_u16(),
            self.code(),
            self.detail
        )
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// A refusal of `kind` with `detail` shown to the client.
    pub fn new(kind: RefusalKind, detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            retry_after: None,
            set_cookies: Vec::new(),
            hook: None,
        }
    }

    pub(crate) fn missing() -> Self {
        Self::new(RefusalKind::MissingToken, "the request has no access token")
    }

    pub(crate) fn unavailable(detail: impl Into<Cow<'static, str>>, retry_after: u64) -> Self {
        let mut refusal = Self::new(RefusalKind::Unavailable, detail);
        refusal.retry_after = Some(retry_after.max(1));
        refusal
    }

    pub(crate) fn layer_missing(what: &'static str) -> Self {
        Self::new(
            RefusalKind::LayerMissing,
            format!("{what} is used on a route that InAIAuthLayer does not cover"),
        )
    }

    pub(crate) fn with_cookies(mut self, cookies: Vec<HeaderValue>) -> Self {
        self.set_cookies = cookies;
        self
    }

    pub(crate) fn with_hook(mut self, hook: Option<RefusalHook>) -> Self {
        if self.hook.is_none() {
            self.hook = hook;
        }
        self
    }

    /// Why the request was refused.
    #[must_use]
    pub fn kind(&self) -> RefusalKind {
        self.kind
    }

    /// The reason, as shown to the client (`detail`, and the
    /// `error_description` of `WWW-Authenticate`).
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The HTTP status: 401, 403, 503 or 500.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self.kind {
            RefusalKind::MissingToken | RefusalKind::InvalidToken | RefusalKind::SessionEnded => {
                StatusCode::UNAUTHORIZED
            }
            RefusalKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            RefusalKind::InsufficientScope => StatusCode::FORBIDDEN,
            RefusalKind::LayerMissing => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine code, the body's `type` and `code` (as the API's errors
    /// carry it): `UNAUTHORIZED`, `INVALID_TOKEN`, `SESSION_ENDED`,
    /// `SERVICE_UNAVAILABLE`, `FORBIDDEN` or `SERVER_ERROR`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self.kind {
            RefusalKind::MissingToken => "UNAUTHORIZED",
            RefusalKind::InvalidToken => "INVALID_TOKEN",
            RefusalKind::SessionEnded => "SESSION_ENDED",
            RefusalKind::Unavailable => "SERVICE_UNAVAILABLE",
            RefusalKind::InsufficientScope => "FORBIDDEN",
            RefusalKind::LayerMissing => "SERVER_ERROR",
        }
    }

    /// The seconds after which the client may try again (for
    /// [`RefusalKind::Unavailable`]).
    #[must_use]
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    /// The `WWW-Authenticate` challenge of RFC 6750 §3, for 401 and 403.
    #[must_use]
    pub fn www_authenticate(&self) -> Option<HeaderValue> {
        let error = match self.kind {
            RefusalKind::MissingToken => return Some(HeaderValue::from_static("Bearer")),
            RefusalKind::InvalidToken | RefusalKind::SessionEnded => "invalid_token",
            RefusalKind::InsufficientScope => "insufficient_scope",
            RefusalKind::Unavailable | RefusalKind::LayerMissing => return None,
        };
        let value = format!(
            "Bearer error=\"{error}\", error_description=\"{}\"",
            quoted_safe(&self.detail)
        );
        HeaderValue::from_str(&value).ok()
    }

    /// The problem document (`type`, `title`, `status`, `detail`, `code`).
    #[must_use]
    pub fn problem(&self) -> serde_json::Value {
        problem_body(self.status(), self.code(), &self.detail)
    }

    /// The default answer, ignoring any hook.
    #[must_use]
    pub fn to_response(&self) -> Response {
        let mut response = problem_response(self.status(), self.code(), &self.detail);
        let headers = response.headers_mut();
        if let Some(challenge) = self.www_authenticate() {
            headers.insert(WWW_AUTHENTICATE, challenge);
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl IntoResponse for Refusal {
    /// The hook's answer if one is set, else [`to_response`](Refusal::to_response);
    /// either way with the cookies the layer must set or clear.
    fn into_response(self) -> Response {
        let mut response = match &self.hook {
            Some(hook) => hook(&self),
            None => self.to_response(),
        };
        for cookie in self.set_cookies {
            response.headers_mut().append(SET_COOKIE, cookie);
        }
        response
    }
}

/// The problem document in the API's error shape.
pub(crate) fn problem_body(status: StatusCode, code: &str, detail: &str) -> serde_json::Value {
    serde_json::json!({
        "type": code,
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail,
        "code": code,
    })
}

/// A complete `application/problem+json` answer.
pub(crate) fn problem_response(status: StatusCode, code: &str, detail: &str) -> Response {
    let body = problem_body(status, code, detail).to_string();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

/// `text` made safe inside a quoted-string of a header: visible ASCII and
/// spaces only, without `"` and `\`.
fn quoted_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' | '\\' => '\'',
            ' ' | '!'..='~' => c,
            _ => '?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn challenges_follow_rfc_6750() {
        assert_eq!(Refusal::missing().www_authenticate().unwrap(), "Bearer");
        let invalid = Refusal::new(RefusalKind::InvalidToken, "claim \"exp\" \\ é");
        assert_eq!(
            invalid.www_authenticate().unwrap(),
            "Bearer error=\"invalid_token\", error_description=\"claim 'exp' ' ?\""
        );
        let scope = Refusal::new(RefusalKind::InsufficientScope, "needs role `admin`");
        assert_eq!(scope.status(), StatusCode::FORBIDDEN);
        assert!(
            scope
                .www_authenticate()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("Bearer error=\"insufficient_scope\"")
        );
        assert_eq!(Refusal::unavailable("keys", 0).retry_after(), Some(1));
        assert!(Refusal::unavailable("keys", 5).www_authenticate().is_none());
    }

    #[test]
    fn a_hook_replaces_the_answer_but_keeps_the_cookies() {
        let hook: RefusalHook = Arc::new(|r: &Refusal| {
            (StatusCode::IM_A_TEAPOT, r.detail().to_owned()).into_response()
        });
        let response = Refusal::missing()
            .with_cookies(vec![HeaderValue::from_static("a=; Max-Age=0")])
            .with_hook(Some(hook))
            .into_response();
        assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
        assert_eq!(response.headers()[SET_COOKIE], "a=; Max-Age=0");
    }
}

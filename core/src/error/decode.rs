//! A 2xx answer whose body is not the documented shape.

use http::StatusCode;

/// Bytes of the body kept in [`DecodeError::body_excerpt`], at most.
pub(crate) const EXCERPT_LIMIT: usize = 200;

/// The API answered 2xx, but the body did not decode into the operation's
/// output type.
///
/// Keeps the serde path of the failing field and, for answers that carry no
/// secrets, a short excerpt of the body. For answers that carry tokens or keys
/// (login, refresh, API key creation, MFA setup, webhooks, ...) the excerpt is
/// absent and the message names only the kind of fault, never a value.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot decode the answer of `{}` ({}) at `{}`: {}", self.inner.operation, self.inner.status, self.inner.path, self.inner.reason)]
pub struct DecodeError {
    inner: Box<Inner>,
}

#[derive(Debug, Clone)]
struct Inner {
    operation: &'static str,
    status: StatusCode,
    path: String,
    reason: String,
    excerpt: Option<String>,
}

/// Whether an answer may be quoted in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quote {
    /// The answer carries no secret: message and excerpt are kept.
    Allowed,
    /// The answer carries secrets: no excerpt, no value in the message.
    Forbidden,
}

impl DecodeError {
    /// A decoding failure of `operation`'s answer.
    ///
    /// `path` is the serde path of the failing field (`.` for the whole body)
    /// and `reason` a short description. When `body` is given, its first
    /// 200 bytes (cut at a character boundary, then `…`) are kept. Pass no
    /// body for answers that may carry secrets.
    #[must_use]
    pub fn new(
        operation: &'static str,
        status: StatusCode,
        path: impl Into<String>,
        reason: impl Into<String>,
        body: Option<&[u8]>,
    ) -> Self {
        Self {
            inner: Box::new(Inner {
                operation,
                status,
                path: path.into(),
                reason: reason.into(),
                excerpt: body.map(excerpt),
            }),
        }
    }

    /// Builds the error from a serde failure, quoting only what `quote`
    /// allows.
    pub(crate) fn from_serde(
        operation: &'static str,
        status: StatusCode,
        error: &serde_path_to_error::Error<serde_json::Error>,
        body: &[u8],
        quote: Quote,
    ) -> Self {
        Self::from_json(
            operation,
            status,
            error.path().to_string(),
            error.inner(),
            body,
            quote,
        )
    }

    /// Builds the error from a serde_json failure at `path`, quoting only
    /// what `quote` allows.
    pub(crate) fn from_json(
        operation: &'static str,
        status: StatusCode,
        path: String,
        error: &serde_json::Error,
        body: &[u8],
        quote: Quote,
    ) -> Self {
        let reason = match quote {
            Quote::Allowed => error.to_string(),
            Quote::Forbidden => redacted_reason(error),
        };
        let body = (quote == Quote::Allowed).then_some(body);
        Self::new(operation, status, path, reason, body)
    }

    /// The operation whose answer failed to decode (its `NAME`).
    #[must_use]
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }

    /// The HTTP status of the answer.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The serde path of the failing field, e.g. `data.createdAt` or `.`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// What went wrong, e.g. "missing field `email`".
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.inner.reason
    }

    /// The first bytes of the body (lossy UTF-8), for answers that carry no
    /// secrets; `None` otherwise.
    #[must_use]
    pub fn body_excerpt(&self) -> Option<&str> {
        self.inner.excerpt.as_deref()
    }
}

/// Names the kind of a serde fault without quoting any value from the body.
fn redacted_reason(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let kind = match error.classify() {
        Category::Io => "i/o error",
        Category::Syntax => "invalid json",
        Category::Data => "a field is missing or has the wrong type",
        Category::Eof => "unexpected end of input",
    };
    format!(
        "{kind} at line {} column {} (values withheld: the answer carries secrets)",
        error.line(),
        error.column()
    )
}

/// The first [`EXCERPT_LIMIT`] bytes of `body`, lossily decoded, cut at a
/// character boundary.
fn excerpt(body: &[u8]) -> String {
    let head = body.get(..EXCERPT_LIMIT).unwrap_or(body);
    let text = String::from_utf8_lossy(head);
    let mut text = text.into_owned();
    if body.len() > EXCERPT_LIMIT {
        // A multi-byte character cut in half decodes to U+FFFD; drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_char_safe() {
        let body = "é".repeat(300);
        let e = excerpt(body.as_bytes());
        assert!(e.len() <= EXCERPT_LIMIT + '…'.len_utf8());
        assert!(e.ends_with('…'));
        assert!(!e.contains('\u{FFFD}'));
    }

    #[test]
    fn short_bodies_are_kept_whole() {
        assert_eq!(excerpt(b"{\"a\":1}"), "{\"a\":1}");
    }
}

//! The one error type of the SDK, [`InAIAuthError`], and the focused errors it
//! wraps.
//!
//! Faults of the API ([`ApiError`], [`DecodeError`]) are kept apart from faults
//! of the network ([`TransportError`]) and from caller misuse
//! ([`ConfigError`], [`InvalidRequestError`]), so that a caller can tell what to
//! fix: the input, the configuration, or nothing (retry later).

mod api;
mod config;
pub(crate) mod decode;
mod request;
mod transport;

pub use api::{ApiError, ProblemDetails};
pub use config::ConfigError;
pub use decode::DecodeError;
pub use request::InvalidRequestError;
pub use transport::{TransportError, TransportErrorKind};

/// Every way an InAI Auth API call can fail.
///
/// Compare error codes as strings through [`code`](Self::code): the API adds
/// codes over time, so they are not an enum.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InAIAuthError {
    /// The API answered with a non-2xx status (RFC 7807 problem details).
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The API answered 2xx, but the body is not the documented shape.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The request did not complete: connection, timeout, body size, I/O.
    /// Made by drivers (and by [`send`](crate::send) from client errors).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The configuration is invalid or lacks what the operation needs.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The operation's own input cannot be sent (an empty path parameter, a
    /// token that is not a valid header value, ...). Nothing was sent.
    #[error(transparent)]
    InvalidRequest(#[from] InvalidRequestError),
}

impl InAIAuthError {
    /// The HTTP status of the answer, for [`Api`](Self::Api) and
    /// [`Decode`](Self::Decode) errors.
    #[must_use]
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Self::Api(e) => Some(e.status()),
            Self::Decode(e) => Some(e.status()),
            _ => None,
        }
    }

    /// The API's error code (the problem `type`, `UNKNOWN_ERROR` when the
    /// answer had none), for [`Api`](Self::Api) errors.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api(e) => Some(e.code()),
            _ => None,
        }
    }

    /// A human-readable message: for [`Api`](Self::Api) errors the message of
    /// ENDPOINTS.md (`detail`, else `Request failed: <status>`), otherwise
    /// the `Display` text.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::Api(e) => e.message().to_owned(),
            other => other.to_string(),
        }
    }

    /// Whether trying the same request again later may succeed. This is the
    /// one rule of the workspace; the drivers' [`RetryPolicy`](crate::RetryPolicy)
    /// applies it too:
    ///
    /// - the API statuses 429, 502, 503 and 504;
    /// - connection failures, before or during the exchange
    ///   ([`TransportErrorKind::is_retryable`]: `Connect` and `Io`).
    ///
    /// Timeouts are not: the server may still be working on the request, and
    /// the caller has already waited a whole timeout. Retry one by hand when
    /// the operation is idempotent and waiting again is acceptable.
    ///
    /// Whether it is *safe* to retry depends on the method too: the drivers
    /// retry a 429 for any method, the rest only for GET, HEAD, OPTIONS, PUT
    /// and DELETE, since a POST or PATCH may have taken effect.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(e) => crate::retry::retryable_status(e.status()),
            Self::Transport(e) => e.kind().is_retryable(),
            _ => false,
        }
    }
}

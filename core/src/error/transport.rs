//! Faults of the network, reported by drivers.

use std::error::Error as StdError;
use std::fmt;

/// What kind of transport fault happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established (DNS, refused, TLS handshake).
    Connect,
    /// The request or the connection timed out.
    Timeout,
    /// The answer's body exceeded the driver's size limit.
    BodyTooLarge,
    /// Reading or writing the connection failed midway.
    Io,
    /// Anything else the HTTP client reported.
    Other,
}

impl TransportErrorKind {
    /// Whether a request that failed this way may succeed if sent again:
    /// [`Connect`](Self::Connect) and [`Io`](Self::Io). See
    /// [`InAIAuthError::is_retryable`](crate::InAIAuthError::is_retryable)
    /// for the whole rule and why timeouts are not in it.
    #[must_use]
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Connect | Self::Io)
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connection failed",
            Self::Timeout => "request timed out",
            Self::BodyTooLarge => "response body too large",
            Self::Io => "i/o error",
            Self::Other => "transport error",
        })
    }
}

/// The request did not complete. Made by drivers from their HTTP client's
/// errors; the source is kept for `Error::source`.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct TransportError {
    kind: TransportErrorKind,
    #[source]
    source: Box<dyn StdError + Send + Sync>,
}

impl TransportError {
    /// A transport fault of `kind`, caused by `source`.
    ///
    /// `source` may be a message: `TransportError::new(kind, "body over
    /// 8 MiB")`. It must not contain secrets (it reaches `Display` chains).
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }

    /// The kind of fault.
    #[must_use]
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the connection could not be established.
    #[must_use]
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// Whether the request timed out.
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether the answer's body was over the size limit.
    #[must_use]
    pub fn is_body_too_large(&self) -> bool {
        self.kind == TransportErrorKind::BodyTooLarge
    }

    /// The error of an answer whose body is over `max_body` bytes, the same
    /// in every driver: [`TransportErrorKind::BodyTooLarge`], caused by
    /// "response body over the limit of `max_body` bytes".
    #[must_use]
    pub fn body_too_large(max_body: u64) -> Self {
        Self::new(
            TransportErrorKind::BodyTooLarge,
            format!("response body over the limit of {max_body} bytes"),
        )
    }

    /// Wraps any client error: a [`TransportError`] is kept as it is (so a
    /// driver's own kind survives), anything else becomes
    /// [`TransportErrorKind::Other`]. For drivers wrapping a user's
    /// [`SyncHttpClient`](crate::SyncHttpClient) or
    /// [`AsyncHttpClient`](crate::AsyncHttpClient).
    pub fn from_client_error(error: impl StdError + Send + Sync + 'static) -> Self {
        let boxed: Box<dyn StdError + Send + Sync> = Box::new(error);
        match boxed.downcast::<TransportError>() {
            Ok(transport) => *transport,
            Err(other) => Self::new(TransportErrorKind::Other, other),
        }
    }
}

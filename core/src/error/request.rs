//! Operation input that cannot be sent.

/// The operation's input cannot become a request. Nothing was sent.
///
/// Messages name the operation and the offending parameter, never its value
/// when that value is a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidRequestError {
    /// A path parameter is empty, `.` or `..`: it would not address one
    /// resource. (`.` and `..` are refused rather than encoded as `%2E`,
    /// because URL parsers such as WHATWG's normalise `%2E%2E` back to `..`.)
    #[error("operation `{operation}`: path parameter `{parameter}` must not be empty, `.` or `..`")]
    InvalidPathParameter {
        /// The operation's `NAME`.
        operation: &'static str,
        /// The parameter's name in the path template, e.g. `appId`.
        parameter: &'static str,
    },
    /// The access token is empty or holds characters other than visible ASCII.
    #[error("operation `{operation}`: the access token is empty or not a valid header value")]
    InvalidAccessToken {
        /// The operation's `NAME`.
        operation: &'static str,
    },
    /// The request body could not be serialised.
    #[error("operation `{operation}`: cannot serialise the request body: {reason}")]
    Body {
        /// The operation's `NAME`.
        operation: &'static str,
        /// The serialiser's message.
        reason: String,
    },
    /// The URL or a header could not be assembled (a bug if it happens with
    /// a validated [`Config`](crate::Config); reported rather than panicking).
    #[error("operation `{operation}`: cannot assemble the request: {reason}")]
    Build {
        /// The operation's `NAME`.
        operation: &'static str,
        /// What failed.
        reason: String,
    },
}

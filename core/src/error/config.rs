//! Invalid configuration.

/// The configuration is invalid, or lacks what an operation needs.
///
/// Messages never quote the publishable key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL is not an absolute `http(s)` URL with a host and without
    /// credentials, query or fragment.
    #[error("invalid base url: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A plain `http://` URL names a host that is not loopback: anyone on
    /// the path could read the traffic and, for a JWKS URL, inject signing
    /// keys. Use `https://`, or opt in with `insecure_allow_http(true)` on
    /// the config or verifier builder.
    #[error(
        "refusing plain http to `{host}` (not a loopback host): use https, or opt in with insecure_allow_http(true)"
    )]
    InsecureHttp {
        /// The host of the refused URL.
        host: String,
    },
    /// The publishable key cannot be sent as a header value (empty, control
    /// characters, non-ASCII, surrounding whitespace).
    #[error("invalid publishable key: {reason}")]
    InvalidPublishableKey {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An environment variable is set but not valid Unicode.
    #[error("environment variable {name} is not valid unicode")]
    NotUnicode {
        /// The variable's name.
        name: &'static str,
    },
    /// The operation is on an `/api/v1/` path, which needs a publishable
    /// key, and none is configured.
    #[error(
        "operation `{operation}` needs a publishable key and none is configured (set INAI_PUBLISHABLE_KEY)"
    )]
    MissingPublishableKey {
        /// The operation's `NAME`.
        operation: &'static str,
    },
    /// A root certificate given to a driver's `add_root_certificate` is not
    /// PEM holding at least one `CERTIFICATE` section.
    #[error("invalid root certificate: {reason}")]
    InvalidRootCertificate {
        /// What is wrong with it.
        reason: &'static str,
    },
}

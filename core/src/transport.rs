//! The HTTP client abstraction: what a driver (or a test closure) provides.
//!
//! The core never does IO. A driver implements [`SyncHttpClient`] or
//! [`AsyncHttpClient`] over its HTTP library; tests pass a closure, which
//! implements both traits' shapes:
//!
//! ```
//! use inai_auth_core::{Config, send};
//! use inai_auth_core::ops::ListApplications;
//!
//! let server = |request: http::Request<Vec<u8>>| {
//!     assert_eq!(request.uri().path(), "/api/platform/applications");
//!     http::Response::builder().status(200).body(br#"{"data":[]}"#.to_vec())
//! };
//! let apps = send(&server, &Config::default(), &ListApplications::new("access-token"))?;
//! assert!(apps.is_empty());
//! # Ok::<(), inai_auth_core::InAIAuthError>(())
//! ```

use std::error::Error as StdError;
use std::future::Future;

use crate::error::{InAIAuthError, TransportError};
use crate::{Config, Operation};

/// A blocking HTTP client: sends one request, returns the whole answer.
///
/// Implementations must return every response header (drivers read
/// `Retry-After`, users request ids) and must not follow redirects.
pub trait SyncHttpClient {
    /// The client's error. Return a [`TransportError`] to choose its kind;
    /// any other error becomes [`TransportErrorKind::Other`](crate::TransportErrorKind::Other).
    type Error: StdError + Send + Sync + 'static;

    /// Sends `request` and reads the whole answer.
    ///
    /// # Errors
    /// Whatever prevented a complete answer.
    fn call(&self, request: http::Request<Vec<u8>>)
    -> Result<http::Response<Vec<u8>>, Self::Error>;
}

impl<F, E> SyncHttpClient for F
where
    F: Fn(http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, E>,
    E: StdError + Send + Sync + 'static,
{
    type Error = E;

    fn call(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, E> {
        self(request)
    }
}

/// An asynchronous HTTP client: sends one request, resolves to the whole
/// answer. The same contract as [`SyncHttpClient`].
pub trait AsyncHttpClient {
    /// The client's error; see [`SyncHttpClient::Error`].
    type Error: StdError + Send + Sync + 'static;

    /// Sends `request` and reads the whole answer.
    fn call(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, Self::Error>> + Send;
}

impl<F, Fut, E> AsyncHttpClient for F
where
    F: Fn(http::Request<Vec<u8>>) -> Fut,
    Fut: Future<Output = Result<http::Response<Vec<u8>>, E>> + Send,
    E: StdError + Send + Sync + 'static,
{
    type Error = E;

    fn call(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, E>> + Send {
        self(request)
    }
}

/// Builds `operation`'s request, sends it with `client` and parses the answer:
/// the whole protocol of one call, without retries.
///
/// # Errors
/// Those of [`Operation::to_request`] and [`Operation::parse`], and
/// [`InAIAuthError::Transport`] when the client fails.
pub fn send<C, O>(client: &C, config: &Config, operation: &O) -> Result<O::Output, InAIAuthError>
where
    C: SyncHttpClient + ?Sized,
    O: Operation + ?Sized,
{
    let request = operation.to_request(config)?;
    let response = client
        .call(request)
        .map_err(TransportError::from_client_error)?;
    operation.parse(response)
}

/// The asynchronous twin of [`send`].
///
/// # Errors
/// As [`send`].
pub async fn send_async<C, O>(
    client: &C,
    config: &Config,
    operation: &O,
) -> Result<O::Output, InAIAuthError>
where
    C: AsyncHttpClient + ?Sized,
    O: Operation + ?Sized,
{
    let request = operation.to_request(config)?;
    let response = client
        .call(request)
        .await
        .map_err(TransportError::from_client_error)?;
    operation.parse(response)
}

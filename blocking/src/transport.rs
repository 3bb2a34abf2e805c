//! The HTTP layer under the client and the verifier: one trait, two
//! implementations (ureq, or any [`SyncHttpClient`] the user brings).

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use inai_auth_core::{SyncHttpClient, TransportError, TransportErrorKind};

/// What one exchange may take: its timeout and the largest body accepted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) timeout: Duration,
    pub(crate) max_body: u64,
}

/// Sends one request and reads the whole answer, every header kept, no
/// redirects followed, the body capped by `limits`.
pub(crate) trait Transport: Send + Sync {
    fn call(
        &self,
        request: http::Request<Vec<u8>>,
        limits: Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError>;
}

/// The shared handle the client and verifiers hold.
pub(crate) type SharedTransport = Arc<dyn Transport>;

/// A user's [`SyncHttpClient`] as a transport. Timeouts are the client's
/// business; the body cap is still enforced here.
pub(crate) struct Custom<C>(pub(crate) C);

impl<C> Transport for Custom<C>
where
    C: SyncHttpClient + Send + Sync,
{
    fn call(
        &self,
        request: http::Request<Vec<u8>>,
        limits: Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let response = self.0.call(request).map_err(into_transport_error)?;
        check_body_len(response.body().len(), limits.max_body)?;
        Ok(response)
    }
}

/// Keeps a [`TransportError`] the client made (and its kind); anything else
/// becomes [`TransportErrorKind::Other`].
fn into_transport_error(error: impl StdError + Send + Sync + 'static) -> TransportError {
    let boxed: Box<dyn StdError + Send + Sync> = Box::new(error);
    match boxed.downcast::<TransportError>() {
        Ok(transport) => *transport,
        Err(other) => TransportError::new(TransportErrorKind::Other, other),
    }
}

/// The error for a body over the cap.
pub(crate) fn body_too_large(max_body: u64) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("response body over the limit of {max_body} bytes"),
    )
}

fn check_body_len(len: usize, max_body: u64) -> Result<(), TransportError> {
    match u64::try_from(len) {
        Ok(len) if len <= max_body => Ok(()),
        _ => Err(body_too_large(max_body)),
    }
}

//! The HTTP layer under the client and the verifier: one trait, two
//! implementations (ureq, or any [`SyncHttpClient`] the user brings).

use std::sync::Arc;
use std::time::Duration;

use inai_auth_core::{SyncHttpClient, TransportError};

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
        let response = self
            .0
            .call(request)
            .map_err(TransportError::from_client_error)?;
        check_body_len(response.body().len(), limits.max_body)?;
        Ok(response)
    }
}

fn check_body_len(len: usize, max_body: u64) -> Result<(), TransportError> {
    match u64::try_from(len) {
        Ok(len) if len <= max_body => Ok(()),
        _ => Err(TransportError::body_too_large(max_body)),
    }
}

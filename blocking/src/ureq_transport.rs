//! The default transport: a ureq agent.

use std::io;
use std::time::Duration;

use inai_auth_core::proxy::ProxyRules;
use inai_auth_core::{TransportError, TransportErrorKind};
use ureq::{Agent, Proxy};

use crate::transport::{Limits, Transport};

/// A ureq agent configured for the API: no redirects, statuses as answers
/// (not errors), the given connect timeout. The client sets `User-Agent`
/// on each request.
///
/// The proxy is chosen per request by the core's [`ProxyRules`] (loopback
/// direct, `NO_PROXY` as documented there), not by ureq, whose own
/// environment proxy would send even 127.0.0.1 through the proxy.
pub(crate) struct UreqTransport {
    agent: Agent,
    proxy: ProxyRules,
}

impl UreqTransport {
    pub(crate) fn new(connect_timeout: Duration, proxy: ProxyRules) -> Self {
        let builder = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(connect_timeout))
            .proxy(None);
        let config = crate::tls::apply(builder).build();
        Self {
            agent: Agent::new_with_config(config),
            proxy,
        }
    }

    /// The proxy for a request to `uri`, if the rules give one.
    fn proxy_for(&self, uri: &http::Uri) -> Result<Option<Proxy>, TransportError> {
        let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else {
            return Ok(None);
        };
        self.proxy
            .proxy_for(scheme, host)
            .map(|url| {
                // The URL may hold a password: the error does not show it.
                Proxy::new(url).map_err(|_| {
                    TransportError::new(TransportErrorKind::Other, "the proxy url is not usable")
                })
            })
            .transpose()
    }
}

impl Transport for UreqTransport {
    fn call(
        &self,
        request: http::Request<Vec<u8>>,
        limits: Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let proxy = self.proxy_for(request.uri())?;
        let request = self
            .agent
            .configure_request(request)
            .proxy(proxy)
            .timeout_global(Some(limits.timeout))
            .build();
        let response = self.agent.run(request).map_err(map_error)?;
        let (parts, mut body) = response.into_parts();
        if body
            .content_length()
            .is_some_and(|len| len > limits.max_body)
        {
            return Err(TransportError::body_too_large(limits.max_body));
        }
        let bytes = body
            .with_config()
            .limit(limits.max_body)
            .read_to_vec()
            .map_err(map_error)?;
        Ok(http::Response::from_parts(parts, bytes))
    }
}

/// Sorts ureq's errors into the SDK's transport kinds.
fn map_error(error: ureq::Error) -> TransportError {
    let kind = match &error {
        ureq::Error::Timeout(_) => TransportErrorKind::Timeout,
        ureq::Error::BodyExceedsLimit(_) => TransportErrorKind::BodyTooLarge,
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed | ureq::Error::Tls(_) => {
            TransportErrorKind::Connect
        }
        ureq::Error::Io(e) => io_kind(e),
        _ => TransportErrorKind::Other,
    };
    match kind {
        TransportErrorKind::BodyTooLarge => match error {
            ureq::Error::BodyExceedsLimit(limit) => TransportError::body_too_large(limit),
            other => TransportError::new(kind, other),
        },
        _ => TransportError::new(kind, error),
    }
}

fn io_kind(error: &io::Error) -> TransportErrorKind {
    match error.kind() {
        io::ErrorKind::ConnectionRefused
        | io::ErrorKind::AddrNotAvailable
        | io::ErrorKind::HostUnreachable
        | io::ErrorKind::NetworkUnreachable => TransportErrorKind::Connect,
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TransportErrorKind::Timeout,
        _ => TransportErrorKind::Io,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ureq_errors_map_to_transport_kinds() {
        let cases = [
            (
                ureq::Error::Timeout(ureq::Timeout::Global),
                TransportErrorKind::Timeout,
            ),
            (
                ureq::Error::Timeout(ureq::Timeout::Connect),
                TransportErrorKind::Timeout,
            ),
            (
                ureq::Error::BodyExceedsLimit(10),
                TransportErrorKind::BodyTooLarge,
            ),
            (ureq::Error::HostNotFound, TransportErrorKind::Connect),
            (ureq::Error::ConnectionFailed, TransportErrorKind::Connect),
            (
                ureq::Error::Io(io::Error::from(io::ErrorKind::ConnectionRefused)),
                TransportErrorKind::Connect,
            ),
            (
                ureq::Error::Io(io::Error::from(io::ErrorKind::TimedOut)),
                TransportErrorKind::Timeout,
            ),
            (
                ureq::Error::Io(io::Error::from(io::ErrorKind::ConnectionReset)),
                TransportErrorKind::Io,
            ),
            (
                ureq::Error::BadUri("x".to_owned()),
                TransportErrorKind::Other,
            ),
        ];
        for (error, kind) in cases {
            let shown = format!("{error:?}");
            assert_eq!(map_error(error).kind(), kind, "{shown}");
        }
    }

    #[test]
    fn body_limit_errors_name_the_limit() {
        let error = map_error(ureq::Error::BodyExceedsLimit(1024));
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(
            source.as_deref(),
            Some("response body over the limit of 1024 bytes")
        );
        assert_eq!(error.to_string(), "response body too large");
    }
}

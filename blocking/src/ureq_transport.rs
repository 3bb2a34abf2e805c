//! The default transport: a ureq agent.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use inai_auth_core::proxy::ProxyRules;
use inai_auth_core::{TransportError, TransportErrorKind};
use rustls_pki_types::CertificateDer;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use ureq::{Agent, Proxy};

use crate::transport::{Limits, Transport};

/// A ureq agent configured for the API: no redirects, statuses as answers
/// (not errors), the given connect timeout, and the whole-exchange timeout
/// of each call's [`Limits`]. The client sets `User-Agent` on each request.
///
/// The proxy is chosen per request by the core's [`ProxyRules`] (loopback
/// direct, `NO_PROXY` as documented there), not by ureq, whose own
/// environment proxy would send even 127.0.0.1 through the proxy. The
/// proxies of the rules are parsed once, here.
///
/// Requests without a proxy whose timeout is the agent's own (see
/// [`with_timeout`](Self::with_timeout)) go straight to the agent, without
/// a request-level configuration (a copy of ureq's whole configuration per
/// request).
pub(crate) struct UreqTransport {
    agent: Agent,
    timeout: Option<Duration>,
    rules: ProxyRules,
    http_proxy: Option<ParsedProxy>,
    https_proxy: Option<ParsedProxy>,
}

/// A proxy URL of the rules, parsed for ureq; `Err` when ureq refuses it
/// (reported when a request would go through it).
type ParsedProxy = Result<Proxy, ()>;

impl UreqTransport {
    /// A transport whose calls each set their own timeout.
    pub(crate) fn new(connect_timeout: Duration, proxy: ProxyRules) -> Self {
        Self::build(connect_timeout, None, proxy, &[])
    }

    /// A transport for calls that mostly take `timeout`: the agent's own,
    /// set once. `extra_roots`, when not empty, are the only roots trusted
    /// (see `crate::tls`).
    pub(crate) fn with_timeout(
        connect_timeout: Duration,
        timeout: Duration,
        proxy: ProxyRules,
        extra_roots: &[CertificateDer<'static>],
    ) -> Self {
        Self::build(connect_timeout, Some(timeout), proxy, extra_roots)
    }

    fn build(
        connect_timeout: Duration,
        timeout: Option<Duration>,
        proxy: ProxyRules,
        extra_roots: &[CertificateDer<'static>],
    ) -> Self {
        let builder = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(connect_timeout))
            .timeout_global(timeout)
            .proxy(None);
        let config = crate::tls::apply(builder, extra_roots).build();
        let parse = |scheme| {
            proxy
                .proxy_url(scheme)
                .map(|url| Proxy::new(url).map_err(drop))
        };
        Self {
            agent: Agent::with_parts(
                config,
                DefaultConnector::default(),
                AddressResolver::default(),
            ),
            timeout,
            http_proxy: parse("http"),
            https_proxy: parse("https"),
            rules: proxy,
        }
    }

    /// The proxy for a request to `uri`, if the rules give one.
    fn proxy_for(&self, uri: &http::Uri) -> Result<Option<&Proxy>, TransportError> {
        let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else {
            return Ok(None);
        };
        if self.rules.proxy_for(scheme, host).is_none() {
            return Ok(None);
        }
        let parsed = if scheme.eq_ignore_ascii_case("https") {
            &self.https_proxy
        } else {
            &self.http_proxy
        };
        match parsed {
            Some(Ok(proxy)) => Ok(Some(proxy)),
            // The URL may hold a password: the error does not show it.
            Some(Err(())) => Err(TransportError::new(
                TransportErrorKind::Other,
                "the proxy url is not usable",
            )),
            None => Ok(None),
        }
    }
}

/// ureq's resolver, except for a host that is an IP address. ureq's own
/// looks every host up on a new thread whenever a timeout is set (ours
/// always is), even when the request then takes a pooled connection: a
/// thread per request, most of the CPU a request to `127.0.0.1` costs. An
/// address needs no lookup, so it is answered at once; a name is still
/// looked up by ureq, within the timeouts.
#[derive(Debug, Default)]
struct AddressResolver {
    names: DefaultResolver,
}

impl Resolver for AddressResolver {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        match ip_address(uri) {
            Some(address)
                if config
                    .ip_family()
                    .keep_wanted([address].into_iter())
                    .count()
                    == 1 =>
            {
                let mut addresses = self.empty();
                addresses.push(address);
                Ok(addresses)
            }
            _ => self.names.resolve(uri, config, timeout),
        }
    }
}

/// The socket address of `uri` when its host is an IP address (IPv6 in
/// brackets), with the scheme's default port when it names none.
fn ip_address(uri: &http::Uri) -> Option<SocketAddr> {
    let host = uri.host()?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let ip: IpAddr = host.parse().ok()?;
    let port = match uri.port_u16() {
        Some(port) => port,
        None => match uri.scheme_str()? {
            "http" => 80,
            "https" => 443,
            _ => return None,
        },
    };
    Some(SocketAddr::new(ip, port))
}

impl Transport for UreqTransport {
    fn call(
        &self,
        request: http::Request<Vec<u8>>,
        limits: Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let proxy = self.proxy_for(request.uri())?;
        let response = if proxy.is_none() && self.timeout == Some(limits.timeout) {
            self.agent.run(request)
        } else {
            let request = self
                .agent
                .configure_request(request)
                .proxy(proxy.cloned())
                .timeout_global(Some(limits.timeout))
                .build();
            self.agent.run(request)
        };
        let (parts, mut body) = response.map_err(map_error)?.into_parts();
        let length = body.content_length();
        if length.is_some_and(|len| len > limits.max_body) {
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
        #[cfg(any(feature = "rustls", feature = "rustls-ring"))]
        ureq::Error::Rustls(_) => TransportErrorKind::Connect,
        #[cfg(feature = "native-tls")]
        ureq::Error::NativeTls(_) => TransportErrorKind::Connect,
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
        // rustls reports a refused certificate (and any handshake failure)
        // as an I/O error wrapping its own: the connection was not made.
        #[cfg(any(feature = "rustls", feature = "rustls-ring"))]
        io::ErrorKind::InvalidData
            if error
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>()) =>
        {
            TransportErrorKind::Connect
        }
        _ => TransportErrorKind::Io,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Instant;

    use super::*;

    #[test]
    fn ip_hosts_have_their_address_and_names_none() {
        let cases = [
            ("http://127.0.0.1:8080/x", Some("127.0.0.1:8080")),
            ("http://127.0.0.1/x", Some("127.0.0.1:80")),
            ("https://10.1.2.3/x", Some("10.1.2.3:443")),
            ("http://[::1]:9000/x", Some("[::1]:9000")),
            ("https://[::1]/", Some("[::1]:443")),
            ("http://localhost:8080/x", None),
            ("https://apiauth.inai.dev/x", None),
            ("ftp://127.0.0.1/x", None),
            ("/relative", None),
        ];
        for (uri, expected) in cases {
            let uri: http::Uri = uri.parse().unwrap();
            let expected = expected.map(|a| a.parse::<SocketAddr>().unwrap());
            assert_eq!(ip_address(&uri), expected, "{uri}");
        }
    }

    /// A server on 127.0.0.1 answering each of `answers` connections once
    /// (`None`: read the request, never answer); returns its port.
    fn server(answers: Vec<Option<&'static str>>) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for answer in answers {
                let (mut socket, _) = listener.accept().unwrap();
                let mut seen = Vec::new();
                let mut buf = [0u8; 1024];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    let n = socket.read(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    seen.extend_from_slice(&buf[..n]);
                }
                match answer {
                    Some(body) => {
                        let head = format!(
                            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                            body.len()
                        );
                        socket.write_all(head.as_bytes()).unwrap();
                        socket.write_all(body.as_bytes()).unwrap();
                    }
                    None => std::thread::sleep(Duration::from_secs(5)),
                }
            }
        });
        port
    }

    fn get(url: &str) -> http::Request<Vec<u8>> {
        http::Request::get(url).body(Vec::new()).unwrap()
    }

    const LIMITS: Limits = Limits {
        timeout: Duration::from_secs(10),
        max_body: 1024,
    };

    #[test]
    fn addresses_and_names_both_reach_the_server() {
        let port = server(vec![Some("by address"), Some("by name")]);
        let transport = UreqTransport::with_timeout(
            Duration::from_secs(5),
            LIMITS.timeout,
            ProxyRules::none(),
            &[],
        );
        for (host, body) in [("127.0.0.1", "by address"), ("localhost", "by name")] {
            let response = transport
                .call(get(&format!("http://{host}:{port}/")), LIMITS)
                .unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.body(), body.as_bytes(), "{host}");
        }
    }

    #[test]
    fn a_call_with_its_own_timeout_keeps_it() {
        let port = server(vec![None]);
        // The agent's own timeout is long; the call's is short.
        let transport = UreqTransport::with_timeout(
            Duration::from_secs(5),
            Duration::from_secs(30),
            ProxyRules::none(),
            &[],
        );
        let limits = Limits {
            timeout: Duration::from_millis(200),
            max_body: 1024,
        };
        let started = Instant::now();
        let error = transport
            .call(get(&format!("http://127.0.0.1:{port}/")), limits)
            .unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Timeout);
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );
    }

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

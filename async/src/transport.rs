//! The reqwest adapter: one attempt, from an `http::Request` to a whole
//! `http::Response`, with a deadline and a body size cap.
//!
//! Protocol knowledge stays in the core: this file only moves bytes. Every
//! response header is kept (the core's parsers and the retry policy read
//! them), redirects are never followed (the client is built that way), and a
//! body larger than the cap is refused while it streams in, before it is all
//! in memory.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use inai_auth_core::proxy::ProxyRules;
use inai_auth_core::{AsyncHttpClient, TransportError, TransportErrorKind};

/// The future of one attempt.
type Attempt<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send + 'a>>;

/// Sends one request and reads the whole answer within `limits`: the
/// reqwest client the SDK builds or is given, or any [`AsyncHttpClient`].
pub(crate) trait Transport: Send + Sync {
    fn call(&self, request: http::Request<Vec<u8>>, limits: Limits) -> Attempt<'_>;
}

/// The shared handle the client and verifiers hold.
pub(crate) type SharedTransport = Arc<dyn Transport>;

/// A reqwest client as a transport.
struct Reqwest {
    client: reqwest::Client,
    /// Whether the SDK built the client. Then the attempt's deadline is
    /// reqwest's own per-request timeout: one timer, dropped by reqwest as
    /// early as it can, which wakes the runtime's IO driver less often than a
    /// timer around the call (measured with the `client` bench: about 5 %
    /// more requests per second at one request at a time). A caller's client
    /// may carry a timeout of its own, which a per-request timeout would
    /// replace; its attempts get a timer around the call instead, so the
    /// shorter of the two applies.
    built_here: bool,
}

impl Transport for Reqwest {
    fn call(&self, request: http::Request<Vec<u8>>, limits: Limits) -> Attempt<'_> {
        if self.built_here {
            Box::pin(fetch(
                &self.client,
                request,
                limits.max_body,
                Some(limits.timeout),
            ))
        } else {
            Box::pin(async move {
                tokio::time::timeout(
                    limits.timeout,
                    fetch(&self.client, request, limits.max_body, None),
                )
                .await
                .unwrap_or_else(|_elapsed| Err(timed_out(limits.timeout)))
            })
        }
    }
}

/// A user's [`AsyncHttpClient`] as a transport: the attempt's deadline and
/// the body cap apply to it as to reqwest (the cap once the body is in).
struct Custom<C>(C);

impl<C> Transport for Custom<C>
where
    C: AsyncHttpClient + Send + Sync,
{
    fn call(&self, request: http::Request<Vec<u8>>, limits: Limits) -> Attempt<'_> {
        Box::pin(async move {
            let response = tokio::time::timeout(limits.timeout, self.0.call(request))
                .await
                .map_err(|_elapsed| timed_out(limits.timeout))?
                .map_err(TransportError::from_client_error)?;
            match u64::try_from(response.body().len()) {
                Ok(len) if len <= limits.max_body => Ok(response),
                _ => Err(TransportError::body_too_large(limits.max_body)),
            }
        })
    }
}

/// What [`ClientBuilder::http_client`](crate::ClientBuilder::http_client)
/// and [`VerifierBuilder::http_client`](crate::VerifierBuilder::http_client)
/// accept: a `reqwest::Client`, or any [`AsyncHttpClient`] (closures
/// included). Implemented for those two only; the type parameter `M` only
/// tells the two implementations apart and is inferred.
pub trait HttpClient<M>: sealed::Sealed<M> {
    #[doc(hidden)]
    fn into_transport(self) -> IntoTransport;
}

/// The transport an [`HttpClient`] becomes (opaque).
#[doc(hidden)]
pub struct IntoTransport(pub(crate) SharedTransport);

/// The markers of [`HttpClient`]'s two implementations.
#[doc(hidden)]
pub mod marker {
    /// A `reqwest::Client`.
    #[derive(Debug)]
    pub enum Reqwest {}
    /// Any [`AsyncHttpClient`](inai_auth_core::AsyncHttpClient).
    #[derive(Debug)]
    pub enum Custom {}
}

mod sealed {
    pub trait Sealed<M> {}
    impl Sealed<super::marker::Reqwest> for reqwest::Client {}
    impl<C: super::AsyncHttpClient> Sealed<super::marker::Custom> for C {}
}

impl HttpClient<marker::Reqwest> for reqwest::Client {
    fn into_transport(self) -> IntoTransport {
        IntoTransport(Arc::new(Reqwest {
            client: self,
            built_here: false,
        }))
    }
}

impl<C> HttpClient<marker::Custom> for C
where
    C: AsyncHttpClient + Send + Sync + 'static,
{
    fn into_transport(self) -> IntoTransport {
        IntoTransport(Arc::new(Custom(self)))
    }
}

/// The transport over a reqwest client the SDK builds (see [`http_client`]).
pub(crate) fn reqwest_transport(
    connect_timeout: Duration,
    user_agent: HeaderValue,
    proxy: ProxyRules,
    extra_roots: &[rustls_pki_types::CertificateDer<'static>],
) -> Result<SharedTransport, TransportError> {
    Ok(Arc::new(Reqwest {
        client: http_client(connect_timeout, user_agent, proxy, extra_roots)?,
        built_here: true,
    }))
}

fn timed_out(timeout: Duration) -> TransportError {
    TransportError::new(
        TransportErrorKind::Timeout,
        format!("no complete answer within {} ms", timeout.as_millis()),
    )
}

/// Limits of one attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Deadline of the whole attempt: connect, send, and read the body.
    pub(crate) timeout: Duration,
    /// Most bytes of body accepted.
    pub(crate) max_body: u64,
}

/// The reqwest client the SDK builds when the caller brings none: the
/// connect timeout, no redirects (requests carry bearer tokens), the
/// `User-Agent`, and the proxy chosen per request by `proxy` (reqwest's own
/// environment proxy is off: it would send even 127.0.0.1 to the proxy).
fn http_client(
    connect_timeout: Duration,
    user_agent: HeaderValue,
    proxy: ProxyRules,
    extra_roots: &[rustls_pki_types::CertificateDer<'static>],
) -> Result<reqwest::Client, TransportError> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent)
        .no_proxy();
    builder = crate::tls::apply(builder, extra_roots);
    if !proxy.is_none() {
        // Each proxy URL parsed once, not on every request.
        let parse = |scheme| proxy.proxy_url(scheme).map(reqwest::Url::parse);
        builder = match (parse("http"), parse("https")) {
            (Some(Err(_)), _) | (_, Some(Err(_))) => {
                // Not a URL for reqwest: handed over as text, for reqwest
                // to refuse each request that would use it, as it does.
                builder.proxy(reqwest::Proxy::custom(move |url| {
                    proxy
                        .proxy_for(url.scheme(), url.host_str()?)
                        .map(str::to_owned)
                }))
            }
            (http, https) => {
                let (http, https) = (http.and_then(Result::ok), https.and_then(Result::ok));
                builder.proxy(reqwest::Proxy::custom(move |url| {
                    proxy.proxy_for(url.scheme(), url.host_str()?)?;
                    if url.scheme() == "https" {
                        https.clone()
                    } else {
                        http.clone()
                    }
                }))
            }
        };
    }
    builder
        .build()
        .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
}

/// Sends `request` and reads its whole answer, at most `max_body` bytes of
/// it, and within `timeout` (reqwest's per-request timeout, from connecting
/// until the body is read) if given.
async fn fetch(
    http: &reqwest::Client,
    request: http::Request<Vec<u8>>,
    max_body: u64,
    timeout: Option<Duration>,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let failed = |error: reqwest::Error| match timeout {
        Some(timeout) if error.is_timeout() => timed_out(timeout),
        _ => transport_error(error),
    };
    let mut request = reqwest::Request::try_from(request).map_err(transport_error)?;
    if timeout.is_some() {
        *request.timeout_mut() = timeout;
    }
    let mut response = http.execute(request).await.map_err(failed)?;

    if let Some(length) = response.content_length() {
        if length > max_body {
            return Err(TransportError::body_too_large(max_body));
        }
    }

    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let capacity = response.content_length().unwrap_or(0).min(max_body);
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(failed)? {
        let total = u64::try_from(body.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
        if total > max_body {
            return Err(TransportError::body_too_large(max_body));
        }
        body.extend_from_slice(&chunk);
    }

    let mut answer = http::Response::new(body);
    *answer.status_mut() = status;
    *answer.version_mut() = version;
    *answer.headers_mut() = headers;
    Ok(answer)
}

/// Maps a reqwest error to a transport error of the right kind. The URL is
/// dropped from the message: query strings are the caller's business.
fn transport_error(error: reqwest::Error) -> TransportError {
    let kind = if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_body() || error.is_decode() || error.is_request() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, error.without_url())
}

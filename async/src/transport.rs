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
use std::sync::{Arc, OnceLock};
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
    /// The first origin requested, parsed (see [`to_reqwest`]).
    origin: OnceLock<Origin>,
}

impl Transport for Reqwest {
    fn call(&self, request: http::Request<Vec<u8>>, limits: Limits) -> Attempt<'_> {
        if self.built_here {
            Box::pin(fetch(
                &self.client,
                to_reqwest(request, &self.origin),
                limits.max_body,
                Some(limits.timeout),
            ))
        } else {
            Box::pin(async move {
                tokio::time::timeout(
                    limits.timeout,
                    fetch(
                        &self.client,
                        to_reqwest(request, &self.origin),
                        limits.max_body,
                        None,
                    ),
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
            origin: OnceLock::new(),
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
        origin: OnceLock::new(),
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
    request: Result<reqwest::Request, reqwest::Error>,
    max_body: u64,
    timeout: Option<Duration>,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let failed = |error: reqwest::Error| match timeout {
        Some(timeout) if error.is_timeout() => timed_out(timeout),
        _ => transport_error(error),
    };
    let mut request = request.map_err(transport_error)?;
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

/// An origin (`scheme://authority`) as the request's URI writes it, and
/// its URL as reqwest parsed it.
#[derive(Debug)]
struct Origin {
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
    url: reqwest::Url,
}

/// The reqwest request for `request`. reqwest's own conversion prints the
/// URI and parses the text again in full, host included, on every request:
/// about 5k instructions more than the path below (callgrind, `client`
/// bench), which was the whole of the driver's cost over raw reqwest.
/// A client sends nearly all its requests to one origin, so the first origin
/// requested is kept parsed, and a request to it only has its path and query
/// parsed into a copy (`Url::set_path` and `set_query` encode and normalise
/// as a full parse does: `to_reqwest_parses_as_reqwest_does` checks it).
/// Requests to other origins, and requests carrying extensions (which
/// only the conversion can move), take reqwest's conversion.
fn to_reqwest(
    request: http::Request<Vec<u8>>,
    origin: &OnceLock<Origin>,
) -> Result<reqwest::Request, reqwest::Error> {
    let known = origin.get().filter(|o| {
        request.uri().scheme() == Some(&o.scheme) && request.uri().authority() == Some(&o.authority)
    });
    let (Some(known), true) = (known, request.extensions().is_empty()) else {
        if origin.get().is_none() {
            let uri = request.uri();
            if let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) {
                let text = format!("{scheme}://{authority}/");
                if let Ok(url) = reqwest::Url::parse(&text) {
                    let _ = origin.set(Origin {
                        scheme: scheme.clone(),
                        authority: authority.clone(),
                        url,
                    });
                }
            }
        }
        return reqwest::Request::try_from(request);
    };
    let mut url = known.url.clone();
    url.set_path(request.uri().path());
    url.set_query(request.uri().query());
    let (parts, body) = request.into_parts();
    let mut converted = reqwest::Request::new(parts.method, url);
    *converted.headers_mut() = parts.headers;
    *converted.version_mut() = parts.version;
    *converted.body_mut() = Some(body.into());
    Ok(converted)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::sync::OnceLock;

    use super::to_reqwest;

    const ORIGINS: &[&str] = &[
        "http://127.0.0.1:8080",
        "https://apiauth.inai.dev",
        "http://Example.COM:80",
        "https://user:pw@h.test:443",
        "http://[::1]:9000",
    ];
    const PATHS: &[&str] = &[
        "/",
        "/api/v1/users",
        "/api/v1/users/a%20b",
        "/a/%2e%2e/b",
        "/a/%2E/b",
        "/a/./b",
        "/a/../b",
        "/a//b",
        "/%7Euser",
        "/a%2Fb",
        "/a;b=c",
        "/a:b@c",
        "/a+b",
        "/!$&'()*,;=",
        "/%E2%82%AC",
        "/a/b/",
        "/a%",
        "/a%zz",
        "/a|b^c",
        "/{x}",
    ];
    const QUERIES: &[Option<&str>] = &[
        None,
        Some(""),
        Some("a=1"),
        Some("a=1&b=2"),
        Some("q=a%20b"),
        Some("q=a+b"),
        Some("q=%"),
        Some("q=a%2"),
        Some("q='"),
        Some("q=^|{}"),
        Some("q=?/:@"),
        Some("page=2&limit=50&search=ada%40example.com"),
    ];

    fn request(uri: &str) -> Option<http::Request<Vec<u8>>> {
        http::Request::builder()
            .method("POST")
            .uri(uri)
            .header("authorization", "Bearer tok_abc")
            .header("content-type", "application/json")
            .body(br#"{"a":1}"#.to_vec())
            .ok()
    }

    /// Every request to a known origin converts exactly as reqwest's own
    /// conversion does: URL, method, headers, version and body.
    #[test]
    fn to_reqwest_parses_as_reqwest_does() {
        let mut compared = 0;
        for origin in ORIGINS {
            let known = OnceLock::new();
            let first = request(&format!("{origin}/first")).unwrap();
            to_reqwest(first, &known).unwrap();
            assert!(known.get().is_some(), "{origin} is kept");
            for path in PATHS {
                for query in QUERIES {
                    let uri = match query {
                        Some(q) => format!("{origin}{path}?{q}"),
                        None => format!("{origin}{path}"),
                    };
                    // Not every string is an http::Uri; those never reach us.
                    let Some(ours) = request(&uri) else { continue };
                    let theirs = reqwest::Request::try_from(request(&uri).unwrap());
                    let ours = to_reqwest(ours, &known);
                    let (ours, theirs) = match (ours, theirs) {
                        (Ok(ours), Ok(theirs)) => (ours, theirs),
                        (Err(_), Err(_)) => continue,
                        (ours, theirs) => panic!("{uri}: {ours:?} vs {theirs:?}"),
                    };
                    assert_eq!(ours.url().as_str(), theirs.url().as_str(), "{uri}");
                    assert_eq!(ours.method(), theirs.method(), "{uri}");
                    assert_eq!(ours.headers(), theirs.headers(), "{uri}");
                    assert_eq!(ours.version(), theirs.version(), "{uri}");
                    assert_eq!(
                        ours.body().and_then(reqwest::Body::as_bytes),
                        theirs.body().and_then(reqwest::Body::as_bytes),
                        "{uri}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 500, "only {compared} requests compared");
    }

    /// Another origin, or a request carrying extensions, takes reqwest's
    /// conversion: nothing is lost.
    #[test]
    fn other_origins_and_extensions_take_reqwests_conversion() {
        let known = OnceLock::new();
        to_reqwest(request("https://a.test/x").unwrap(), &known).unwrap();
        let other = to_reqwest(request("https://b.test/y?z=1").unwrap(), &known).unwrap();
        assert_eq!(other.url().as_str(), "https://b.test/y?z=1");

        let mut tagged = request("https://a.test/x").unwrap();
        tagged.extensions_mut().insert(7_u32);
        let converted = to_reqwest(tagged, &known).unwrap();
        let back = http::Request::<reqwest::Body>::try_from(converted).unwrap();
        assert_eq!(back.extensions().get::<u32>(), Some(&7));
    }
}

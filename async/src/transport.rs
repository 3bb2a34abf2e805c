//! The reqwest adapter: one attempt, from an `http::Request` to a whole
//! `http::Response`, with a deadline and a body size cap.
//!
//! Protocol knowledge stays in the core: this file only moves bytes. Every
//! response header is kept (the core's parsers and the retry policy read
//! them), redirects are never followed (the client is built that way), and a
//! body larger than the cap is refused while it streams in, before it is all
//! in memory.

use std::time::Duration;

use http::HeaderValue;
use inai_auth_core::proxy::ProxyRules;
use inai_auth_core::{TransportError, TransportErrorKind};

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
pub(crate) fn http_client(
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

/// Sends `request` and reads its whole answer within `limits`.
pub(crate) async fn fetch(
    http: &reqwest::Client,
    request: http::Request<Vec<u8>>,
    limits: Limits,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    match tokio::time::timeout(
        limits.timeout,
        fetch_unbounded(http, request, limits.max_body),
    )
    .await
    {
        Ok(result) => result,
        Err(_elapsed) => Err(TransportError::new(
            TransportErrorKind::Timeout,
            format!(
                "no complete answer within {} ms",
                limits.timeout.as_millis()
            ),
        )),
    }
}

async fn fetch_unbounded(
    http: &reqwest::Client,
    request: http::Request<Vec<u8>>,
    max_body: u64,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let request = reqwest::Request::try_from(request).map_err(transport_error)?;
    let mut response = http.execute(request).await.map_err(transport_error)?;

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
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
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
pub(crate) fn transport_error(error: reqwest::Error) -> TransportError {
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

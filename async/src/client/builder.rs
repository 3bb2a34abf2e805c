//! [`ClientBuilder`]: the transport settings of a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use inai_auth_core::clock::{Clock, SystemClock};
use inai_auth_core::defaults::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_JWKS_TIMEOUT, DEFAULT_MAX_JWKS_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
use inai_auth_core::proxy::ProxyRules;
use inai_auth_core::{Config, InAIAuthError, RetryPolicy};

use super::{Client, Inner};
use crate::transport::{self, HttpClient, Limits, SharedTransport};

/// Builds a [`Client`]; start with [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use inai_auth_async::Client;
/// use inai_auth_core::{Config, RetryPolicy};
///
/// let client = Client::builder()
///     .config(Config::default())
///     .timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy::never())
///     .build()?;
/// # let _ = client;
/// # Ok::<(), inai_auth_core::InAIAuthError>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    config: Config,
    connect_timeout: Duration,
    timeout: Duration,
    jwks_timeout: Duration,
    max_response_bytes: u64,
    max_jwks_bytes: u64,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    proxy: Option<ProxyRules>,
    http: Option<SharedTransport>,
    clock: Arc<dyn Clock>,
    root_certificates: Vec<Vec<u8>>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("jwks_timeout", &self.jwks_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_jwks_bytes", &self.max_jwks_bytes)
            .field("user_agent", &self.user_agent)
            .field("retry_policy", &self.retry)
            .field("proxy", &self.proxy)
            .field("custom_http_client", &self.http.is_some())
            .field("root_certificates", &self.root_certificates.len())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn new() -> Self {
        Self {
            config: Config::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            jwks_timeout: DEFAULT_JWKS_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_jwks_bytes: DEFAULT_MAX_JWKS_BYTES,
            user_agent: HeaderValue::from_static(DEFAULT_USER_AGENT),
            retry: RetryPolicy::default(),
            proxy: None,
            http: None,
            clock: Arc::new(SystemClock),
            root_certificates: Vec::new(),
        }
    }

    /// Where the API is and which publishable key to send. Defaults to
    /// [`Config::default`] (the production URL, no publishable key).
    #[must_use]
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// How long establishing a connection may take. Defaults to
    /// [`DEFAULT_CONNECT_TIMEOUT`] (5 s). Not applied to a client given with
    /// [`http_client`](Self::http_client), which keeps its own.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from connecting to the last byte of
    /// the body. Defaults to [`DEFAULT_TIMEOUT`] (30 s). A retried operation
    /// may take this long once per attempt, plus the backoff.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long one JWKS fetch of a [`Verifier`](crate::Verifier) made from
    /// this client may take. Defaults to [`DEFAULT_JWKS_TIMEOUT`] (5 s).
    #[must_use]
    pub fn jwks_timeout(mut self, timeout: Duration) -> Self {
        self.jwks_timeout = timeout;
        self
    }

    /// The largest answer body accepted, in bytes; a larger one fails with
    /// [`TransportErrorKind::BodyTooLarge`] as soon as it is known (from
    /// `Content-Length`, or while streaming). Defaults to
    /// [`DEFAULT_MAX_RESPONSE_BYTES`] (8 MiB).
    ///
    /// [`TransportErrorKind::BodyTooLarge`]: inai_auth_core::TransportErrorKind::BodyTooLarge
    #[must_use]
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// The largest JWKS body a [`Verifier`](crate::Verifier) made from this
    /// client accepts. Defaults to [`DEFAULT_MAX_JWKS_BYTES`] (1 MiB).
    #[must_use]
    pub fn max_jwks_bytes(mut self, max: u64) -> Self {
        self.max_jwks_bytes = max;
        self
    }

    /// The `User-Agent` header. Defaults to [`DEFAULT_USER_AGENT`]. Not
    /// applied to a client given with [`http_client`](Self::http_client).
    #[must_use]
    pub fn user_agent(mut self, user_agent: HeaderValue) -> Self {
        self.user_agent = user_agent;
        self
    }

    /// Which failures are retried and how long to wait in between. Defaults
    /// to [`RetryPolicy::default`]: at most 2 retries, 200 ms doubling
    /// backoff with jitter, `Retry-After` honoured up to 30 s.
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Which proxy requests go through. Defaults to the proxy environment
    /// variables, read when the client is built
    /// ([`ProxyRules::from_env`]: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
    /// `NO_PROXY`); [`ProxyRules::all`] sets one proxy for every request.
    /// Loopback hosts (`localhost`, `127.0.0.0/8`, `::1`) are always reached
    /// directly. Not applied to a client given with
    /// [`http_client`](Self::http_client).
    ///
    /// ```
    /// use inai_auth_async::Client;
    /// use inai_auth_core::proxy::ProxyRules;
    ///
    /// let client = Client::builder()
    ///     .proxy(ProxyRules::all("http://proxy.internal:3128")?)
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn proxy(mut self, rules: ProxyRules) -> Self {
        self.proxy = Some(rules);
        self
    }

    /// Sends every request directly, whatever the environment says: the
    /// same as `.proxy(ProxyRules::none())`.
    #[must_use]
    pub fn no_proxy(self) -> Self {
        self.proxy(ProxyRules::none())
    }

    /// Sends through this client instead of building one: a
    /// [`reqwest::Client`] (to share a connection pool, a proxy setup or TLS
    /// roots), or any [`AsyncHttpClient`](inai_auth_core::AsyncHttpClient),
    /// closures included (another HTTP library, or a test's fake server).
    /// Defaults to a reqwest client built from these settings.
    ///
    /// The caller's client keeps its own connect timeout, `User-Agent`,
    /// proxy and redirect policy: it must not follow redirects, because the
    /// SDK's requests carry bearer tokens (for reqwest:
    /// `redirect(reqwest::redirect::Policy::none())`). The whole-attempt
    /// timeout, the body caps, retries and tracing still apply.
    ///
    /// ```
    /// use inai_auth_async::Client;
    ///
    /// let client = Client::builder()
    ///     .http_client(|_request: http::Request<Vec<u8>>| async {
    ///         http::Response::builder().status(200).body(b"{}".to_vec())
    ///     })
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), inai_auth_core::InAIAuthError>(())
    /// ```
    #[must_use]
    pub fn http_client<M>(mut self, client: impl HttpClient<M>) -> Self {
        self.http = Some(client.into_transport().0);
        self
    }

    /// Where `now` comes from when a `Retry-After` answer names an HTTP
    /// date: the wait is that date minus the clock's time. Defaults to
    /// [`SystemClock`]; a test can give a
    /// [`ManualClock`](inai_auth_core::clock::ManualClock).
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Trusts the CA certificates in `pem` (one or more `CERTIFICATE`
    /// sections), for an API behind a private CA. The roots added, all the
    /// calls together, **replace** the default roots (the platform's, or
    /// Mozilla's with the `bundled-roots` feature): the client then trusts
    /// only them. The same option, with the same meaning, as the blocking
    /// driver's. Not applied to a client given with
    /// [`http_client`](Self::http_client), nor used without a TLS feature.
    ///
    /// The PEM is read by [`build`](Self::build).
    ///
    /// ```
    /// use inai_auth_async::Client;
    /// use inai_auth_core::{ConfigError, InAIAuthError};
    ///
    /// let built = Client::builder().add_root_certificate("not a certificate").build();
    /// assert!(matches!(
    ///     built,
    ///     Err(InAIAuthError::Config(ConfigError::InvalidRootCertificate { .. }))
    /// ));
    /// ```
    #[must_use]
    pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`InAIAuthError::Config`] ([`ConfigError::InvalidRootCertificate`](inai_auth_core::ConfigError::InvalidRootCertificate))
    /// when a PEM given to [`add_root_certificate`](Self::add_root_certificate)
    /// holds no readable certificate; [`InAIAuthError::Transport`] when
    /// reqwest cannot build its client (for instance when the TLS backend
    /// fails to load).
    pub fn build(self) -> Result<Client, InAIAuthError> {
        let mut roots = Vec::new();
        for pem in &self.root_certificates {
            roots.extend(inai_auth_core::tls::parse_root_certificates(pem)?);
        }
        let http = match self.http {
            Some(http) => http,
            None => transport::reqwest_transport(
                self.connect_timeout,
                self.user_agent,
                self.proxy.unwrap_or_else(ProxyRules::from_env),
                &roots,
            )?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                config: self.config,
                api_limits: Limits {
                    timeout: self.timeout,
                    max_body: self.max_response_bytes,
                },
                jwks_limits: Limits {
                    timeout: self.jwks_timeout,
                    max_body: self.max_jwks_bytes,
                },
                retry: self.retry,
                clock: self.clock,
            }),
        })
    }
}

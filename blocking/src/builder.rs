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
use inai_auth_core::{Config, InAIAuthError, RetryPolicy, SyncHttpClient};

use crate::client::{Client, Settings};
use crate::transport::{Custom, SharedTransport};
use crate::ureq_transport::UreqTransport;

/// Builds a [`Client`]: the API configuration and every transport setting.
///
/// ```
/// use std::time::Duration;
/// use inai_auth_blocking::Client;
/// use inai_auth_core::{Config, RetryPolicy};
///
/// let client = Client::builder()
///     .config(Config::builder().base_url("http://127.0.0.1:8080").build()?)
///     .timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy::default().with_max_retries(1))
///     .build()?;
/// assert_eq!(client.config().base_url(), "http://127.0.0.1:8080");
/// # Ok::<(), inai_auth_core::InAIAuthError>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    config: Config,
    connect_timeout: Duration,
    timeout: Duration,
    jwks_timeout: Duration,
    max_response_bytes: u64,
    max_jwks_bytes: u64,
    user_agent: HeaderValue,
    retry_policy: RetryPolicy,
    proxy: Option<ProxyRules>,
    http_client: Option<SharedTransport>,
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
            .field("retry_policy", &self.retry_policy)
            .field("proxy", &self.proxy)
            .field("custom_http_client", &self.http_client.is_some())
            .field("root_certificates", &self.root_certificates.len())
            .finish()
    }
}

impl Client {
    /// A builder for the configuration and the transport settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            config: Config::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            jwks_timeout: DEFAULT_JWKS_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_jwks_bytes: DEFAULT_MAX_JWKS_BYTES,
            user_agent: HeaderValue::from_static(DEFAULT_USER_AGENT),
            retry_policy: RetryPolicy::default(),
            proxy: None,
            http_client: None,
            clock: Arc::new(SystemClock),
            root_certificates: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// Where the API is and which publishable key to send. Defaults to
    /// [`Config::default`] (the production URL, no publishable key).
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// How long establishing a connection (TCP and TLS) may take. Defaults
    /// to [`DEFAULT_CONNECT_TIMEOUT`] (5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one API request may take, from connecting to the last byte
    /// of the answer (each retry gets its own). Defaults to
    /// [`DEFAULT_TIMEOUT`] (30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a JWKS fetch of a [`Verifier`](crate::Verifier) made from
    /// this client may take. Defaults to [`DEFAULT_JWKS_TIMEOUT`] (5 s).
    pub fn jwks_timeout(mut self, timeout: Duration) -> Self {
        self.jwks_timeout = timeout;
        self
    }

    /// The largest API answer body accepted; a larger one fails with a
    /// [`BodyTooLarge`](inai_auth_core::TransportErrorKind::BodyTooLarge)
    /// transport error. Defaults to [`DEFAULT_MAX_RESPONSE_BYTES`] (8 MiB).
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// The largest JWKS body a [`Verifier`](crate::Verifier) made from this
    /// client accepts. Defaults to [`DEFAULT_MAX_JWKS_BYTES`] (1 MiB).
    pub fn max_jwks_bytes(mut self, max: u64) -> Self {
        self.max_jwks_bytes = max;
        self
    }

    /// The `User-Agent` header of every request. Defaults to
    /// [`DEFAULT_USER_AGENT`] (`inai-auth-rust/<version>`).
    pub fn user_agent(mut self, user_agent: HeaderValue) -> Self {
        self.user_agent = user_agent;
        self
    }

    /// Which failures are retried and how long to wait. Defaults to
    /// [`RetryPolicy::default`] (2 retries; see its documentation).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
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
    /// use inai_auth_blocking::Client;
    /// use inai_auth_core::proxy::ProxyRules;
    ///
    /// let client = Client::builder()
    ///     .proxy(ProxyRules::all("http://proxy.internal:3128")?)
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn proxy(mut self, rules: ProxyRules) -> Self {
        self.proxy = Some(rules);
        self
    }

    /// Sends every request directly, whatever the environment says: the
    /// same as `.proxy(ProxyRules::none())`.
    pub fn no_proxy(self) -> Self {
        self.proxy(ProxyRules::none())
    }

    /// Sends requests with `client` instead of the built-in ureq agent: any
    /// [`SyncHttpClient`], closures included (handy in tests). It must
    /// return every response header and not follow redirects; its timeouts
    /// are its own, the body caps still apply. Defaults to ureq.
    pub fn http_client<C>(mut self, client: C) -> Self
    where
        C: SyncHttpClient + Send + Sync + 'static,
    {
        self.http_client = Some(Arc::new(Custom(client)));
        self
    }

    /// Where `now` comes from when a `Retry-After` answer names an HTTP
    /// date: the wait is that date minus the clock's time. Defaults to
    /// [`SystemClock`]; a test can give a
    /// [`ManualClock`](inai_auth_core::clock::ManualClock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Trusts the CA certificates in `pem` (one or more `CERTIFICATE`
    /// sections), for an API behind a private CA. The roots added, all the
    /// calls together, **replace** the default roots (the platform's, or
    /// Mozilla's with the `bundled-roots` feature): the client then trusts
    /// only them. The same option, with the same meaning, as the async
    /// driver's. Not applied to a client given with
    /// [`http_client`](Self::http_client), nor used without a TLS feature.
    ///
    /// The PEM is read by [`build`](Self::build).
    ///
    /// ```
    /// use inai_auth_blocking::Client;
    /// use inai_auth_core::{ConfigError, InAIAuthError};
    ///
    /// let built = Client::builder().add_root_certificate("not a certificate").build();
    /// assert!(matches!(
    ///     built,
    ///     Err(InAIAuthError::Config(ConfigError::InvalidRootCertificate { .. }))
    /// ));
    /// ```
    pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`InAIAuthError::Config`] ([`ConfigError::InvalidRootCertificate`](inai_auth_core::ConfigError::InvalidRootCertificate))
    /// when a PEM given to [`add_root_certificate`](Self::add_root_certificate)
    /// holds no readable certificate. Nothing else fails in this driver (the
    /// ureq agent is built without any other fallible step).
    pub fn build(self) -> Result<Client, InAIAuthError> {
        let mut roots = Vec::new();
        for pem in &self.root_certificates {
            roots.extend(inai_auth_core::tls::parse_root_certificates(pem)?);
        }
        let transport = self.http_client.unwrap_or_else(|| {
            let proxy = self.proxy.unwrap_or_else(ProxyRules::from_env);
            Arc::new(UreqTransport::with_timeout(
                self.connect_timeout,
                self.timeout,
                proxy,
                &roots,
            ))
        });
        Ok(Client::from_settings(Settings {
            config: self.config,
            transport,
            timeout: self.timeout,
            jwks_timeout: self.jwks_timeout,
            max_response_bytes: self.max_response_bytes,
            max_jwks_bytes: self.max_jwks_bytes,
            retry_policy: self.retry_policy,
            user_agent: self.user_agent,
            clock: self.clock,
        }))
    }
}

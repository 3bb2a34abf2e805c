//! [`VerifierBuilder`]: the settings of a [`Verifier`].

use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use inai_auth_core::defaults::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_JWKS_TIMEOUT, DEFAULT_MAX_JWKS_BYTES, DEFAULT_USER_AGENT,
};
use inai_auth_core::proxy::ProxyRules;
use inai_auth_core::{ConfigError, InAIAuthError, check_transport_security};
use inai_auth_verify::{CacheOptions, CachedVerifier, Clock, SystemClock, Validation};
use tokio::sync::watch;

use super::{Inner, Verifier};
use crate::transport::{self, HttpClient, Limits, SharedTransport};

/// Builds a [`Verifier`]; start with [`Verifier::builder`],
/// [`Verifier::from_config`] or [`Client::verifier`](crate::Client::verifier).
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use inai_auth_async::Verifier;
/// use inai_auth_verify::{CacheOptions, SystemClock, TokenType, Validation};
///
/// let verifier = Verifier::builder("https://apiauth.inai.dev/.well-known/jwks.json")
///     .validation(Validation::default().with_token_type(TokenType::AppUser))
///     .cache_options(CacheOptions::default().with_max_stale(Duration::from_secs(600)))
///     .clock(Arc::new(SystemClock))
///     .build()?;
/// # let _ = verifier;
/// # Ok::<(), inai_auth_core::InAIAuthError>(())
/// ```
#[derive(Clone)]
pub struct VerifierBuilder {
    jwks_url: String,
    validation: Validation,
    cache: CacheOptions,
    clock: Arc<dyn Clock>,
    timeout: Duration,
    max_body: u64,
    proxy: Option<ProxyRules>,
    http: Option<SharedTransport>,
    insecure_allow_http: bool,
}

impl std::fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifierBuilder")
            .field("jwks_url", &self.jwks_url)
            .field("validation", &self.validation)
            .field("cache", &self.cache)
            .field("timeout", &self.timeout)
            .field("max_body", &self.max_body)
            .field("proxy", &self.proxy)
            .field("insecure_allow_http", &self.insecure_allow_http)
            .finish_non_exhaustive()
    }
}

impl VerifierBuilder {
    pub(crate) fn new(jwks_url: String) -> Self {
        Self {
            jwks_url,
            validation: Validation::default(),
            cache: CacheOptions::default(),
            clock: Arc::new(SystemClock),
            timeout: DEFAULT_JWKS_TIMEOUT,
            max_body: DEFAULT_MAX_JWKS_BYTES,
            proxy: None,
            http: None,
            insecure_allow_http: false,
        }
    }

    pub(crate) fn with_transport(mut self, http: SharedTransport, limits: Limits) -> Self {
        self.http = Some(http);
        self.timeout = limits.timeout;
        self.max_body = limits.max_body;
        self
    }

    /// The token checks: leeway, maximum age, pins. Defaults to
    /// [`Validation::default`].
    #[must_use]
    pub fn validation(mut self, validation: Validation) -> Self {
        self.validation = validation;
        self
    }

    /// The key and token cache settings: key TTL, refetch interval, maximum
    /// staleness, token cache size, fetch timeout. Defaults to
    /// [`CacheOptions::default`] (5 min, 10 s, 1 h, 4096, 10 s).
    #[must_use]
    pub fn cache_options(mut self, options: CacheOptions) -> Self {
        self.cache = options;
        self
    }

    /// Where the time comes from. Defaults to [`SystemClock`]; tests pass a
    /// [`ManualClock`](inai_auth_verify::ManualClock).
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// How long fetched keys count as fresh. Defaults to 5 min; see
    /// [`CacheOptions::with_key_ttl`].
    #[must_use]
    pub fn key_ttl(mut self, ttl: Duration) -> Self {
        self.cache = self.cache.with_key_ttl(ttl);
        self
    }

    /// How long past their freshness the last good keys keep verifying
    /// while fetches fail. Defaults to 1 h; see [`CacheOptions::with_max_stale`].
    #[must_use]
    pub fn max_stale(mut self, max_stale: Duration) -> Self {
        self.cache = self.cache.with_max_stale(max_stale);
        self
    }

    /// The least time between two fetch starts, failed ones included.
    /// Defaults to 10 s; see [`CacheOptions::with_min_refetch_interval`].
    #[must_use]
    pub fn min_refetch_interval(mut self, interval: Duration) -> Self {
        self.cache = self.cache.with_min_refetch_interval(interval);
        self
    }

    /// How long one JWKS fetch may take. Defaults to
    /// [`DEFAULT_JWKS_TIMEOUT`](crate::DEFAULT_JWKS_TIMEOUT) (5 s), or the
    /// client's JWKS timeout. The cache's fetch timeout is raised to at least
    /// this plus [`FETCH_TIMEOUT_MARGIN`](inai_auth_verify::FETCH_TIMEOUT_MARGIN).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest JWKS body accepted. Defaults to
    /// [`DEFAULT_MAX_JWKS_BYTES`](crate::DEFAULT_MAX_JWKS_BYTES) (1 MiB), or
    /// the client's.
    #[must_use]
    pub fn max_jwks_bytes(mut self, max: u64) -> Self {
        self.max_body = max;
        self
    }

    /// Which proxy key fetches go through. Defaults to the proxy
    /// environment variables ([`ProxyRules::from_env`]), or the reqwest
    /// client of the [`Client`](crate::Client) the builder came from; see
    /// [`ClientBuilder::proxy`](crate::ClientBuilder::proxy). Loopback hosts
    /// are always reached directly. Fetches then use a reqwest client of
    /// their own: this undoes an earlier [`http_client`](Self::http_client).
    #[must_use]
    pub fn proxy(mut self, rules: ProxyRules) -> Self {
        self.proxy = Some(rules);
        self.http = None;
        self
    }

    /// Fetches keys directly, whatever the environment says: the same as
    /// `.proxy(ProxyRules::none())`.
    #[must_use]
    pub fn no_proxy(self) -> Self {
        self.proxy(ProxyRules::none())
    }

    /// Fetches through this client: a [`reqwest::Client`] or any
    /// [`AsyncHttpClient`](inai_auth_core::AsyncHttpClient), closures
    /// included; the fetch timeout and body cap still apply. Defaults to the
    /// client of the [`Client`](crate::Client) the builder came from, or
    /// else a new reqwest client with a 5 s connect timeout, no redirects,
    /// the SDK's `User-Agent` and the proxy of [`proxy`](Self::proxy).
    #[must_use]
    pub fn http_client<M>(mut self, client: impl HttpClient<M>) -> Self {
        self.http = Some(client.into_transport().0);
        self.proxy = None;
        self
    }

    /// Allows a plain `http://` JWKS URL whose host is not loopback.
    /// Defaults to `false` (or the config's choice, for a builder from
    /// [`Verifier::from_config`] or [`Client::verifier`](crate::Client::verifier)):
    /// anyone on the path of a plain fetch could inject signing keys, so such
    /// a URL is refused with [`ConfigError::InsecureHttp`]. `http` to
    /// `localhost`, `127.0.0.0/8` or `::1` is always allowed.
    #[must_use]
    pub fn insecure_allow_http(mut self, allow: bool) -> Self {
        self.insecure_allow_http = allow;
        self
    }

    /// Builds the verifier. It holds no keys yet: the first `verify` fetches them.
    ///
    /// # Errors
    /// [`InAIAuthError::Config`] when the JWKS URL is not an absolute
    /// `http(s)` URL, or is `http` to a host that is not loopback without
    /// [`insecure_allow_http`](Self::insecure_allow_http)
    /// ([`ConfigError::InsecureHttp`]); [`InAIAuthError::Transport`] when
    /// reqwest cannot build its client.
    pub fn build(self) -> Result<Verifier, InAIAuthError> {
        let bad_url = ConfigError::InvalidBaseUrl {
            reason: "the jwks url is not an absolute http or https url",
        };
        let uri: http::Uri = self.jwks_url.parse().map_err(|_| bad_url.clone())?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
            return Err(bad_url.into());
        }
        check_transport_security(&uri, self.insecure_allow_http)?;
        let http = match self.http {
            Some(http) => http,
            None => transport::reqwest_transport(
                DEFAULT_CONNECT_TIMEOUT,
                HeaderValue::from_static(DEFAULT_USER_AGENT),
                self.proxy.unwrap_or_else(ProxyRules::from_env),
                &[],
            )?,
        };
        let (reported, _) = watch::channel(0);
        Ok(Verifier {
            inner: Arc::new(Inner {
                // The cache must not forget a fetch this driver still waits on.
                cache: CachedVerifier::new(
                    uri,
                    self.validation,
                    self.cache.for_request_timeout(self.timeout),
                ),
                http,
                limits: Limits {
                    timeout: self.timeout,
                    max_body: self.max_body,
                },
                clock: self.clock,
                reported,
            }),
        })
    }
}

//! [`Verifier`]: checks access tokens against the API's signing keys,
//! fetching the JWKS when needed, one fetch at a time.

use std::fmt;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use http::HeaderValue;
use http::header::USER_AGENT;
use inai_auth_core::defaults::{DEFAULT_JWKS_TIMEOUT, DEFAULT_MAX_JWKS_BYTES, DEFAULT_USER_AGENT};
use inai_auth_core::proxy::ProxyRules;
use inai_auth_core::{
    Config, ConfigError, InAIAuthError, SyncHttpClient, check_transport_security,
};
use inai_auth_verify::{
    AuthObject, CacheOptions, CachedVerifier, Clock, FetchId, JwksFetch, SystemClock, Validation,
    Verdict, VerifyError,
};

use crate::transport::{Custom, Limits, SharedTransport};
use crate::ureq_transport::UreqTransport;

/// Verifies InAI Auth access tokens (ES256 JWTs) against the API's JWKS.
///
/// The keys are cached (5 min by default, stale-if-error for 1 h) and
/// fetched again for an unknown `kid` or a bad signature, at most once per
/// 10 s; see [`CacheOptions`]. Keys past their TTL keep verifying while a
/// background thread renews them (stale-while-revalidate): the call that
/// finds them stale does not wait for the network; only a token with an
/// unknown `kid` (or a cold cache) does. That thread, `inai-auth-jwks`, is
/// the verifier's own: it starts with the first key fetch, sleeps between
/// renewals and ends when the last clone of the verifier is dropped. However many threads miss the cache at once,
/// exactly one fetches and the others wait for its outcome. Cheap to clone
/// (clones share the cache), `Send + Sync`.
///
/// A [`VerifyError::KeysUnavailable`] is the verifier's fault (the JWKS
/// could not be had): answer 503, not 401.
///
/// ```no_run
/// use inai_auth_blocking::Verifier;
///
/// let verifier = Verifier::builder("https://apiauth.inai.dev/.well-known/jwks.json").build()?;
/// # let token = "";
/// match verifier.verify(token) {
///     Ok(auth) => println!("user {}", auth.user_id()),
///     Err(e) if e.is_unavailable() => println!("503: {e}"),
///     Err(e) => println!("401: {e}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    cache: CachedVerifier,
    transport: SharedTransport,
    limits: Limits,
    user_agent: HeaderValue,
    clock: Arc<dyn Clock>,
    /// The highest fetch id whose outcome has been reported.
    landed: Mutex<u64>,
    landed_changed: Condvar,
    renewals: Renewals,
}

/// The verifier's renewal thread, which performs the background fetches
/// of stale-while-revalidate (`inai-auth-jwks`).
///
/// Why a long-lived thread: the call that finds the keys stale only hands
/// the fetch over (a channel send, a few microseconds), where spawning a
/// thread per renewal would cost it tens of microseconds. The thread
/// starts with the verifier's first key fetch (whose caller waits for the
/// network anyway), sleeps in a channel receive between renewals (once
/// per key TTL in steady state), and ends when the last clone of the
/// [`Verifier`] is dropped: it holds the verifier only weakly between
/// renewals, so the channel closes with the verifier.
struct Renewals {
    sender: OnceLock<Option<Sender<Box<JwksFetch>>>>,
}

impl Renewals {
    fn new() -> Self {
        Self {
            sender: OnceLock::new(),
        }
    }

    /// Starts the thread unless it was already started (or could not be).
    fn start(&self, inner: &Arc<Inner>) -> Option<&Sender<Box<JwksFetch>>> {
        self.sender
            .get_or_init(|| {
                let (sender, receiver) = mpsc::channel::<Box<JwksFetch>>();
                let verifier = Arc::downgrade(inner);
                let spawned = std::thread::Builder::new()
                    .name("inai-auth-jwks".to_owned())
                    .spawn(move || {
                        while let Ok(fetch) = receiver.recv() {
                            let Some(inner) = verifier.upgrade() else {
                                return;
                            };
                            inner.fetch(*fetch);
                        }
                    });
                match spawned {
                    Ok(_) => Some(sender),
                    Err(error) => {
                        tracing::warn!(%error, "cannot spawn the jwks renewal thread");
                        None
                    }
                }
            })
            .as_ref()
    }

    /// Hands `fetch` to the renewal thread, or gives it back if there is none.
    fn send(&self, inner: &Arc<Inner>, fetch: Box<JwksFetch>) -> Result<(), Box<JwksFetch>> {
        match self.start(inner) {
            Some(sender) => sender.send(fetch).map_err(|returned| returned.0),
            None => Err(fetch),
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("jwks_uri", self.inner.cache.jwks_uri())
            .field("validation", self.inner.cache.validation())
            .field("options", self.inner.cache.options())
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A builder for a verifier fetching keys from `jwks_url`, with its own
    /// HTTP agent (5 s timeout, 1 MiB body cap).
    pub fn builder(jwks_url: impl Into<String>) -> VerifierBuilder {
        VerifierBuilder::new(jwks_url.into())
    }

    /// A builder for a verifier of the API that `config` points at:
    /// `<base URL>/.well-known/jwks.json` (plain `http` allowed if the
    /// config opted in with `insecure_allow_http`).
    pub fn from_config(config: &Config) -> VerifierBuilder {
        Self::builder(config.jwks_url()).insecure_allow_http(config.insecure_allows_http())
    }

    /// Verifies `token` and says who it speaks for, fetching keys first if
    /// needed (blocking the calling thread for at most the JWKS timeout, or
    /// while another thread's fetch completes).
    ///
    /// # Errors
    /// The reason the token is refused: malformed, bad signature, expired,
    /// a pinned claim that differs, ... ([`VerifyError`]), or
    /// [`VerifyError::KeysUnavailable`] when no usable keys could be had.
    pub fn verify(&self, token: &str) -> Result<AuthObject, VerifyError> {
        let inner = &self.inner;
        for _ in 0..inai_auth_verify::MAX_VERIFY_ROUNDS {
            match inner.cache.verify(token, inner.clock.now()) {
                Verdict::Valid(auth) => return Ok(auth),
                Verdict::Invalid(error) => return Err(error),
                Verdict::NeedJwks(fetch) => {
                    // The caller waits for the network anyway: the moment to
                    // start the renewal thread, so no renewal pays for it.
                    inner.renewals.start(inner);
                    inner.fetch(fetch);
                }
                Verdict::FetchInProgress { id } => inner.wait_for(id),
                Verdict::Revalidate { auth, fetch } => {
                    inner.fetch_in_background(fetch);
                    return Ok(auth);
                }
                _ => return Err(VerifyError::KeysUnavailable),
            }
        }
        Err(VerifyError::KeysUnavailable)
    }

    /// The JWKS address.
    #[must_use]
    pub fn jwks_uri(&self) -> &http::Uri {
        self.inner.cache.jwks_uri()
    }

    /// The cache settings.
    #[must_use]
    pub fn cache_options(&self) -> &CacheOptions {
        self.inner.cache.options()
    }
}

impl Inner {
    /// Renews stale keys without making the caller wait: the fetch goes to
    /// the verifier's renewal thread (see [`Renewals`]). If that thread
    /// cannot be had, the fetch runs on the caller's thread instead.
    fn fetch_in_background(self: &Arc<Self>, fetch: Box<JwksFetch>) {
        if let Err(fetch) = self.renewals.send(self, fetch) {
            tracing::warn!("no jwks renewal thread; renewing on the caller's thread");
            self.fetch(*fetch);
        }
    }

    /// Performs the fetch this caller was handed, reports it, and wakes the
    /// callers waiting for it.
    fn fetch(&self, fetch: JwksFetch) {
        let id = fetch.id();
        let span = tracing::debug_span!("inai_auth.jwks_fetch", fetch = id.get());
        let _entered = span.enter();
        let mut request = fetch.into_request();
        request
            .headers_mut()
            .insert(USER_AGENT, self.user_agent.clone());
        let outcome = self.transport.call(request, self.limits);
        let now = self.clock.now();
        match outcome {
            Ok(response) => {
                let status = response.status().as_u16();
                match self.cache.handle_jwks_response(id, response, now) {
                    Ok(installed) => {
                        tracing::debug!(status, keys = installed.keys, "jwks installed")
                    }
                    Err(error) => tracing::warn!(status, error = %error, "jwks refused"),
                }
            }
            Err(error) => {
                tracing::warn!(error = %error, "jwks fetch failed");
                if let Err(late) = self.cache.handle_jwks_failure(id, now) {
                    tracing::debug!(error = %late, "jwks failure reported late");
                }
            }
        }
        let mut landed = self.landed();
        *landed = (*landed).max(id.get());
        drop(landed);
        self.landed_changed.notify_all();
    }

    /// Waits until fetch `id` has been reported, or the cache's fetch
    /// timeout has passed (after which the cache forgets the fetch anyway).
    fn wait_for(&self, id: FetchId) {
        let deadline = Instant::now() + self.cache.options().fetch_timeout();
        let mut landed = self.landed();
        while *landed < id.get() {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return;
            };
            landed = self
                .landed_changed
                .wait_timeout(landed, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn landed(&self) -> MutexGuard<'_, u64> {
        self.landed.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Builds a [`Verifier`]; made by [`Verifier::builder`],
/// [`Verifier::from_config`] or [`Client::verifier`](crate::Client::verifier).
#[must_use]
pub struct VerifierBuilder {
    jwks_url: String,
    validation: Validation,
    options: CacheOptions,
    clock: Arc<dyn Clock>,
    transport: Option<SharedTransport>,
    proxy: Option<ProxyRules>,
    timeout: Duration,
    max_bytes: u64,
    user_agent: HeaderValue,
    insecure_allow_http: bool,
}

impl fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierBuilder")
            .field("jwks_url", &self.jwks_url)
            .field("validation", &self.validation)
            .field("options", &self.options)
            .field("timeout", &self.timeout)
            .field("max_bytes", &self.max_bytes)
            .field("proxy", &self.proxy)
            .field("insecure_allow_http", &self.insecure_allow_http)
            .finish_non_exhaustive()
    }
}

impl VerifierBuilder {
    fn new(jwks_url: String) -> Self {
        Self {
            jwks_url,
            validation: Validation::default(),
            options: CacheOptions::default(),
            clock: Arc::new(SystemClock),
            transport: None,
            proxy: None,
            timeout: DEFAULT_JWKS_TIMEOUT,
            max_bytes: DEFAULT_MAX_JWKS_BYTES,
            user_agent: HeaderValue::from_static(DEFAULT_USER_AGENT),
            insecure_allow_http: false,
        }
    }

    /// A builder for `config`'s JWKS over a client's `transport`, with the
    /// client's JWKS `limits` and `User-Agent`: the values it needs, not the
    /// client.
    pub(crate) fn for_client(
        config: &Config,
        transport: SharedTransport,
        limits: Limits,
        user_agent: HeaderValue,
    ) -> Self {
        Self {
            transport: Some(transport),
            timeout: limits.timeout,
            max_bytes: limits.max_body,
            user_agent,
            insecure_allow_http: config.insecure_allows_http(),
            ..Self::new(config.jwks_url())
        }
    }

    /// Where the time comes from. Defaults to [`SystemClock`]; tests pass a
    /// [`ManualClock`](inai_auth_verify::ManualClock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The checks tokens must pass (leeway, pins, ...). Defaults to
    /// [`Validation::default`].
    pub fn validation(mut self, validation: Validation) -> Self {
        self.validation = validation;
        self
    }

    /// Every cache setting at once. Defaults to [`CacheOptions::default`]
    /// (keys fresh 5 min, one fetch per 10 s, stale-if-error 1 h).
    pub fn cache_options(mut self, options: CacheOptions) -> Self {
        self.options = options;
        self
    }

    /// How long fetched keys count as fresh. Defaults to 5 min; see
    /// [`CacheOptions::with_key_ttl`].
    pub fn key_ttl(mut self, ttl: Duration) -> Self {
        self.options = self.options.with_key_ttl(ttl);
        self
    }

    /// How long past their freshness the last good keys keep verifying
    /// while fetches fail. Defaults to 1 h; see [`CacheOptions::with_max_stale`].
    pub fn max_stale(mut self, max_stale: Duration) -> Self {
        self.options = self.options.with_max_stale(max_stale);
        self
    }

    /// The least time between two fetch starts. Defaults to 10 s; see
    /// [`CacheOptions::with_min_refetch_interval`].
    pub fn min_refetch_interval(mut self, interval: Duration) -> Self {
        self.options = self.options.with_min_refetch_interval(interval);
        self
    }

    /// How long one JWKS fetch may take. Defaults to
    /// [`DEFAULT_JWKS_TIMEOUT`] (5 s), or the client's JWKS timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest JWKS body accepted. Defaults to
    /// [`DEFAULT_MAX_JWKS_BYTES`] (1 MiB), or the client's.
    pub fn max_jwks_bytes(mut self, max: u64) -> Self {
        self.max_bytes = max;
        self
    }

    /// Which proxy key fetches go through. Defaults to the proxy
    /// environment variables ([`ProxyRules::from_env`]), or the client's
    /// transport for a builder from [`Client::verifier`](crate::Client::verifier); see
    /// [`ClientBuilder::proxy`](crate::ClientBuilder::proxy). Loopback hosts
    /// are always reached directly. Fetches then use a ureq agent of their
    /// own: this undoes an earlier [`http_client`](Self::http_client).
    pub fn proxy(mut self, rules: ProxyRules) -> Self {
        self.proxy = Some(rules);
        self.transport = None;
        self
    }

    /// Fetches keys directly, whatever the environment says: the same as
    /// `.proxy(ProxyRules::none())`.
    pub fn no_proxy(self) -> Self {
        self.proxy(ProxyRules::none())
    }

    /// Fetches with `client` instead of a ureq agent (see
    /// [`ClientBuilder::http_client`](crate::ClientBuilder::http_client)).
    /// Defaults to a ureq agent, or the client's transport.
    pub fn http_client<C>(mut self, client: C) -> Self
    where
        C: SyncHttpClient + Send + Sync + 'static,
    {
        self.transport = Some(Arc::new(Custom(client)));
        self.proxy = None;
        self
    }

    /// Allows a plain `http://` JWKS URL whose host is not loopback.
    /// Defaults to `false` (or the config's choice, for a builder from
    /// [`Verifier::from_config`] or [`Client::verifier`](crate::Client::verifier)): anyone on the path
    /// of a plain fetch could inject signing keys, so such a URL is refused
    /// with [`ConfigError::InsecureHttp`]. `http` to `localhost`,
    /// `127.0.0.0/8` or `::1` is always allowed.
    pub fn insecure_allow_http(mut self, allow: bool) -> Self {
        self.insecure_allow_http = allow;
        self
    }

    /// The verifier.
    ///
    /// # Errors
    /// [`InAIAuthError::Config`] when the JWKS URL is not an absolute
    /// `http(s)` URL ([`ConfigError::InvalidBaseUrl`]), or is `http` to a
    /// host that is not loopback without
    /// [`insecure_allow_http`](Self::insecure_allow_http)
    /// ([`ConfigError::InsecureHttp`]). The error type is the async
    /// driver's, whose transport can also fail to build.
    pub fn build(self) -> Result<Verifier, InAIAuthError> {
        let uri: http::Uri = self.jwks_url.parse().map_err(|_| invalid_url())?;
        let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
        if !scheme_ok || uri.host().is_none() {
            return Err(invalid_url().into());
        }
        check_transport_security(&uri, self.insecure_allow_http)?;
        let transport = self.transport.unwrap_or_else(|| {
            let proxy = self.proxy.unwrap_or_else(ProxyRules::from_env);
            Arc::new(UreqTransport::new(self.timeout, proxy))
        });
        // The cache must not forget a fetch this driver still waits on.
        let options = self.options.for_request_timeout(self.timeout);
        Ok(Verifier {
            inner: Arc::new(Inner {
                cache: CachedVerifier::new(uri, self.validation, options),
                transport,
                limits: Limits {
                    timeout: self.timeout,
                    max_body: self.max_bytes,
                },
                user_agent: self.user_agent,
                clock: self.clock,
                landed: Mutex::new(0),
                landed_changed: Condvar::new(),
                renewals: Renewals::new(),
            }),
        })
    }
}

fn invalid_url() -> ConfigError {
    ConfigError::InvalidBaseUrl {
        reason: "the jwks url is not an absolute http(s) url",
    }
}

//! [`Verifier`]: the driver loop around the verify crate's
//! [`CachedVerifier`], fetching the JWKS with reqwest, single flight.

mod builder;

use std::sync::Arc;

use inai_auth_verify::{
    AuthObject, CacheOptions, CachedVerifier, Clock, JwksFetch, Verdict, VerifyError,
};
use tokio::sync::watch;
use tracing::Instrument;

pub use builder::VerifierBuilder;

use crate::transport::{Limits, SharedTransport};

/// Verifies InAI Auth access tokens against the API's JSON Web Key Set.
///
/// Keys are fetched on first use and cached (see
/// [`VerifierBuilder::cache_options`] for the rules); `verify` needs the
/// network only when the cache says so. Cheap to clone (clones share the
/// cache), `Send + Sync`, and its futures are `Send`: build one per service
/// and share it across tasks.
///
/// Keys past their TTL keep verifying while a spawned task renews them
/// (stale-while-revalidate): the call that finds them stale does not wait
/// for the network; only a token with an unknown `kid` (or a cold cache)
/// does.
///
/// Single flight: however many tasks need keys at once, exactly one JWKS
/// request goes out; the others wait for its outcome and then verify with the
/// keys it brought. The fetch runs as its own tokio task, so cancelling the
/// caller that started it does not cancel it, and the waiters are woken
/// whatever happens to it.
///
/// ```no_run
/// use inai_auth_async::Verifier;
///
/// # async fn run(token: &str) -> Result<(), Box<dyn std::error::Error>> {
/// let verifier = Verifier::builder("https://apiauth.inai.dev/.well-known/jwks.json").build()?;
/// match verifier.verify(token).await {
///     Ok(auth) => println!("user {}", auth.user_id()),
///     Err(e) if e.is_unavailable() => println!("503: {e}"),
///     Err(e) => println!("401: {e}"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    cache: CachedVerifier,
    http: SharedTransport,
    limits: Limits,
    clock: Arc<dyn Clock>,
    /// The highest fetch id reported to the cache; waiters watch it.
    reported: watch::Sender<u64>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("jwks_uri", self.inner.cache.jwks_uri())
            .field("cached_tokens", &self.inner.cache.cached_tokens())
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// Starts a builder for a verifier fetching keys from `jwks_url` (for the
    /// API: `<base url>/.well-known/jwks.json`).
    #[must_use]
    pub fn builder(jwks_url: impl Into<String>) -> VerifierBuilder {
        VerifierBuilder::new(jwks_url.into())
    }

    /// Starts a builder for the JWKS of the API `config` points at
    /// ([`Config::jwks_url`](inai_auth_core::Config::jwks_url)), plain `http`
    /// allowed if the config opted in with `insecure_allow_http`.
    #[must_use]
    pub fn from_config(config: &inai_auth_core::Config) -> VerifierBuilder {
        Self::builder(config.jwks_url()).insecure_allow_http(config.insecure_allows_http())
    }

    /// Where keys are fetched from.
    #[must_use]
    pub fn jwks_uri(&self) -> &http::Uri {
        self.inner.cache.jwks_uri()
    }

    /// The cache settings.
    #[must_use]
    pub fn cache_options(&self) -> &CacheOptions {
        self.inner.cache.options()
    }

    /// Verifies `token`: a compact ES256 JWS signed by a key of the JWKS,
    /// within its validity, matching the configured pins.
    ///
    /// # Errors
    /// [`VerifyError::KeysUnavailable`] when no usable key set can be had
    /// (answer 503); any other [`VerifyError`] when the token is refused
    /// (answer 401).
    pub async fn verify(&self, token: &str) -> Result<AuthObject, VerifyError> {
        let inner = &self.inner;
        for _ in 0..inai_auth_verify::MAX_VERIFY_ROUNDS {
            match inner.cache.verify(token, inner.clock.now()) {
                Verdict::Valid(auth) => return Ok(auth),
                Verdict::Invalid(error) => return Err(error),
                Verdict::NeedJwks(fetch) => {
                    let id = fetch.id().get();
                    // Spawned, so that cancelling this caller cannot cancel
                    // the fetch others wait for; inline without a runtime.
                    match tokio::runtime::Handle::try_current() {
                        Ok(runtime) => {
                            runtime.spawn(fetch_keys(Arc::clone(inner), fetch));
                            inner.wait_for(id).await;
                        }
                        Err(_) => fetch_keys(Arc::clone(inner), fetch).await,
                    }
                }
                Verdict::FetchInProgress { id } => inner.wait_for(id.get()).await,
                Verdict::Revalidate { auth, fetch } => {
                    // Stale-while-revalidate: renew the keys in a task of
                    // its own and answer now; without a runtime, inline.
                    match tokio::runtime::Handle::try_current() {
                        Ok(runtime) => drop(runtime.spawn(fetch_keys(Arc::clone(inner), *fetch))),
                        Err(_) => fetch_keys(Arc::clone(inner), *fetch).await,
                    }
                    return Ok(auth);
                }
                _ => return Err(VerifyError::KeysUnavailable),
            }
        }
        Err(VerifyError::KeysUnavailable)
    }
}

impl Inner {
    /// Waits until fetch `id` has been reported, or the cache's fetch
    /// timeout has passed (after which the cache forgets the fetch anyway).
    async fn wait_for(&self, id: u64) {
        let mut reported = self.reported.subscribe();
        let wait = reported.wait_for(|done| *done >= id);
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = tokio::time::timeout(self.cache.options().fetch_timeout(), wait).await;
    }

    fn mark_reported(&self, id: u64) {
        self.reported.send_if_modified(|done| {
            let newer = id > *done;
            if newer {
                *done = id;
            }
            newer
        });
    }
}

/// Reports a fetch as failed if it ends without a report (its task
/// cancelled at runtime shutdown, or a panic), so no waiter is left hanging.
struct ReportGuard {
    inner: Arc<Inner>,
    fetch: inai_auth_verify::FetchId,
    reported: bool,
}

impl Drop for ReportGuard {
    fn drop(&mut self) {
        if !self.reported {
            let _ = self
                .inner
                .cache
                .handle_jwks_failure(self.fetch, self.inner.clock.now());
        }
        self.inner.mark_reported(self.fetch.get());
    }
}

/// Performs one JWKS fetch and reports its outcome to the cache.
async fn fetch_keys(inner: Arc<Inner>, fetch: JwksFetch) {
    let id = fetch.id();
    let mut guard = ReportGuard {
        inner: Arc::clone(&inner),
        fetch: id,
        reported: false,
    };
    let span = tracing::debug_span!("inai_auth.jwks_fetch", fetch = id.get());
    let result = inner
        .http
        .call(fetch.into_request(), inner.limits)
        .instrument(span.clone())
        .await;
    let now = inner.clock.now();
    match result {
        Ok(response) => match inner.cache.handle_jwks_response(id, response, now) {
            Ok(installed) => {
                tracing::debug!(parent: &span, keys = installed.keys, changed = installed.changed, "jwks installed");
            }
            Err(error) => tracing::warn!(parent: &span, error = %error, "jwks refused"),
        },
        Err(error) => {
            tracing::warn!(parent: &span, error = %error, "jwks fetch failed");
            let _ = inner.cache.handle_jwks_failure(id, now);
        }
    }
    guard.reported = true;
}

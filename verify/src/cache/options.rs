//! Settings of the key cache and the verified-token cache.

use std::time::Duration;

/// How much longer than a driver's JWKS request timeout the cache waits
/// before it counts the fetch as failed; see
/// [`CacheOptions::for_request_timeout`].
pub const FETCH_TIMEOUT_MARGIN: Duration = Duration::from_secs(1);

/// How the [`crate::CachedVerifier`] caches keys and verified tokens.
///
/// ```
/// use std::time::Duration;
/// use inai_auth_verify::CacheOptions;
///
/// let options = CacheOptions::default().with_max_stale(Duration::from_secs(600));
/// assert_eq!(options.key_ttl(), Duration::from_secs(300));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheOptions {
    key_ttl: Duration,
    min_refetch_interval: Duration,
    max_stale: Duration,
    token_cache_capacity: usize,
    fetch_timeout: Duration,
}

impl Default for CacheOptions {
    fn default() -> Self {
        Self {
            key_ttl: Duration::from_secs(5 * 60),
            min_refetch_interval: Duration::from_secs(10),
            max_stale: Duration::from_secs(60 * 60),
            token_cache_capacity: 4096,
            fetch_timeout: Duration::from_secs(10),
        }
    }
}

impl CacheOptions {
    /// How long a fetched key set counts as fresh. Defaults to 5 minutes; a
    /// `Cache-Control: max-age` on the JWKS answer may shorten it, never lengthen it.
    #[must_use]
    pub fn with_key_ttl(mut self, ttl: Duration) -> Self {
        self.key_ttl = ttl;
        self
    }

    /// Least time between the starts of two JWKS fetches, failed ones
    /// included. Defaults to 10 seconds.
    ///
    /// This limit is what stops tokens with made-up key ids from turning
    /// into JWKS requests. With a zero interval every verification of an
    /// unknown `kid` asks for a fetch again after each answer (the drivers
    /// stop after four rounds with [`KeysUnavailable`](crate::VerifyError::KeysUnavailable)):
    /// keep zero for tests and demos that rotate keys on purpose.
    #[must_use]
    pub fn with_min_refetch_interval(mut self, interval: Duration) -> Self {
        self.min_refetch_interval = interval;
        self
    }

    /// How long past its time to live the last good key set keeps verifying
    /// while refreshes fail (stale-if-error). Defaults to 1 hour; after it,
    /// verification fails with [`crate::VerifyError::KeysUnavailable`].
    #[must_use]
    pub fn with_max_stale(mut self, max_stale: Duration) -> Self {
        self.max_stale = max_stale;
        self
    }

    /// How many verified tokens to remember (0 turns the cache off). Defaults
    /// to 4096. An entry holds the token and its claims, so the worst case is
    /// about capacity × (2 × max token length). The capacity is split evenly
    /// over shards of at most 64 entries (up to 4096 shards), so that
    /// threads share no lock (see the crate's `Concurrency` section); each
    /// shard makes room on its own when full, so a cache in use holds
    /// somewhat fewer tokens than its capacity.
    #[must_use]
    pub fn with_token_cache_capacity(mut self, capacity: usize) -> Self {
        self.token_cache_capacity = capacity;
        self
    }

    /// After how long an unanswered fetch counts as failed, so that a driver
    /// that dropped it cannot wedge the cache. Defaults to 10 seconds; the
    /// drivers raise it to their JWKS request timeout plus
    /// [`FETCH_TIMEOUT_MARGIN`] ([`for_request_timeout`](Self::for_request_timeout)).
    #[must_use]
    pub fn with_fetch_timeout(mut self, timeout: Duration) -> Self {
        self.fetch_timeout = timeout;
        self
    }

    /// These options as a driver whose JWKS requests time out after
    /// `request_timeout` must use them: the fetch timeout raised to at least
    /// `request_timeout` + [`FETCH_TIMEOUT_MARGIN`], never lowered.
    ///
    /// The cache forgets a fetch after its fetch timeout and lets another
    /// start; if that came before the driver's own request timed out, a slow
    /// but working JWKS would be asked twice and its answer refused as late.
    /// Both drivers call this when they build a verifier, so the relation
    /// lives here once.
    ///
    /// ```
    /// use std::time::Duration;
    /// use inai_auth_verify::CacheOptions;
    ///
    /// let options = CacheOptions::default().for_request_timeout(Duration::from_secs(15));
    /// assert_eq!(options.fetch_timeout(), Duration::from_secs(16));
    /// let short = CacheOptions::default().for_request_timeout(Duration::from_secs(2));
    /// assert_eq!(short.fetch_timeout(), Duration::from_secs(10));
    /// ```
    #[must_use]
    pub fn for_request_timeout(mut self, request_timeout: Duration) -> Self {
        let least = request_timeout.saturating_add(FETCH_TIMEOUT_MARGIN);
        self.fetch_timeout = self.fetch_timeout.max(least);
        self
    }

    /// The key time to live.
    #[must_use]
    pub fn key_ttl(&self) -> Duration {
        self.key_ttl
    }

    /// The least interval between fetch starts.
    #[must_use]
    pub fn min_refetch_interval(&self) -> Duration {
        self.min_refetch_interval
    }

    /// The maximum staleness.
    #[must_use]
    pub fn max_stale(&self) -> Duration {
        self.max_stale
    }

    /// The verified-token cache capacity.
    #[must_use]
    pub fn token_cache_capacity(&self) -> usize {
        self.token_cache_capacity
    }

    /// The fetch timeout.
    #[must_use]
    pub fn fetch_timeout(&self) -> Duration {
        self.fetch_timeout
    }
}

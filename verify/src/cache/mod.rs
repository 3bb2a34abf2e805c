//! The cached verifier: a sans-IO state machine around [`crate::verify_token`]
//! that owns the key set, decides when to fetch it, and remembers verified tokens.

mod cache_control;
mod options;
mod token_cache;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use arc_swap::ArcSwap;
use http::header::{ACCEPT, HeaderValue};
use time::OffsetDateTime;

use crate::auth_object::AuthObject;

/// How many rounds of the driving loop (verify, fetch or wait, verify again)
/// a driver runs before answering [`VerifyError::KeysUnavailable`]. With a
/// refetch interval longer than a round takes, [`CachedVerifier::verify`]
/// reaches `Valid` or `Invalid` within this many; with a zero interval and a
/// JWKS that never holds the token's key it would ask for a fetch forever.
pub const MAX_VERIFY_ROUNDS: usize = 4;
use crate::error::{JwksFetchError, VerifyError};
use crate::jwks::Jwks;
use crate::token::{Jws, finish};
use crate::validation::Validation;

pub use options::{CacheOptions, FETCH_TIMEOUT_MARGIN};
use token_cache::{Fingerprint, TokenCache};

/// What to do next with a token, as decided by [`CachedVerifier::verify`].
#[must_use = "a verdict says whether the token is valid or what the driver must do next"]
#[derive(Debug)]
#[non_exhaustive]
pub enum Verdict {
    /// The token is valid: here is who it speaks for.
    Valid(AuthObject),
    /// The token is refused. [`VerifyError::KeysUnavailable`] is the
    /// verifier's fault (answer 503); every other error the token's (answer 401).
    Invalid(VerifyError),
    /// Keys are needed: send this request, report the outcome with
    /// [`CachedVerifier::handle_jwks_response`] or
    /// [`CachedVerifier::handle_jwks_failure`], then call `verify` again.
    NeedJwks(JwksFetch),
    /// Another caller is fetching keys: wait until that fetch is answered
    /// (or the fetch timeout passes), then call `verify` again.
    FetchInProgress {
        /// The fetch to wait for.
        id: FetchId,
    },
    /// The token is valid with keys past their TTL (but within max-stale):
    /// answer at once with `auth`, and send `fetch` in the background
    /// (stale-while-revalidate), reporting it as for [`Verdict::NeedJwks`].
    /// Nobody needs to wait for that fetch: other callers keep verifying
    /// with the stale keys meanwhile.
    Revalidate {
        /// Who the token speaks for.
        auth: AuthObject,
        /// The refresh to send without waiting for it.
        fetch: Box<JwksFetch>,
    },
}

/// Identifies one JWKS fetch handed out by [`Verdict::NeedJwks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FetchId(u64);

impl FetchId {
    /// The id as a number (for logs).
    #[must_use]
    pub fn get(self) -> u64 {
        self.0
    }
}

impl std::fmt::Display for FetchId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A JWKS fetch for the driver to perform: `GET <jwks uri>` with
/// `Accept: application/json` and an empty body.
#[derive(Debug)]
pub struct JwksFetch {
    id: FetchId,
    request: http::Request<Vec<u8>>,
}

impl JwksFetch {
    /// The id to report the outcome under.
    #[must_use]
    pub fn id(&self) -> FetchId {
        self.id
    }

    /// The request to send.
    #[must_use]
    pub fn request(&self) -> &http::Request<Vec<u8>> {
        &self.request
    }

    /// The request to send, by value.
    #[must_use]
    pub fn into_request(self) -> http::Request<Vec<u8>> {
        self.request
    }
}

/// What [`CachedVerifier::handle_jwks_response`] installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeysInstalled {
    /// Usable keys in the new set.
    pub keys: usize,
    /// Entries skipped as unusable.
    pub skipped: usize,
    /// Whether the keys differ from the previous set (verified tokens are then forgotten).
    pub changed: bool,
    /// Until when the set counts as fresh.
    pub fresh_until: OffsetDateTime,
}

/// An ES256 verifier with a JWKS key cache and a verified-token cache.
///
/// Sans-IO: it never performs a request or reads a clock. `verify` answers a
/// [`Verdict`]; when keys are needed it hands out one [`JwksFetch`] at a time
/// (single flight) and tells other callers to wait. `Send + Sync`; every
/// method takes `&self`. Reading the keys and looking a token up take no
/// lock: the key state is an atomically published snapshot, and the token
/// cache is sharded and read the same way. A lock is taken only to
/// remember a newly verified token (its shard's) and to start, end or
/// expire a key fetch; never during a signature check or anything the
/// caller does (see the crate's `Concurrency` section).
///
/// Rules (see [`CacheOptions`] for the numbers): keys are fresh for the TTL
/// (or a shorter `Cache-Control: max-age`); fresh keys refetch only for an
/// unknown `kid` or a bad signature; keys past their TTL keep verifying
/// while one background fetch renews them (stale-while-revalidate: the
/// caller that triggers it gets [`Verdict::Revalidate`] and waits for
/// nothing), and keep verifying for
/// `max_stale` more if refreshes fail, after which every token gets
/// [`VerifyError::KeysUnavailable`]. At most one fetch starts per
/// `min_refetch_interval`, failed ones included. A correctly signed token that
/// fails on claims or time never causes a fetch.
#[derive(Debug)]
pub struct CachedVerifier {
    jwks_uri: http::Uri,
    validation: Validation,
    options: CacheOptions,
    /// The keys and the fetch bookkeeping as last published: every
    /// verification reads it without a lock.
    state: ArcSwap<State>,
    /// Held while `state` changes (copy, edit, publish), so that two
    /// changes never race: only fetch starts, fetch ends and expiries.
    writer: Mutex<()>,
    tokens: TokenCache,
}

#[derive(Debug, Clone)]
struct State {
    keys: Option<KeySet>,
    last_attempt: Option<OffsetDateTime>,
    in_flight: Option<InFlight>,
    next_id: u64,
}

#[derive(Debug, Clone)]
struct KeySet {
    jwks: Arc<Jwks>,
    generation: u64,
    fresh_until: OffsetDateTime,
    usable_until: OffsetDateTime,
}

#[derive(Debug, Clone, Copy)]
struct InFlight {
    id: u64,
    started: OffsetDateTime,
}

/// A published state, held without touching its reference count (a
/// thread can hold a few such guards at once; a writer publishing
/// meanwhile takes over the reference).
type Snapshot = arc_swap::Guard<Arc<State>>;

/// What the verifier may do about keys right now.
enum KeyPlan {
    /// Verify with the keys of this state (fresh, or stale with a refresh
    /// running or throttled).
    Use(Snapshot),
    /// Verify with the stale keys of this state, and start a background
    /// refresh if the token turns out valid.
    UseStale(Snapshot),
    /// Hand out this fetch.
    Fetch(Box<JwksFetch>),
    /// A fetch is outstanding and there are no usable keys.
    Wait(FetchId),
    /// No usable keys and no fetch allowed yet.
    Unavailable,
}

/// [`KeyPlan`] as decided on a state, before it is paired with that state.
enum Decision {
    Use,
    UseStale,
    Wait(FetchId),
    Unavailable,
}

/// A decision read from a snapshot of the state that needs a fetch
/// started: it must be taken again under the writer lock.
struct MustStart;

fn add(t: OffsetDateTime, d: Duration) -> OffsetDateTime {
    t.saturating_add(time::Duration::try_from(d).unwrap_or(time::Duration::MAX))
}

impl CachedVerifier {
    /// A verifier fetching keys from `jwks_uri`, checking tokens with
    /// `validation`, caching by `options`. It starts with no keys: the first
    /// `verify` asks for a fetch.
    #[must_use]
    pub fn new(jwks_uri: http::Uri, validation: Validation, options: CacheOptions) -> Self {
        let tokens = TokenCache::new(options.token_cache_capacity());
        Self {
            jwks_uri,
            validation,
            options,
            state: ArcSwap::from_pointee(State {
                keys: None,
                last_attempt: None,
                in_flight: None,
                next_id: 1,
            }),
            writer: Mutex::new(()),
            tokens,
        }
    }

    /// The JWKS address.
    #[must_use]
    pub fn jwks_uri(&self) -> &http::Uri {
        &self.jwks_uri
    }

    /// The token checks.
    #[must_use]
    pub fn validation(&self) -> &Validation {
        &self.validation
    }

    /// The cache settings.
    #[must_use]
    pub fn options(&self) -> &CacheOptions {
        &self.options
    }

    /// How many verified tokens are remembered now.
    #[must_use]
    pub fn cached_tokens(&self) -> usize {
        self.tokens.len()
    }

    /// Changes the state under the writer lock: `change` edits a copy of
    /// the published state, which then replaces it. Readers see the state
    /// before or after, never a mix.
    fn update<R>(&self, change: impl FnOnce(&mut State) -> R) -> R {
        self.publish(change).0
    }

    /// [`Self::update`], answering also the state it published.
    fn publish<R>(&self, change: impl FnOnce(&mut State) -> R) -> (R, Arc<State>) {
        let _writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut next = State::clone(&self.state.load());
        let result = change(&mut next);
        let next = Arc::new(next);
        self.state.store(Arc::clone(&next));
        (result, next)
    }

    /// Verifies `token` at time `now`, or says what the driver must do first.
    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Verdict {
        let max_len = self.validation.max_token_len();
        if token.len() > max_len {
            return Verdict::Invalid(VerifyError::TooLong {
                len: token.len(),
                max: max_len,
            });
        }
        // Hashed once, up front: it is most of a cache lookup.
        let key = Fingerprint::of(token);
        if let Some(verdict) = self.cached(key, token, now) {
            return verdict;
        }
        let jws = match Jws::parse(token, max_len) {
            Ok(jws) => jws,
            Err(e) => return Verdict::Invalid(e),
        };
        // The second round runs only when keys changed during the first.
        let mut last_error = VerifyError::KeysUnavailable;
        for _ in 0..2 {
            let (keys, stale) = match self.plan(now) {
                KeyPlan::Use(keys) => (keys, false),
                KeyPlan::UseStale(keys) => (keys, true),
                KeyPlan::Fetch(fetch) => return Verdict::NeedJwks(*fetch),
                KeyPlan::Wait(id) => return Verdict::FetchInProgress { id },
                KeyPlan::Unavailable => return Verdict::Invalid(VerifyError::KeysUnavailable),
            };
            let generation = keys.generation();
            let outcome = keys
                .select(jws.kid())
                .and_then(|key| finish(&jws, key, &self.validation, now));
            drop(keys);
            match outcome {
                Ok(claims) => {
                    if self.state.load().generation() == generation {
                        self.tokens
                            .insert(key, token, claims.clone(), generation, now);
                    }
                    let fetch = if stale {
                        self.background_fetch(now, None)
                    } else {
                        None
                    };
                    let auth = AuthObject::from_claims(claims, token);
                    return match fetch {
                        Some(fetch) => Verdict::Revalidate {
                            auth,
                            fetch: Box::new(fetch),
                        },
                        None => Verdict::Valid(auth),
                    };
                }
                Err(e @ (VerifyError::UnknownKeyId | VerifyError::BadSignature)) => {
                    match self.refetch(now, generation) {
                        Some(KeyPlan::Fetch(fetch)) => return Verdict::NeedJwks(*fetch),
                        Some(KeyPlan::Wait(id)) => return Verdict::FetchInProgress { id },
                        Some(_) => return Verdict::Invalid(e),
                        None => last_error = e,
                    }
                }
                Err(e) => return Verdict::Invalid(e),
            }
        }
        Verdict::Invalid(last_error)
    }

    /// A verdict from the verified-token cache, when the keys are usable
    /// without waiting and the token is remembered for them. With stale
    /// keys that may be refreshed, the verdict also hands out that refresh.
    /// Takes no lock unless a fetch must be expired or started.
    fn cached(&self, key: Fingerprint, token: &str, now: OffsetDateTime) -> Option<Verdict> {
        let timeout = self.options.fetch_timeout();
        // The generation to look the token up under, and whether a valid
        // token should trigger a refresh.
        let look = |state: &State| match state.key_status(now) {
            Status::Fresh(k) => Some((k.generation, false)),
            Status::Stale(k) => Some((k.generation, state.may_fetch(now, &self.options))),
            Status::Dead => None,
        };
        let snapshot = self.state.load();
        let looked = if snapshot.fetch_expired(now, timeout) {
            drop(snapshot);
            self.update(|state| {
                state.expire_fetch(now, timeout);
                look(state)
            })
        } else {
            look(&snapshot)
        };
        let (generation, renew) = looked?;
        let checked = self.tokens.with(key, token, generation, |claims| {
            self.validation
                .check(claims, now)
                .map(|()| AuthObject::from_claims(claims.clone(), token))
        })?;
        match checked {
            Ok(auth) => {
                let fetch = if renew {
                    self.background_fetch(now, Some(generation))
                } else {
                    None
                };
                Some(match fetch {
                    Some(fetch) => Verdict::Revalidate {
                        auth,
                        fetch: Box::new(fetch),
                    },
                    None => Verdict::Valid(auth),
                })
            }
            Err(e) => {
                self.tokens.remove(key, token);
                Some(Verdict::Invalid(e))
            }
        }
    }

    /// Starts the background refresh of stale keys, if they are stale now
    /// (and of `generation`, when given) and a fetch may start. Looks at the
    /// published state first, and takes the writer lock only to start it.
    fn background_fetch(&self, now: OffsetDateTime, generation: Option<u64>) -> Option<JwksFetch> {
        let wanted = |state: &State| match state.key_status(now) {
            Status::Stale(k) => {
                generation.is_none_or(|g| g == k.generation) && state.may_fetch(now, &self.options)
            }
            Status::Fresh(_) | Status::Dead => false,
        };
        if !wanted(&self.state.load()) {
            return None;
        }
        self.update(|state| wanted(state).then(|| state.start_fetch(now, &self.jwks_uri)))
    }

    /// Chooses keys for a fresh verification: from the published state,
    /// or under the writer lock when a fetch must be expired or started.
    fn plan(&self, now: OffsetDateTime) -> KeyPlan {
        let timeout = self.options.fetch_timeout();
        let snapshot = self.state.load();
        if !snapshot.fetch_expired(now, timeout) {
            if let Ok(decision) = self.decide(&snapshot, now) {
                return decision.with(snapshot);
            }
        }
        drop(snapshot);
        let (decision, published) = self.publish(|state| {
            state.expire_fetch(now, timeout);
            self.decide(state, now)
                .map_err(|MustStart| Box::new(state.start_fetch(now, &self.jwks_uri)))
        });
        match decision {
            Ok(decision) => decision.with(Snapshot::from_inner(published)),
            Err(fetch) => KeyPlan::Fetch(fetch),
        }
    }

    fn decide(&self, state: &State, now: OffsetDateTime) -> Result<Decision, MustStart> {
        let may_fetch = state.may_fetch(now, &self.options);
        Ok(match state.key_status(now) {
            Status::Fresh(_) => Decision::Use,
            Status::Stale(_) if !may_fetch => Decision::Use,
            Status::Stale(_) => Decision::UseStale,
            Status::Dead if may_fetch => return Err(MustStart),
            Status::Dead => state
                .in_flight
                .map_or(Decision::Unavailable, |f| Decision::Wait(FetchId(f.id))),
        })
    }

    /// After an unknown `kid` or a bad signature with keys of `generation`:
    /// `None` to retry (keys changed meanwhile), else a fetch, a wait, or
    /// `Unavailable` meaning "refuse the token".
    fn refetch(&self, now: OffsetDateTime, generation: u64) -> Option<KeyPlan> {
        let timeout = self.options.fetch_timeout();
        let snapshot = self.state.load();
        if !snapshot.fetch_expired(now, timeout) {
            if let Ok(plan) = self.refetch_in(&snapshot, now, generation) {
                return plan;
            }
        }
        drop(snapshot);
        self.update(|state| {
            state.expire_fetch(now, timeout);
            match self.refetch_in(state, now, generation) {
                Ok(plan) => plan,
                Err(MustStart) => Some(KeyPlan::Fetch(Box::new(
                    state.start_fetch(now, &self.jwks_uri),
                ))),
            }
        })
    }

    fn refetch_in(
        &self,
        state: &State,
        now: OffsetDateTime,
        generation: u64,
    ) -> Result<Option<KeyPlan>, MustStart> {
        if state
            .keys
            .as_ref()
            .is_some_and(|k| k.generation != generation)
        {
            return Ok(None);
        }
        if state.may_fetch(now, &self.options) {
            return Err(MustStart);
        }
        Ok(Some(state.in_flight.map_or(KeyPlan::Unavailable, |f| {
            KeyPlan::Wait(FetchId(f.id))
        })))
    }

    /// Reports the answer to fetch `id`. A 200 answer with a JWKS holding
    /// at least one usable key replaces the keys (fresh for the TTL, or less
    /// if `Cache-Control: max-age` says so); anything else counts as a failed
    /// fetch and the previous keys stay (stale-if-error applies).
    ///
    /// # Errors
    /// [`JwksFetchError::NotOutstanding`] when `id` is not the outstanding
    /// fetch (already answered, or past the fetch timeout): nothing changes.
    /// [`JwksFetchError::Status`] for any status but 200,
    /// [`JwksFetchError::Body`] for a body that is not a JWKS, and
    /// [`JwksFetchError::NoUsableKeys`] for a JWKS without a usable key:
    /// the fetch counts as failed.
    pub fn handle_jwks_response(
        &self,
        id: FetchId,
        response: http::Response<Vec<u8>>,
        now: OffsetDateTime,
    ) -> Result<KeysInstalled, JwksFetchError> {
        // Parse outside the lock, then end the fetch and install the keys
        // in one change of the state: a caller must never see the fetch
        // over and the new keys not yet there (it would start a fetch or
        // give up for nothing).
        let status = response.status();
        let parsed = if status == http::StatusCode::OK {
            Jwks::from_json(response.body())
                .map_err(JwksFetchError::from)
                .and_then(|jwks| {
                    if jwks.is_empty() {
                        Err(JwksFetchError::NoUsableKeys {
                            skipped: jwks.skipped(),
                        })
                    } else {
                        Ok(jwks)
                    }
                })
        } else {
            Err(JwksFetchError::Status {
                status: status.as_u16(),
            })
        };
        let ttl = cache_control::max_age(response.headers())
            .map_or(self.options.key_ttl(), |max_age| {
                max_age.min(self.options.key_ttl())
            });
        let outcome = self.update(|state| -> Result<_, JwksFetchError> {
            self.end_fetch_locked(state, id, now)?;
            Ok(match parsed {
                Ok(jwks) => Ok(self.install_locked(state, jwks, ttl, now)),
                Err(error) => Err((error, state.keys.as_ref().map_or(0, |k| k.jwks.len()))),
            })
        })?;
        outcome.map_err(|(error, kept)| {
            tracing::warn!(
                fetch = id.get(),
                status = status.as_u16(),
                body_bytes = response.body().len(),
                kept_keys = kept,
                %error,
                "jwks answer refused; the previous keys stay"
            );
            error
        })
    }

    fn install_locked(
        &self,
        state: &mut State,
        jwks: Jwks,
        ttl: Duration,
        now: OffsetDateTime,
    ) -> KeysInstalled {
        let (keys, skipped) = (jwks.len(), jwks.skipped());
        let (generation, changed) = match &state.keys {
            Some(old) if *old.jwks == jwks => (old.generation, false),
            Some(old) => (old.generation + 1, true),
            None => (1, true),
        };
        let fresh_until = add(now, ttl);
        state.keys = Some(KeySet {
            jwks: Arc::new(jwks),
            generation,
            fresh_until,
            usable_until: add(fresh_until, self.options.max_stale()),
        });
        KeysInstalled {
            keys,
            skipped,
            changed,
            fresh_until,
        }
    }

    /// Reports that fetch `id` failed (no answer, transport error, body too
    /// large). The previous keys stay; the next fetch waits for the
    /// refetch interval counted from this one's start.
    ///
    /// # Errors
    /// [`JwksFetchError::NotOutstanding`] when `id` is not the outstanding
    /// fetch: nothing changes.
    pub fn handle_jwks_failure(
        &self,
        id: FetchId,
        now: OffsetDateTime,
    ) -> Result<(), JwksFetchError> {
        self.update(|state| self.end_fetch_locked(state, id, now))
    }

    fn end_fetch_locked(
        &self,
        state: &mut State,
        id: FetchId,
        now: OffsetDateTime,
    ) -> Result<(), JwksFetchError> {
        state.expire_fetch(now, self.options.fetch_timeout());
        match state.in_flight {
            Some(f) if f.id == id.0 => {
                state.in_flight = None;
                Ok(())
            }
            _ => Err(JwksFetchError::NotOutstanding { id }),
        }
    }
}

impl Decision {
    /// The plan: this decision, with the state it was taken on.
    fn with(self, state: Snapshot) -> KeyPlan {
        match self {
            Self::Use => KeyPlan::Use(state),
            Self::UseStale => KeyPlan::UseStale(state),
            Self::Wait(id) => KeyPlan::Wait(id),
            Self::Unavailable => KeyPlan::Unavailable,
        }
    }
}

enum Status<'a> {
    Fresh(&'a KeySet),
    Stale(&'a KeySet),
    Dead,
}

impl State {
    /// The key set's generation; 0 without keys (sets count from 1).
    fn generation(&self) -> u64 {
        self.keys.as_ref().map_or(0, |k| k.generation)
    }

    /// The key for `kid` (none without keys).
    fn select(&self, kid: Option<&str>) -> Result<&crate::key::PublicKey, VerifyError> {
        match &self.keys {
            Some(keys) => keys.jwks.select(kid),
            None => Err(VerifyError::UnknownKeyId),
        }
    }

    fn key_status(&self, now: OffsetDateTime) -> Status<'_> {
        match &self.keys {
            Some(k) if now < k.fresh_until => Status::Fresh(k),
            Some(k) if now < k.usable_until => Status::Stale(k),
            _ => Status::Dead,
        }
    }

    /// Whether the outstanding fetch, if any, has been unanswered for
    /// longer than `timeout` (it counts as failed). A clock that moved back
    /// more than `timeout` before the fetch's start counts as the timeout
    /// elapsed: the fetch could otherwise block the cache until the clock
    /// caught up. (A smaller step back is not a clock step: concurrent
    /// callers read the clock before they read the state, so their `now`
    /// may trail a fetch started by another; such a fetch still expires
    /// within twice the timeout.)
    fn fetch_expired(&self, now: OffsetDateTime, timeout: Duration) -> bool {
        self.in_flight
            .is_some_and(|f| add(now, timeout) < f.started || now >= add(f.started, timeout))
    }

    /// Forgets the outstanding fetch if [`Self::fetch_expired`].
    fn expire_fetch(&mut self, now: OffsetDateTime, timeout: Duration) {
        if self.fetch_expired(now, timeout) {
            self.in_flight = None;
        }
    }

    /// Whether a fetch may start: none outstanding, and the refetch
    /// interval elapsed since the last start, or the clock moved back by
    /// more than the interval before it (a wall clock stepped back must not
    /// hold key rotation off until it catches up; a smaller step back, such
    /// as a concurrent caller's earlier reading of the clock, delays the
    /// next fetch by less than one more interval).
    fn may_fetch(&self, now: OffsetDateTime, options: &CacheOptions) -> bool {
        let interval = options.min_refetch_interval();
        self.in_flight.is_none()
            && self
                .last_attempt
                .is_none_or(|t| add(now, interval) < t || now >= add(t, interval))
    }

    fn start_fetch(&mut self, now: OffsetDateTime, uri: &http::Uri) -> JwksFetch {
        let id = self.next_id;
        self.next_id += 1;
        self.last_attempt = Some(now);
        self.in_flight = Some(InFlight { id, started: now });
        let mut request = http::Request::new(Vec::new());
        *request.uri_mut() = uri.clone();
        request
            .headers_mut()
            .insert(ACCEPT, HeaderValue::from_static("application/json"));
        JwksFetch {
            id: FetchId(id),
            request,
        }
    }
}

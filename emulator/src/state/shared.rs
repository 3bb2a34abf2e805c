//! The state every request handler shares.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use time::OffsetDateTime;

use super::store::Store;
use crate::config::EmulatorConfig;
use crate::crypto::keys::KeyRing;
use crate::crypto::random::{self, Rng};
use crate::error::EmulatorError;
use crate::faults::FaultTable;
use crate::seed::Seed;
use crate::seed_data::{SeedData, SeedDoc};

/// The data behind one lock: the records and the signing keys.
#[derive(Debug)]
pub(crate) struct World {
    pub(crate) store: Store,
    pub(crate) keys: KeyRing,
}

/// Everything a running emulator holds.
pub(crate) struct Shared {
    pub(crate) config: EmulatorConfig,
    pub(crate) seed: Seed,
    /// What the emulator started from, and returns to on reset.
    start: SeedDoc,
    /// The emulator's random generator (see `crypto::random`).
    pub(crate) rng: Rng,
    /// Read by routes that only look (several at once), written by the others.
    world: RwLock<World>,
    faults: Mutex<FaultTable>,
    counts: Mutex<BTreeMap<(String, String), u64>>,
}

/// The handle routes get.
pub(crate) type AppState = Arc<Shared>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// Seeds the generator from the configured source, then the records and a key.
    ///
    /// # Errors
    /// [`EmulatorError::Random`] when the random source fails.
    pub(crate) fn new(config: EmulatorConfig) -> Result<Self, EmulatorError> {
        let rng = Rng::seeded_from(config.random_source()).map_err(EmulatorError::Random)?;
        Ok(random::sync_scope(&rng.clone(), || {
            let start = match config.seed_data() {
                Some(data) => data.doc.clone(),
                None => super::seed::default_doc(&config),
            };
            let seed = super::load::primary(&start);
            let store = super::load::build(&start, config.clock().now());
            Self {
                config,
                seed,
                start,
                rng,
                world: RwLock::new(World {
                    store,
                    keys: KeyRing::new(),
                }),
                faults: Mutex::new(FaultTable::default()),
                counts: Mutex::new(BTreeMap::new()),
            }
        }))
    }

    /// Runs `f` with this emulator's generator (for code outside a request).
    pub(crate) fn with_rng<R>(&self, f: impl FnOnce() -> R) -> R {
        random::sync_scope(&self.rng, f)
    }

    /// The current time of the emulator's clock.
    pub(crate) fn now(&self) -> OffsetDateTime {
        self.config.clock().now()
    }

    /// The state, for a route that changes it.
    pub(crate) fn world(&self) -> RwLockWriteGuard<'_, World> {
        self.world.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The state, for a route that only reads it.
    pub(crate) fn world_read(&self) -> RwLockReadGuard<'_, World> {
        self.world.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, FaultTable> {
        lock(&self.faults)
    }

    /// Counts one request.
    pub(crate) fn count(&self, method: &str, path: &str) {
        *lock(&self.counts)
            .entry((method.to_owned(), path.to_owned()))
            .or_insert(0) += 1;
    }

    /// Requests seen for `method` and `path`.
    pub(crate) fn request_count(&self, method: &str, path: &str) -> u64 {
        lock(&self.counts)
            .get(&(method.to_ascii_uppercase(), path.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// All counts, by method and path.
    pub(crate) fn request_counts(&self) -> Vec<(String, String, u64)> {
        lock(&self.counts)
            .iter()
            .map(|((m, p), n)| (m.clone(), p.clone(), *n))
            .collect()
    }

    /// Forgets all request counts.
    pub(crate) fn clear_request_counts(&self) {
        lock(&self.counts).clear();
    }

    /// The starting-state part of the current state, in the seed format.
    pub(crate) fn export(&self) -> SeedData {
        SeedData {
            doc: super::load::export(&self.world_read().store),
        }
    }

    /// The current TOTP code of a user (id or email) with MFA on, or of a base32 secret.
    pub(crate) fn totp_code(&self, user: &str) -> Option<String> {
        let secret = {
            let w = self.world_read();
            let wanted = user.trim().to_ascii_lowercase();
            let app = w
                .store
                .app_users
                .iter()
                .find(|u| u.id == user || u.email == wanted)
                .map(|u| u.mfa.secret.clone());
            let platform = || {
                w.store
                    .platform_users
                    .iter()
                    .find(|u| u.id == user || u.email == wanted)
                    .map(|u| u.mfa.secret.clone())
            };
            match app.or_else(platform) {
                Some(secret) => secret?,
                None => inai_auth_core::totp::base32_decode(user).ok()?,
            }
        };
        if secret.is_empty() {
            return None;
        }
        let now = u64::try_from(self.now().unix_timestamp()).unwrap_or(0);
        Some(inai_auth_core::totp::code_at_step(
            &secret,
            now / inai_auth_core::totp::STEP_SECONDS,
        ))
    }

    /// Back to the seed: records, outbox, faults and counts; the signing keys stay.
    pub(crate) fn reset(&self) {
        let store = self.with_rng(|| super::load::build(&self.start, self.now()));
        self.world().store = store;
        self.faults().clear();
        lock(&self.counts).clear();
    }
}

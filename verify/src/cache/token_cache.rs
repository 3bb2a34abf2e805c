//! Tokens already verified, so that a repeated token skips the signature.
//!
//! Keyed by a 64-bit fingerprint of the token, computed by the caller
//! before it takes the cache's lock (hashing a token of several hundred
//! bytes is most of a lookup), and then compared in full with the stored
//! text, so a fingerprint collision is a miss, never a wrong hit. An entry
//! is valid only for the key-set generation that verified it; time rules
//! and pins are checked again by the caller on every hit.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, OnceLock};

use time::OffsetDateTime;

use crate::claims::Claims;

struct Entry {
    token: Box<str>,
    claims: Arc<Claims>,
    generation: u64,
}

/// A token's fingerprint: SipHash with keys random per process (so that
/// nobody can aim tokens at one bucket).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Fingerprint(u64);

impl Fingerprint {
    pub(crate) fn of(token: &str) -> Self {
        static KEYS: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
        let mut hasher = KEYS
            .get_or_init(std::collections::hash_map::RandomState::new)
            .build_hasher();
        hasher.write(token.as_bytes());
        Self(hasher.finish())
    }
}

/// The map's own hasher: the fingerprint already is a hash.
#[derive(Default, Clone, Copy)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Map = HashMap<Fingerprint, Entry, std::hash::BuildHasherDefault<PassThrough>>;

/// A bounded map from token to verified claims. Its `Debug` shows sizes
/// only: the keys are tokens, which are secrets.
pub(crate) struct TokenCache {
    entries: Map,
    capacity: usize,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("len", &self.entries.len())
            .field("capacity", &self.capacity)
            .finish()
    }
}

impl TokenCache {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            entries: Map::default(),
            capacity,
        }
    }

    /// The claims verified for `token` (of fingerprint `key`) under
    /// key-set `generation`.
    pub(crate) fn get(
        &self,
        key: Fingerprint,
        token: &str,
        generation: u64,
    ) -> Option<Arc<Claims>> {
        self.entries
            .get(&key)
            .filter(|e| e.generation == generation && *e.token == *token)
            .map(|e| Arc::clone(&e.claims))
    }

    pub(crate) fn remove(&mut self, key: Fingerprint, token: &str) {
        if self.entries.get(&key).is_some_and(|e| *e.token == *token) {
            self.entries.remove(&key);
        }
    }

    /// Remembers a verified token, making room if full: first by dropping
    /// expired entries and other generations, then an arbitrary eighth.
    pub(crate) fn insert(
        &mut self,
        key: Fingerprint,
        token: &str,
        claims: Claims,
        generation: u64,
        now: OffsetDateTime,
    ) {
        if self.capacity == 0 {
            return;
        }
        if self.entries.len() >= self.capacity && !self.entries.contains_key(&key) {
            self.entries
                .retain(|_, e| e.generation == generation && e.claims.exp > now);
            if self.entries.len() >= self.capacity {
                let excess = self.entries.len() + 1 - self.capacity;
                let drop = excess.max(self.capacity / 8);
                let victims: Vec<Fingerprint> = self.entries.keys().take(drop).copied().collect();
                for victim in victims {
                    self.entries.remove(&victim);
                }
            }
        }
        self.entries.insert(
            key,
            Entry {
                token: token.into(),
                claims: Arc::new(claims),
                generation,
            },
        );
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

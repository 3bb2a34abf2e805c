//! Tokens already verified, so that a repeated token skips the signature.
//!
//! Keyed by a 64-bit fingerprint of the token, computed by the caller
//! before it looks anything up (hashing a token of several hundred bytes is
//! most of a lookup), and then compared in full with the stored text, so a
//! fingerprint collision is a miss, never a wrong hit. An entry is valid
//! only for the key-set generation that verified it; time rules and pins
//! are checked again by the caller on every hit.
//!
//! Built for many threads hitting it at once: the entries are split into
//! shards by fingerprint, and each shard's map is published through an
//! [`ArcSwap`]. A lookup reads the published map without taking a lock and
//! without writing to memory that other threads use (no lock word, no
//! reference count), so threads verifying the same token, or different
//! ones, never make each other wait. A change (insert, eviction, removal)
//! copies the shard's map under the shard's own mutex and publishes the
//! copy: shards are kept small (about [`SHARD_TARGET`] entries) so that
//! the copy costs little next to the signature check that precedes every
//! insert.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use arc_swap::ArcSwap;
use time::OffsetDateTime;

use crate::claims::Claims;

/// How many entries a shard holds when the cache is full, at most (unless
/// the capacity needs more than [`MAX_SHARDS`] shards of it).
pub(crate) const SHARD_TARGET: usize = 64;

/// The most shards a cache is split into.
pub(crate) const MAX_SHARDS: usize = 4096;

struct Entry {
    token: Box<str>,
    claims: Claims,
    generation: u64,
}

/// A token's fingerprint: SipHash with keys random per process (so that
/// nobody can aim tokens at one bucket or one shard).
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

    /// The shard index, from bits the maps do not use: a map takes its
    /// bucket from the low bits of the hash and its tag from the top seven.
    fn shard(self, mask: usize) -> usize {
        usize::try_from(self.0 >> 40).unwrap_or(0) & mask
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

type Map = HashMap<Fingerprint, Arc<Entry>, std::hash::BuildHasherDefault<PassThrough>>;

/// One shard: its published map, the lock its writers take, and its part
/// of the capacity. Aligned to two cache lines so that writes to one shard
/// never disturb readers of its neighbours.
#[repr(align(128))]
struct Shard {
    map: ArcSwap<Map>,
    writer: Mutex<()>,
    capacity: usize,
}

impl Shard {
    /// Under the shard's writer lock, hands the published map to `change`
    /// and publishes the new map it answers (`None`: nothing to change).
    fn update(&self, change: impl FnOnce(&Map) -> Option<Map>) {
        let _writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(next) = change(&self.map.load()) {
            self.map.store(Arc::new(next));
        }
    }
}

/// A bounded map from token to verified claims. Its `Debug` shows sizes
/// only: the keys are tokens, which are secrets.
pub(crate) struct TokenCache {
    shards: Box<[Shard]>,
    capacity: usize,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("len", &self.len())
            .field("capacity", &self.capacity)
            .field("shards", &self.shards.len())
            .finish()
    }
}

impl TokenCache {
    /// A cache of at most `capacity` tokens, split into a power of two of
    /// shards that each hold an equal part of it (to within one).
    pub(crate) fn new(capacity: usize) -> Self {
        let count = capacity
            .div_ceil(SHARD_TARGET)
            .max(1)
            .next_power_of_two()
            .min(MAX_SHARDS);
        let (base, extra) = (capacity / count, capacity % count);
        let shards = (0..count)
            .map(|i| Shard {
                map: ArcSwap::from_pointee(Map::default()),
                writer: Mutex::new(()),
                capacity: base + usize::from(i < extra),
            })
            .collect();
        Self { shards, capacity }
    }

    fn shard(&self, key: Fingerprint) -> Option<&Shard> {
        self.shards.get(key.shard(self.shards.len() - 1))
    }

    /// Runs `read` on the claims verified for `token` (of fingerprint
    /// `key`) under key-set `generation`, if remembered: without a lock and
    /// without writing to anything another thread reads. (`read` builds
    /// the answer in place: moving claims out by value costs copies of a
    /// few hundred bytes each, a tenth of a hit.)
    pub(crate) fn with<R>(
        &self,
        key: Fingerprint,
        token: &str,
        generation: u64,
        read: impl FnOnce(&Claims) -> R,
    ) -> Option<R> {
        let map = self.shard(key)?.map.load();
        map.get(&key)
            .filter(|e| e.generation == generation && *e.token == *token)
            .map(|e| read(&e.claims))
    }

    /// A copy of the claims remembered for `token` (see [`Self::with`]).
    #[cfg(test)]
    pub(crate) fn get(&self, key: Fingerprint, token: &str, generation: u64) -> Option<Claims> {
        self.with(key, token, generation, Claims::clone)
    }

    pub(crate) fn remove(&self, key: Fingerprint, token: &str) {
        let Some(shard) = self.shard(key) else { return };
        shard.update(|map| {
            let found = map.get(&key).is_some_and(|e| *e.token == *token);
            found.then(|| {
                let mut copy = map.clone();
                copy.remove(&key);
                copy
            })
        });
    }

    /// Remembers a verified token, making room if its shard is full: first
    /// by dropping expired entries and other generations, then an arbitrary
    /// eighth of the shard.
    pub(crate) fn insert(
        &self,
        key: Fingerprint,
        token: &str,
        claims: Claims,
        generation: u64,
        now: OffsetDateTime,
    ) {
        let Some(shard) = self.shard(key) else { return };
        let capacity = shard.capacity;
        if capacity == 0 {
            return;
        }
        let entry = Arc::new(Entry {
            token: token.into(),
            claims,
            generation,
        });
        shard.update(|map| {
            if map
                .get(&key)
                .is_some_and(|e| e.generation == generation && *e.token == *token)
            {
                // Another thread verified the same token meanwhile.
                return None;
            }
            let mut copy = if map.len() >= capacity && !map.contains_key(&key) {
                let mut kept: Map = map
                    .iter()
                    .filter(|(_, e)| e.generation == generation && e.claims.exp > now)
                    .map(|(k, e)| (*k, Arc::clone(e)))
                    .collect();
                if kept.len() >= capacity {
                    let excess = kept.len() + 1 - capacity;
                    let drop = excess.max(capacity / 8);
                    let victims: Vec<Fingerprint> = kept.keys().take(drop).copied().collect();
                    for victim in victims {
                        kept.remove(&victim);
                    }
                }
                kept
            } else {
                map.clone()
            };
            copy.insert(key, entry);
            Some(copy)
        });
    }

    /// How many tokens are remembered (a sum over the shards, each read at
    /// a slightly different moment).
    pub(crate) fn len(&self) -> usize {
        self.shards.iter().map(|s| s.map.load().len()).sum()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::claims::TokenType;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

    fn claims(exp: OffsetDateTime) -> Claims {
        Claims::new("user_1", TokenType::AppUser, "tenant_1", "a@b.c", exp)
    }

    fn token(i: usize) -> String {
        format!("header.payload-{i}.signature")
    }

    /// Each shard's length and part of the capacity.
    fn shard_sizes(cache: &TokenCache) -> Vec<(usize, usize)> {
        cache
            .shards
            .iter()
            .map(|s| (s.map.load().len(), s.capacity))
            .collect()
    }

    #[test]
    fn the_shards_share_the_capacity_exactly() {
        for capacity in [0, 1, 4, 63, 64, 65, 100, 4096, 5000, 1 << 20, 1 << 24] {
            let cache = TokenCache::new(capacity);
            let count = cache.shards.len();
            assert!(count.is_power_of_two() && count <= MAX_SHARDS, "{capacity}");
            let parts: Vec<usize> = cache.shards.iter().map(|s| s.capacity).collect();
            assert_eq!(parts.iter().sum::<usize>(), capacity);
            let (least, most) = (parts.iter().min().unwrap(), parts.iter().max().unwrap());
            assert!(most - least <= 1, "{capacity}: {least}..{most}");
            if capacity >= MAX_SHARDS * SHARD_TARGET {
                assert_eq!(count, MAX_SHARDS);
            } else {
                assert!(*most <= SHARD_TARGET, "{capacity}: {most}");
            }
        }
        assert_eq!(TokenCache::new(4096).shards.len(), 64);
        assert_eq!(TokenCache::new(100).shards.len(), 2);
    }

    #[test]
    fn a_full_cache_stays_within_its_capacity_in_every_shard() {
        let cache = TokenCache::new(256);
        assert_eq!(cache.shards.len(), 4);
        let exp = datetime!(2026-01-01 01:00 UTC);
        for i in 0..2000 {
            let t = token(i);
            cache.insert(Fingerprint::of(&t), &t, claims(exp), 1, NOW);
            assert!(cache.len() <= 256);
            for (len, capacity) in shard_sizes(&cache) {
                assert!(len <= capacity, "{len} > {capacity}");
            }
            // The token just inserted is always there.
            assert!(cache.get(Fingerprint::of(&t), &t, 1).is_some());
        }
        // Evicting an eighth at a time keeps every shard nearly full.
        assert!(cache.len() >= 256 - 4 * 8, "{}", cache.len());
    }

    #[test]
    fn a_full_shard_drops_expired_entries_and_other_generations_first() {
        let cache = TokenCache::new(8);
        assert_eq!(cache.shards.len(), 1);
        let later = datetime!(2026-01-01 01:00 UTC);
        for i in 0..4 {
            let t = token(i);
            cache.insert(Fingerprint::of(&t), &t, claims(later), 1, NOW);
        }
        for i in 4..8 {
            let t = token(i);
            cache.insert(Fingerprint::of(&t), &t, claims(NOW), 1, NOW);
        }
        assert_eq!(cache.len(), 8);
        // Full: the four expired entries go, the four live ones stay.
        let t = token(8);
        cache.insert(Fingerprint::of(&t), &t, claims(later), 1, NOW);
        assert_eq!(cache.len(), 5);
        for i in (0..4).chain([8]) {
            let t = token(i);
            assert!(cache.get(Fingerprint::of(&t), &t, 1).is_some(), "{i}");
        }
        // Fill again, then insert under a new generation: the old one goes.
        for i in 9..12 {
            let t = token(i);
            cache.insert(Fingerprint::of(&t), &t, claims(later), 1, NOW);
        }
        assert_eq!(cache.len(), 8);
        let t = token(12);
        cache.insert(Fingerprint::of(&t), &t, claims(later), 2, NOW);
        assert_eq!(cache.len(), 1);
        // Nothing to drop: an arbitrary eighth (here one entry) goes.
        for i in 13..20 {
            let t = token(i);
            cache.insert(Fingerprint::of(&t), &t, claims(later), 2, NOW);
        }
        assert_eq!(cache.len(), 8);
        let t = token(20);
        cache.insert(Fingerprint::of(&t), &t, claims(later), 2, NOW);
        assert_eq!(cache.len(), 8);
        assert!(cache.get(Fingerprint::of(&t), &t, 2).is_some());
    }

    #[test]
    fn a_lookup_needs_the_whole_token_and_the_generation() {
        let cache = TokenCache::new(16);
        let t = token(1);
        let key = Fingerprint::of(&t);
        cache.insert(key, &t, claims(NOW), 3, NOW);
        assert_eq!(cache.get(key, &t, 3), Some(claims(NOW)));
        assert_eq!(cache.get(key, &t, 4), None);
        // A colliding fingerprint is a miss, and cannot remove the entry.
        assert_eq!(cache.get(key, &token(2), 3), None);
        cache.remove(key, &token(2));
        assert_eq!(cache.len(), 1);
        cache.remove(key, &t);
        assert_eq!(cache.len(), 0);
        let off = TokenCache::new(0);
        off.insert(key, &t, claims(NOW), 3, NOW);
        assert_eq!(off.len(), 0);
        assert_eq!(off.get(key, &t, 3), None);
    }

    /// Copy-on-write under each shard's writer lock loses no insert made
    /// by threads at the same time, and readers always see whole maps.
    #[test]
    fn concurrent_inserts_are_all_kept() {
        let cache = TokenCache::new(4096);
        let threads = 4;
        let per_thread = 200;
        std::thread::scope(|s| {
            for n in 0..threads {
                let cache = &cache;
                s.spawn(move || {
                    for i in 0..per_thread {
                        let t = token(n * per_thread + i);
                        let key = Fingerprint::of(&t);
                        cache.insert(key, &t, claims(NOW), 1, NOW);
                        assert!(cache.get(key, &t, 1).is_some());
                    }
                });
            }
        });
        // 800 tokens over 64 shards of 64: no shard comes near full.
        assert_eq!(cache.len(), threads * per_thread);
        for i in 0..threads * per_thread {
            let t = token(i);
            assert!(cache.get(Fingerprint::of(&t), &t, 1).is_some(), "{i}");
        }
    }

    #[test]
    fn debug_shows_sizes_only() {
        let cache = TokenCache::new(16);
        let t = token(7);
        cache.insert(Fingerprint::of(&t), &t, claims(NOW), 1, NOW);
        let debug = format!("{cache:?}");
        assert_eq!(debug, "TokenCache { len: 1, capacity: 16, shards: 1 }");
    }
}

//! Tokens already verified, so that a repeated token skips the signature.
//!
//! Keyed by the exact token text (compared in full by the map). An entry is
//! valid only for the key-set generation that verified it; time rules and
//! pins are checked again by the caller on every hit.

use std::collections::HashMap;
use std::sync::Arc;

use time::OffsetDateTime;

use crate::claims::Claims;

struct Entry {
    claims: Arc<Claims>,
    generation: u64,
}

/// A bounded map from token to verified claims. Its `Debug` shows sizes
/// only: the keys are tokens, which are secrets.
pub(crate) struct TokenCache {
    entries: HashMap<Box<str>, Entry>,
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
            entries: HashMap::new(),
            capacity,
        }
    }

    /// The claims verified for `token` under key-set `generation`.
    pub(crate) fn get(&self, token: &str, generation: u64) -> Option<Arc<Claims>> {
        self.entries
            .get(token)
            .filter(|e| e.generation == generation)
            .map(|e| Arc::clone(&e.claims))
    }

    pub(crate) fn remove(&mut self, token: &str) {
        self.entries.remove(token);
    }

    /// Remembers a verified token, making room if full: first by dropping
    /// expired entries and other generations, then an arbitrary eighth.
    pub(crate) fn insert(
        &mut self,
        token: &str,
        claims: Claims,
        generation: u64,
        now: OffsetDateTime,
    ) {
        if self.capacity == 0 {
            return;
        }
        if self.entries.len() >= self.capacity && !self.entries.contains_key(token) {
            self.entries
                .retain(|_, e| e.generation == generation && e.claims.exp > now);
            if self.entries.len() >= self.capacity {
                let excess = self.entries.len() + 1 - self.capacity;
                let drop = excess.max(self.capacity / 8);
                let victims: Vec<Box<str>> = self.entries.keys().take(drop).cloned().collect();
                for victim in victims {
                    self.entries.remove(&victim);
                }
            }
        }
        self.entries.insert(
            token.into(),
            Entry {
                claims: Arc::new(claims),
                generation,
            },
        );
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

//! Random jitter for retry backoff, without a random-number crate.
//!
//! The retry decisions themselves stay pure ([`RetryPolicy`](super::RetryPolicy)
//! takes the jitter as an argument); this is the source both drivers pass in.
//!
//! Each draw hashes a process-wide counter with the standard library's
//! randomly keyed SipHash (`RandomState`), giving values spread evenly over
//! `[0, 1)`. That is plenty to de-synchronise clients that retry at once; it
//! is not, and need not be, cryptographic.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

static KEYS: OnceLock<RandomState> = OnceLock::new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh fraction in `[0, 1)`, for the `jitter` argument of
/// [`RetryPolicy`](super::RetryPolicy)'s decisions. Not cryptographic.
#[must_use]
pub fn jitter() -> f64 {
    let keys = KEYS.get_or_init(RandomState::new);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let bits = keys.hash_one(n) >> 11; // 53 significant bits
    #[allow(clippy::cast_precision_loss)]
    let value = bits as f64 / (1u64 << 53) as f64;
    value
}

#[cfg(test)]
mod tests {
    use super::jitter;

    #[test]
    fn fractions_are_in_range_and_spread() {
        let draws: Vec<f64> = (0..2000).map(|_| jitter()).collect();
        assert!(draws.iter().all(|x| (0.0..1.0).contains(x)));
        let low = draws.iter().filter(|x| **x < 0.5).count();
        assert!((800..1200).contains(&low), "{low} of 2000 below one half");
    }
}

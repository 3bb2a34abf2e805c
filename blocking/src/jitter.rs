//! Random numbers for backoff jitter, without a random-number crate.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A number in `[0, 1)`, different on every call. Good enough to spread
/// retries; not for anything secret.
pub(crate) fn jitter() -> f64 {
    // RandomState carries per-process random keys; the counter makes each
    // call's input differ.
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let bits = hasher.finish() >> 11; // 53 bits: exact in an f64
    #[allow(clippy::cast_precision_loss)]
    let value = bits as f64 / (1u64 << 53) as f64;
    value
}

#[cfg(test)]
mod tests {
    use super::jitter;

    #[test]
    fn stays_in_range_and_varies() {
        let values: Vec<f64> = (0..1000).map(|_| jitter()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let low = values.iter().filter(|v| **v < 0.5).count();
        assert!((300..700).contains(&low), "{low} of 1000 below 0.5");
    }
}

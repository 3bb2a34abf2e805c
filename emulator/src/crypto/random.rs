//! Random identifiers and secrets from the operating system's generator.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// `n` random bytes. Falls back to a hash of the time and a counter only if the
/// operating system refuses, which on supported platforms does not happen.
pub(crate) fn bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    if getrandom::fill(&mut buf).is_err() {
        fallback_fill(&mut buf);
    }
    buf
}

fn fallback_fill(buf: &mut [u8]) {
    use sha2::{Digest, Sha256};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut block = Vec::new();
    for chunk in buf.chunks_mut(32) {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let seed = format!("{n}:{:?}", std::thread::current().id());
        let digest = Sha256::digest(seed.as_bytes());
        block.clear();
        block.extend_from_slice(&digest);
        for (dst, src) in chunk.iter_mut().zip(block.iter()) {
            *dst = *src;
        }
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A unique identifier such as `usr_3f09c2a1b4d5e6f7a8b9c0d1`.
pub(crate) fn id(prefix: &str) -> String {
    format!("{prefix}_{}", hex(&bytes(12)))
}

/// An opaque secret of 32 random bytes, base64url, with a prefix.
pub(crate) fn secret(prefix: &str) -> String {
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes(32)))
}

//! Random identifiers, secrets and keys.
//!
//! Each emulator owns one generator: ChaCha12 ([`StdRng`]) seeded with 32 bytes from a
//! [`Source`] (the operating system's generator unless a test injects another) when the
//! emulator starts. If the source fails, the emulator does not start
//! (`EmulatorError::Random`); no value is ever made up in its place. After start-up no
//! request reads the source, so a request never fails for want of randomness.
//!
//! Code draws through [`bytes`], which reads the generator of the emulator it runs for:
//! the server runs every connection inside [`scope`], and the handle and start-up code
//! inside [`sync_scope`].

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};

/// Where a generator's seed comes from: fills the buffer or fails.
pub(crate) type Source = Arc<dyn Fn(&mut [u8]) -> std::io::Result<()> + Send + Sync>;

/// The operating system's generator (`getrandom`).
pub(crate) fn os_source() -> Source {
    Arc::new(|buf: &mut [u8]| getrandom::fill(buf).map_err(std::io::Error::from))
}

/// One emulator's generator, shared by its connections and its handle.
#[derive(Clone)]
pub(crate) struct Rng(Arc<Mutex<StdRng>>);

impl std::fmt::Debug for Rng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rng(..)")
    }
}

impl Rng {
    /// A generator seeded from `source`.
    ///
    /// # Errors
    /// The source's error when it cannot give 32 bytes.
    pub(crate) fn seeded_from(source: &Source) -> std::io::Result<Self> {
        let mut seed = [0u8; 32];
        source(&mut seed)?;
        Ok(Self(Arc::new(Mutex::new(StdRng::from_seed(seed)))))
    }

    fn fill(&self, buf: &mut [u8]) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .fill_bytes(buf);
    }
}

tokio::task_local! {
    static CURRENT: Rng;
}

/// Runs `future` with `rng` as the generator [`bytes`] draws from.
pub(crate) async fn scope<F: std::future::Future>(rng: Rng, future: F) -> F::Output {
    CURRENT.scope(rng, future).await
}

/// Runs `f` with `rng` as the generator [`bytes`] draws from.
pub(crate) fn sync_scope<R>(rng: &Rng, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(rng.clone(), f)
}

/// `n` random bytes from the current emulator's generator.
///
/// Every entry point of the emulator sets a scope; outside one (the crate's unit tests),
/// the bytes come straight from the operating system. Should it fail there, the process
/// aborts rather than go on with predictable values.
pub(crate) fn bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    if CURRENT.try_with(|rng| rng.fill(&mut buf)).is_err() && getrandom::fill(&mut buf).is_err() {
        tracing::error!("the operating system's random generator failed outside an emulator");
        std::process::abort();
    }
    buf
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn fixed(byte: u8) -> Source {
        Arc::new(move |buf: &mut [u8]| {
            buf.fill(byte);
            Ok(())
        })
    }

    #[test]
    fn a_failing_source_gives_no_generator() {
        let failing: Source = Arc::new(|_: &mut [u8]| Err(std::io::Error::other("no entropy")));
        let err = Rng::seeded_from(&failing).unwrap_err();
        assert_eq!(err.to_string(), "no entropy");
    }

    #[test]
    fn draws_come_from_the_scoped_generator() {
        // Two generators with the same seed give the same stream; the OS would not.
        let a = Rng::seeded_from(&fixed(7)).unwrap();
        let b = Rng::seeded_from(&fixed(7)).unwrap();
        let from_a = sync_scope(&a, || bytes(16));
        let from_b = sync_scope(&b, || bytes(16));
        assert_eq!(from_a, from_b);
        assert_ne!(from_a, vec![7u8; 16]);
        // And the stream moves on.
        assert_ne!(sync_scope(&a, || bytes(16)), from_a);
    }
}

//! Where the time comes from: the [`Clock`] the drivers, the verifier and the
//! emulator ask for `now`.
//!
//! Nothing in `inai-auth-core` or `inai-auth-verify` reads the system clock on
//! its own: every check takes `now` as an argument. Drivers and the emulator
//! ask a [`Clock`] for it, so a test can swap in a [`ManualClock`] and move
//! time by hand. The trait lives here, in the crate every other one depends
//! on, so the emulator can share it without depending on the verifier;
//! `inai-auth-verify` re-exports it under its old path
//! (`inai_auth_verify::Clock`), the same items.
//!
//! # Which time type
//!
//! A [`Clock`] answers a [`time::OffsetDateTime`], the type of the verifier:
//! token claims (`exp`, `nbf`, `iat`) are calendar instants that may be any
//! value a token carries, and `OffsetDateTime` represents and compares them
//! with checked arithmetic (a hostile `exp` far in the future is a value,
//! not an overflow), and formats them as the emulator's RFC 3339 timestamps.
//!
//! The core's own time arguments ([`RetryPolicy`](crate::RetryPolicy)'s
//! decisions, [`SessionState`](crate::SessionState)'s expiry) are
//! [`std::time::SystemTime`]: they add and compare durations the driver
//! sleeps for (`std::time::Duration`), and read `Retry-After` dates with
//! `httpdate`, which works in `SystemTime`. Both are instants on the same
//! UTC timeline, so a driver converts once, where it asks its clock:
//! `SystemTime::from(clock.now())`. They are not unified because each side's
//! arithmetic is native to its type, and changing the core's `now:
//! SystemTime` arguments would change every driver call for no gain in
//! correctness.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use inai_auth_core::clock::{Clock, ManualClock};
//! use time::OffsetDateTime;
//!
//! let clock = ManualClock::new(OffsetDateTime::UNIX_EPOCH);
//! clock.advance(Duration::from_secs(60));
//! assert_eq!(SystemTime::from(clock.now()), SystemTime::UNIX_EPOCH + Duration::from_secs(60));
//! ```

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use time::OffsetDateTime;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> OffsetDateTime;
}

/// The operating system's clock. The default everywhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    // The one place in the sans-IO crates allowed to read the system clock.
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told to, for tests.
///
/// Clones share one time: advance any of them and all see it.
///
/// ```
/// use std::time::Duration;
/// use inai_auth_core::clock::{Clock, ManualClock};
/// use time::OffsetDateTime;
///
/// let start = OffsetDateTime::UNIX_EPOCH;
/// let clock = ManualClock::new(start);
/// let seen_by_a_driver = clock.clone();
/// clock.advance(Duration::from_secs(90));
/// assert_eq!(seen_by_a_driver.now(), start + time::Duration::seconds(90));
/// ```
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<OffsetDateTime>>,
}

impl ManualClock {
    /// A clock standing still at `start`.
    #[must_use]
    pub fn new(start: OffsetDateTime) -> Self {
        Self {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// Sets the time, forwards or backwards.
    pub fn set(&self, now: OffsetDateTime) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }

    /// Moves the time forwards by `by`. Saturates at the largest representable time.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now = now.saturating_add(time_duration(by));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> OffsetDateTime {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> OffsetDateTime {
        (**self).now()
    }
}

/// Converts a std duration, saturating instead of overflowing.
fn time_duration(d: Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told_and_clones_share_it() {
        let start = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let clock = ManualClock::new(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        other.advance(Duration::from_millis(1500));
        assert_eq!(clock.now(), start + time::Duration::milliseconds(1500));
        clock.set(start - time::Duration::hours(1));
        assert_eq!(other.now(), start - time::Duration::hours(1));
    }

    #[test]
    fn advance_saturates() {
        let clock = ManualClock::new(OffsetDateTime::UNIX_EPOCH);
        clock.advance(Duration::MAX);
        assert!(clock.now() > OffsetDateTime::UNIX_EPOCH);
    }

    #[test]
    fn system_clock_is_after_2020() {
        let year_2020 = OffsetDateTime::UNIX_EPOCH + time::Duration::days(18_262);
        assert!(SystemClock.now() > year_2020);
    }
}

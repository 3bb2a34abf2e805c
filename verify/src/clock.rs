//! Where the time comes from.
//!
//! Nothing in this crate reads the system clock on its own: every check takes
//! `now` as an argument. Drivers and the emulator ask a [`Clock`] for it, so a
//! test can swap in a [`ManualClock`] and move time by hand.

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
    // The one place in this crate allowed to read the system clock.
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
/// use inai_auth_verify::{Clock, ManualClock};
/// use time::macros::datetime;
///
/// let clock = ManualClock::new(datetime!(2026-01-01 00:00 UTC));
/// let seen_by_a_driver = clock.clone();
/// clock.advance(Duration::from_secs(90));
/// assert_eq!(seen_by_a_driver.now(), datetime!(2026-01-01 00:01:30 UTC));
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

//! The clock moved to `inai-auth-core`; the old paths here name the same items.

use std::time::Duration;

use inai_auth_verify::{Clock, ManualClock, SystemClock};

use crate::support::NOW;

fn core_now(clock: &dyn inai_auth_core::clock::Clock) -> time::OffsetDateTime {
    clock.now()
}

#[test]
fn verify_reexports_the_core_clock() {
    let clock: inai_auth_core::clock::ManualClock = ManualClock::new(NOW);
    clock.advance(Duration::from_secs(5));
    // A verify `ManualClock` is a core `Clock`, and a core `ManualClock` a verify `Clock`.
    assert_eq!(core_now(&clock), NOW + time::Duration::seconds(5));
    let as_verify: &dyn Clock = &clock;
    assert_eq!(as_verify.now(), NOW + time::Duration::seconds(5));
    let _: inai_auth_core::clock::SystemClock = SystemClock;
}

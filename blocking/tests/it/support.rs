//! Shared helpers: a driver client for a testkit context, fast retries.

use std::time::Duration;

use inai_auth_blocking::Client;
use inai_auth_core::RetryPolicy;
use inai_auth_testkit::Context;

/// A retry policy with millisecond backoff, so retry tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

/// The driver under test, pointed at `ctx`'s emulator.
pub fn client(ctx: &Context) -> Client {
    Client::builder()
        .config(ctx.config().clone())
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

/// A fresh context, or the test fails with the setup error.
pub fn context() -> Context {
    Context::start().unwrap_or_else(|e| panic!("setup failed: {e}"))
}

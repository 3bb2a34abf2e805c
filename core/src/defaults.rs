//! The drivers' transport defaults, the same in both: timeouts, body caps
//! and the `User-Agent`. Each driver re-exports them at its root
//! (`inai_auth_blocking::DEFAULT_TIMEOUT`, `inai_auth_async::DEFAULT_TIMEOUT`);
//! their builders and verifiers read them from here.

use std::time::Duration;

/// The default connect timeout: 5 s.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default deadline of one attempt (connect, send, read the whole body): 30 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default deadline of one JWKS fetch: 5 s.
pub const DEFAULT_JWKS_TIMEOUT: Duration = Duration::from_secs(5);
/// The default largest API answer body: 8 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 8 * 1024 * 1024;
/// The default largest JWKS answer body: 1 MiB.
pub const DEFAULT_MAX_JWKS_BYTES: u64 = 1024 * 1024;
/// The `User-Agent` sent by default: `inai-auth-rust/<SDK version>` (the
/// workspace's crates share one version).
pub const DEFAULT_USER_AGENT: &str = concat!("inai-auth-rust/", env!("CARGO_PKG_VERSION"));

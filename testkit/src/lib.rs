//! Test support for the InAI Auth drivers: an emulator-backed [`Context`]
//! and a [`catalogue`] with one example per API operation.
//!
//! Both drivers' end-to-end tests use it the same way:
//!
//! 1. [`Context::start`] starts an in-process emulator on loopback, signs
//!    the seeded platform admin in and signs an app user up. Setup goes
//!    through `inai_auth_core::send` over the testkit's own [`Loopback`]
//!    client, never through the driver under test.
//! 2. `catalogue::<operation name>(&ctx)` creates what that operation acts
//!    on and builds it (so a delete has something to delete).
//! 3. The driver sends it with its generated method of the same name and
//!    the test checks the answer decodes and the emulator saw the request.
//!
//! Every test gets a fresh context, so destructive operations (delete,
//! revoke, logout, rotate, reset) never affect another test.
//!
//! ```
//! use inai_auth_testkit::{Context, catalogue};
//!
//! let ctx = Context::start()?;
//! let op = catalogue::get_me(&ctx)?;
//! let me = ctx.send(&op)?;
//! assert_eq!(me.id, ctx.user().id);
//! # Ok::<(), inai_auth_testkit::SetupError>(())
//! ```

pub mod bench;
pub mod catalogue;
mod context;
mod error;
mod http;
mod records;
pub mod tls;
mod totp;

pub use context::{Context, PASSWORD, TestUser};
pub use error::SetupError;
pub use http::Loopback;
pub use records::{ADMIN_ROLE, MEMBER_ROLE, MfaUser, WEBHOOK_EVENT};
pub use tls::TlsServer;
pub use totp::totp_code;

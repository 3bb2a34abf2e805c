//! A local emulator of the InAI Auth API, for end-to-end tests and offline development.
//!
//! It is a real HTTP/1.1 server on `127.0.0.1` that answers every operation of the API
//! (`/api/v1/…` for app users, `/api/platform/…` for platform users) over in-memory state,
//! with the same paths, headers, JSON shapes and problem+json errors, and issues real ES256
//! JWTs whose public keys it serves at `/.well-known/jwks.json`. Code that verifies tokens
//! (`inai-auth-verify`) therefore runs unchanged against it.
//!
//! **For local development only**: it binds loopback, keeps everything in memory, stores
//! passwords as salted SHA-256, and its `/__emulator/` routes need no authentication.
//!
//! ```text
//!  test / app ──HTTP──▶ fault & count layer ──▶ routes ──▶ in-memory store
//!       ▲                                          │
//!       └──── JWKS ◀── key ring (ES256) ◀── token minting
//! ```
//!
//! # Using it
//! 1. [`Emulator::start`] with an [`EmulatorConfig`]: it binds a free port and seeds one
//!    tenant, one platform admin, and one application with a `development` environment
//!    (see [`Seed`]).
//! 2. Point a client at [`EmulatorHandle::base_url`] with the seed's publishable key.
//! 3. Read emails from the outbox, rotate keys, inject faults, count requests — from Rust
//!    on the handle or over HTTP under `/__emulator/`.
//! 4. Drop the handle to stop the server.
//!
//! As a fixture for your own service's tests: start from known records with
//! [`EmulatorConfig::with_seed`] ([`SeedData`]), mint exactly the tokens a test needs with
//! [`EmulatorHandle::mint_access_token`] (and [`EmulatorHandle::mint_flawed_token`] for
//! the ones it must refuse), compute MFA codes with [`EmulatorHandle::totp_code`], and
//! snapshot the state with [`EmulatorHandle::export`].
//!
//! ```
//! use inai_auth_emulator::{Emulator, EmulatorConfig};
//!
//! let emu = Emulator::start(EmulatorConfig::default())?;
//! assert!(emu.base_url().starts_with("http://127.0.0.1:"));
//! assert!(emu.seed().publishable_key.starts_with("pk_test_"));
//! # Ok::<(), inai_auth_emulator::EmulatorError>(())
//! ```
//!
//! # Emulator-only routes (no authentication)
//! | route | does |
//! |---|---|
//! | `GET /__emulator/outbox[?to=&kind=]` | JSON array of `{to, kind, token, sentAt}`; kinds `verify_email`, `reset_password`, `invitation`, `platform_invitation` (for invitations the token is the invitation id) |
//! | `DELETE /__emulator/outbox` | empties it: `{success, cleared}` |
//! | `POST /__emulator/rotate-keys[?retire_old=true]` | new signing key; older keys stay in the JWKS unless `retire_old=true`: `{kid, kids}` |
//! | `POST /__emulator/retire-keys` | removes every key but the current signing key from the JWKS: `{retired, kids}` |
//! | `POST /__emulator/reset` | back to the seed (same ids and publishable key); clears outbox, faults, counts; keys stay: `{success}` |
//! | `POST /__emulator/faults` | queues a [`Fault`] (JSON shape in its docs): `201 {data, pending}` |
//! | `GET /__emulator/faults` / `DELETE /__emulator/faults` | lists / clears pending faults |
//! | `GET /__emulator/requests` / `DELETE /__emulator/requests` | JSON array of `{method, path, count}` / forgets the counts |
//! | `GET /__emulator/seed` | the [`Seed`] as JSON (camelCase) |
//! | `GET /__emulator/export` | the current state as [`SeedData`] JSON, which `--seed` and [`EmulatorConfig::with_seed`] read back |
//! | `POST /__emulator/tokens` `{claims?, userId?, flaw?}` | mints an access token signed by the current key: `userId`'s login claims (if given), then `claims` over them, `iat`/`exp`/`jti` filled in; `flaw` one of `expired`, `unknown_key`, `other_application`, `other_environment` ([`TokenFlaw`]): `201 {access_token, kid, claims}` |
//! | `GET /__emulator/totp?user=` | the current TOTP code of a user (id or email) with MFA on, or of a base32 secret: `{code}` |
//! | `POST /__emulator/platform-mfa` `{email}` | turns MFA on for a platform user: `{data: {secret, otpauth_uri, qr_data, backup_codes}}` |
//! | `GET /__emulator/health` | `{status: "ok"}` |
//!
//! Faults never apply to `/__emulator/` routes.
//!
//! # Behaviour where the API contract is silent
//! Error codes, status choices, token and session rules, MFA, emails and record
//! rules are listed in [`behaviour`].

mod api;
mod config;
mod crypto;
mod error;
mod faults;
mod handle;
mod mint;
mod outbox;
mod routes;
mod seed;
mod seed_data;
mod server;
mod state;

#[doc = include_str!("../docs/behaviour.md")]
pub mod behaviour {}

pub use config::{
    DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD,
    DEFAULT_REFRESH_TOKEN_TTL, EmulatorConfig,
};
pub use error::EmulatorError;
pub use faults::Fault;
pub use handle::{Emulator, EmulatorHandle, run, run_and_export};
pub use inai_auth_verify::{Clock, ManualClock, SystemClock};
pub use mint::{MintError, TokenFlaw};
pub use outbox::OutboxEntry;
pub use seed::Seed;
pub use seed_data::{SeedData, SeedError};

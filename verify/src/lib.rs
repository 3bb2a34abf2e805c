//! Strict ES256 verification of InAI Auth access tokens, with a sans-IO key cache.
//!
//! Every service using the SDK runs this on every request, so it is built to
//! refuse hostile input with a typed error, to be tested with a fake clock, and
//! to cost little more than the signature check itself.
//!
//! Nothing here performs IO or reads a clock: the time is always an argument
//! (`now`), and the key set arrives as bytes the caller fetched. The drivers
//! (`inai-auth-blocking`, `inai-auth-async`) pump the state machine; a
//! [`Clock`] tells them the time, and [`ManualClock`] moves it in tests.
//!
//! ```text
//!  token ──► CachedVerifier::verify(token, now) ──► Verdict
//!                 │   ▲                               ├─ Valid(AuthObject)
//!                 │   │ handle_jwks_response(id, resp, now)
//!                 │   │ handle_jwks_failure(id, now)  ├─ Invalid(VerifyError)
//!                 ▼   │                               ├─ NeedJwks(JwksFetch) ──► driver sends GET
//!           Jwks (keys by kid)                        └─ FetchInProgress { id } ──► driver waits
//! ```
//!
//! # The driving loop
//!
//! 1. Call [`CachedVerifier::verify`] with the token and `now`.
//! 2. [`Verdict::Valid`]: done, the [`AuthObject`] says who the token speaks
//!    for. [`Verdict::Invalid`]: refuse the request, with 503 when
//!    [`VerifyError::is_unavailable`] and 401 otherwise.
//! 3. [`Verdict::NeedJwks`]: this caller is the one fetching. Send
//!    [`JwksFetch::request`] (with a timeout below [`CacheOptions::fetch_timeout`]:
//!    build the cache with [`CacheOptions::for_request_timeout`]; and a 1 MiB
//!    body cap), then report the answer with
//!    [`CachedVerifier::handle_jwks_response`] or any failure with
//!    [`CachedVerifier::handle_jwks_failure`], wake the callers waiting for
//!    this fetch, and go back to step 1.
//! 4. [`Verdict::FetchInProgress`]: another caller is fetching. Wait until
//!    that fetch is reported (or the fetch timeout passes) and go back to step 1.
//! 5. [`Verdict::Revalidate`]: the token is valid (with keys past their TTL):
//!    answer at once, and send the fetch it carries in the background,
//!    reporting it as in step 3 (stale-while-revalidate: after warm-up only
//!    a token with an unknown `kid` waits for the network).
//!
//! Each round makes progress: with the default settings (any refetch
//! interval longer than a round takes), four rounds always reach `Valid` or
//! `Invalid`. Drivers should still cap the loop at [`MAX_VERIFY_ROUNDS`] rounds and answer
//! [`VerifyError::KeysUnavailable`] past it, and bound every wait in step 4 by
//! the fetch timeout: the next `verify` then counts the silent fetch as failed.
//!
//! # Example
//!
//! A blocking driver in a few lines, with a closure as the HTTP client:
//!
//! ```
//! use inai_auth_verify::{CacheOptions, CachedVerifier, Validation, Verdict, VerifyError};
//! use time::macros::datetime;
//!
//! # let jwks_body = include_bytes!("../tests/data/jwks.json").to_vec();
//! # let token = include_str!("../tests/data/token.txt").trim();
//! let send = |request: &http::Request<Vec<u8>>| -> Result<http::Response<Vec<u8>>, std::io::Error> {
//!     assert_eq!(request.uri(), "https://apiauth.inai.dev/.well-known/jwks.json");
//!     Ok(http::Response::new(jwks_body.clone()))
//! };
//! let verifier = CachedVerifier::new(
//!     "https://apiauth.inai.dev/.well-known/jwks.json".parse()?,
//!     Validation::default(),
//!     CacheOptions::default(),
//! );
//! let now = datetime!(2026-01-01 00:00 UTC);
//! let auth = loop {
//!     match verifier.verify(token, now) {
//!         Verdict::Valid(auth) => break auth,
//!         Verdict::Invalid(error) => return Err(error.into()),
//!         Verdict::NeedJwks(fetch) => match send(fetch.request()) {
//!             Ok(response) => {
//!                 let _installed = verifier.handle_jwks_response(fetch.id(), response, now);
//!             }
//!             Err(_) => {
//!                 let _ = verifier.handle_jwks_failure(fetch.id(), now);
//!             }
//!         },
//!         // One thread here, so nobody else is fetching.
//!         Verdict::FetchInProgress { .. } | _ => return Err(VerifyError::KeysUnavailable.into()),
//!     }
//! };
//! assert_eq!(auth.user_id(), "user_1");
//! assert!(auth.has_role("admin"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Concurrency
//!
//! A [`CachedVerifier`] is shared by every thread or task of a service. Its
//! state (key set, outstanding fetch, verified-token cache) sits behind one
//! mutex, held only for bookkeeping: never during a signature check, a
//! claims check or anything the caller does. A token's cache fingerprint
//! (SipHash of its text) is computed before the lock, so a repeated token
//! holds it for one map probe, one comparison of the stored text and an
//! `Arc` clone (tens of nanoseconds); a fresh token takes it twice for
//! about as long, around a signature check (about 300 µs with p256 in the
//! bench below).
//!
//! Measured with `cargo bench -p inai-auth-verify --bench verify --
//! verify_threads` on a shared 2-core machine (criterion, 3 s per point):
//!
//! | path | 1 thread | 2 threads | ratio |
//! |---|---:|---:|---:|
//! | repeated token (before the fingerprint moved out of the lock) | 1.67 M/s | 1.98 M/s | 1.19× |
//! | repeated token | 1.63 M/s | 2.73 M/s | 1.68× |
//! | fresh token (p256, token cache off) | 3.19 k/s | 5.94 k/s | 1.86× |
//!
//! On 64 cores: fresh tokens scale with the cores, since each holds the
//! lock for well under 1 % of its time. Repeated tokens do not: at about
//! 0.6 µs per verification, most of it outside the lock, the lock's cache
//! line moving between cores bounds the whole process to a few million
//! cached verifications per second, whatever the core count. That is far
//! above what a service's HTTP stack delivers per process, so the design
//! stays as it is; if it ever matters, the next steps are to read the key
//! state through an atomically swapped `Arc` (it changes once per fetch)
//! and to shard the token cache by fingerprint, so that cached
//! verifications share no written cache line.
//!
//! Without a cache, [`verify_token`] checks a token against a [`Jwks`] you
//! hold, and [`verify_token_with_key`] against one [`PublicKey`] whatever the
//! token's `kid`. Signatures are checked by `p256` (pure Rust) or, with the
//! `aws-lc-rs` feature, by `aws-lc-rs` (the default then; see [`Backend`]:
//! the same type in every build, and choosing a backend this build lacks is a
//! [`BackendUnavailable`] error, never a fallback).

mod auth_object;
mod b64;
mod backend;
mod cache;
mod claims;
mod error;
mod json;
mod jwks;
mod key;
#[cfg(doctest)]
mod surface;
mod token;
mod validation;

pub use auth_object::{AuthObject, Check};
pub use backend::Backend;
pub use cache::{
    CacheOptions, CachedVerifier, FETCH_TIMEOUT_MARGIN, FetchId, JwksFetch, KeysInstalled,
    MAX_VERIFY_ROUNDS, Verdict,
};
pub use claims::{Claims, TokenType};
// The clock lives in `inai-auth-core` (shared with the emulator); these are
// the same items, under the path they always had here.
pub use error::{
    BackendUnavailable, ClaimProblem, JwksError, JwksFetchError, KeyError, Malformed, Part,
    VerifyError,
};
pub use inai_auth_core::clock::{Clock, ManualClock, SystemClock};
pub use jwks::{Jwks, MAX_JWKS_BYTES, MAX_JWKS_KEYS};
pub use key::PublicKey;
pub use token::{
    decode_claims_unverified, is_token_expired, key_id_unverified, verify_token,
    verify_token_with_key,
};
pub use validation::{DEFAULT_MAX_TOKEN_LEN, MAX_LEEWAY, Validation};

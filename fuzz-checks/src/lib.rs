//! The invariant checks of the fuzz targets in `fuzz/`, in a library so that
//! the very same code runs under libFuzzer (nightly features on the stable
//! toolchain) and under `cargo test` on stable, where `tests/replay.rs` feeds
//! it every file of the checked-in corpora and regressions.
//!
//! ```text
//!   fuzz/fuzz_targets/<target>.rs ─┐
//!                                  ├──► inai_auth_fuzz_checks::<target>(&[u8])
//!   tests/replay.rs (stable) ──────┘         │ panics only on a broken invariant
//!     fuzz/corpus/<target>/*                 ▼
//!     fuzz/regressions/<target>/*      inai-auth-verify, inai-auth-core
//! ```
//!
//! Each function takes arbitrary bytes, never panics on hostile input, and
//! panics (failing the fuzzer or the test) only when the code under test
//! breaks a rule:
//!
//! 1. [`token_decode`]: `decode_claims_unverified` agrees with a by-hand
//!    reading of the form and claim rules.
//! 2. [`verify_token_differential`]: `verify_token` accepts exactly what a
//!    deliberately simple strict check accepts (the other direction is only
//!    asserted away from rounding edges of the time rules).
//! 3. [`jwks`]: `Jwks::from_json` keeps exactly the keys the rules allow.
//! 4. [`cached_verifier`]: event sequences keep the cache's promises.
//! 5. [`answer_parse`]: every operation's `parse` maps any answer to an
//!    output or a typed error whose status is the answer's.
//!
//! The seed corpora are written by `cargo run -p inai-auth-fuzz-checks
//! --example seeds`.

// Panicking on a broken invariant is how libFuzzer and the test harness learn
// of it; hostile input itself never reaches a panic.
#![allow(clippy::panic)]

mod answers;
mod b64;
mod cached;
mod input;
mod json;
mod jwks;
mod keys;
mod strict;
mod token;

pub use answers::{answer_operations, answer_parse};
pub use cached::cached_verifier;
pub use jwks::jwks;
pub use keys::{FixedKey, NOW_SECS, claims, differential_jwks, jwks_of, now, off_curve_jwk};
pub use token::{ASSEMBLE, token_decode, verify_token_differential};

/// The check of one fuzz target: arbitrary bytes in, a panic only on a broken invariant.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name, with their checks.
pub const TARGETS: &[(&str, Check)] = &[
    ("token_decode", token_decode),
    ("verify_token", verify_token_differential),
    ("jwks", jwks),
    ("cached_verifier", cached_verifier),
    ("answer_parse", answer_parse),
];

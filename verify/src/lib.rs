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
//! A [`CachedVerifier`] is shared by every thread or task of a service. A
//! verification takes no lock and writes nothing that other threads read,
//! except to remember a newly verified token (in one shard of the cache)
//! and to start, end or expire a key fetch:
//!
//! - **Keys and fetch bookkeeping** (the key set with its generation and
//!   times, the outstanding fetch, the last attempt) form one immutable
//!   state published through an atomically swapped `Arc` (`arc-swap`). A
//!   verification reads it as a guard, whose bookkeeping sits in the
//!   reading thread's own slots: no lock, no shared reference count, also
//!   while it checks a signature with those keys. A change (a fetch handed
//!   out, answered, failed or timed out) copies the state, edits the copy
//!   and publishes it under a writer mutex. A caller whose decision would
//!   change the state (expire a fetch, start one) takes that mutex and
//!   decides again on the state it finds there, so single flight, one
//!   [`Verdict::Revalidate`] per refresh, and new keys installed in the
//!   same change that ends their fetch hold as they did under one mutex.
//!   Changes happen a few times per fetch: once per TTL (5 minutes), and
//!   at most once per refetch interval (10 seconds) for unknown `kid`s,
//!   whose verifications otherwise only read.
//! - **Verified tokens** sit in shards chosen by the token's fingerprint
//!   (SipHash with per-process keys, computed once per verification): a
//!   power of two of them of at most 64 entries each (64 shards at the
//!   default capacity of 4096), each with an equal part of the capacity
//!   and its own eviction. A lookup reads its shard's published map the same
//!   way and copies the claims out, so threads verifying one token, or many,
//!   share no written cache line. Remembering a token copies its shard's
//!   map under that shard's mutex and publishes the copy.
//!
//! Lock hold times, timed uncontended on one thread (criterion means, the
//! range over three runs) by
//! `cargo bench -p inai-auth-verify --bench verify -- "verify_threads|repeat_token|hold" --warm-up-time 1 --measurement-time 3`
//! on a shared 2-core machine (p256 backend):
//!
//! | work (bench id) | lock held | one mutex for everything (before) |
//! |---|---|---|
//! | remembered token: cache lookup (`hold/hit`) | none (the lookup and the copy of the claims take 0.26–0.30 µs, outside any lock) | 19–20 ns, the claims' `Arc` cloned under it |
//! | new token: remember it in a full cache (`hold/insert`, evictions included) | its shard's: at most 1.5–1.6 µs (the whole insert) | 1.1–1.5 µs |
//! | unknown `kid`: fetch handed out, then reported failed (`hold/fetch_cycle`) | the writer's, twice: together at most 1.2–1.3 µs (the whole cycle, parse included) | not timed |
//!
//! A whole cached verification costs about the same as before on one
//! thread: 2.21–2.23 M per second against 2.28–2.30 M (best rounds of the
//! `scaling` bench below; the two guards cost about 15 ns).
//!
//! Throughput from 1 to 2 threads on that machine, by
//! `cargo bench -p inai-auth-verify --bench scaling`: 61 rounds per case,
//! each timing the same work on 1 thread and on 2 back to back; the
//! figure is the best 2-thread round over the best 1-thread round (other
//! engineers' jobs only ever slow a round down), one figure per run:
//!
//! | case | now | before |
//! |---|---|---|
//! | `repeat`: both threads verify one remembered token | 1.98×, 1.98×, 1.95× | 1.87×, 1.87×, 1.85× |
//! | `distinct`: each thread cycles through 64 remembered tokens of its own | 1.98×, 1.95×, 1.96× | 1.90×, 1.89×, 1.90× |
//! | `fresh`: token cache off, a signature check every time | 1.99×, 1.99×, 1.99× | 1.97×, 1.98×, 1.99× |
//! | `control`: copies of claims and token as a hit makes, nothing shared | 2.02×, 1.99×, 1.85× | 1.97×, 1.99×, 2.01× |
//!
//! Two threads verifying one remembered token now make 4.35–4.39 M
//! verifications per second (before: 4.25–4.31 M). Two cores show little of
//! the old mutex's cost (held about 4 % of a cached verification), and
//! this machine's noise is of the same size (`control`, which shares
//! nothing, spans 1.85–2.02×): the hold times say what more cores do.
//!
//! On 64 cores:
//!
//! - **Remembered tokens** take no lock and write nothing shared, so they
//!   scale with the cores, each doing about 2.2 M verifications per
//!   second here (0.45 µs each, most of it hashing the token and copying
//!   the claims and the token into the caller's [`AuthObject`]: about
//!   fifteen small allocations, which the allocator must serve per thread,
//!   as glibc's does). With one mutex, each
//!   hit held it 19–20 ns, which caps a process at about 50 M hits per
//!   second (some 25 cores' worth) even if the lock's cache line moved
//!   between cores for free; it does not (on a large server a move
//!   typically costs around 100 ns, and each hit moved two lines: the
//!   mutex's and the claims' `Arc` count), which brings the cap down to a
//!   few million per second: a handful of cores, whatever the count.
//! - **New tokens** first check a signature (p256: 275 µs, 3.6 k per
//!   second per core here), then hold one shard's mutex for at most
//!   1.6 µs. 64 cores make 64 × 3.6 k = 234 k inserts per second, spread
//!   over 64 shards by a keyed hash: each shard is busy 0.6 % of the time,
//!   two inserts rarely meet, and the cache as a whole would saturate only
//!   near 64 / 1.6 µs = 40 M inserts per second. With one mutex, the same
//!   234 k inserts held it about 30 % of the time, and a backend taking
//!   under about 85 µs per check (64 × 1.3 µs) would have saturated it.
//! - **Key changes** take the writer mutex a few times per fetch, for
//!   about a microsecond each: nothing, at any core count. Publishing a
//!   change visits the `arc-swap` slots of every thread that reads the
//!   state (time in proportion to the thread count), again only per fetch.
//!
//! So the numbers call for nothing more: the remaining costs per
//! verification are each thread's own (the copies of a hit, the signature
//! of a new token).
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

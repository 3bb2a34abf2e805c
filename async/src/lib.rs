//! Async driver for the InAI Auth API, on reqwest and tokio.
//!
//! A [`Client`] sends any of the API's operations (one method each, generated
//! from the core's table, plus [`Client::send`] for any [`Operation`]), a
//! [`Verifier`] checks access tokens against the API's signing keys, a
//! [`Session`] keeps a signed-in user's tokens fresh, and [`Pages`] /
//! [`Items`] walk paginated lists. The protocol lives in `inai-auth-core`
//! and `inai-auth-verify`, which do no IO; this crate only moves bytes,
//! sleeps and waits.
//!
//! ```text
//!  Client::login(op) ─► op.to_request(config) ─► reqwest (timeout, no redirects,
//!        ▲                                        body cap, User-Agent)
//!        │                                              │ http::Response, all headers
//!        │          RetryPolicy::after_status ◄─────────┤
//!        │           sleep(backoff | Retry-After) ──► again (idempotent / 429)
//!        └──────── op.parse(response) ◄─────────────────┘
//!
//!  Verifier::verify(token) ─► CachedVerifier::verify(token, now)
//!        ├─ Valid / Invalid ─► done
//!        ├─ NeedJwks ─► spawn one GET jwks ─► handle_jwks_response / _failure ─► wake waiters
//!        └─ FetchInProgress ─► wait for that fetch, verify again
//! ```
//!
//! # How a call runs
//!
//! 1. The operation builds its `http::Request` from the [`Config`] (nothing
//!    is sent if that fails).
//! 2. The request goes out through reqwest with a deadline for the whole
//!    attempt (30 s), a connect timeout (5 s), no redirects and a body cap
//!    (8 MiB) enforced while the body streams in.
//! 3. The core's [`RetryPolicy`] looks at the answer or the failure: 429 is
//!    retried for any method (after `Retry-After`, in seconds or as an HTTP
//!    date), 502/503/504 and connection failures only for GET, PUT and
//!    DELETE, with a jittered exponential backoff, at most twice.
//! 4. The last answer, every header included, goes to the operation's
//!    parser, which gives the typed result or an [`InAIAuthError`].
//!
//! Each call is a `tracing` span `inai_auth.request` (operation, method,
//! attempt, status, duration), never with a token, a URL or a body.
//!
//! # Proxies
//!
//! By default the proxy environment variables are honoured, read once when
//! the client (or a verifier of its own) is built: `HTTPS_PROXY` for
//! `https://` URLs, `HTTP_PROXY` for `http://` ones, `ALL_PROXY` for
//! either (lower-case names too), and `NO_PROXY`: comma-separated `*`,
//! hosts, domain suffixes (`example.com`, `.example.com` and
//! `*.example.com` all cover `api.example.com`), IP addresses and networks
//! (`10.0.0.0/8`), case-insensitive, ports ignored. Loopback hosts
//! (`localhost`, `127.0.0.0/8`, `::1`) never go through a proxy. The rules
//! are [`ProxyRules`](inai_auth_core::proxy::ProxyRules), the same in both
//! drivers; [`ClientBuilder::proxy`] sets one proxy explicitly and
//! [`ClientBuilder::no_proxy`] turns proxies off (a client given with
//! `http_client` keeps its own settings).
//!
//! # Example
//!
//! Against a local emulator of the API (the same code works against the
//! real one with `Client::from_env()`):
//!
//! ```
//! use inai_auth_async::{Client, Session};
//! use inai_auth_core::ops::{PlatformGetMe, PlatformLogin};
//! use inai_auth_core::Config;
//! use inai_auth_emulator::{Emulator, EmulatorConfig};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::start(EmulatorConfig::default())?;
//! let seed = emulator.seed().clone();
//! let config = Config::builder()
//!     .base_url(emulator.base_url())
//!     .publishable_key(seed.publishable_key.as_str())
//!     .build()?;
//!
//! let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
//! runtime.block_on(async {
//!     let client = Client::new(config)?;
//!     let login = client
//!         .platform_login(PlatformLogin::new(seed.admin_email, seed.admin_password))
//!         .await?;
//!     let session = Session::from_login(client.clone(), login)
//!         .ok_or("the seeded admin has no MFA")?;
//!     let token = session.access_token().await?;
//!
//!     let me = client.platform_get_me(PlatformGetMe::new(token.clone())).await?;
//!     let verifier = client.verifier().build()?;
//!     let auth = verifier.verify(token.expose_secret()).await?;
//!     assert_eq!(auth.user_id(), me.id);
//!     Ok::<_, Box<dyn std::error::Error>>(())
//! })
//! # }
//! ```
//!
//! # Features
//!
//! - `rustls` (default): HTTPS through rustls, trusting the platform's roots
//!   through rustls-platform-verifier. `native-tls`: through the platform's
//!   TLS library and its roots.
//! - `aws-lc-rs` (default): token signatures checked with aws-lc-rs; without
//!   it (`default-features = false`), with the pure-Rust `p256` crate.
//! - `bundled-roots`: trust Mozilla's root certificates, compiled in
//!   (webpki-root-certs), instead of the platform's.
//!
//! Both drivers trust the same roots: the platform's by default, Mozilla's
//! with `bundled-roots` (a feature of the same name in both), and for a
//! private CA
//! [`ClientBuilder::add_root_certificate`](crate::ClientBuilder::add_root_certificate)
//! (PEM), whose roots replace the default ones. Features never change the
//! public types.
//!
//! [`Operation`]: inai_auth_core::Operation
//! [`Config`]: inai_auth_core::Config
//! [`RetryPolicy`]: inai_auth_core::RetryPolicy
//! [`InAIAuthError`]: inai_auth_core::InAIAuthError

mod client;
mod pages;
mod session;
mod tls;
mod transport;
mod verifier;

pub use client::{Client, ClientBuilder};
/// The transport defaults, the same in both drivers (from [`inai_auth_core::defaults`]).
pub use inai_auth_core::defaults::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_JWKS_TIMEOUT, DEFAULT_MAX_JWKS_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use pages::{Items, Pages};
pub use session::{Session, SessionBuilder};
pub use transport::{HttpClient, marker};
pub use verifier::{Verifier, VerifierBuilder};

/// reqwest, the default HTTP library, re-exported: build a
/// [`reqwest::Client`] of this version for
/// [`ClientBuilder::http_client`].
pub use reqwest;

/// The core crate (operations, models, errors), re-exported.
pub use inai_auth_core as core;
/// The verification crate (claims, errors, clocks), re-exported.
pub use inai_auth_verify as verify;

/// The README's Rust examples, compiled as doctests so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

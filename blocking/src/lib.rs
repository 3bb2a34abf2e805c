//! Blocking client for the InAI Auth API, on [ureq](https://docs.rs/ureq).
//!
//! - [`Client`] sends any of the API's operations: one method each
//!   (`client.login(..)`, `client.list_applications(..)`, ... generated from
//!   the core's table) and [`Client::send`] for any
//!   [`Operation`](inai_auth_core::Operation), your own included.
//! - [`Verifier`] checks access tokens against the API's signing keys, with
//!   a key cache and single-flight JWKS fetches.
//! - [`Session`] keeps a signed-in user's tokens fresh, one refresh at a time.
//! - [`Pages`] and [`Items`] walk paginated lists.
//!
//! # The driving idea
//!
//! This crate knows no paths, JSON shapes or JWT rules: those live, without
//! any IO, in `inai-auth-core` (operations, errors, retry and session rules)
//! and `inai-auth-verify` (tokens, key cache). The driver only moves bytes,
//! sleeps and waits:
//!
//! ```text
//!  client.get_me(op) ─► op.to_request(config) ─► ureq (timeouts, no redirects,
//!        ▲                                         body cap, User-Agent)
//!        │                                                │ every header kept
//!        │            RetryPolicy::after_status ◄─────────┤
//!        │             sleep(backoff | Retry-After) ─► send again
//!        └────────── op.parse(response) ◄─────────────────┘
//!
//!  verifier.verify(token) ─► CachedVerifier::verify(token, now) ─► Valid / Invalid
//!                                  │ NeedJwks: this thread GETs the JWKS, reports it
//!                                  │ FetchInProgress: wait for that thread, verify again
//! ```
//!
//! One call, step by step:
//!
//! 1. The operation builds its `http::Request` from the [`Config`](inai_auth_core::Config).
//! 2. The transport sends it: connect timeout 5 s, whole request 30 s, no
//!    redirects, body at most 8 MiB, `User-Agent: inai-auth-rust/<version>`.
//! 3. On a retryable failure the [`RetryPolicy`](inai_auth_core::RetryPolicy)
//!    says how long to sleep: connection failures and 502/503/504 for GET,
//!    PUT and DELETE, 429 for any method (after `Retry-After`), 2 retries.
//! 4. The whole answer, every header included, goes to the operation's
//!    `parse`, which gives the typed result or an
//!    [`InAIAuthError`](inai_auth_core::InAIAuthError).
//!
//! Each `tracing` span (`inai_auth.request`) carries the operation name,
//! method, status, attempt and duration, never a token.
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
//! # Features
//!
//! - `rustls` (default): TLS with rustls and its aws-lc-rs crypto provider
//!   (ureq's own `rustls` feature would compile ring as well), trusting the
//!   platform's roots through rustls-platform-verifier.
//! - `aws-lc-rs` (default): token signatures checked with aws-lc-rs;
//!   without it, the pure-Rust p256 backend.
//! - `rustls-ring`: rustls with ring instead, when `rustls` is off.
//! - `native-tls`: the platform's TLS library and its roots; wins when on.
//! - `bundled-roots`: trust Mozilla's root certificates, compiled in
//!   (webpki-roots), instead of the platform's.
//!
//! Both drivers trust the same roots: the platform's by default, Mozilla's
//! with `bundled-roots` (a feature of the same name in both), and for a
//! private CA
//! [`ClientBuilder::add_root_certificate`](crate::ClientBuilder::add_root_certificate)
//! (PEM), whose roots replace the default ones. Features never change the
//! public types.
//!
//! # Example
//!
//! Against a local emulator of the API:
//!
//! ```
//! use inai_auth_blocking::{Client, Session};
//! use inai_auth_core::Config;
//! use inai_auth_core::ops::{GetMe, ListAppUsers, Login, Register};
//! use inai_auth_emulator::{Emulator, EmulatorConfig};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::start(EmulatorConfig::default())?;
//! let seed = emulator.seed();
//! let client = Client::new(
//!     Config::builder()
//!         .base_url(emulator.base_url())
//!         .publishable_key(&seed.publishable_key)
//!         .build()?,
//! )?;
//!
//! // Sign a user up, then in.
//! client.register(Register::new("ada@example.com", "correct horse battery"))?;
//! let login = client.login(Login::new("ada@example.com", "correct horse battery"))?;
//! let session = Session::from_login(client.clone(), login).ok_or("mfa required")?;
//!
//! // Call the API as that user.
//! let me = client.get_me(GetMe::new(session.access_token()?))?;
//! assert_eq!(me.email, "ada@example.com");
//!
//! // Verify the access token as a backend service would.
//! let verifier = client.verifier().build()?;
//! let auth = verifier.verify(session.access_token()?.expose_secret())?;
//! assert_eq!(auth.user_id(), me.id);
//!
//! // Walk a paginated list as the platform admin.
//! let admin = client.platform_login(inai_auth_core::ops::PlatformLogin::new(
//!     &seed.admin_email,
//!     seed.admin_password.as_str(),
//! ))?;
//! let admin_token = admin.tokens().ok_or("mfa required")?.access_token.clone();
//! let list = ListAppUsers::new(admin_token, &seed.application_id).with_limit(10);
//! let emails: Vec<String> = client
//!     .items(list)
//!     .map(|user| user.map(|u| u.email))
//!     .collect::<Result<_, _>>()?;
//! assert!(emails.contains(&"ada@example.com".to_owned()));
//! # Ok(())
//! # }
//! ```

mod builder;
mod client;
mod methods;
mod pages;
mod session;
mod tls;
mod transport;
mod ureq_transport;
mod verifier;

pub use builder::ClientBuilder;
pub use client::Client;
/// The transport defaults, the same in both drivers (from [`inai_auth_core::defaults`]).
pub use inai_auth_core::defaults::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_JWKS_TIMEOUT, DEFAULT_MAX_JWKS_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use pages::{Items, Pages};
pub use session::{Session, SessionBuilder};
pub use verifier::{Verifier, VerifierBuilder};

/// The core crate (operations, models, errors), re-exported.
pub use inai_auth_core as core;
/// The verification crate (claims, errors, clocks), re-exported.
pub use inai_auth_verify as verify;

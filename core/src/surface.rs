//! Compile-time checks of the public surface: helpers that exist for the
//! crate's own use stay private. Each block must fail to compile; they run
//! with the doctests (`cargo test -p inai-auth-core --doc`).
//!
//! Proxy matching is private; the drivers use only [`ProxyRules`](crate::proxy::ProxyRules):
//!
//! ```compile_fail
//! let _ = inai_auth_core::proxy::is_loopback("localhost");
//! ```
//!
//! ```compile_fail
//! let _ = inai_auth_core::proxy::no_proxy_matches("*", "example.com");
//! ```
//!
//! ```compile_fail
//! let _ = inai_auth_core::proxy::ProxyRules::from_lookup(|_| None);
//! ```
//!
//! ```compile_fail
//! let _ = inai_auth_core::Config::from_lookup(|_| Ok(None));
//! ```
//!
//! ```compile_fail
//! let _ = inai_auth_core::error::EXCERPT_LIMIT;
//! ```
//!
//! ```compile_fail
//! let _ = inai_auth_core::retry::retryable_status(http::StatusCode::OK);
//! ```
//!
//! Answer models live under `models`, not `ops`:
//!
//! ```compile_fail
//! use inai_auth_core::ops::PlatformMemberInvited;
//! ```
//!
//! ```compile_fail
//! use inai_auth_core::ops::InitializedEmailTemplates;
//! ```
//!
//! ```
//! use inai_auth_core::models::{InitializedEmailTemplates, PlatformMemberInvited};
//! use inai_auth_core::ops::{InitializeEmailTemplates, InvitePlatformMember};
//! use inai_auth_core::Operation;
//!
//! fn output<O: Operation>(_: &O) -> std::marker::PhantomData<O::Output> {
//!     std::marker::PhantomData
//! }
//! let _: std::marker::PhantomData<PlatformMemberInvited> =
//!     output(&InvitePlatformMember::new("token", "ada@example.com", "admin"));
//! let _: std::marker::PhantomData<InitializedEmailTemplates> =
//!     output(&InitializeEmailTemplates::new("token"));
//! ```
//!
//! What the drivers call stays public:
//!
//! ```
//! use inai_auth_core::proxy::{InvalidProxyUrl, ProxyRules};
//!
//! let rules = ProxyRules::all("http://proxy.test:3128")?;
//! assert_eq!(rules.proxy_for("https", "example.com"), Some("http://proxy.test:3128"));
//! assert!(!rules.is_none());
//! assert!(ProxyRules::none().is_none());
//! let _ = ProxyRules::from_env();
//! let _jitter: f64 = inai_auth_core::retry::jitter();
//! # Ok::<(), InvalidProxyUrl>(())
//! ```

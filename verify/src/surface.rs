//! Compile-time checks of the public surface. Each block must fail to
//! compile; they run with the doctests (`cargo test -p inai-auth-verify --doc`).
//!
//! `Backend` has no bench-only helpers: `Backend::all` and `Backend::name`
//! are gone (use [`Backend::is_available`](crate::Backend::is_available) and
//! `Display`):
//!
//! ```compile_fail
//! let _ = inai_auth_verify::Backend::all();
//! ```
//!
//! ```compile_fail
//! let _ = inai_auth_verify::Backend::P256.name();
//! ```
//!
//! Choosing a backend is fallible, so it cannot be ignored:
//!
//! ```compile_fail
//! let _: inai_auth_verify::Validation =
//!     inai_auth_verify::Validation::default().with_backend(inai_auth_verify::Backend::P256);
//! ```
//!
//! Both variants exist in every build, features on or off:
//!
//! ```
//! use inai_auth_verify::Backend;
//!
//! let every = [Backend::P256, Backend::AwsLcRs];
//! assert!(every.iter().any(|b| b.is_available()));
//! ```

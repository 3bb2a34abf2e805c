//! Integration tests of inai-auth-verify.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

mod auth_object;
mod backend;
mod cache;
mod clock;
mod faults;
mod fixtures;
mod hostile;
mod jwks;
mod props;
mod rfc7515;
mod support;
mod validation;

//! End-to-end tests of the layer, extractors, guards, cookie sessions and
//! auth routes: a real axum server on loopback, the emulator, and reqwest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

mod common;
mod layer;
mod routes;
mod session;

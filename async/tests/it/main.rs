//! Integration tests of the async driver: transport rules, verifier, session,
//! pagination, flows and every operation, against the emulator on loopback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

mod closure_transport;
mod common;
mod every_operation;
mod flows;
mod pages;
mod parity;
mod proxy;
mod session;
mod static_checks;
mod tls;
mod tracing_spans;
mod transport;
mod verifier;
mod verifier_faults;

//! Integration tests of the blocking driver: every operation end to end
//! against the emulator, the flows of the issue, the verifier, sessions,
//! and the transport rules (faults injected at the emulator, raw sockets,
//! closure transports).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    missing_docs,
    unreachable_pub
)]

mod closure_transport;
mod flows;
mod module_graph;
mod operations;
mod pagination;
mod parity;
mod proxy;
mod raw_server;
mod sessions;
mod support;
mod tls;
mod tracing_spans;
mod transport_faults;
mod verifier;
mod verifier_faults;

//! Integration tests of `inai-auth-core`: one request/answer vector per
//! operation, error answers, hostile ids, pagination and the transport glue.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod cases;
mod errors;
mod hostile;
mod naming;
mod pager;
mod support;
mod transport;
mod vectors;

//! The `inai` binary, run against emulators started in this process.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod api;
mod auth;
#[cfg(feature = "emulator")]
mod demo;
#[cfg(feature = "emulator")]
mod emulator_cmd;
mod emulator_fixture;
mod failures;
mod help;
mod logging;
mod platform;
mod store;
mod support;
#[cfg(unix)]
mod terminal;
mod tokens;

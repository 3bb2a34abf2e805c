//! Black-box HTTP tests of the emulator: a real client over loopback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

mod client;
mod jwt;

mod api_keys;
mod app_users;
mod applications;
mod audit;
mod auth_rules;
mod emulator_routes;
mod faults;
mod fixture;
mod invitations;
mod keys;
mod members;
mod mfa;
mod orgs;
mod outbox_flows;
mod platform_auth;
mod refresh;
mod roles;
mod routes_table;
mod sessions;
mod tenant_misc;
mod token_lookup;
mod token_unique;
mod v1_auth;
mod v1_users;
mod verify_cross;

//! Keys, randomness and password hashing (one-time codes: `inai_auth_core::totp`).

pub(crate) mod keys;
pub(crate) mod password;
pub(crate) mod random;

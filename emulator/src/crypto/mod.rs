//! Keys, randomness, password hashing and one-time codes.

pub(crate) mod keys;
pub(crate) mod password;
pub(crate) mod random;
pub(crate) mod totp;

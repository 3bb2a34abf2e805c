//! The pieces every route uses: errors, request bodies, callers, tokens, paging, time.

pub(crate) mod auth;
pub(crate) mod body;
pub(crate) mod call;
pub(crate) mod mfa;
pub(crate) mod paging;
pub(crate) mod problem;
pub(crate) mod timefmt;
pub(crate) mod tokens;

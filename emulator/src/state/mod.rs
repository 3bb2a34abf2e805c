//! The in-memory state of the emulated service.

pub(crate) mod access;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod org_model;
pub(crate) mod owner;
pub(crate) mod remove;
pub(crate) mod render;
pub(crate) mod seed;
pub(crate) mod shared;
pub(crate) mod store;

//! Sans-IO protocol core of the InAI Auth API (being built; see the issue tracker).

pub mod secret;

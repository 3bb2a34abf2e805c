//! Async driver for the InAI Auth API: will hold the reqwest-based `Client`, `Verifier` and `Session`. Nothing is implemented yet.

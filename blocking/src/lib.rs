//! Blocking driver for the InAI Auth API: will hold the ureq-based `Client`, `Verifier` and `Session`. Nothing is implemented yet.
